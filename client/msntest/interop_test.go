package msntest

import (
	"encoding/base64"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/msn-cli/msn/client/passport"
)

// TestPassportClientReadsResponses checks the server's RST and RST2
// answers with the client's own parser (built from the captured Escargot
// responses), and the two independent MBI implementations against each
// other.
func TestPassportClientReadsResponses(t *testing.T) {
	s := newTestServer(t, Options{})
	for _, path := range []string{"/RST.srf", "/RST2.srf"} {
		body := passport.BuildRequest("alice@example.com", "alice123", passport.SSORequests("MBI_KEY_OLD"))
		status, data := postRST(t, s, path, string(body))
		if status != http.StatusOK {
			t.Fatalf("%s: http %d", path, status)
		}
		tokens, err := passport.ParseResponse(data)
		if err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		mc, ok := tokens["messengerclear.live.com"]
		if !ok || !strings.HasPrefix(mc.Ticket, "t=") || !strings.HasSuffix(mc.Ticket, "&p=") {
			t.Fatalf("%s: messengerclear token %+v", path, mc)
		}
		if d := time.Until(mc.Expires); d < 23*time.Hour || d > 25*time.Hour {
			t.Errorf("%s: token expires in %v, want 24h", path, d)
		}
		if tokens["http://Passport.NET/tb"].BinarySecret != staticTBSecret {
			t.Errorf("%s: Passport.NET/tb secret %q", path, tokens["http://Passport.NET/tb"].BinarySecret)
		}
		nonce := strings.Repeat("N0nce+/", 10)[:64]
		resp, err := passport.MBIResponse(mc.BinarySecret, nonce, []byte("\x01\x02\x03\x04\x05\x06\x07\x08"))
		if err != nil {
			t.Fatal(err)
		}
		if !mbiVerify(mc.BinarySecret, nonce, resp) {
			t.Errorf("%s: the server refuses the client's MBI response", path)
		}
		if mine := mbiFor(t, mc.BinarySecret, nonce); !mbiVerify(mc.BinarySecret, nonce, mine) {
			t.Error("own MBI response refused")
		}
		raw, _ := base64.StdEncoding.DecodeString(resp)
		if len(raw) != 128 {
			t.Errorf("client blob is %d bytes", len(raw))
		}

		bad := passport.BuildRequest("alice@example.com", "wrong", passport.TWNRequests(twnPolicy))
		_, data = postRST(t, s, path, string(bad))
		if _, err := passport.ParseResponse(data); !errors.Is(err, passport.ErrAuthFailed) {
			t.Errorf("%s: wrong password gives %v", path, err)
		}
	}
}

package passport

import (
	"encoding/base64"
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/msn-cli/msn/client/internal/transcript"
	"github.com/msn-cli/msn/client/soap"
)

var serverTime = regexp.MustCompile(`ServerTime="([^"]+)"`)

// Every captured RST.srf and RST2.srf response parses into one token per
// requested address, with unescaped tickets, the messengerclear proof key
// and a 24-hour expiry.
func TestParseResponseCaptured(t *testing.T) {
	dir := transcript.EscargotDir(t)
	files, _ := filepath.Glob(filepath.Join(dir, "soap", "*", "*RST*.response.*.xml"))
	if len(files) < 10 {
		t.Fatalf("found only %d captured RST responses", len(files))
	}
	for _, name := range files {
		rel, _ := filepath.Rel(dir, name)
		t.Run(rel, func(t *testing.T) {
			body, err := os.ReadFile(name)
			if err != nil {
				t.Fatal(err)
			}
			reqName := name[:strings.Index(name, ".response.")] + ".request.xml"
			reqRel, _ := filepath.Rel(dir, reqName)
			requested := parseRequest(t, readCaptured(t, reqRel))

			tokens, err := ParseResponse(body)
			if requested.password == "wrong" {
				if !errors.Is(err, ErrAuthFailed) {
					t.Fatalf("bad-password response: err = %v, want ErrAuthFailed", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if len(tokens) != len(requested.reqs) {
				t.Errorf("%d tokens for %d requests", len(tokens), len(requested.reqs))
			}
			m := serverTime.FindSubmatch(body)
			if m == nil {
				t.Fatal("no ServerTime in the capture")
			}
			issued, err := time.Parse(time.RFC3339, string(m[1]))
			if err != nil {
				t.Fatal(err)
			}
			for _, r := range requested.reqs {
				tok, ok := tokens[r.Address]
				if !ok {
					t.Errorf("no token for %s", r.Address)
					continue
				}
				if tok.Address != r.Address {
					t.Errorf("token under %s says Address %q", r.Address, tok.Address)
				}
				if got := tok.Expires.Sub(issued); got != 24*time.Hour {
					t.Errorf("%s expires %v after issue (%v), want 24h", r.Address, got, tok.Expires)
				}
				if r.Address == AddrPassport {
					if tok.Ticket != "" || tok.BinarySecret != passportTBSecret {
						t.Errorf("Passport.NET/tb token = %+v", tok)
					}
					continue
				}
				if !strings.HasPrefix(tok.Ticket, "t=") || !strings.HasSuffix(tok.Ticket, "&p=") || strings.Contains(tok.Ticket, "&amp;") {
					t.Errorf("%s ticket %.30q… is not an unescaped compact ticket", r.Address, tok.Ticket)
				}
				if r.Address == AddrMessengerClear {
					key, err := base64.StdEncoding.DecodeString(tok.BinarySecret)
					if err != nil || len(key) != 24 {
						t.Errorf("messengerclear BinarySecret %q: %d bytes, err %v", tok.BinarySecret, len(key), err)
					}
					if tok.BinarySecret == passportTBSecret {
						t.Error("messengerclear got the Passport.NET/tb proof key")
					}
				} else if tok.BinarySecret != "" {
					t.Errorf("%s has a BinarySecret", r.Address)
				}
			}
		})
	}
}

// tokenXML is a minimal token response for one address.
func tokenXML(address, id, ticket, secret, lifetime string) string {
	s := `<wst:RequestSecurityTokenResponse><wsp:AppliesTo><wsa:EndpointReference><wsa:Address>` + address +
		`</wsa:Address></wsa:EndpointReference></wsp:AppliesTo>`
	if lifetime != "" {
		s += `<wst:` + lifetime + `><wsu:Created>2026-01-01T00:00:00Z</wsu:Created><wsu:Expires>2026-01-02T00:00:00Z</wsu:Expires></wst:` + lifetime + `>`
	}
	s += `<wst:RequestedSecurityToken><wsse:BinarySecurityToken Id="` + id + `">` + ticket + `</wsse:BinarySecurityToken></wst:RequestedSecurityToken>`
	if secret != "" {
		s += `<wst:RequestedProofToken><wst:BinarySecret>` + secret + `</wst:BinarySecret></wst:RequestedProofToken>`
	}
	return s + `</wst:RequestSecurityTokenResponse>`
}

func envelope(body string) []byte {
	return []byte(`<S:Envelope xmlns:S="http://schemas.xmlsoap.org/soap/envelope/" xmlns:wst="urn:wst" xmlns:wsp="urn:wsp" xmlns:wsa="urn:wsa" xmlns:wsu="urn:wsu" xmlns:wsse="urn:wsse">` +
		`<S:Header><wsse:Security><wsu:Timestamp><wsu:Created>2026-01-01T00:00:00Z</wsu:Created><wsu:Expires>2026-01-01T00:05:00Z</wsu:Expires></wsu:Timestamp></wsse:Security></S:Header>` +
		`<S:Body><wst:RequestSecurityTokenResponseCollection>` + body + `</wst:RequestSecurityTokenResponseCollection></S:Body></S:Envelope>`)
}

// Tokens are keyed by address even when Compact ids and order disagree.
func TestParseResponseMatchesByAddress(t *testing.T) {
	body := envelope(
		tokenXML("contacts.msn.com", "Compact1", "t=C&amp;p=", "", "Lifetime") +
			tokenXML("messengerclear.live.com", "Compact3", "t=M&amp;p=x", "S2V5", "LifeTime") +
			tokenXML("messenger.msn.com", "Compact2", "t=N&amp;p=", "", ""))
	tokens, err := ParseResponse(body)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]Token{
		"contacts.msn.com":        {Address: "contacts.msn.com", Ticket: "t=C&p=", Expires: time.Date(2026, 1, 2, 0, 0, 0, 0, time.UTC)},
		"messengerclear.live.com": {Address: "messengerclear.live.com", Ticket: "t=M&p=x", BinarySecret: "S2V5", Expires: time.Date(2026, 1, 2, 0, 0, 0, 0, time.UTC)},
		"messenger.msn.com":       {Address: "messenger.msn.com", Ticket: "t=N&p="},
	}
	if len(tokens) != len(want) {
		t.Fatalf("got %d tokens, want %d", len(tokens), len(want))
	}
	for addr, w := range want {
		if g := tokens[addr]; g != w {
			t.Errorf("%s: got %+v, want %+v", addr, g, w)
		}
	}
}

func TestParseResponseErrors(t *testing.T) {
	soap12Fault := `<e:Envelope xmlns:e="http://www.w3.org/2003/05/soap-envelope"><e:Body><e:Fault><e:Code><e:Value>e:Sender</e:Value>` +
		`<e:Subcode><e:Value>wst:FailedAuthentication</e:Value></e:Subcode></e:Code><e:Reason><e:Text>Authentication Failure</e:Text></e:Reason></e:Fault></e:Body></e:Envelope>`
	invalidRequest := `<S:Envelope xmlns:S="http://schemas.xmlsoap.org/soap/envelope/"><S:Fault><faultcode>S:Client</faultcode><faultstring>Invalid Request</faultstring></S:Fault></S:Envelope>`
	tests := []struct {
		name     string
		body     []byte
		auth     bool   // want ErrAuthFailed
		fault    string // want a wrapped *soap.Fault with this code
		contains string
	}{
		{name: "soap 1.2 auth fault", body: []byte(soap12Fault), auth: true},
		{name: "other fault", body: []byte(invalidRequest), fault: "S:Client", contains: "Invalid Request"},
		{name: "empty", body: nil, contains: "no security tokens"},
		{name: "not xml", body: []byte("Internal Server Error"), contains: "no security tokens"},
		{name: "no tokens", body: envelope(""), contains: "no security tokens"},
		{name: "token without address", body: envelope(tokenXML("", "Compact1", "t=x&amp;p=", "", "")), contains: "no security tokens"},
		{name: "truncated", body: envelope(tokenXML("a", "Compact1", "t=x&amp;p=", "", ""))[:300], contains: "malformed response"},
		{name: "mismatched tags", body: []byte("<a><b></a>"), contains: "malformed response"},
		{name: "too large", body: make([]byte, MaxResponseSize+1), contains: "exceeds"},
	}
	for _, tt := range tests {
		_, err := ParseResponse(tt.body)
		if err == nil {
			t.Errorf("%s: no error", tt.name)
			continue
		}
		if !strings.HasPrefix(err.Error(), "passport: ") {
			t.Errorf("%s: error %q lacks the package prefix", tt.name, err)
		}
		if got := errors.Is(err, ErrAuthFailed); got != tt.auth {
			t.Errorf("%s: errors.Is(err, ErrAuthFailed) = %v (err %v)", tt.name, got, err)
		}
		var f *soap.Fault
		if tt.fault != "" && (!errors.As(err, &f) || f.Code != tt.fault) {
			t.Errorf("%s: err = %v, want a wrapped fault %s", tt.name, err, tt.fault)
		}
		if !strings.Contains(err.Error(), tt.contains) {
			t.Errorf("%s: err = %q, want it to contain %q", tt.name, err, tt.contains)
		}
	}
}

func TestParseResponseBadExpires(t *testing.T) {
	body := envelope(strings.Replace(tokenXML("a.com", "Compact1", "t=x&amp;p=", "", "Lifetime"), "2026-01-02T00:00:00Z", "tomorrow", 1))
	tokens, err := ParseResponse(body)
	if err != nil {
		t.Fatal(err)
	}
	if !tokens["a.com"].Expires.IsZero() {
		t.Errorf("unreadable expiry gave %v", tokens["a.com"].Expires)
	}
}

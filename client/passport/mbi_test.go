package passport

import (
	"bufio"
	"bytes"
	"encoding/base64"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/msn-cli/msn/client/internal/transcript"
)

// Known answers from the captured Escargot sessions in
// testdata/escargot/transcripts/b_sso.txt. The nonce follows
// MBI_KEY_OLD in the server's "USR 3 SSO S" line, the secret is the
// messengerclear.live.com BinarySecret from the session's RST line, and the
// response is the 172-character argument the client sent in "USR 4 SSO S";
// its bytes 28 to 36 are the IV the client chose.
var mbiVectors = []struct {
	session, nonce, secret, response string
	accepted                         bool
}{
	{
		// b_sso.txt lines 10 (nonce), 14 (secret), 20 (response); server: USR 4 OK.
		session:  "A15",
		nonce:    "lOkMA3J5ts4dnnQ5VYvM1MfyfzJAiEebVAx+Q8H/pJas3V/pCeTj5FcMdSaqBqts",
		secret:   "04dyUjEEQHakbNW3iw9/Kp5qXvtYI3Xy",
		response: "HAAAAAEAAAADZgAABIAAAAgAAAAUAAAASAAAAAbs9cHXSowDrSr7b6nfqVmvsAaREnBV1g02hEX05qesO7lGHxmuXxS5iDgZiuUcLofaAOGMFRmGBZ2F48AFGkCLprdhS/82Fx4rc9Rk/rK5NKUjTTl8m6671i+799RzOXnoWp0=",
		accepted: true,
	},
	{
		// b_sso.txt lines 77, 81, 87; server: USR 4 OK.
		session:  "B15",
		nonce:    "TJW2VQwiSVSI7P7OkEoY4GsC/WBKibZWH9Z09Eoy6MhDRosUFquuY70nFrD7BiqD",
		secret:   "U67ExoUZHUot1oYsIlc+k1OhbaaBo4Df",
		response: "HAAAAAEAAAADZgAABIAAAAgAAAAUAAAASAAAAF67CIVeQZK/L0A5Nt8GSB/2s5OMyLNq2RLYpGMZLDinPQPVK2GuN2TIdk0axT8s4x+lgJOfmzGpP56vN43pVEiFDnn5JlSDQDD3TxFi6ZAYhfteUxrZwB6IG1QqI1edVZ17Gww=",
		accepted: true,
	},
	{
		// b_sso.txt lines 175, 179, 185 (MSNP18, machine GUID after the
		// response); server: USR 4 OK.
		session:  "A18",
		nonce:    "Pu3kWjo3asVNst4opSz4y4GQu99e7tHLpsJ0vVlPx5NAC6tk3wEMk9k270fldSuC",
		secret:   "r7lSwF5U2xHUGiXD+DEVfSzylhVjn+1j",
		response: "HAAAAAEAAAADZgAABIAAAAgAAAAUAAAASAAAACjHy3E5cDtT92BU39UmtgaxmqhobE7cjT3jAb33rYcYfTPwe1z7i1HB6ofcvIBkxY9r/beB8w1dZqfEZ4hqSVsGO3cC96kFwOTPa6c2esYY119OwUJjq3nNCuqCSndxND15TLQ=",
		accepted: true,
	},
	{
		// b_sso.txt lines 225, 229, 235; server: 911 4 and a close. The
		// response the client sent is NOT the correct one for this nonce and
		// messengerclear key, which is why the server rejected it; see
		// TestMBIResponseBADUsedWrongKey for how it was made.
		session:  "BAD",
		nonce:    "SYPJwrgXwLoLEX3Kvk3rnohsrRitEqLgN30cbd+rW/mNkr0579fVLwuGuA7cztix",
		secret:   "nKCuC48twe5Bp56BsoHXj6uGDaoDQzzV",
		response: "HAAAAAEAAAADZgAABIAAAAgAAAAUAAAASAAAAFgA/H+2PqWOEelkuOGpQmCmwVUruhL2zQ0ZaUD+GVTHAlCX7g7xan6JgFfarKtglBzEwD46YXhtd5Ai+j9jCkF2/HJ3cWSrHN9z7ALbFsduKeeP7vPnSNziq+hO1Bx6McQFS/w=",
		accepted: false,
	},
}

// ivOf returns the IV inside an MBI response: bytes 28 to 36 of the blob.
func ivOf(t *testing.T, response string) []byte {
	t.Helper()
	blob, err := base64.StdEncoding.DecodeString(response)
	if err != nil || len(blob) < 36 {
		t.Fatalf("response %.20q… is not an MBI blob (err %v)", response, err)
	}
	return blob[28:36]
}

func TestMBIResponseKnownAnswers(t *testing.T) {
	for _, v := range mbiVectors {
		got, err := MBIResponse(v.secret, v.nonce, ivOf(t, v.response))
		if err != nil {
			t.Fatalf("%s: %v", v.session, err)
		}
		if len(got) != 172 {
			t.Errorf("%s: response is %d characters, want 172", v.session, len(got))
		}
		if match := got == v.response; match != v.accepted {
			t.Errorf("%s: computed response matches the captured one: %v, want %v\n got  %s\n sent %s",
				v.session, match, v.accepted, got, v.response)
		}
	}
}

// passportTBSecret is the constant, meaningless BinarySecret that Escargot
// puts in the Passport.NET/tb token response (NOTES.md section 2).
const passportTBSecret = "tgoPVK67sU36fQKlGLMgWgTXp7oiaQgE"

// TestMBIResponseBADUsedWrongKey explains the rejected session: its client
// computed the response with the Passport.NET/tb proof key, the first
// BinarySecret in the RST response, instead of messengerclear.live.com's.
// This is the mistake that matching tokens by position invites.
func TestMBIResponseBADUsedWrongKey(t *testing.T) {
	v := mbiVectors[3]
	got, err := MBIResponse(passportTBSecret, v.nonce, ivOf(t, v.response))
	if err != nil {
		t.Fatal(err)
	}
	if got != v.response {
		t.Errorf("BAD session response is not the Passport.NET/tb-key response either:\n got  %s\n sent %s", got, v.response)
	}
}

// TestMBIResponseTranscript pairs every "USR n SSO S" line with a response
// in b_sso.txt with its session's nonce and messengerclear secret and checks
// that MBIResponse agrees exactly when the server accepted the login.
func TestMBIResponseTranscript(t *testing.T) {
	name := filepath.Join(transcript.EscargotDir(t), "transcripts", "b_sso.txt")
	f, err := os.Open(name)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()

	type session struct{ nonce, secret, response, verdict string }
	sessions := map[string]*session{}
	var order []string
	get := func(prefix string) *session {
		id, _, _ := strings.Cut(prefix, "-") // "A15-NS" and "A15-NS-RST" are one session
		s, ok := sessions[id]
		if !ok {
			s = &session{}
			sessions[id] = s
			order = append(order, id)
		}
		return s
	}
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	var pendingVerdict *session
	for sc.Scan() {
		fields := strings.Fields(sc.Text())
		if len(fields) < 3 || (fields[1] != "C>" && fields[1] != "S<") {
			continue // payload continuation lines
		}
		s := get(fields[0])
		dir, cmd := fields[1], fields[2:]
		if pendingVerdict == s && dir == "S<" && len(cmd) >= 2 && cmd[1] == "4" {
			pendingVerdict.verdict = cmd[0] // "USR" (accepted) or an error code
			pendingVerdict = nil
		}
		switch {
		case dir == "S<" && len(cmd) == 6 && cmd[0] == "USR" && cmd[2] == "SSO" && cmd[3] == "S":
			s.nonce = cmd[5] // USR 3 SSO S MBI_KEY_OLD <nonce>
		case dir == "S<" && len(cmd) >= 4 && cmd[0] == "token" && cmd[2] == AddrMessengerClear+":":
			for _, w := range cmd {
				if v, ok := strings.CutPrefix(w, "BinarySecret="); ok {
					s.secret = v
				}
			}
		case dir == "C>" && len(cmd) >= 6 && cmd[0] == "USR" && cmd[2] == "SSO" && cmd[3] == "S":
			s.response = cmd[5] // USR 4 SSO S <ticket> <response> [{guid}]
			pendingVerdict = s
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}

	checked := 0
	for _, id := range order {
		s := sessions[id]
		if s.nonce == "" || s.secret == "" || s.response == "" {
			continue // e.g. C15: MSNP15 login without a response, accepted as is
		}
		checked++
		got, err := MBIResponse(s.secret, s.nonce, ivOf(t, s.response))
		if err != nil {
			t.Errorf("%s: %v", id, err)
			continue
		}
		if s.verdict == "" {
			t.Errorf("%s: no server answer to the response", id)
		}
		accepted := s.verdict == "USR"
		t.Logf("%s: server answered %s; computed response matches: %v", id, s.verdict, got == s.response)
		if (got == s.response) != accepted {
			t.Errorf("%s: server verdict %q, but computed response matches: %v", id, s.verdict, got == s.response)
		}
	}
	if checked < 4 {
		t.Errorf("paired only %d sessions in %s, want at least 4", checked, name)
	}
}

func TestMBIResponseValidation(t *testing.T) {
	v := mbiVectors[0]
	iv := make([]byte, 8)
	tests := []struct {
		name, secret, nonce string
		iv                  []byte
		want                string
	}{
		{"short iv", v.secret, v.nonce, iv[:7], "iv is 7 bytes"},
		{"nil iv", v.secret, v.nonce, nil, "iv is 0 bytes"},
		{"long iv", v.secret, v.nonce, make([]byte, 16), "iv is 16 bytes"},
		{"bad base64", "not base64!", v.nonce, iv, "not valid base64"},
		{"short secret", base64.StdEncoding.EncodeToString(make([]byte, 16)), v.nonce, iv, "secret is 16 bytes"},
		{"empty nonce", v.secret, "", iv, "nonce is empty"},
	}
	for _, tt := range tests {
		_, err := MBIResponse(tt.secret, tt.nonce, tt.iv)
		if err == nil || !strings.Contains(err.Error(), tt.want) || !strings.HasPrefix(err.Error(), "passport: ") {
			t.Errorf("%s: err = %v, want one containing %q", tt.name, err, tt.want)
			continue
		}
		if strings.Contains(err.Error(), v.secret) {
			t.Errorf("%s: error quotes the secret", tt.name)
		}
	}
}

func TestMBIResponseShape(t *testing.T) {
	v := mbiVectors[0]
	iv := []byte{1, 2, 3, 4, 5, 6, 7, 8}
	a, err := MBIResponse(v.secret, v.nonce, iv)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := MBIResponse(v.secret, v.nonce, iv)
	if a != b {
		t.Error("MBIResponse is not deterministic")
	}
	blob, _ := base64.StdEncoding.DecodeString(a)
	header := []byte{28, 0, 0, 0, 1, 0, 0, 0, 0x03, 0x66, 0, 0, 0x04, 0x80, 0, 0, 8, 0, 0, 0, 20, 0, 0, 0, 72, 0, 0, 0}
	if len(blob) != 128 || !bytes.Equal(blob[:28], header) || !bytes.Equal(blob[28:36], iv) {
		t.Errorf("blob = %x", blob)
	}
	// A nonce that is not a multiple of 8 gets PKCS#5 padding and a
	// header that states the cipher text length.
	c, err := MBIResponse(v.secret, "abc", iv)
	if err != nil {
		t.Fatal(err)
	}
	blob, _ = base64.StdEncoding.DecodeString(c)
	if len(blob) != 28+8+20+8 || blob[24] != 8 {
		t.Errorf("short-nonce blob = %x", blob)
	}
}

func TestNewIV(t *testing.T) {
	a, err := NewIV()
	if err != nil || len(a) != 8 {
		t.Fatalf("NewIV() = %x, %v", a, err)
	}
	b, _ := NewIV()
	if bytes.Equal(a, b) {
		t.Error("two IVs are equal")
	}
}

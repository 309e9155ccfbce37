package ns

import (
	"testing"

	"github.com/msn-cli/msn/client/internal/transcript"
	"github.com/msn-cli/msn/client/msnp"
)

// decodeLine parses one server line and decodes it as presence.
func decodeLine(t *testing.T, d Dialect, line string, payload string) (presenceLine, bool) {
	t.Helper()
	cmd, _, err := msnp.ParseLine(msnp.FromServer, line)
	if err != nil {
		t.Fatalf("%q: %v", line, err)
	}
	if payload != "" {
		cmd.Payload = []byte(payload)
	}
	return decodePresence(d, cmd)
}

// TestDecodePresenceLines reads each dialect's forms of ILN, NLN, FLN
// and UBX; a numeric display name stays a name.
func TestDecodePresenceLines(t *testing.T) {
	for _, tt := range []struct {
		d                                        Dialect
		line, payload                            string
		email, kind, status, name, caps, message string
	}{
		{MSNP12, "ILN 6 NLN alice@example.com Alice 0 %3Cmsnobj%2F%3E", "", "alice@example.com", "NLN", "NLN", "Alice", "0", ""},
		{MSNP12, "NLN BSY Bob@Example.com Bob%20B 1342177280", "", "bob@example.com", "NLN", "BSY", "Bob B", "1342177280", ""},
		{MSNP12, "ILN 7 IDL fred@example.com 7 0 x", "", "fred@example.com", "NLN", "IDL", "7", "0", ""},
		{MSNP12, "FLN bob@example.com", "", "bob@example.com", "FLN", "", "", "", ""},
		{MSNP12, "UBX alice@example.com 53", "<Data><PSM>at lunch &amp; coffee</PSM><CurrentMedia></CurrentMedia></Data>", "alice@example.com", "UBX", "", "", "", "at lunch & coffee"},
		{MSNP15, "ILN 7 NLN alice@example.com 1 Alice%20(15) 1342177280 %3Cmsnobj%2F%3E", "", "alice@example.com", "NLN", "NLN", "Alice (15)", "1342177280", ""},
		{MSNP15, "NLN LUN carol@example.com 1 1 0 x", "", "carol@example.com", "NLN", "LUN", "1", "0", ""},
		{MSNP15, "FLN carol@example.com 1 0", "", "carol@example.com", "FLN", "", "", "", ""},
		{MSNP15, "UBX carol@example.com 1 30", "<Data><PSM>a < b</PSM></Data>", "carol@example.com", "UBX", "", "", "", "a < b"},
		{MSNP18, "NLN NLN 1:alice@example.com Alice 2789003324:48 %3Cmsnobj%2F%3E", "", "alice@example.com", "NLN", "NLN", "Alice", "2789003324:48", ""},
		{MSNP18, "NLN AWY 1:erin@example.com 42 1:2 x", "", "erin@example.com", "NLN", "AWY", "42", "1:2", ""},
		{MSNP18, "NLN NLN 1:dave@example.com;{F52973B6-C926-4BAD-9BA8-7C1E840E4AB0} Dave 1:2 x", "", "dave@example.com", "NLN", "NLN", "Dave", "1:2", ""},
		{MSNP18, "FLN 1:alice@example.com 0:0", "", "alice@example.com", "FLN", "", "", "", ""},
		{MSNP18, "UBX 1:bob@example.com 20", "<Data><PSM>&#x3C;3</PSM></Data>", "bob@example.com", "UBX", "", "", "", "<3"},
	} {
		got, ok := decodeLine(t, tt.d, tt.line, tt.payload)
		want := presenceLine{email: tt.email, kind: tt.kind, status: tt.status, name: tt.name, caps: tt.caps, message: tt.message}
		if !ok || got != want {
			t.Errorf("%s %q:\n got %+v (%v)\nwant %+v", tt.d, tt.line, got, ok, want)
		}
	}
	for _, line := range []string{"CHG 6 NLN 0", "NLN NLN", "FLN", "RNG 1 127.0.0.1:1 CKI c a@b A"} {
		if got, ok := decodeLine(t, MSNP18, line, ""); ok {
			t.Errorf("%q decoded as presence: %+v", line, got)
		}
	}
}

// TestPresenceLinesChangeWhatIsKnown: a status line sets status, name and
// capabilities, a UBX the message, and FLN the status alone (the name
// and message stay known).
func TestPresenceLinesChangeWhatIsKnown(t *testing.T) {
	var p Presence
	for _, step := range []struct{ line, payload string }{
		{"NLN BSY 1:bob@example.com Bob 1:2 x", ""},
		{"UBX 1:bob@example.com 30", "<Data><PSM>busy busy</PSM></Data>"},
		{"NLN NLN 1:bob@example.com Bobby 3:4 x", ""},
		{"FLN 1:bob@example.com 0:0", ""},
	} {
		line, ok := decodeLine(t, MSNP18, step.line, step.payload)
		if !ok {
			t.Fatalf("%q not decoded", step.line)
		}
		p = line.applyTo(p)
	}
	want := Presence{Email: "bob@example.com", Status: StatusOffline, Name: "Bobby", Message: "busy busy"}
	if p != want || p.Online() {
		t.Fatalf("got %+v, want %+v", p, want)
	}
}

// TestCapturedPresenceLines decodes the presence lines of the captured
// sessions of each dialect: every one names alice or bob, with a status.
func TestCapturedPresenceLines(t *testing.T) {
	for _, tt := range []struct {
		file, session string
		d             Dialect
	}{
		{"a_msnp12.txt", "B-NS", MSNP12},
		{"a_msnp12.txt", "A-NS", MSNP12},
		{"c_oim.txt", "B-NS", MSNP15},
		{"d_extras.txt", "B18-NS", MSNP18},
	} {
		n := 0
		for _, l := range transcript.Session(transcript.Transcript(t, tt.file), tt.session) {
			if l.FromMe {
				continue
			}
			cmd, _, err := msnp.ParseLine(msnp.FromServer, l.Text)
			if err != nil {
				t.Fatalf("%s:%d: %v", tt.file, l.Number, err)
			}
			if l.HasBody {
				cmd.Payload = l.PayloadBytes()
			}
			line, ok := decodePresence(tt.d, cmd)
			if !ok {
				continue
			}
			n++
			if line.email != "alice@example.com" && line.email != "bob@example.com" || line.kind == "NLN" && line.status == "" {
				t.Errorf("%s:%d: %+v", tt.file, l.Number, line)
			}
		}
		if n == 0 {
			t.Errorf("%s %s: no presence line decoded", tt.file, tt.session)
		}
	}
}

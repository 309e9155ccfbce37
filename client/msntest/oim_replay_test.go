package msntest

import (
	"bytes"
	"encoding/base64"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/msn-cli/msn/client/internal/transcript"
)

// The captured Store2 exchange (soap/offline-messages 02 to 04), replayed
// with the ticket of a live session of this server: the empty lock key is
// refused with the challenge, the retry and the run's second message are
// stored. Every answer is byte for byte the captured one, and the two
// messages are stored for bob as sent.
func TestOIMReplayCapturedStore(t *testing.T) {
	s := newTestServer(t, Options{})
	alice := login(t, s, "alice@example.com", "alice123", 15, "")
	tkt := liveTicket(t, s, "alice@example.com")
	for _, step := range []struct{ request, response string }{
		{"02-OimWS_oim.asmx.request.xml", "02-OimWS_oim.asmx.response.500.xml"},
		{"03-OimWS_oim.asmx.request.xml", "03-OimWS_oim.asmx.response.200.xml"},
		{"04-OimWS_oim.asmx.request.xml", "04-OimWS_oim.asmx.response.200.xml"},
	} {
		got := postOIM(t, s, actionStore2, withTicket(capturedOIM(t, step.request), tkt))
		want := capturedOIM(t, step.response)
		wantStatus, _ := strconv.Atoi(strings.TrimSuffix(strings.Split(step.response, ".response.")[1], ".xml"))
		if got.status != wantStatus || !strings.HasPrefix(got.ctype, "text/xml") {
			t.Errorf("%s: http %d %s, want %d text/xml", step.request, got.status, got.ctype, wantStatus)
		}
		if !bytes.Equal(got.body, want) {
			t.Errorf("%s: answer differs from the capture\n got: %q\nwant: %q", step.request, got.body, want)
		}
	}

	msgs := s.OfflineMessages("bob@example.com")
	if len(msgs) != 2 {
		t.Fatalf("%d messages stored for bob, want 2", len(msgs))
	}
	texts := []string{"Hi Bob, you were offline - this is an OIM from Alice. éè ☃", "Second offline message."}
	for i, m := range msgs {
		want := OIM{ID: m.ID, From: "alice@example.com", FromName: "Alice", To: "bob@example.com", Text: texts[i],
			Sequence: i + 1, RunID: "{33C34A79-A799-4BA2-8DFD-4DC7CF10704A}", Received: m.Received}
		if m != want {
			t.Errorf("message %d = %+v, want %+v", i+1, m, want)
		}
		if !regexp.MustCompile(`^[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}$`).MatchString(m.ID) {
			t.Errorf("message id %q is not an upper-case GUID", m.ID)
		}
		if time.Since(m.Received) > time.Minute {
			t.Errorf("received %v", m.Received)
		}
	}
	if len(s.OfflineMessages("alice@example.com")) != 0 {
		t.Error("messages stored for the sender")
	}

	// Bob signs in: the initial Mail-Data lists both, with the sizes the
	// capture shows for the same messages (c_oim.txt, GetMetadata 06).
	bob := login(t, s, "bob@example.com", "bob123", 15, "")
	bob.sendf("CHG 5 NLN 0")
	bob.expectNext("CHG 5 NLN 0")
	_, payload := bob.expect("MSG Hotmail Hotmail ")
	md := mailDataOf(t, payload)
	for i, m := range msgs {
		entry := "<M><T>11</T><S>6</S><RT>" + m.Received.UTC().Format("2006-01-02T15:04:05Z") + "</RT><RS>0</RS><SZ>" +
			[]string{"989", "937"}[i] + "</SZ><E>alice@example.com</E><I>" + m.ID +
			"</I><F>00000000-0000-0000-0000-000000000009</F><N>=?utf-8?B?QWxpY2U=?=</N></M>"
		if !strings.Contains(md, entry) {
			t.Errorf("Mail-Data %q lacks %q", md, entry)
		}
	}
	if !strings.HasPrefix(md, "<MD>"+mailDataE+mailDataQ+"<M>") {
		t.Errorf("Mail-Data %q", md)
	}
	alice.sync()
}

// edgeCase is one exchange of transcripts/oim_edge.txt: what the capture
// says the server answered.
type edgeCase struct {
	status, size int
	outcome      string // the fault code, "StoreResponse", or "500" for the crash
}

var (
	edgeHTTP = regexp.MustCompile(`^E-OIM S< HTTP (\d+) \((\d+) bytes\)`)
	edgeNote = regexp.MustCompile(`^E-OIM -- .* -> \d+ (\S+)`)
)

// readEdgeCases reads the answers of oim_edge.txt, in order.
func readEdgeCases(t *testing.T) []edgeCase {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join(transcript.EscargotDir(t), "transcripts", "oim_edge.txt"))
	if err != nil {
		t.Fatal(err)
	}
	var out []edgeCase
	for line := range strings.SplitSeq(string(raw), "\n") {
		if m := edgeHTTP.FindStringSubmatch(line); m != nil {
			st, _ := strconv.Atoi(m[1])
			n, _ := strconv.Atoi(m[2])
			out = append(out, edgeCase{status: st, size: n})
		} else if m := edgeNote.FindStringSubmatch(line); m != nil && len(out) > 0 {
			out[len(out)-1].outcome = m[1]
		}
	}
	return out
}

// The edge cases of oim_edge.txt, each built from the captured request
// (03, with its lock key) and sent with a live ticket, get the captured
// status, size and fault.
func TestOIMEdgeCasesCaptured(t *testing.T) {
	want := readEdgeCases(t)
	s := newTestServer(t, Options{})
	alice := login(t, s, "alice@example.com", "alice123", 15, "")
	req := withTicket(capturedOIM(t, "03-OimWS_oim.asmx.request.xml"), liveTicket(t, s, "alice@example.com"))
	replace := func(old, new string) []byte {
		if !bytes.Contains(req, []byte(old)) {
			t.Fatalf("captured request lacks %q", old)
		}
		return bytes.Replace(req, []byte(old), []byte(new), 1)
	}
	oneLine := base64.StdEncoding.EncodeToString(bytes.Repeat([]byte("x"), 201))
	capturedBody := "SGkgQm9iLCB5b3Ugd2VyZSBvZmZsaW5lIC0gdGhpcyBpcyBhbiBPSU0gZnJvbSBBbGljZS4gw6nD\r\nqCDimIM="

	cases := []struct {
		name string
		body func() []byte
	}{
		{"plain friendlyName", func() []byte { return replace(`friendlyName="=?utf-8?B?QWxpY2U=?="`, `friendlyName="Alice"`) }},
		{"no friendlyName", func() []byte { return replace(` friendlyName="=?utf-8?B?QWxpY2U=?="`, ``) }},
		{"base64 on one 268-char line", func() []byte { return replace(capturedBody, oneLine) }},
		{"unknown recipient", func() []byte {
			return replace(`<To memberName="bob@example.com"`, `<To memberName="nobody@example.com"`)
		}},
		{"MessageNumber != X-OIM-Sequence-Num", func() []byte {
			return replace("<MessageNumber>1</MessageNumber>", "<MessageNumber>2</MessageNumber>")
		}},
		{"sender logged out", func() []byte {
			alice.send("OUT")
			alice.expectClosed()
			return req
		}},
	}
	if len(oneLine) != 268 {
		t.Fatalf("test body line is %d characters", len(oneLine))
	}
	if len(want) != len(cases) {
		t.Fatalf("oim_edge.txt has %d exchanges, the test %d", len(want), len(cases))
	}
	for i, c := range cases {
		got := postOIM(t, s, actionStore2, c.body())
		outcome := got.code()
		switch {
		case bytes.Contains(got.body, []byte("<StoreResponse")):
			outcome = "StoreResponse"
		case got.status == 500 && strings.HasPrefix(got.ctype, "text/plain") && string(got.body) == crashBody:
			outcome = "500"
		}
		if got.status != want[i].status || len(got.body) != want[i].size || outcome != want[i].outcome {
			t.Errorf("%s: http %d, %d bytes, %s; the capture has http %d, %d bytes, %s",
				c.name, got.status, len(got.body), outcome, want[i].status, want[i].size, want[i].outcome)
		}
	}
	if n := len(s.OfflineMessages("bob@example.com")); n != 1 {
		t.Errorf("%d messages stored, want 1 (the one without a friendly name)", n)
	}
	if m := s.OfflineMessages("bob@example.com"); len(m) == 1 && (m[0].FromName != "" || m[0].Text == "") {
		t.Errorf("stored %+v", m[0])
	}
}

package msntest

import (
	"bytes"
	"regexp"
	"strings"
	"testing"

	"github.com/msn-cli/msn/client/internal/transcript"
)

// capturedDeleteNotice is the payload c_oim.txt shows the NS sending bob
// after the captured DeleteMessages (B-NS `MSG Hotmail Hotmail 148`).
func capturedDeleteNotice(t *testing.T) []byte {
	t.Helper()
	lines := transcript.Transcript(t, "c_oim.txt")
	for _, l := range transcript.Session(lines, "B-NS") {
		if l.Text == "MSG Hotmail Hotmail 148" {
			return l.PayloadBytes()
		}
	}
	t.Fatal("c_oim.txt has no MSG Hotmail Hotmail 148")
	return nil
}

// The captured rsi requests 06 to 09, replayed with bob's live ticket
// against the captured messages put in place with the captured ids and
// time: every answer is byte for byte the captured one, and bob's NS
// session is told of the deletion as c_oim.txt shows. Request 06 gets
// xsi:nil="true" on its GetMetadata: as captured, with the element empty,
// it crashes the server (see TestRSIEmptyGetMetadataCrashes).
func TestRSIReplayCaptured(t *testing.T) {
	s := newTestServer(t, Options{})
	seedCaptured(s)
	bob := login(t, s, "bob@example.com", "bob123", 15, "")
	bob.firstCHG(5)
	tkt := liveTicket(t, s, "bob@example.com")

	req06 := capturedOIM(t, "06-rsi_rsi.asmx.request.xml")
	fixed := bytes.Replace(req06, []byte(`rsi" />`), []byte(`rsi" xsi:nil="true" />`), 1)
	if bytes.Equal(fixed, req06) {
		t.Fatal("captured 06 has no empty GetMetadata")
	}
	for _, step := range []struct {
		name, action string
		request      []byte
	}{
		{"06", actionGetMetadata, fixed},
		{"07", actionGetMessage, capturedOIM(t, "07-rsi_rsi.asmx.request.xml")},
		{"08", actionGetMessage, capturedOIM(t, "08-rsi_rsi.asmx.request.xml")},
		{"09", actionDeleteMessages, capturedOIM(t, "09-rsi_rsi.asmx.request.xml")},
	} {
		got := postRSI(t, s, step.action, withCookie(step.request, tkt))
		want := capturedOIM(t, step.name+"-rsi_rsi.asmx.response.200.xml")
		if got.status != 200 || !strings.HasPrefix(got.ctype, "text/xml") {
			t.Errorf("%s: http %d %s", step.name, got.status, got.ctype)
		}
		if !bytes.Equal(got.body, want) {
			t.Errorf("%s: answer differs from the capture\n got: %q\nwant: %q", step.name, got.body, want)
		}
	}
	line, payload := bob.expectNext("MSG Hotmail Hotmail ")
	if want := capturedDeleteNotice(t); line != "MSG Hotmail Hotmail 148" || !bytes.Equal(payload, want) {
		t.Errorf("delete notice %q %q, want the captured %q", line, payload, want)
	}
	if n := len(s.OfflineMessages("bob@example.com")); n != 0 {
		t.Errorf("%d messages left", n)
	}
}

// The same run stored the captured way (Store2 requests 03 and 04 from
// alice's live session) reads back as captured too, once the fresh ids
// and times are masked.
func TestRSIReplayAfterStore(t *testing.T) {
	s := newTestServer(t, Options{})
	login(t, s, "alice@example.com", "alice123", 15, "")
	aliceTkt := liveTicket(t, s, "alice@example.com")
	for _, name := range []string{"03-OimWS_oim.asmx.request.xml", "04-OimWS_oim.asmx.request.xml"} {
		if got := postOIM(t, s, actionStore2, withTicket(capturedOIM(t, name), aliceTkt)); got.status != 200 {
			t.Fatalf("%s: http %d", name, got.status)
		}
	}
	stored := s.OfflineMessages("bob@example.com")
	if len(stored) != 2 {
		t.Fatalf("%d stored", len(stored))
	}
	login(t, s, "bob@example.com", "bob123", 15, "")
	tkt := liveTicket(t, s, "bob@example.com")

	// Our ids and times in place of the captured ones.
	mask := func(b []byte) string {
		out := string(b)
		for i, m := range stored {
			out = strings.ReplaceAll(out, m.ID, capturedRSIIDs[i])
			out = strings.ReplaceAll(out, m.Received.UTC().Format("2006-01-02T15:04:05Z"), "2026-11-24T21:12:40Z")
		}
		for _, re := range dateMasks {
			out = re.ReplaceAllString(out, "DATE")
		}
		return out
	}
	withIDs := func(req []byte) []byte {
		for i, m := range stored {
			req = bytes.ReplaceAll(req, []byte(capturedRSIIDs[i]), []byte(m.ID))
		}
		return req
	}
	for _, step := range []struct{ name, action string }{
		{"06", actionGetMetadata},
		{"07", actionGetMessage},
		{"08", actionGetMessage},
		{"09", actionDeleteMessages},
	} {
		req := capturedOIM(t, step.name+"-rsi_rsi.asmx.request.xml")
		req = bytes.Replace(req, []byte(`rsi" />`), []byte(`rsi" xsi:nil="true" />`), 1)
		got := postRSI(t, s, step.action, withIDs(withCookie(req, tkt)))
		want := capturedOIM(t, step.name+"-rsi_rsi.asmx.response.200.xml")
		if got.status != 200 || mask(got.body) != mask(want) {
			t.Errorf("%s: http %d, answer differs from the capture\n got: %q\nwant: %q", step.name, got.status, mask(got.body), mask(want))
		}
	}
}

// dateMasks match the times of a stored message's text.
var dateMasks = []*regexp.Regexp{
	regexp.MustCompile(`[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} -0800`),
	regexp.MustCompile(`\d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2}\.0000 \(UTC\) FILETIME=\[[0-9A-F]{8}:[0-9A-F]{8}\]`),
	regexp.MustCompile(`Date: \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} -0800`),
}

package rsi

import (
	"bytes"
	"html"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/msn-cli/msn/client/internal/transcript"
)

// The captured GetMetadata answer (06), the <MD> as escaped text, lists
// the two messages of the run.
func TestCapturedGetMetadata(t *testing.T) {
	entries, err := parseGetMetadata(readCaptured(t, "06-rsi_rsi.asmx.response.200.xml"))
	if err != nil {
		t.Fatal(err)
	}
	checkCapturedEntries(t, entries, true)
}

// checkCapturedEntries compares a listing of the captured run with what
// 06 says; withTime is false for the transcript's run, which was another.
func checkCapturedEntries(t *testing.T, entries []Entry, withTime bool) {
	t.Helper()
	if len(entries) != 2 {
		t.Fatalf("%d entries, want 2: %+v", len(entries), entries)
	}
	for i, e := range entries {
		want := Entry{From: "alice@example.com", FromName: "Alice", Size: capturedSizes[i], ID: e.ID, Received: e.Received}
		if withTime {
			want.ID, want.Received = capturedIDs[i], capturedReceived
		}
		if e != want {
			t.Errorf("entry %d\n got: %+v\nwant: %+v", i, e, want)
		}
	}
}

// The same document sent as child elements, as real MSN did, in the
// service namespace or with prefixes, gives the same entries.
func TestGetMetadataAsElements(t *testing.T) {
	captured := string(readCaptured(t, "06-rsi_rsi.asmx.response.200.xml"))
	m := regexp.MustCompile(`(?s)(<GetMetadataResponse[^>]*>)(.*)(</GetMetadataResponse>)`).FindStringSubmatch(captured)
	if m == nil {
		t.Fatal("no GetMetadataResponse in the capture")
	}
	md := html.UnescapeString(m[2])
	prefixed := `<r:GetMetadataResponse xmlns:r="` + nsRSI + `">` +
		strings.NewReplacer("</", "</r:", "<", "<r:").Replace(md) + `</r:GetMetadataResponse>`
	for name, body := range map[string]string{
		"children": strings.Replace(captured, m[0], m[1]+md+m[3], 1),
		"indented": strings.Replace(captured, m[0], m[1]+"\n  "+strings.ReplaceAll(md, "<M>", "\n  <M>")+"\n"+m[3], 1),
		"prefixed": strings.Replace(captured, m[0], prefixed, 1),
	} {
		entries, err := parseGetMetadata([]byte(body))
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		checkCapturedEntries(t, entries, true)
	}
}

// The captured GetMessage answers (07, 08) give back exactly what the
// captured Store2 requests (03, 04) sent, at the time the listing (06)
// gives; c_oim.txt decoded the same texts.
func TestCapturedGetMessage(t *testing.T) {
	note := readTranscript(t, "c_oim.txt")
	for i, step := range []struct{ response, request string }{
		{"07-rsi_rsi.asmx.response.200.xml", "03-OimWS_oim.asmx.request.xml"},
		{"08-rsi_rsi.asmx.response.200.xml", "04-OimWS_oim.asmx.request.xml"},
	} {
		raw, err := parseGetMessage(readCaptured(t, step.response))
		if err != nil {
			t.Fatal(err)
		}
		// The XML parser turned the CRLFs the listing's size counts into LFs.
		if n := len(raw) + bytes.Count(raw, []byte("\n")); n != capturedSizes[i] {
			t.Errorf("%s: %d bytes with CRLFs, the listing says %d", step.response, n, capturedSizes[i])
		}
		m, err := ParseMessage(raw)
		if err != nil {
			t.Fatalf("%s: %v", step.response, err)
		}
		text := sentText(t, step.request)
		want := Message{From: "alice@example.com", FromName: "Alice", Received: capturedReceived,
			Sequence: i + 1, RunID: capturedRunID, Text: text}
		if m != want {
			t.Errorf("%s\n got: %+v\nwant: %+v", step.response, m, want)
		}
		if !strings.Contains(note, "'"+text+"'") {
			t.Errorf("c_oim.txt did not decode %q", text)
		}
	}
}

// The Mail-Data of the NS message in c_oim.txt (B-NS, `MSG Hotmail
// Hotmail 619`), whose tail the capture shortened, rebuilt from the ids
// the capture noted: 619 bytes again, and it lists both ids.
func TestTranscriptMailData(t *testing.T) {
	lines := transcript.Transcript(t, "c_oim.txt")
	var payload []string
	for _, l := range transcript.Session(lines, "B-NS") {
		if l.Text == "MSG Hotmail Hotmail 619" {
			payload = l.Payload
		}
	}
	if payload == nil {
		t.Fatal("no MSG Hotmail Hotmail 619 in c_oim.txt")
	}
	ids := regexp.MustCompile(`OIM ids from NS Mail-Data: \['([0-9A-F-]+)', '([0-9A-F-]+)'\]`).FindStringSubmatch(readTranscript(t, "c_oim.txt"))
	if ids == nil {
		t.Fatal("c_oim.txt has no note of the ids")
	}
	shortened := payload[3]
	head, _, ok := strings.Cut(shortened, "...<")
	if !ok || !strings.HasSuffix(head, "<F>") {
		t.Fatalf("unexpected shortening: %q", shortened)
	}
	rt := regexp.MustCompile(`<RT>([^<]+)</RT>`).FindStringSubmatch(head)[1]
	tail := "00000000-0000-0000-0000-000000000009</F><N>=?utf-8?B?QWxpY2U=?=</N></M>" +
		"<M><T>11</T><S>6</S><RT>" + rt + "</RT><RS>0</RS><SZ>937</SZ><E>alice@example.com</E><I>" + ids[2] +
		"</I><F>00000000-0000-0000-0000-000000000009</F><N>=?utf-8?B?QWxpY2U=?=</N></M></MD>"
	payload[3] = head + tail
	full := strings.Join(payload, "\r\n")
	if len(full) != 619 {
		t.Fatalf("rebuilt payload is %d bytes, the capture says 619", len(full))
	}
	value, ok := strings.CutPrefix(payload[3], "Mail-Data: ")
	if !ok {
		t.Fatalf("line %q", payload[3])
	}
	entries, tooLarge, err := ParseMailData([]byte(value))
	if err != nil || tooLarge {
		t.Fatalf("ParseMailData: %v, too-large %v", err, tooLarge)
	}
	checkCapturedEntries(t, entries, false)
	for i, e := range entries {
		if e.ID != ids[i+1] || e.Received.Format("2006-01-02T15:04:05Z") != rt {
			t.Errorf("entry %d: %s at %v, want %s at %s", i, e.ID, e.Received, ids[i+1], rt)
		}
	}
}

// The requests are laid out as the captured ones (06 to 09), byte for
// byte with the captured ticket, except for GetMetadata's xsi:nil.
func TestRequestsMatchCapture(t *testing.T) {
	ck, err := splitTicket(capturedCookieTicket(t))
	if err != nil {
		t.Fatal(err)
	}
	captured := func(name string) string {
		return strings.TrimSuffix(string(readCaptured(t, name)), "\n")
	}
	want06 := strings.Replace(captured("06-rsi_rsi.asmx.request.xml"), `rsi" />`, `rsi" xsi:nil="true" />`, 1)
	for _, c := range []struct {
		name string
		got  []byte
		want string
	}{
		{"06", buildGetMetadata(ck), want06},
		{"07", buildGetMessage(ck, capturedIDs[0], false), captured("07-rsi_rsi.asmx.request.xml")},
		{"08", buildGetMessage(ck, capturedIDs[1], false), captured("08-rsi_rsi.asmx.request.xml")},
		{"09", buildDeleteMessages(ck, capturedIDs), captured("09-rsi_rsi.asmx.request.xml")},
	} {
		if string(c.got) != c.want {
			t.Errorf("request %s differs from the capture\n got: %q\nwant: %q", c.name, c.got, c.want)
		}
	}
	if got := string(buildGetMessage(ck, "X", true)); !strings.Contains(got, "<alsoMarkAsRead>true</alsoMarkAsRead>") {
		t.Errorf("markRead not sent: %s", got)
	}
	// The captured sizes (c_oim.txt's POST lines) are those of these bodies.
	note := readTranscript(t, "c_oim.txt")
	for _, n := range []int{len(want06) - len(` xsi:nil="true"`), len(captured("07-rsi_rsi.asmx.request.xml")), len(captured("09-rsi_rsi.asmx.request.xml"))} {
		if !strings.Contains(note, "("+strconv.Itoa(n)+" bytes)") {
			t.Errorf("no %d-byte POST in c_oim.txt", n)
		}
	}
}

package p2p

import (
	"bytes"
	"errors"
	"fmt"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"
)

// The captured file INVITE's values (part 1 of the capture).
const (
	capBranch1  = "{4041B472-1308-974C-5B0D-130059DE2311}"
	capCallID1  = "{A94497AA-1665-6301-5EFB-24C99BA7383C}"
	capBranch2  = "{1E0096B5-2C8B-284C-8F94-6B2C923B5FA9}"
	capCallID2  = "{8B4AB297-7BDC-3122-5F7A-2B4913531B86}"
	capNonce    = "{5FFB1179-1D86-7BB5-1139-DC1B433E9B23}"
	capSession1 = 1028713256
)

// capturedDialogue builds, from the values the capture shows, the four
// distinct SLP messages it holds, keyed by their size on the wire.
func capturedDialogue(t testing.TB) map[int]*SLPMessage {
	t.Helper()
	invite := NewRequest(MethodInvite, "bob@example.com", "alice@example.com", capBranch1, capCallID1, ContentSessionRequest,
		SessionRequest{EUFGUID: EUFGUIDFile, SessionID: capSession1, AppID: AppIDFile, Context: capturedContext(t)}.Body())
	ok := Reply(invite, 200, ContentSessionRequest, SessionIDBody(capSession1))
	nonce, err := ParseGUID(capNonce)
	if err != nil {
		t.Fatal(err)
	}
	transReq := NewRequest(MethodInvite, "bob@example.com", "alice@example.com", capBranch2, capCallID2, ContentTransportReq,
		TransportRequest{Bridges: "TCPv1", NetID: "0", ConnType: "Direct-Connect"}.Body())
	transResp := Reply(transReq, 200, ContentTransportResp, TransportResponse{
		Bridge: "TCPv1", Listening: true, Nonce: nonce, ExternalAddrs: []string{"127.0.0.1"}, ExternalPort: 39521,
	}.Body())
	return map[int]*SLPMessage{1192: invite, 328: ok, 408: transReq, 441: transResp}
}

// TestCapturedSLPKnownAnswers rebuilds the captured INVITE, 200 OK,
// transreqbody INVITE and transrespbody 200 OK byte for byte, and parses
// each back to the values it was built from.
func TestCapturedSLPKnownAnswers(t *testing.T) {
	captured := capturedSLP(t)
	for size, m := range capturedDialogue(t) {
		want := captured[size]
		if want == nil {
			t.Fatalf("the capture has no SLP message of %d bytes", size)
		}
		got, err := AppendSLP(nil, m)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("built %d bytes:\n%q\nthe capture has %d:\n%q", len(got), got, len(want), want)
		}
		back, err := ParseSLP(want)
		if err != nil || !reflect.DeepEqual(back, m) {
			t.Errorf("ParseSLP(captured %d) = %+v, %v; want %+v", size, back, err, m)
		}
	}
	if _, err := AppendSLP(nil, capturedDialogue(t)[1192]); err != nil {
		t.Fatal(err)
	}
}

// TestCapturedSLPBodies reads the typed bodies of the captured messages.
func TestCapturedSLPBodies(t *testing.T) {
	captured := capturedSLP(t)
	parse := func(size int) *SLPMessage {
		m, err := ParseSLP(captured[size])
		if err != nil {
			t.Fatal(err)
		}
		return m
	}
	req, err := ParseSessionRequest(parse(1192).Body)
	if err != nil || !req.IsFile() || req.SessionID != capSession1 || req.AppID != AppIDFile || req.Context != capturedContext(t) {
		t.Fatalf("session request %+v, %v", req, err)
	}
	if id, err := ParseSessionID(parse(328).Body); err != nil || id != capSession1 {
		t.Fatalf("200 OK session %d, %v", id, err)
	}
	tr, err := ParseTransportRequest(parse(408).Body)
	if err != nil || tr != (TransportRequest{Bridges: "TCPv1", NetID: "0", ConnType: "Direct-Connect"}) {
		t.Fatalf("transport request %+v, %v", tr, err)
	}
	resp, err := ParseTransportResponse(parse(441).Body)
	if err != nil || !resp.Listening || resp.Nonce.String() != capNonce || !resp.HashedNonce.IsZero() ||
		!reflect.DeepEqual(resp.ExternalAddrs, []string{"127.0.0.1"}) || resp.ExternalPort != 39521 || resp.InternalAddrs != nil {
		t.Fatalf("transport response %+v, %v", resp, err)
	}
}

// TestEveryCapturedSLPRoundTrips parses each SLP text of the capture and
// writes it back identical.
func TestEveryCapturedSLPRoundTrips(t *testing.T) {
	n := 0
	for _, c := range capturedPackets(t) {
		if c.slp == nil {
			continue
		}
		n++
		m, err := ParseSLP(c.slp)
		if err != nil {
			t.Fatalf("line %d: %v", c.line, err)
		}
		if got, err := AppendSLP(nil, m); err != nil || !bytes.Equal(got, c.slp) {
			t.Fatalf("line %d: wrote back %q, %v", c.line, got, err)
		}
	}
	if n != 12 {
		t.Fatalf("%d SLP messages in the capture, want 12", n)
	}
}

func TestSLPForms(t *testing.T) {
	bye := NewRequest(MethodBye, "bob@example.com;{40279CF0-69E2-9F43-3BA7-87E4B32F5E3B}", "alice@example.com;{B70F983F-63AE-45D4-6B9E-4AB02B7C2106}",
		"{A0D624A6-6C0C-4283-A9E0-BC97B4B46D32}", capCallID1, ContentSessionClose, nil)
	b, err := AppendSLP(nil, bye)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"BYE MSNMSGR:bob@example.com;{40279CF0-69E2-9F43-3BA7-87E4B32F5E3B} MSNSLP/1.0\r\n",
		"\r\nTo: <msnmsgr:bob@example.com;{40279CF0-69E2-9F43-3BA7-87E4B32F5E3B}>\r\n",
		"\r\nFrom: <msnmsgr:alice@example.com;{B70F983F-63AE-45D4-6B9E-4AB02B7C2106}>\r\n",
		"\r\nContent-Length: 3\r\n\r\n\r\n\x00",
	} {
		if !strings.Contains(string(b), want) {
			t.Errorf("BYE lacks %q:\n%q", want, b)
		}
	}
	email, endpoint := SplitEndpoint(bye.To)
	if email != "bob@example.com" || endpoint != "{40279CF0-69E2-9F43-3BA7-87E4B32F5E3B}" {
		t.Errorf("SplitEndpoint = %q, %q", email, endpoint)
	}
	if email, endpoint := SplitEndpoint("bob@example.com"); email != "bob@example.com" || endpoint != "" {
		t.Errorf("SplitEndpoint(bare) = %q, %q", email, endpoint)
	}
	decline := Reply(capturedDialogue(t)[1192], 603, ContentSessionRequest, SessionIDBody(capSession1))
	b, err = AppendSLP(nil, decline)
	if err != nil || !bytes.HasPrefix(b, []byte("MSNSLP/1.0 603 Decline\r\nTo: <msnmsgr:alice@example.com>\r\nFrom: <msnmsgr:bob@example.com>\r\n")) {
		t.Fatalf("decline %q, %v", b, err)
	}
	back, err := ParseSLP(b)
	if err != nil || back.IsRequest() || back.Status != 603 || back.CSeq != 1 {
		t.Fatalf("decline parsed as %+v, %v", back, err)
	}
}

// TestParseSLPLenient reads what other clients write: headers in another
// order and case, unknown headers, lower-case msnmsgr, no Max-Forwards.
func TestParseSLPLenient(t *testing.T) {
	text := "INVITE MSNMSGR:bob@example.com MSNSLP/1.0\r\n" +
		"from: <MSNMSGR:alice@example.com>\r\nTO: <msnmsgr:bob@example.com>\r\n" +
		"Via: MSNSLP/1.0/TLP ;branch={1}\r\nCSeq: 0 \r\nCall-ID: {2}\r\nX-Unknown: y\r\n" +
		"Content-Type: application/x-msnmsgr-transreqbody\r\nContent-Length: 39\r\n\r\n" +
		"Bridges: TCPv1 SBBridge\r\nICF: False\r\n\x00\x00"
	m, err := ParseSLP([]byte(text))
	if err != nil {
		t.Fatal(err)
	}
	want := &SLPMessage{Method: "INVITE", To: "bob@example.com", From: "alice@example.com", Branch: "{1}", CallID: "{2}",
		ContentType: ContentTransportReq, Body: Body{{"Bridges", "TCPv1 SBBridge"}, {"ICF", "False"}}}
	if !reflect.DeepEqual(m, want) {
		t.Fatalf("got %+v\nwant %+v", m, want)
	}
	if tr, err := ParseTransportRequest(m.Body); err != nil || tr.ICF || tr.Bridges != "TCPv1 SBBridge" {
		t.Fatalf("transport request %+v, %v", tr, err)
	}
}

func TestParseSLPRefuses(t *testing.T) {
	good := string(capturedDialogueBytes(t, 328))
	for _, tc := range []struct {
		name, text string
		want       error
	}{
		{"no end of headers", strings.Replace(good, "\r\n\r\n", "\r\n", 1), ErrMalformed},
		{"bad status", strings.Replace(good, "200 OK", "2x0 OK", 1), ErrMalformed},
		{"bad request line", "INVITE bob MSNSLP/1.0" + good[strings.Index(good, "\r\n"):], ErrMalformed},
		{"lower-case method", strings.Replace(capturedText(t, 408), "INVITE", "invite", 1), ErrMalformed},
		{"other version", strings.Replace(capturedText(t, 408), "MSNSLP/1.0\r\n", "MSNSLP/2.0\r\n", 1), ErrMalformed},
		{"missing To", strings.Replace(good, "To: ", "Tx: ", 1), ErrMalformed},
		{"missing Content-Length", strings.Replace(good, "Content-Length", "Content-Lenxth", 1), ErrMalformed},
		{"bad address", strings.Replace(good, "<msnmsgr:alice@example.com>", "alice@example.com", 1), ErrMalformed},
		{"Via without branch", strings.Replace(good, ";branch=", ";branx=", 1), ErrMalformed},
		{"negative CSeq", strings.Replace(good, "CSeq: 1", "CSeq: -1", 1), ErrMalformed},
		{"Content-Length past the end", strings.Replace(good, "Content-Length: 26", "Content-Length: 27", 1), ErrMalformed},
		{"header line without colon", strings.Replace(good, "Max-Forwards: 0", "Max-Forwards 0", 1), ErrMalformed},
		{"lone LF in a header", strings.Replace(good, "CSeq: 1", "CSeq:\n1", 1), ErrMalformed},
		{"body line without colon", strings.Replace(good, "SessionID: ", "SessionID ", 1), ErrMalformed},
		{"NUL inside the body", strings.Replace(good, "SessionID: 1", "SessionID:\x001", 1), ErrMalformed},
		{"empty branch", strings.Replace(good, ";branch="+capBranch1, ";branch=", 1), ErrMalformed},
		{"over the size bound", good + strings.Repeat("x", MaxSLPSize), ErrTooLarge},
	} {
		if _, err := ParseSLP([]byte(tc.text)); !errors.Is(err, tc.want) {
			t.Errorf("%s: err = %v, want %v", tc.name, err, tc.want)
		}
	}
	if _, err := ParseSLP([]byte(good)); err != nil {
		t.Fatalf("the valid message: %v", err)
	}
}

func capturedDialogueBytes(t testing.TB, size int) []byte {
	b, err := AppendSLP(nil, capturedDialogue(t)[size])
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func capturedText(t testing.TB, size int) string { return string(capturedDialogueBytes(t, size)) }

func TestAppendSLPRefuses(t *testing.T) {
	base := func() *SLPMessage { return capturedDialogue(t)[408] }
	for _, tc := range []struct {
		name   string
		change func(m *SLPMessage)
	}{
		{"empty To", func(m *SLPMessage) { m.To = "" }},
		{"CR in From", func(m *SLPMessage) { m.From = "a\rb" }},
		{"space in To", func(m *SLPMessage) { m.To = "a b" }},
		{"angle bracket in To", func(m *SLPMessage) { m.To = "a>b" }},
		{"lower-case method", func(m *SLPMessage) { m.Method = "invite" }},
		{"request with a status", func(m *SLPMessage) { m.Status = 200 }},
		{"status 99", func(m *SLPMessage) { m.Method, m.Status = "", 99 }},
		{"LF in reason", func(m *SLPMessage) { m.Method, m.Status, m.Reason = "", 200, "O\nK" }},
		{"empty Call-ID", func(m *SLPMessage) { m.CallID = "" }},
		{"negative CSeq", func(m *SLPMessage) { m.CSeq = -1 }},
		{"colon in a body key", func(m *SLPMessage) { m.Body = Body{{"a:b", "c"}} }},
		{"empty body key", func(m *SLPMessage) { m.Body = Body{{"", "c"}} }},
		{"padded body value", func(m *SLPMessage) { m.Body = Body{{"a", " c"}} }},
		{"NUL in a body value", func(m *SLPMessage) { m.Body = Body{{"a", "c\x00"}} }},
		{"over the size bound", func(m *SLPMessage) { m.Body = Body{{"a", strings.Repeat("c", MaxSLPSize)}} }},
	} {
		m := base()
		tc.change(m)
		out, err := AppendSLP([]byte("keep"), m)
		if err == nil || string(out) != "keep" {
			t.Errorf("%s: AppendSLP = %q, %v; want an error and dst untouched", tc.name, out, err)
		}
	}
}

// TestSLPRoundTrip writes random valid messages and reads them back.
func TestSLPRoundTrip(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for i := 0; i < 2000; i++ {
		m := randomSLP(r)
		b, err := AppendSLP(nil, m)
		if err != nil {
			t.Fatalf("%+v: %v", m, err)
		}
		back, err := ParseSLP(b)
		if err != nil || !reflect.DeepEqual(back, m) {
			t.Fatalf("wrote %q\nread %+v, %v\nwant %+v", b, back, err, m)
		}
	}
}

func randomSLP(r *rand.Rand) *SLPMessage {
	word := func() string {
		const chars = "abcXYZ019@.-{};/=_"
		b := make([]byte, 1+r.IntN(20))
		for i := range b {
			b[i] = chars[r.IntN(len(chars))]
		}
		return string(b)
	}
	m := &SLPMessage{To: word(), From: word(), Branch: word(), CSeq: r.IntN(5), CallID: word(),
		MaxForwards: r.IntN(3), ContentType: word()}
	if r.IntN(2) == 0 {
		m.Method = []string{MethodInvite, MethodBye, MethodACK}[r.IntN(3)]
	} else {
		m.Status = 100 + r.IntN(900)
		m.Reason = StatusText(m.Status)
		if r.IntN(2) == 0 {
			m.Reason = word() + " " + word()
		}
	}
	for range r.IntN(6) {
		m.Body = append(m.Body, Field{strings.ReplaceAll(word(), ":", ""), word() + fmt.Sprint(r.IntN(2)) + ": x"})
	}
	for i := range m.Body {
		if m.Body[i].Key == "" {
			m.Body[i].Key = "k"
		}
	}
	return m
}

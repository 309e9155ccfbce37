package msntest

import (
	"bytes"
	"encoding/base64"
	"html"
	"regexp"
	"strings"
	"testing"
	"time"
)

// storeOutcome names an answer: "stored", "crash" or the fault code.
func storeOutcome(r soapResponse) string {
	switch {
	case r.status == 200 && bytes.Contains(r.body, []byte("<StoreResponse")):
		return "stored"
	case r.status == 500 && string(r.body) == crashBody && strings.HasPrefix(r.ctype, "text/plain"):
		return "crash"
	case r.status == 500:
		return r.code()
	}
	return "http " + string(rune('0'+r.status/100))
}

// Each of Escargot's checks, in its order, on the captured request with
// one thing changed.
func TestOIMStoreChecks(t *testing.T) {
	s := newTestServer(t, Options{})
	login(t, s, "alice@example.com", "alice123", 15, "")
	base := withTicket(capturedOIM(t, "03-OimWS_oim.asmx.request.xml"), liveTicket(t, s, "alice@example.com"))
	body := "SGkgQm9iLCB5b3Ugd2VyZSBvZmZsaW5lIC0gdGhpcyBpcyBhbiBPSU0gZnJvbSBBbGljZS4gw6nD\r\nqCDimIM="
	b80 := base64.StdEncoding.EncodeToString(bytes.Repeat([]byte("y"), 60)) // 80 characters
	const lockKey = `lockkey="844559b18ac25f3affb9281fd729203c"`
	const name = `friendlyName="=?utf-8?B?QWxpY2U=?="`

	for _, tt := range []struct {
		name, old, new, want, fromName string
	}{
		{"as captured", "", "", "stored", "Alice"},
		{"not XML", "<soap:Body>", "<soap:Body", "crash", ""},
		{"no passport", `passport="`, `pass="`, "crash", ""},
		{"ticket of no session", `passport="t=`, `passport="t=0`, "q0:AuthenticationFailed", ""},
		{"bare token of no session", `passport="t=`, `passport="`, "q0:AuthenticationFailed", ""},
		{"no lockkey", lockKey, ``, "q0:AuthenticationFailed", ""},
		{"empty lockkey", lockKey, `lockkey=""`, "q0:AuthenticationFailed", ""},
		{"any lockkey", lockKey, `lockkey="x"`, "stored", "Alice"},
		{"From another account", `<From memberName="alice@example.com"`, `<From memberName="carol@example.com"`, "q0:SystemUnavailable", ""},
		{"no From memberName", `<From memberName="alice@example.com"`, `<From`, "q0:SystemUnavailable", ""},
		{"recipient unknown, plain name", `<To memberName="bob@example.com"`, `<To memberName="x@example.com"`, "q0:SystemUnavailable", ""},
		{"MessageNumber not a number", "<MessageNumber>1</MessageNumber>", "<MessageNumber>one</MessageNumber>", "q0:InvalidContent", ""},
		{"MessageNumber missing", "<MessageNumber>1</MessageNumber>", "", "q0:InvalidContent", ""},
		{"empty friendlyName", name, `friendlyName=""`, "crash", ""},
		{"plain friendlyName", name, `friendlyName="Alice"`, "crash", ""},
		{"text before the word", name, `friendlyName="Ms =?utf-8?B?QWxpY2U=?="`, "stored", "Ms "},
		{"two words", name, `friendlyName="=?utf-8?B?QWw=?= =?utf-8?B?aWNl?="`, "stored", "Alice"},
		{"Q word in Latin-1", name, `friendlyName="=?ISO-8859-1?Q?Zo=EB_X?="`, "stored", "Zoë X"},
		{"B word missing its padding", name, `friendlyName="=?utf-8?B?QWxpY2U?="`, "stored", "Alice"},
		{"B word that cannot decode", name, `friendlyName="=?utf-8?B?Q?="`, "q0:InvalidContent", ""},
		{"B word not UTF-8", name, `friendlyName="=?utf-8?B?/w==?="`, "crash", ""},
		{"unknown charset", name, `friendlyName="=?x-unknown?B?QWxpY2U=?="`, "crash", ""},
		{"no run id", "X-OIM-Run-Id: {33C34A79-A799-4BA2-8DFD-4DC7CF10704A}\r\n", "", "q0:InvalidContent", ""},
		{"run id without braces", "X-OIM-Run-Id: {33C34A79-A799-4BA2-8DFD-4DC7CF10704A}", "X-OIM-Run-Id: 33C34A79-A799-4BA2-8DFD-4DC7CF10704A", "stored", "Alice"},
		{"run id not a GUID", "X-OIM-Run-Id: {33C34A79", "X-OIM-Run-Id: {33C34A7Z", "q0:InvalidContent", ""},
		{"MIME-Version 2.0", "MIME-Version: 1.0", "MIME-Version: 2.0", "q0:InvalidContent", ""},
		{"header names in other case", "MIME-Version: 1.0", "mime-version: 1.0", "stored", "Alice"},
		{"text/html", "Content-Type: text/plain", "Content-Type: text/html", "q0:InvalidContent", ""},
		{"7bit", "Content-Transfer-Encoding: base64", "Content-Transfer-Encoding: 7bit", "q0:InvalidContent", ""},
		{"other message type", "X-OIM-Message-Type: OfflineMessage", "X-OIM-Message-Type: Other", "q0:InvalidContent", ""},
		{"no sequence header", "X-OIM-Sequence-Num: 1\r\n", "", "q0:InvalidContent", ""},
		{"no empty line", "X-OIM-Sequence-Num: 1\r\n\r\n", "X-OIM-Sequence-Num: 1\r\n", "q0:InvalidContent", ""},
		{"77-character line", body, b80[:77] + "\r\n" + b80[77:], "stored", "Alice"},
		{"78-character line", body, b80[:78] + "\r\n" + b80[78:], "q0:InvalidContent", ""},
		{"body with bad padding", body, "QQ", "q0:InvalidContent", ""},
		{"body of no base64 characters", body, "!!!!", "stored", "Alice"}, // decodes to "" in Python too
		{"body not UTF-8", body, "/w==", "q0:InvalidContent", ""},
	} {
		req := base
		if tt.old != "" {
			if !bytes.Contains(base, []byte(tt.old)) {
				t.Fatalf("%s: the captured request lacks %q", tt.name, tt.old)
			}
			req = bytes.Replace(base, []byte(tt.old), []byte(tt.new), 1)
		}
		before := len(s.OfflineMessages("bob@example.com"))
		got := postOIM(t, s, actionStore2, req)
		if outcome := storeOutcome(got); outcome != tt.want {
			t.Errorf("%s: %s (http %d), want %s", tt.name, outcome, got.status, tt.want)
			continue
		}
		stored := s.OfflineMessages("bob@example.com")
		switch {
		case tt.want == "stored" && len(stored) != before+1:
			t.Errorf("%s: nothing stored", tt.name)
		case tt.want != "stored" && len(stored) != before:
			t.Errorf("%s: stored although refused", tt.name)
		case tt.want == "stored" && stored[before].FromName != tt.fromName:
			t.Errorf("%s: friendly name %q, want %q", tt.name, stored[before].FromName, tt.fromName)
		}
	}
}

// Store (the 2004 operation) is answered in its own namespace; the action
// is otherwise not checked.
func TestOIMStoreNamespace(t *testing.T) {
	s := newTestServer(t, Options{})
	login(t, s, "alice@example.com", "alice123", 15, "")
	req := withTicket(capturedOIM(t, "03-OimWS_oim.asmx.request.xml"), liveTicket(t, s, "alice@example.com"))
	got := postOIM(t, s, "http://messenger.msn.com/ws/2004/09/oim/Store", req)
	if !bytes.Contains(got.body, []byte(`<StoreResponse xmlns="`+oimNS2004+`">`)) {
		t.Errorf("Store answer: %s", got.body)
	}
	got = postOIM(t, s, "http://messenger.msn.com/ws/2004/09/oim/Store", bytes.Replace(req, []byte(`lockkey="844559b18ac25f3affb9281fd729203c"`), []byte(`lockkey=""`), 1))
	if !bytes.Contains(got.body, []byte(`<LockKeyChallenge xmlns="`+oimNS2004+`">1850937852</LockKeyChallenge>`)) {
		t.Errorf("Store refusal: %s", got.body)
	}
	if got := postOIM(t, s, "", req); got.status != 200 || !bytes.Contains(got.body, []byte(oimNS2006)) {
		t.Errorf("no action: http %d %s", got.status, got.body)
	}
}

// setBlocked puts who on owner's block list. It stands in for the
// contact list commands the server does not take yet.
func setBlocked(s *Server, owner, who string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.accounts[owner].contact(s.accounts[who], true).lists |= listBL
}

// Escargot's permission check looks at the sender's lists first: a sender
// who does not block the recipient may always write, even to someone who
// blocks them; one who does is refused only when the recipient blocks
// them back.
func TestOIMStoreBlocking(t *testing.T) {
	for _, tt := range []struct {
		name         string
		aliceBlocks  bool
		bobBlocks    bool
		wantOutcome  string
		wantMessages int
	}{
		{"nobody blocks", false, false, "stored", 1},
		{"recipient blocks the sender", false, true, "stored", 1},
		{"sender blocks the recipient", true, false, "stored", 1},
		{"both block", true, true, "q0:SystemUnavailable", 0},
	} {
		s := newTestServer(t, Options{})
		if tt.aliceBlocks {
			setBlocked(s, "alice@example.com", "bob@example.com")
		}
		if tt.bobBlocks {
			setBlocked(s, "bob@example.com", "alice@example.com")
		}
		login(t, s, "alice@example.com", "alice123", 15, "")
		req := withTicket(capturedOIM(t, "03-OimWS_oim.asmx.request.xml"), liveTicket(t, s, "alice@example.com"))
		if got := storeOutcome(postOIM(t, s, actionStore2, req)); got != tt.wantOutcome {
			t.Errorf("%s: %s, want %s", tt.name, got, tt.wantOutcome)
		}
		if n := len(s.OfflineMessages("bob@example.com")); n != tt.wantMessages {
			t.Errorf("%s: %d stored", tt.name, n)
		}
	}
}

func TestRefuseOIM(t *testing.T) {
	s := newTestServer(t, Options{})
	login(t, s, "alice@example.com", "alice123", 15, "")
	req := withTicket(capturedOIM(t, "03-OimWS_oim.asmx.request.xml"), liveTicket(t, s, "alice@example.com"))
	for _, code := range []string{"q0:SystemUnavailable", "q0:InvalidContent", "q0:SenderThrottleLimitExceeded", "soap:Server"} {
		s.RefuseOIM(code)
		got := postOIM(t, s, actionStore2, req)
		if got.status != 500 || got.code() != code {
			t.Errorf("RefuseOIM(%q): http %d, fault %q", code, got.status, got.code())
		}
		// Even the first attempt, without a lock key, gets the fault.
		first := withTicket(capturedOIM(t, "02-OimWS_oim.asmx.request.xml"), liveTicket(t, s, "alice@example.com"))
		if got := postOIM(t, s, actionStore2, first); got.code() != code {
			t.Errorf("RefuseOIM(%q): first attempt got %q", code, got.code())
		}
	}
	if n := len(s.OfflineMessages("bob@example.com")); n != 0 {
		t.Errorf("%d messages stored while refusing", n)
	}
	s.RefuseOIM("")
	if got := storeOutcome(postOIM(t, s, actionStore2, req)); got != "stored" {
		t.Errorf("after RefuseOIM(\"\"): %s", got)
	}
}

// A recipient signed in and past its first CHG (MSNP11+) hears of a
// stored message at once; a session that has not sent CHG yet does not.
func TestOIMStoreNotifiesRecipient(t *testing.T) {
	s := newTestServer(t, Options{})
	login(t, s, "alice@example.com", "alice123", 15, "")
	// Two MPOP endpoints: one hidden after its first CHG, one that has
	// sent no CHG yet.
	hidden := login(t, s, "bob@example.com", "bob123", 18, "8a1e3c6e-7c52-4d0a-9a3c-6a1d2f4e5b60")
	hidden.goOnline(5, "HDN", "0:0")
	fresh := login(t, s, "bob@example.com", "bob123", 18, "0b7cbd5a-30f4-4e0e-b5ea-8bf18d0b0c2c")
	req := withTicket(capturedOIM(t, "03-OimWS_oim.asmx.request.xml"), liveTicket(t, s, "alice@example.com"))
	if got := storeOutcome(postOIM(t, s, actionStore2, req)); got != "stored" {
		t.Fatalf("store: %s", got)
	}
	id := s.OfflineMessages("bob@example.com")[0].ID
	line, payload := hidden.expect("MSG Hotmail Hotmail ")
	want := "MIME-Version: 1.0\r\nContent-Type: text/x-msmsgsoimnotification; charset=UTF-8\r\n\r\n" +
		"Mail-Data: <MD><M><T>11</T><S>6</S><RS>0</RS><SZ>989</SZ><E>alice@example.com</E><I>" + id +
		"</I><F>.!!OIM</F><N>=?utf-8?B?QWxpY2U= ?=</N></M><SU> </SU></MD>\r\n"
	if string(payload) != want {
		t.Errorf("notification %q\n got: %q\nwant: %q", line, payload, want)
	}
	fresh.expectQuiet(200 * time.Millisecond)
}

// The message as GetMessage gives it, whose length is the SZ of Mail-Data,
// is byte for byte the captured one (07) for the same message.
func TestOIMMessageTextCaptured(t *testing.T) {
	resp := string(capturedOIM(t, "07-rsi_rsi.asmx.response.200.xml"))
	m := regexp.MustCompile(`(?s)<GetMessageResult>(.*)</GetMessageResult>`).FindStringSubmatch(resp)
	if m == nil {
		t.Fatal("no GetMessageResult in the capture")
	}
	want := strings.ReplaceAll(strings.ReplaceAll(html.UnescapeString(m[1]), "\r\n", "\n"), "\n", "\r\n")
	o := &storedOIM{
		OIM: OIM{
			From: "alice@example.com", FromName: "Alice", To: "bob@example.com",
			Text:     "Hi Bob, you were offline - this is an OIM from Alice. éè ☃",
			Received: time.Date(2026, 11, 24, 21, 12, 40, 0, time.UTC),
		},
		named:  true,
		origin: "127.0.0.1",
		proxy:  "MSNMSGR",
		headers: []string{
			"MIME-Version: 1.0", "Content-Type: text/plain; charset=UTF-8", "Content-Transfer-Encoding: base64",
			"X-OIM-Message-Type: OfflineMessage", "X-OIM-Run-Id: {33C34A79-A799-4BA2-8DFD-4DC7CF10704A}", "X-OIM-Sequence-Num: 1",
		},
	}
	if got := messageText(o); got != want {
		t.Errorf("message text\n got: %q\nwant: %q", got, want)
	}
	if len(want) != 989 {
		t.Errorf("captured message is %d bytes, the capture's Mail-Data says 989", len(want))
	}
	if ft := filetime(time.Date(2026, 11, 24, 21, 11, 57, 0, time.UTC)); ft != "700F4C80:01DD7C58" {
		t.Errorf("filetime = %s, want the captured 700F4C80:01DD7C58", ft)
	}
}

func TestInitialMailData(t *testing.T) {
	s := newTestServer(t, Options{})
	s.mu.Lock()
	defer s.mu.Unlock()
	bob := s.accounts["bob@example.com"]
	if got := s.initialMailData(bob); got != mailData {
		t.Errorf("with nothing stored: %q, want the constant", got)
	}
	for i := 0; i < maxMailDataOIMs; i++ {
		s.storeOIM(nil, &storedOIM{OIM: OIM{From: "alice@example.com", To: "bob@example.com", Text: "x"}})
	}
	if got := s.initialMailData(bob); strings.Count(got, "<M>") != maxMailDataOIMs || !strings.Contains(got, "<N></N>") {
		t.Errorf("25 messages: %q", got)
	}
	s.storeOIM(nil, &storedOIM{OIM: OIM{From: "alice@example.com", To: "bob@example.com", Text: "x"}})
	if got := s.initialMailData(bob); !strings.Contains(got, "Mail-Data: too-large\r\n") {
		t.Errorf("26 messages: %q", got)
	}
}

package msntest

import (
	"strings"
	"testing"
	"time"
)

// uumPayload is a text message as MSNP18 clients send it in UUM, with or
// without the Dest-Agent header Escargot requires.
func uumPayload(text string, destAgent bool) string {
	p := "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=UTF-8\r\nX-MMS-IM-Format: FN=Segoe%20UI; EF=; CO=0; CS=1; PF=0\r\n"
	if destAgent {
		p += "Dest-Agent: client\r\n"
	}
	return p + "\r\n" + text
}

const aliceGUID = "3f2a1b4c-5d6e-4f70-8192-a3b4c5d6e7f8"

// UUM is never answered. With Dest-Agent: client it stores the text for
// an offline recipient; without, it is dropped (NOTES.md quirk 21).
func TestUUMStoresWithDestAgent(t *testing.T) {
	s := newTestServer(t, Options{})
	alice := login(t, s, "alice@example.com", "alice123", 18, aliceGUID)
	alice.goOnline(5, "NLN", "0:0")

	text := "Zoë says hi ☃\r\nsecond line"
	alice.sendPayload("UUM 6 bob@example.com 1 1", uumPayload(text, false))
	alice.expectQuiet(300 * time.Millisecond)
	alice.sync()
	if n := len(s.OfflineMessages("bob@example.com")); n != 0 {
		t.Fatalf("stored %d messages without Dest-Agent", n)
	}

	alice.sendPayload("UUM 7 bob@example.com 1 1", uumPayload(text, true))
	alice.expectQuiet(300 * time.Millisecond)
	alice.sync()
	msgs := s.OfflineMessages("bob@example.com")
	if len(msgs) != 1 {
		t.Fatalf("stored %d messages, want 1", len(msgs))
	}
	m := msgs[0]
	if m.From != "alice@example.com" || m.FromName != "Alice" || m.To != "bob@example.com" || m.Text != text || m.Sequence != 0 {
		t.Errorf("stored %+v", m)
	}
	if !runIDPrefix.MatchString(m.RunID) || !strings.HasPrefix(m.RunID, "{") {
		t.Errorf("run id %q", m.RunID)
	}

	// Bob hears of it at his first CHG.
	bob := login(t, s, "bob@example.com", "bob123", 18, "aa2a1b4c-5d6e-4f70-8192-a3b4c5d6e7f8")
	bob.sendf("CHG 5 NLN 0:0")
	bob.expectNext("CHG 5 NLN 0:0")
	_, payload := bob.expect("MSG Hotmail Hotmail ")
	if md := mailDataOf(t, payload); !strings.Contains(md, "<I>"+m.ID+"</I>") || !strings.Contains(md, "<N>=?utf-8?B?QWxpY2U=?=</N>") {
		t.Errorf("Mail-Data %q does not list %s", md, m.ID)
	}
}

// Every case in which Escargot does nothing: no reply, nothing stored, the
// connection open.
func TestUUMIgnored(t *testing.T) {
	for _, tt := range []struct {
		name, line, payload string
		prepare             func(*Server)
	}{
		{"recipient unknown", "UUM 6 nobody@example.com 1 1", uumPayload("x", true), nil},
		{"recipient blocks the sender", "UUM 6 bob@example.com 1 1", uumPayload("x", true),
			func(s *Server) { setBlocked(s, "bob@example.com", "alice@example.com") }},
		{"recipient allows only its allow list", "UUM 6 dave@example.com 1 1", uumPayload("x", true),
			func(s *Server) {
				s.AddAccount("dave@example.com", "dave123", "Dave")
				s.mu.Lock()
				defer s.mu.Unlock()
				s.accounts["dave@example.com"].blp = "BL"
			}},
		{"not text/plain", "UUM 6 bob@example.com 1 1", strings.Replace(uumPayload("x", true), "text/plain", "text/x-msmsgscontrol", 1), nil},
		{"no empty line", "UUM 6 bob@example.com 1 1", "Content-Type: text/plain\r\nDest-Agent: client\r\n", nil},
		{"not UTF-8", "UUM 6 bob@example.com 1 1", uumPayload("\xff", true), nil},
		{"another network", "UUM 6 bob@yahoo.com 32 1", uumPayload("x", true), nil},
		{"wrong argument count", "UUM 6 bob@example.com 1", uumPayload("x", true), nil},
	} {
		t.Run(tt.name, func(t *testing.T) {
			s := newTestServer(t, Options{})
			if tt.prepare != nil {
				tt.prepare(s)
			}
			alice := login(t, s, "alice@example.com", "alice123", 18, aliceGUID)
			alice.sendPayload(tt.line, tt.payload)
			alice.expectQuiet(200 * time.Millisecond)
			alice.sync()
			for _, who := range []string{"bob@example.com", "dave@example.com", "nobody@example.com", "bob@yahoo.com"} {
				if n := len(s.OfflineMessages(who)); n != 0 {
					t.Errorf("%d messages stored for %s", n, who)
				}
			}
		})
	}
}

// A visible recipient gets nothing; a hidden one gets the message (and,
// past its first CHG, the notification).
func TestUUMRecipientPresence(t *testing.T) {
	s := newTestServer(t, Options{})
	alice := login(t, s, "alice@example.com", "alice123", 18, aliceGUID)
	bob := login(t, s, "bob@example.com", "bob123", 18, "aa2a1b4c-5d6e-4f70-8192-a3b4c5d6e7f8")
	bob.goOnline(5, "NLN", "0:0")
	alice.sendPayload("UUM 6 bob@example.com 1 1", uumPayload("while online", true))
	alice.sync()
	if n := len(s.OfflineMessages("bob@example.com")); n != 0 {
		t.Fatalf("stored %d messages for a visible recipient", n)
	}

	bob.sendf("CHG 6 HDN 0:0")
	bob.expect("CHG 6 HDN 0:0")
	alice.sendPayload("UUM 7 bob@example.com 1 1", uumPayload("while hidden", true))
	alice.sync()
	msgs := s.OfflineMessages("bob@example.com")
	if len(msgs) != 1 || msgs[0].Text != "while hidden" {
		t.Fatalf("stored %+v", msgs)
	}
	_, payload := bob.expect("MSG Hotmail Hotmail ")
	if !strings.Contains(string(payload), "text/x-msmsgsoimnotification") || !strings.Contains(string(payload), "<I>"+msgs[0].ID+"</I>") {
		t.Errorf("notification %q", payload)
	}
}

// Where Escargot closes the connection instead.
func TestUUMCloses(t *testing.T) {
	for _, tt := range []struct {
		name, line string
		dialect    int
	}{
		{"below MSNP14", "UUM 6 bob@example.com 1 1", 12},
		{"network 1 below MSNP18", "UUM 6 bob@example.com 1 1", 15},
		{"type 2 on network 1", "UUM 6 bob@example.com 1 2", 18},
		{"type 5", "UUM 6 bob@example.com 1 5", 18},
		{"unknown network", "UUM 6 bob@example.com 3 1", 18},
		{"network not a number", "UUM 6 bob@example.com x 1", 18},
	} {
		t.Run(tt.name, func(t *testing.T) {
			s := newTestServer(t, Options{})
			alice := login(t, s, "alice@example.com", "alice123", tt.dialect, aliceGUID)
			alice.sendPayload(tt.line, uumPayload("x", true))
			alice.expectClosed()
			if n := len(s.OfflineMessages("bob@example.com")); n != 0 {
				t.Errorf("stored %d messages", n)
			}
		})
	}
}

func TestFQY(t *testing.T) {
	s := newTestServer(t, Options{})
	alice := login(t, s, "alice@example.com", "alice123", 18, aliceGUID)

	alice.sendPayload("FQY 6", `<ml l="1"><d n="example.com"><c n="bob" /></d></ml>`)
	line, payload := alice.expectNext("FQY 6 ")
	if want := `<ml><d n="example.com"><c n="bob" t="1" /></d></ml>`; string(payload) != want || line != "FQY 6 51" {
		t.Errorf("got %q %q, want FQY 6 51 %q", line, payload, want)
	}

	alice.sendPayload("FQY 7", `<ml><d n="example.com"><c n="nobody" /></d></ml>`)
	alice.expectNext("208 7")
	alice.sync() // still open
}

func TestFQYErrors(t *testing.T) {
	for _, tt := range []struct {
		name, payload, want string
		dialect             int
	}{
		{"not XML", `<ml><d n="example.com">`, "241 6", 18},
		{"two domains", `<ml><d n="example.com"><c n="bob"/></d><d n="example.org"><c n="x"/></d></ml>`, "241 6", 18},
		{"no domain", `<ml></ml>`, "241 6", 18},
		{"domain without contact", `<ml><d n="example.com"></d></ml>`, "240 6", 18},
		{"two contacts", `<ml><d n="example.com"><c n="bob"/><c n="carol"/></d></ml>`, "241 6", 18},
		{"below MSNP14", `<ml><d n="example.com"><c n="bob" /></d></ml>`, "", 12},
	} {
		t.Run(tt.name, func(t *testing.T) {
			s := newTestServer(t, Options{})
			alice := login(t, s, "alice@example.com", "alice123", tt.dialect, aliceGUID)
			alice.sendPayload("FQY 6", tt.payload)
			if tt.want != "" {
				alice.expectNext(tt.want)
			}
			alice.expectClosed()
		})
	}
}

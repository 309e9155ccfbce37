package msntest

import (
	"fmt"
	"testing"
	"time"
)

// ml is an ADL or RML document for one example.com contact.
func ml(user string, lists int) string {
	return fmt.Sprintf(`<ml><d n="example.com"><c n="%s" l="%d" t="1" /></d></ml>`, user, lists)
}

// An ADL after the initial one changes the lists, and announces a contact
// put on the forward list who is online, before the OK; RML takes them
// off.
func TestADLChangesLists(t *testing.T) {
	for _, tc := range []struct {
		d    int
		iln  string
		note string
	}{
		{15, "ILN 6 NLN dave@example.com 1 Dave 0 %3Cmsnobj%2F%3E", "ADL 0 "},
		{18, "NLN NLN 1:dave@example.com Dave 0:0 %3Cmsnobj%2F%3E", "ADL 0 "},
	} {
		t.Run(fmt.Sprintf("MSNP%d", tc.d), func(t *testing.T) {
			s := newTestServer(t, Options{})
			dave := login(t, s, "dave@example.com", "dave123", 15, "")
			dave.goOnline(5, "NLN", "0")
			bob := login(t, s, "bob@example.com", "bob123", tc.d, guidB)
			bob.goOnline(5, "NLN", caps(tc.d))

			// The initial declaration changes nothing.
			bob.sendPayload("ADL 5", `<ml l="1"><d n="example.com"><c n="dave" l="3" t="1" /></d></ml>`)
			bob.expectNext("ADL 5 OK")
			if l := s.Lists("bob@example.com", "dave@example.com"); l != 0 {
				t.Fatalf("initial ADL changed the lists: %d", l)
			}

			bob.sendPayload("ADL 6", ml("dave", listFL|listAL))
			bob.expectNext(tc.iln)
			bob.expectNext("UBX ")
			bob.expectNext("ADL 6 OK")
			if l := s.Lists("bob@example.com", "dave@example.com"); l != listFL|listAL {
				t.Errorf("dave on bob's lists: %d", l)
			}
			dave.expectPayload(tc.note)
			dave.expectNext("NOT ")
			if l := s.Lists("dave@example.com", "bob@example.com"); l != listRL|listPL {
				t.Errorf("bob on dave's lists: %d", l)
			}

			bob.sendPayload("RML 7", ml("dave", listFL))
			bob.expectNext("RML 7 OK")
			if l := s.Lists("bob@example.com", "dave@example.com"); l != listAL {
				t.Errorf("dave on bob's lists after RML: %d", l)
			}
			dave.expectPayload("RML 0 ")
			dave.expectNext("NOT ")
			// RML of what is not there, or of an unknown account: no error.
			bob.sendPayload("RML 8", `<ml><d n="example.com"><c n="dave" l="4" t="1" /><c n="nobody" l="1" t="1" /></d></ml>`)
			bob.expectNext("RML 8 OK")
			bob.sendPayload("RML 9", ml("dave", listAL))
			bob.expectNext("RML 9 OK")
			if l := s.Lists("bob@example.com", "dave@example.com"); l != 0 {
				t.Errorf("dave on bob's lists after the last RML: %d", l)
			}
			dave.expectQuiet(100 * time.Millisecond)
		})
	}
}

// Several domains: each domain's own contacts are applied.
func TestADLSeveralDomains(t *testing.T) {
	s := newTestServer(t, Options{})
	s.AddAccount("erin@example.org", "erin123", "Erin")
	c := login(t, s, "dave@example.com", "dave123", 18, guidA)
	c.sendPayload("ADL 5", `<ml><d n="example.com"><c n="bob" l="2" t="1" /></d><d n="example.org"><c n="erin" l="4" t="1" /></d></ml>`)
	c.expectNext("ADL 5 OK")
	if a, b := s.Lists("dave@example.com", "bob@example.com"), s.Lists("dave@example.com", "erin@example.org"); a != listAL || b != listBL {
		t.Errorf("bob %d, erin %d", a, b)
	}
}

// What Escargot refuses in ADL and RML, and whether the connection stays.
func TestADLRefusals(t *testing.T) {
	for _, tc := range []struct {
		name, cmd, payload, want string
		closes                   bool
	}{
		{"unknown account", "ADL", ml("nobody", listFL), "208", false},
		{"reverse list", "ADL", ml("dave", listRL), "241", true},
		{"pending list", "ADL", ml("dave", listFL|listPL), "241", true},
		{"unreadable list", "ADL", `<ml><d n="example.com"><c n="dave" l="x" t="1" /></d></ml>`, "241", true},
		{"bad network", "ADL", `<ml><d n="example.com"><c n="dave" l="1" t="3" /></d></ml>`, "204", true},
		{"empty domain", "ADL", `<ml><d n="example.com"></d></ml>`, "240", true},
		{"domain without a name", "ADL", `<ml><d><c n="dave" l="1" t="1" /></d></ml>`, "241", true},
		{"not XML", "ADL", `<ml><d n="example.com">`, "241", true},
		{"RML reverse list", "RML", ml("bob", listRL), "241", true},
		{"RML empty domain", "RML", `<ml><d n="example.com" /></ml>`, "240", true},
		{"RML not XML", "RML", `<ml`, "241", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := newTestServer(t, Options{})
			c := login(t, s, "alice@example.com", "alice123", 15, "")
			c.sendPayload(tc.cmd+" 5", tc.payload)
			c.expectNext(tc.want + " 5")
			if tc.closes {
				c.expectClosed()
			} else {
				c.sendf("PNG")
				c.expectNext("QNG ")
			}
			if l := s.Lists("alice@example.com", "dave@example.com"); l != 0 {
				t.Errorf("dave on alice's lists: %d", l)
			}
			if l := s.Lists("alice@example.com", "bob@example.com"); l != listFL|listAL|listRL {
				t.Errorf("bob on alice's lists: %d", l)
			}
		})
	}
	// Before MSNP13, ADL and RML close the connection.
	s := newTestServer(t, Options{})
	c := login(t, s, "alice@example.com", "alice123", 12, "")
	c.sendPayload("RML 5", ml("bob", listFL))
	c.expectClosed()
}

package msntest

import (
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"
)

// The errors Escargot gives for list commands at MSNP12, and what it
// accepts again without one.
func TestListCommandErrors(t *testing.T) {
	s := newTestServer(t, Options{})
	bob, dave := uuidOf(t, s, "bob@example.com"), uuidOf(t, s, "dave@example.com")
	friends := groupID(t, s, "alice@example.com", "Friends")
	const unknownGroup = "01234567-89ab-cdef-0123-456789abcdef"
	c := login(t, s, "alice@example.com", "alice123", 12, "")
	for i, tc := range []struct{ send, want string }{
		{"ADC %d FL N=nobody@example.com F=Nobody", "208 %d"},
		{"ADC %d AL N=nobody@example.com", "208 %d"},
		{"ADC %d FL N=no-at-sign F=x", "201 %d"},
		{"ADC %d FL C=01234567-89ab-cdef-0123-456789abcdef " + friends, "208 %d"},
		{"ADC %d FL C=" + bob + " " + unknownGroup, "224 %d"},
		{"ADC %d FL C=" + bob + " " + friends, "215 %d"},
		{"REM %d FL " + dave, "208 %d"},
		{"REM %d FL not-a-guid", "403 %d"},
		{"REM %d FL " + bob + " " + unknownGroup, "224 %d"},
		{"REM %d AL nobody@example.com", "205 %d"},
		{"REM %d AL dave@example.com", "208 %d"},
		{"REM %d BL bob@example.com", "216 %d"},
		{"REM %d PL bob@example.com", "216 %d"},
		{"ADG %d Friends", "228 %d"},
		{"ADG %d (No%%20Group)", "228 %d"},
		{"ADG %d " + strings.Repeat("x", 62), "229 %d"},
		{"RMG %d " + unknownGroup, "224 %d"},
		{"REG %d " + unknownGroup + " New", "224 %d"},
		// What is there already is accepted again.
		{"ADC %d FL N=bob@example.com F=Whatever", "ADC %d FL N=bob@example.com F=Bob C=" + bob},
		{"ADC %d AL N=bob@example.com", "ADC %d AL N=bob@example.com"},
		{"REG %d " + friends + " Friends", "REG %d 1 Friends " + friends + " 0"},
	} {
		trid := i + 5
		c.sendf(tc.send, trid)
		c.expectNext(fmt.Sprintf(tc.want, trid))
	}
	// Nothing changed.
	if l := s.Lists("alice@example.com", "bob@example.com"); l != listFL|listAL|listRL {
		t.Errorf("alice's lists for bob: %d", l)
	}
	if l := s.Lists("alice@example.com", "dave@example.com"); l != 0 {
		t.Errorf("alice's lists for dave: %d", l)
	}
	if g := groupNames(s, "alice@example.com"); !reflect.DeepEqual(g, []string{"Friends"}) {
		t.Errorf("groups %v", g)
	}
	// Unknown lists and wrong argument counts get no answer at all.
	c.sendf("ADC 50 XL N=bob@example.com")
	c.sendf("ADC 51 FL")
	c.sendf("REM 52 FL")
	c.sendf("RMG 53 a b")
	c.expectQuiet(200 * time.Millisecond)
	// ADC RL of a contact who is not pending, and REM RL, close.
	c.sendf("ADC 54 RL N=bob@example.com")
	c.expectClosed()
	c = login(t, s, "alice@example.com", "alice123", 12, "")
	c.sendf("REM 5 RL bob@example.com")
	c.expectClosed()
}

// Groups at MSNP12: create, file a contact, rename, take out, delete, and
// what SYN shows at each step's end.
func TestGroupCommands(t *testing.T) {
	s := newTestServer(t, Options{})
	carol := uuidOf(t, s, "carol@example.com")
	c := login(t, s, "alice@example.com", "alice123", 12, "")
	c.sendf("ADG 5 Work%%20Mates")
	line, _ := c.expectNext("ADG 5 Work%20Mates ")
	f := strings.Fields(line)
	if len(f) != 5 || f[4] != "0" || !guidRe2.MatchString(f[3]) {
		t.Fatalf("ADG answer %q", line)
	}
	work := f[3]
	if got := s.Groups("alice@example.com")[work]; got != "Work Mates" {
		t.Errorf("group %s is %q", work, got)
	}
	c.sendf("ADC 6 FL C=%s %s", carol, work)
	c.expectNext(fmt.Sprintf("ADC 6 FL C=%s %s", carol, work))
	if g := s.ContactGroups("alice@example.com", "carol@example.com"); !reflect.DeepEqual(g, []string{work}) {
		t.Errorf("carol's groups %v", g)
	}
	c.sendf("REG 7 %s Colleagues", work)
	c.expectNext(fmt.Sprintf("REG 7 1 Colleagues %s 0", work))
	c.sendf("ADG 8 Family")
	c.expectNext("ADG 8 Family ")
	c.sendf("REG 9 %s Family", work)
	c.expectNext("228 9")

	c.sendf("SYN 10 0 0")
	c.expectNext("SYN 10 2000-01-01T00:00:00.0-00:00 2000-01-01T00:00:00.0-00:00 2 3")
	c.expect("LSG Colleagues " + work)
	c.expect("LSG Family ")
	c.expect("LST N=bob@example.com ")
	c.expectNext(fmt.Sprintf("LST N=carol@example.com F=Carol C=%s 11 1 %s", carol, work))

	// Out of the group: still a contact.
	c.sendf("REM 11 FL %s %s", carol, work)
	c.expectNext(fmt.Sprintf("REM 11 FL %s %s", carol, work))
	if g := s.ContactGroups("alice@example.com", "carol@example.com"); g != nil {
		t.Errorf("carol still in %v", g)
	}
	if l := s.Lists("alice@example.com", "carol@example.com"); l != listFL|listAL|listRL {
		t.Errorf("carol's lists %d", l)
	}
	if l := s.Lists("carol@example.com", "alice@example.com"); l != listFL|listAL|listRL {
		t.Errorf("alice on carol's lists %d", l)
	}
	// A deleted group leaves its contacts in no group.
	c.sendf("ADC 12 FL C=%s %s", carol, work)
	c.expectNext("ADC 12 FL ")
	c.sendf("RMG 13 %s", work)
	c.expectNext("RMG 13 1 " + work)
	if _, ok := s.Groups("alice@example.com")[work]; ok {
		t.Error("the group is still there")
	}
	if g := s.ContactGroups("alice@example.com", "carol@example.com"); g != nil {
		t.Errorf("carol still in %v", g)
	}
}

// Adding and removing someone is told to them: ADC/REM RL before MSNP13,
// ADL/RML from MSNP13, each followed by a NOT about their address book.
// The contact sees the adder as pending until they acknowledge.
func TestReverseListNotices(t *testing.T) {
	for _, d := range []int{12, 15, 18} {
		t.Run(fmt.Sprintf("dave at MSNP%d", d), func(t *testing.T) {
			s := newTestServer(t, Options{})
			davesID := uuidOf(t, s, "dave@example.com")
			dave := login(t, s, "dave@example.com", "dave123", d, guidB)
			alice := login(t, s, "alice@example.com", "alice123", 12, "")
			alice.sendf("ADC 5 FL N=dave@example.com F=Dave")
			alice.expectNext("ADC 5 FL N=dave@example.com F=Dave C=" + davesID)
			if d < 13 {
				dave.expectNext("ADC 0 RL N=alice@example.com F=Alice")
			} else {
				ml := dave.expectPayload("ADL 0 ")
				if want := `<ml><d n="example.com"><c n="alice" t="1" l="8" f="Alice" /></d></ml>`; ml != want {
					t.Errorf("ADL payload %q, want %q", ml, want)
				}
			}
			not := dave.expectPayload("NOT ")
			for _, want := range []string{"&lt;Service&gt;ABCHInternal&lt;/Service&gt;", "&lt;CID&gt;" + cid(davesID) + "&lt;/CID&gt;", `name="dave@example.com"`, "\r\n"} {
				if !strings.Contains(not, want) {
					t.Errorf("NOT lacks %q: %q", want, not)
				}
			}
			if l := s.Lists("dave@example.com", "alice@example.com"); l != listRL|listPL {
				t.Errorf("alice on dave's lists: %d, want RL+PL", l)
			}

			alice.sendf("REM 6 FL %s", davesID)
			alice.expectNext("REM 6 FL " + davesID)
			if d < 13 {
				dave.expectNext("REM 0 RL alice@example.com")
			} else {
				ml := dave.expectPayload("RML 0 ")
				if want := `<ml><d n="example.com"><c n="alice" t="1" l="8" /></d></ml>`; ml != want {
					t.Errorf("RML payload %q, want %q", ml, want)
				}
			}
			dave.expectNext("NOT ")
			if l := s.Lists("dave@example.com", "alice@example.com"); l != 0 {
				t.Errorf("alice still on dave's lists: %d", l)
			}
			dave.expectQuiet(100 * time.Millisecond)
		})
	}
}

// A pending contact shows on PL (not RL) in SYN; adding them back
// announces them at once, and REM PL acknowledges.
func TestPendingContact(t *testing.T) {
	s := newTestServer(t, Options{})
	davesID := uuidOf(t, s, "dave@example.com")
	alice := login(t, s, "alice@example.com", "alice123", 12, "")
	alice.goOnline(5, "NLN", "0")
	dave := login(t, s, "dave@example.com", "dave123", 12, "")
	dave.goOnline(5, "NLN", "0")
	dave.sendf("ADC 6 FL N=alice@example.com F=Alice")
	dave.expect("ADC 6 FL N=alice@example.com F=Alice C=")
	alice.expectNext("ADC 0 RL N=dave@example.com F=Dave")
	alice.expectNext("NOT ")
	alice.sendf("SYN 6 0 0")
	alice.expectNext("SYN 6 ")
	alice.expect("LST N=dave@example.com F=Dave 16 1 ") // PL, no RL, no C= (not on FL)

	// Adding back: the contact's presence comes with the answer.
	alice.sendf("ADC 7 FL N=dave@example.com F=Dave")
	alice.expectNext("ADC 7 FL N=dave@example.com F=Dave C=" + davesID)
	alice.expectNext("ILN 7 NLN dave@example.com Dave 0 %3Cmsnobj%2F%3E")
	alice.expectNext("UBX dave@example.com ")
	dave.expect("ADC 0 RL N=alice@example.com F=Alice")
	alice.sendf("ADC 8 AL N=dave@example.com")
	alice.expectNext("ADC 8 AL N=dave@example.com")
	alice.sendf("ADC 9 RL N=dave@example.com") // acknowledging: no change
	alice.expectNext("ADC 9 RL N=dave@example.com")
	if l := s.Lists("alice@example.com", "dave@example.com"); l != listFL|listAL|listRL|listPL {
		t.Errorf("dave on alice's lists: %d", l)
	}
	alice.sendf("REM 10 PL dave@example.com")
	alice.expectNext("REM 10 PL dave@example.com")
	if l := s.Lists("alice@example.com", "dave@example.com"); l != listFL|listAL|listRL {
		t.Errorf("dave on alice's lists: %d", l)
	}
	alice.sendf("SYN 11 0 0")
	alice.expect(fmt.Sprintf("LST N=dave@example.com F=Dave C=%s 11 1 ", davesID))
}

// Blocking hides the blocker from the blocked at once; unblocking shows
// them again, in every dialect's presence format.
func TestBlockingChangesPresence(t *testing.T) {
	for _, tc := range []struct {
		d              int
		block, unblock func(c *rawClient, trid int)
		fln, nln       string
	}{
		{12,
			func(c *rawClient, trid int) { c.sendf("ADC %d BL N=bob@example.com", trid); c.expectNext("ADC ") },
			func(c *rawClient, trid int) { c.sendf("REM %d BL bob@example.com", trid); c.expectNext("REM ") },
			"FLN alice@example.com", "NLN NLN alice@example.com Alice 0 %3Cmsnobj%2F%3E"},
		{15,
			func(c *rawClient, trid int) {
				c.sendPayload(fmt.Sprintf("ADL %d", trid), `<ml><d n="example.com"><c n="bob" l="4" t="1" /></d></ml>`)
				c.expectNext(fmt.Sprintf("ADL %d OK", trid))
			},
			func(c *rawClient, trid int) {
				c.sendPayload(fmt.Sprintf("RML %d", trid), `<ml><d n="example.com"><c n="bob" l="4" t="1" /></d></ml>`)
				c.expectNext(fmt.Sprintf("RML %d OK", trid))
			},
			"FLN alice@example.com 1 0", "NLN NLN alice@example.com 1 Alice 0 %3Cmsnobj%2F%3E"},
	} {
		t.Run(fmt.Sprintf("MSNP%d", tc.d), func(t *testing.T) {
			s := newTestServer(t, Options{})
			bob := login(t, s, "bob@example.com", "bob123", tc.d, "")
			bob.goOnline(5, "NLN", "0")
			alice := login(t, s, "alice@example.com", "alice123", tc.d, "")
			alice.goOnline(5, "NLN", "0")
			bob.expectNext(tc.nln)

			tc.block(alice, 6)
			bob.expectNext(tc.fln)
			if l := s.Lists("alice@example.com", "bob@example.com"); l&listBL == 0 {
				t.Errorf("bob not on alice's BL: %d", l)
			}
			// Blocked, bob hears nothing of alice's changes.
			alice.sendf("CHG 7 BSY 0")
			alice.expectNext("CHG 7 BSY 0")
			bob.expectQuiet(100 * time.Millisecond)

			tc.unblock(alice, 8)
			bob.expectNext(strings.Replace(tc.nln, "NLN NLN", "NLN BSY", 1))
			bob.expectNext("UBX ") // as Escargot sends with a list change, from MSNP11
			seen := s.PresenceSeenBy("bob@example.com")
			if want := []string{"NLN alice@example.com", "FLN alice@example.com", "NLN alice@example.com"}; !reflect.DeepEqual(seen, want) {
				t.Errorf("bob saw %q, want %q", seen, want)
			}
		})
	}
}

package msntest

import (
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"
)

const (
	guidA = "11111111-2222-3333-4444-555555555555"
	guidB = "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee"
)

func TestSecondLoginBootsFirst(t *testing.T) {
	for _, d := range []int{12, 15} {
		t.Run(fmt.Sprintf("MSNP%d", d), func(t *testing.T) {
			s := newTestServer(t, Options{})
			first := login(t, s, "bob@example.com", "bob123", d, "")
			first.goOnline(5, "NLN", "0")
			alice := login(t, s, "alice@example.com", "alice123", d, "")
			alice.goOnline(5, "NLN", "0")

			second := login(t, s, "bob@example.com", "bob123", d, "")
			first.expect("OUT OTH") // after alice's NLN
			first.expectClosed()
			// The booted session went offline for its watchers.
			fln := "FLN bob@example.com"
			if d == 15 {
				fln += " 1 0"
			}
			alice.expectNext(fln)
			if got := s.Online("bob@example.com"); !reflect.DeepEqual(got, []string{fmt.Sprintf("MSNP%d", d)}) {
				t.Errorf("Online = %v", got)
			}
			if got := s.Logins("bob@example.com"); got != 2 {
				t.Errorf("Logins = %d, want 2", got)
			}
			second.sendf("PNG")
			second.expectNext("QNG 60")
		})
	}
}

func TestMPOPAt18(t *testing.T) {
	s := newTestServer(t, Options{})
	alice := login(t, s, "alice@example.com", "alice123", 18, guidB)
	alice.goOnline(5, "NLN", "2789003324:48")

	one := login(t, s, "bob@example.com", "bob123", 18, guidA)
	one.sendf("CHG 5 NLN 2789003324:48")
	one.expectNext("CHG 5 NLN 2789003324:48")
	one.expectNext("NLN NLN 1:alice@example.com Alice 2789003324:48 ")
	one.expectNext("UBX 1:alice@example.com ")
	one.expectNext("MSG Hotmail Hotmail 195")
	// Then its own presence.
	one.expectNext("NLN NLN 1:bob@example.com Bob 2789003324:48 %3Cmsnobj%2F%3E")
	_, ubx := one.expectNext("UBX 1:bob@example.com ")
	if !strings.Contains(string(ubx), `<EndpointData id="{`+guidA+`}">`) || !strings.Contains(string(ubx), "<PrivateEndpointData") {
		t.Errorf("own UBX: %s", ubx)
	}
	alice.expectNext("NLN NLN 1:bob@example.com Bob 2789003324:48 ")
	_, ubx = alice.expectNext("UBX 1:bob@example.com ")
	if strings.Contains(string(ubx), "PrivateEndpointData") {
		t.Errorf("a contact saw private endpoint data: %s", ubx)
	}

	// A second machine: both stay; MPOPEnabled 1.
	two := login(t, s, "bob@example.com", "bob123", 18, guidB)
	one.expectQuiet(200 * time.Millisecond)
	if got := s.Online("bob@example.com"); !reflect.DeepEqual(got, []string{"MSNP18", "MSNP18"}) {
		t.Fatalf("Online = %v", got)
	}
	two.sendf("CHG 5 HDN 2789003324:48")
	two.expect("MSG Hotmail Hotmail 195")
	// Both endpoints hear of the account's own (hidden) presence, listing
	// both endpoints.
	for _, c := range []*rawClient{one, two} {
		c.expectNext("NLN HDN 1:bob@example.com Bob ")
		_, ubx := c.expectNext("UBX 1:bob@example.com ")
		if !strings.Contains(string(ubx), guidA) || !strings.Contains(string(ubx), guidB) {
			t.Errorf("own UBX lacks an endpoint: %s", ubx)
		}
	}
	// The account went hidden: its contact sees it leave.
	alice.expectNext("FLN 1:bob@example.com 0:0")

	// The same machine again boots the sessions.
	three := login(t, s, "bob@example.com", "bob123", 18, strings.ToUpper(guidA))
	one.expectNext("OUT OTH")
	one.expectClosed()
	two.expectNext("OUT OTH")
	two.expectClosed()
	three.expectQuiet(100 * time.Millisecond)
	if got := s.Online("bob@example.com"); len(got) != 1 {
		t.Errorf("Online = %v", got)
	}
}

func TestMPOPDoesNotKeepOlderDialects(t *testing.T) {
	s := newTestServer(t, Options{})
	old := login(t, s, "bob@example.com", "bob123", 15, "")
	login(t, s, "bob@example.com", "bob123", 18, guidA)
	old.expectNext("OUT OTH")
	old.expectClosed()
}

func TestLoginFailures(t *testing.T) {
	s := newTestServer(t, Options{})
	tickets, _ := getTickets(t, s, "/RST.srf", "bob@example.com", "bob123", twnAddresses)
	bobTicket := tickets["messenger.msn.com"]

	cases := []struct {
		name  string
		lines []string
		want  string // a line expected after the answers to VER and USR I; "" for none
		close bool
	}{
		{"another user's ticket", []string{"VER 1 MSNP12 CVR0", "USR 3 TWN I alice@example.com", "USR 4 TWN S " + bobTicket}, "911 4", true},
		{"email case differs", []string{"VER 1 MSNP12 CVR0", "USR 3 TWN I BOB@example.com", "USR 4 TWN S " + bobTicket}, "911 4", true},
		{"bare token works", []string{"VER 1 MSNP12 CVR0", "USR 3 TWN I bob@example.com", "USR 4 TWN S " + tokenOfTicket(bobTicket)}, "MSG Hotmail Hotmail", false},
		{"no @", []string{"VER 1 MSNP12 CVR0", "USR 3 TWN I bob"}, "911 3", true},
		{"SSO at MSNP12", []string{"VER 1 MSNP12 CVR0", "USR 3 SSO I bob@example.com"}, "VER 1 MSNP12", true},
		{"TWN at MSNP15", []string{"VER 1 MSNP15 CVR0", "USR 3 TWN I bob@example.com"}, "VER 1 MSNP15", true},
		{"unknown auth", []string{"VER 1 MSNP12 CVR0", "USR 3 MD6 I bob@example.com"}, "911 3", true},
		{"second VER", []string{"VER 1 MSNP12 CVR0", "VER 2 MSNP12 CVR0"}, "715 2", true},
		{"CVR too short", []string{"VER 1 MSNP12 CVR0", "CVR 2 0x0409 winnt 5.1 i386 MSNMSGR"}, "VER 1 MSNP12", false},
		{"MSNP18 without a GUID", []string{"VER 1 MSNP18 CVR0", "USR 3 SSO I bob@example.com", "USR 4 SSO S " + bobTicket + " AAAA"}, "USR 3 SSO S", false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c := dial(t, s.NSAddr(), tc.name)
			for _, l := range tc.lines {
				c.send(l)
			}
			if tc.want != "" {
				c.expect(tc.want)
			}
			if tc.close {
				c.expectClosed()
			} else {
				c.expectQuiet(200 * time.Millisecond)
			}
		})
	}
}

func TestMBIRequiredAt18AndCheckedAt15(t *testing.T) {
	s := newTestServer(t, Options{})
	for _, tc := range []struct {
		dialect int
		resp    func(secret, nonce string) string
		suffix  string
		ok      bool
	}{
		{15, func(secret, nonce string) string { return mbiFor(t, secret, nonce) }, "", true},
		{15, func(secret, nonce string) string { return mbiFor(t, secret, strings.Repeat("x", 64)) }, "", false},
		{15, func(secret, nonce string) string { return "" }, "", true}, // MSIDCRL-style: no response
		{18, func(secret, nonce string) string { return mbiFor(t, secret, nonce) }, " {" + guidA + "}", true},
		{18, func(secret, nonce string) string { return mbiFor(t, secret, nonce) }, " not-a-guid", false},
		{18, func(secret, nonce string) string { return mbiFor(t, secret, nonce) }, " " + guidB, true}, // braces optional
	} {
		c := dial(t, s.NSAddr(), "mbi")
		c.sendf("VER 1 MSNP%d CVR0", tc.dialect)
		c.sendf("USR 3 SSO I carol@example.com")
		c.expectNext("VER 1 ")
		c.expectNext("GCF 0 ")
		line, _ := c.expectNext("USR 3 SSO S MBI_KEY_OLD ")
		nonce := strings.Fields(line)[5]
		tickets, secret := getTickets(t, s, "/RST.srf", "carol@example.com", "carol123", ssoAddresses)
		usr := "USR 4 SSO S " + tickets["messengerclear.live.com"]
		if r := tc.resp(secret, nonce); r != "" {
			usr += " " + r
		}
		c.send(usr + tc.suffix)
		if tc.ok {
			c.expectNext("USR 4 OK carol@example.com 1 0")
		} else {
			c.expectNext("911 4")
			c.expectClosed()
		}
		c.conn.Close()
	}
}

func TestKick(t *testing.T) {
	s := newTestServer(t, Options{})
	alice := login(t, s, "alice@example.com", "alice123", 12, "")
	alice.goOnline(5, "NLN", "0")
	bob := login(t, s, "bob@example.com", "bob123", 12, "")
	bob.goOnline(5, "NLN", "0")
	alice.expectNext("NLN NLN bob@example.com Bob 0 ")
	s.Kick("bob@example.com", "SSD")
	bob.expectNext("OUT SSD")
	bob.expectClosed()
	alice.expectNext("FLN bob@example.com")
	if len(s.Online("bob@example.com")) != 0 {
		t.Error("bob still online")
	}
	if got := s.PresenceSeenBy("alice@example.com"); !reflect.DeepEqual(got, []string{"NLN bob@example.com", "FLN bob@example.com"}) {
		t.Errorf("PresenceSeenBy(alice) = %q", got)
	}
}

// TestDrop: the connection closes with no OUT before it, and the account
// is signed out.
func TestDrop(t *testing.T) {
	s := newTestServer(t, Options{})
	bob := login(t, s, "bob@example.com", "bob123", 12, "")
	bob.goOnline(5, "NLN", "0")
	s.Drop("bob@example.com")
	bob.expectClosed()
	if len(s.Online("bob@example.com")) != 0 {
		t.Error("bob still online")
	}
}

package msntest

import (
	"strings"
	"testing"
	"time"
)

// selfSwitchboard signs alice in (hidden, as msn send is) at dialect d and
// opens a switchboard; it returns the NS and SB connections.
func selfSwitchboard(t *testing.T, s *Server, d int, guid string) (nsConn, sb *rawClient) {
	t.Helper()
	nsConn = login(t, s, "alice@example.com", "alice123", d, guid)
	nsConn.goOnline(5, "HDN", caps(d))
	nsConn.sendf("XFR 6 SB")
	line, _ := nsConn.expect("XFR 6 SB ")
	sb = dial(t, s.SBAddr(), "alice-sb")
	self := endpointFor("alice@example.com", d, guid)
	sb.sendf("USR 1 %s %s", self, strings.Fields(line)[5])
	sb.expectNext("USR 1 OK " + self + " Alice")
	return nsConn, sb
}

// TestSBCallSelf: NOTES.md quirk 26. At MSNP18 CAL to oneself answers
// RINGING and the caller's own bare JOI, then nothing unless another
// endpoint of the account answers the RNG it was sent; at MSNP15 it is
// 215.
func TestSBCallSelf(t *testing.T) {
	t.Run("MSNP18 alone", func(t *testing.T) {
		s := newTestServer(t, Options{})
		_, sb := selfSwitchboard(t, s, 18, guidA)
		sb.sendf("CAL 2 alice@example.com")
		sb.expectNext("CAL 2 RINGING ")
		sb.expectNext("JOI alice@example.com Alice ")
		sb.expectQuiet(200 * time.Millisecond)
	})
	t.Run("MSNP18 with another endpoint", func(t *testing.T) {
		s := newTestServer(t, Options{})
		other := login(t, s, "alice@example.com", "alice123", 18, guidB)
		other.goOnline(5, "NLN", caps(18))
		_, sb := selfSwitchboard(t, s, 18, guidA)
		sb.sendf("CAL 2 alice@example.com")
		line, _ := other.expect("RNG ")
		f := strings.Fields(line)
		sb.expectNext("CAL 2 RINGING " + f[1])
		sb.expectNext("JOI alice@example.com Alice ")
		desk := dial(t, s.SBAddr(), "alice-desktop-sb")
		desk.sendf("ANS 1 alice@example.com;{%s} %s %s", guidB, f[4], f[1])
		desk.expectNext("IRO 1 1 2 alice@example.com;{" + guidA + "} Alice ")
		sb.expectNext("JOI alice@example.com;{" + guidB + "} Alice ")
		sb.sendPayload("MSG 3 A", textMessage("note to self"))
		sb.expectNext("ACK 3")
		if _, payload := desk.expect("MSG alice@example.com Alice "); string(payload) != textMessage("note to self") {
			t.Fatalf("the other endpoint got %q", payload)
		}
	})
	t.Run("MSNP15", func(t *testing.T) {
		s := newTestServer(t, Options{})
		_, sb := selfSwitchboard(t, s, 15, "")
		sb.sendf("CAL 2 alice@example.com")
		sb.expectNext("215 2")
	})
}

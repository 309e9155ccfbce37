package msntest

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

func textMessage(body string) string {
	return "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=UTF-8\r\n\r\n" + body
}

// endpoint is how a test user signs in to the SB at dialect d.
func endpointFor(email string, d int, guid string) string {
	if d >= 16 {
		return email + ";{" + guid + "}"
	}
	return email
}

// sbPair signs alice and bob in at dialect d, has alice open a
// switchboard and invite bob, and returns both SB connections after the
// joins were announced.
func sbPair(t *testing.T, s *Server, d int) (alice, bob *rawClient) {
	t.Helper()
	ans := login(t, s, "alice@example.com", "alice123", d, guidA)
	ans.goOnline(5, "NLN", caps(d))
	bns := login(t, s, "bob@example.com", "bob123", d, guidB)
	bns.goOnline(5, "NLN", caps(d))

	ans.sendf("XFR 6 SB")
	line, _ := ans.expect("XFR 6 SB ")
	cookie := strings.Fields(line)[5]
	alice = dial(t, s.SBAddr(), "alice-sb")
	alice.sendf("USR 1 %s %s", endpointFor("alice@example.com", d, guidA), cookie)
	alice.expectNext("USR 1 OK " + endpointFor("alice@example.com", d, guidA) + " Alice")
	alice.sendf("CAL 2 bob@example.com")
	line, _ = alice.expectNext("CAL 2 RINGING ")
	sessID := strings.Fields(line)[3]
	if len(sessID) != 31 {
		t.Fatalf("session id %q is not 31 characters", sessID)
	}
	rng, _ := bns.expect("RNG " + sessID + " " + s.SBAddr() + " CKI ")
	f := strings.Fields(rng)
	if f[5] != "alice@example.com" || f[6] != "Alice" {
		t.Fatalf("RNG %q", rng)
	}
	bob = dial(t, s.SBAddr(), "bob-sb")
	bob.sendf("ANS 1 %s %s %s", endpointFor("bob@example.com", d, guidB), f[4], sessID)
	bob.expect("ANS 1 OK")
	if d >= 16 {
		bob.expectNext("JOI bob@example.com Bob ")
	}
	alice.expectNext("JOI " + endpointFor("bob@example.com", d, guidB) + " Bob")
	if d >= 16 {
		alice.expectNext("JOI bob@example.com Bob ")
	}
	return alice, bob
}

func TestSBMessages(t *testing.T) {
	s := newTestServer(t, Options{})
	alice, bob := sbPair(t, s, 12)
	for i, mode := range []string{"A", "D", "N", "U"} {
		trid := 3 + i
		alice.sendPayload(fmt.Sprintf("MSG %d %s", trid, mode), textMessage("mode "+mode))
		if mode == "A" || mode == "D" {
			alice.expectNext(fmt.Sprintf("ACK %d", trid))
		}
		line, payload := bob.expectNext("MSG alice@example.com Alice ")
		if string(payload) != textMessage("mode "+mode) || !strings.HasSuffix(line, fmt.Sprint(len(payload))) {
			t.Errorf("%s: relayed %q %q", mode, line, payload)
		}
	}
	alice.expectQuiet(200 * time.Millisecond) // no ACK for N and U, never NAK
	if got := s.Received("bob@example.com"); len(got) != 4 || got[0].Params[0] != "alice@example.com" {
		t.Errorf("Received(bob) = %v", got)
	}
	if got := s.Received("alice@example.com"); len(got) != 0 {
		t.Errorf("Received(alice) = %v", got)
	}

	// The size limit: 1664 bytes pass, 1665 close the sender's connection.
	max := textMessage(strings.Repeat("x", 1664-len(textMessage(""))))
	alice.sendPayload("MSG 9 A", max)
	alice.expectNext("ACK 9")
	bob.expectNext("MSG alice@example.com Alice 1664")
	alice.sendPayload("MSG 10 A", max+"x")
	alice.expectClosed()
	bob.expectNext("BYE alice@example.com")
	// Alone now, bob still gets ACKs.
	bob.sendPayload("MSG 2 A", textMessage("anyone?"))
	bob.expectNext("ACK 2")
}

func TestSBCallErrors(t *testing.T) {
	s := newTestServer(t, Options{})
	s.AddAccount("dave@example.com", "dave123", "Dave")
	s.AddContact("alice@example.com", "dave@example.com")
	ns := login(t, s, "alice@example.com", "alice123", 15, "")
	ns.goOnline(5, "NLN", "0")
	hidden := login(t, s, "dave@example.com", "dave123", 15, "")
	hidden.goOnline(5, "HDN", "0")
	ns.sendf("XFR 6 SB")
	line, _ := ns.expect("XFR 6 SB ")
	sb := dial(t, s.SBAddr(), "sb")
	sb.sendf("USR 1 alice@example.com %s", strings.Fields(line)[5])
	sb.expectNext("USR 1 OK alice@example.com Alice")
	sb.sendf("CAL 2 carol@example.com") // offline
	sb.expectNext("217 2")
	sb.sendf("CAL 3 nobody@example.com") // unknown
	sb.expectNext("217 3")
	sb.sendf("CAL 4 dave@example.com") // hidden
	sb.expectNext("217 4")
	sb.sendf("CAL 5 dave")
	sb.expectNext("208 5")
	hidden.expectQuiet(100 * time.Millisecond) // no RNG
}

func TestSBAuthentication(t *testing.T) {
	s := newTestServer(t, Options{})
	ns := login(t, s, "alice@example.com", "alice123", 12, "")
	ns.goOnline(5, "NLN", "0")
	ns.sendf("XFR 6 SB")
	line, _ := ns.expect("XFR 6 SB ")
	cookie := strings.Fields(line)[5]

	bad := dial(t, s.SBAddr(), "wrong user")
	bad.sendf("USR 1 bob@example.com %s", cookie)
	bad.expectNext("911 1")
	bad.expectClosed()
	// The cookie was used up by that attempt.
	again := dial(t, s.SBAddr(), "reuse")
	again.sendf("USR 1 alice@example.com %s", cookie)
	again.expectNext("911 1")
	again.expectClosed()
	// An XFR cookie does not answer a RNG.
	ns.sendf("XFR 7 SB")
	line, _ = ns.expect("XFR 7 SB ")
	ans := dial(t, s.SBAddr(), "ans")
	ans.sendf("ANS 1 alice@example.com %s 0123456789abcdef0123456789abcde", strings.Fields(line)[5])
	ans.expectNext("911 1")
	ans.expectClosed()
	// Before authenticating, nothing else is answered.
	quiet := dial(t, s.SBAddr(), "quiet")
	quiet.sendf("CAL 1 bob@example.com")
	quiet.expectQuiet(200 * time.Millisecond)
}

func TestSBMixedDialects(t *testing.T) {
	s := newTestServer(t, Options{})
	ans := login(t, s, "alice@example.com", "alice123", 18, guidA)
	ans.goOnline(5, "NLN", caps(18))
	bns := login(t, s, "bob@example.com", "bob123", 12, "")
	bns.goOnline(5, "NLN", "0")
	ans.sendf("XFR 6 SB")
	line, _ := ans.expect("XFR 6 SB ")
	alice := dial(t, s.SBAddr(), "alice-sb")
	alice.sendf("USR 1 alice@example.com;{%s} %s", guidA, strings.Fields(line)[5])
	alice.expectNext("USR 1 OK alice@example.com;{" + guidA + "} Alice")
	alice.sendf("CAL 2 bob@example.com")
	rng, _ := bns.expect("RNG ")
	f := strings.Fields(rng)
	if len(f) != 7 {
		t.Fatalf("MSNP12 RNG: %q", rng)
	}
	bob := dial(t, s.SBAddr(), "bob-sb")
	bob.sendf("ANS 1 bob@example.com %s %s", f[4], f[1])
	bob.expectNext("IRO 1 1 1 alice@example.com Alice 2789003324")
	bob.expectNext("ANS 1 OK")
	alice.expect("JOI bob@example.com Bob 0:0")
	alice.expectQuiet(100 * time.Millisecond) // no endpoint duplicate for a user without one
	alice.sendPayload("MSG 3 N", textMessage("hi"))
	bob.expectNext("MSG alice@example.com Alice ")
	bob.sendf("OUT")
	bob.expectClosed()
	alice.expectNext("BYE bob@example.com")
	alice.expectQuiet(100 * time.Millisecond)
}

// TestSBClosesOnP2PWithoutModeD: Escargot takes MSNP2P only with ack mode
// D and closes the connection of a client that sends it otherwise.
func TestSBClosesOnP2PWithoutModeD(t *testing.T) {
	s := newTestServer(t, Options{})
	ans := login(t, s, "alice@example.com", "alice123", 18, guidA)
	ans.goOnline(5, "NLN", caps(18))
	ans.sendf("XFR 6 SB")
	line, _ := ans.expect("XFR 6 SB ")
	alice := dial(t, s.SBAddr(), "alice-sb")
	alice.sendf("USR 1 alice@example.com;{%s} %s", guidA, strings.Fields(line)[5])
	alice.expectNext("USR 1 OK alice@example.com;{" + guidA + "} Alice")
	p2pMsg := "MIME-Version: 1.0\r\nContent-Type: application/x-msnmsgrp2p\r\nP2P-Dest: bob@example.com\r\n\r\n" + strings.Repeat("\x00", 52)
	alice.sendPayload("MSG 2 D", p2pMsg)
	alice.expectNext("ACK 2")
	alice.sendPayload("MSG 3 A", p2pMsg)
	alice.expectClosed()
}

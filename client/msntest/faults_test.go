package msntest

import (
	"strings"
	"testing"
	"time"
)

func TestFaultCloseConn(t *testing.T) {
	s := newTestServer(t, Options{})
	s.Inject(Fault{Server: "NS", Command: "USR", Nth: 2, Action: CloseConn})
	tickets, _ := getTickets(t, s, "/RST.srf", "bob@example.com", "bob123", twnAddresses)
	c := dial(t, s.NSAddr(), "close")
	c.send("VER 1 MSNP12 CVR0")
	c.send("USR 2 TWN I bob@example.com")
	c.send("USR 3 TWN S " + tickets["messenger.msn.com"])
	c.expectNext("VER 1 MSNP12")
	c.expectNext("USR 2 TWN S ")
	c.expectClosed()
	if s.Logins("bob@example.com") != 0 {
		t.Error("the faulted USR logged in")
	}
	// Counts are per connection: a new one is faulted again, until cleared.
	c2 := dial(t, s.NSAddr(), "again")
	c2.send("VER 1 MSNP12 CVR0")
	c2.send("USR 2 TWN I bob@example.com")
	c2.send("USR 3 TWN S " + tickets["messenger.msn.com"])
	c2.expect("USR 2 TWN S ")
	c2.expectClosed()
	s.ClearFaults()
	login(t, s, "bob@example.com", "bob123", 12, "")
}

func TestFaultReplyError(t *testing.T) {
	s := newTestServer(t, Options{})
	c := login(t, s, "alice@example.com", "alice123", 15, "")
	s.Inject(Fault{Server: "NS", Command: "CHG", Action: ReplyError, Code: 500})
	c.sendf("CHG 5 NLN 0")
	c.expectNext("500 5")
	c.sendf("CHG 6 NLN 0")
	c.expectNext("500 6")
	c.sendf("PNG")
	c.expectNext("QNG 60") // the connection is still usable
	s.ClearFaults()
	c.goOnline(7, "NLN", "0")
}

func TestFaultSilence(t *testing.T) {
	s := newTestServer(t, Options{})
	c := login(t, s, "alice@example.com", "alice123", 12, "")
	c.goOnline(5, "NLN", "0")
	s.Inject(Fault{Server: "NS", Command: "XFR", Nth: 1, Action: Silence})
	c.sendf("XFR 6 SB")
	c.expectQuiet(200 * time.Millisecond)
	c.sendf("XFR 7 SB") // only the first one was faulted
	c.expectNext("XFR 7 SB ")
}

func TestFaultAnyCommand(t *testing.T) {
	s := newTestServer(t, Options{})
	s.Inject(Fault{Server: "NS", Nth: 2, Action: ReplyError, Code: 911})
	s.Inject(Fault{Server: "SB", Action: CloseConn}) // other server: no effect on NS
	c := dial(t, s.NSAddr(), "any")
	c.send("VER 1 MSNP12 CVR0")
	c.send("CVR 2 0x0409 winnt 5.1 i386 MSNMSGR 7.5.0324 msmsgs bob@example.com")
	c.send("USR 3 TWN I bob@example.com")
	c.expectNext("VER 1 MSNP12")
	c.expectNext("911 2")
	c.expectNext("USR 3 TWN S ")
}

func TestFaultOnSwitchboard(t *testing.T) {
	s := newTestServer(t, Options{})
	alice, bob := sbPair(t, s, 12)
	s.Inject(Fault{Server: "SB", Command: "MSG", Nth: 2, Action: CloseConn})
	alice.sendPayload("MSG 3 A", textMessage("one"))
	alice.expectNext("ACK 3")
	bob.expectNext("MSG alice@example.com Alice ")
	alice.sendPayload("MSG 4 A", textMessage("two"))
	alice.expectClosed()
	bob.expectNext("BYE alice@example.com")
	if got := s.Received("bob@example.com"); len(got) != 1 || !strings.HasSuffix(string(got[0].Payload), "one") {
		t.Errorf("Received(bob) = %v", got)
	}
}

func TestDelayStillAnswers(t *testing.T) {
	s := newTestServer(t, Options{Delay: 20 * time.Millisecond})
	alice := login(t, s, "alice@example.com", "alice123", 18, guidA)
	alice.goOnline(5, "NLN", "2789003324:48")
	// Pipelined commands are answered in order.
	alice.send("PNG\r\nXFR 6 SB\r\nPRP 7 MFN Al")
	alice.expectNext("QNG 60")
	alice.expectNext("XFR 6 SB ")
	alice.expectNext("PRP 7 MFN Al")
	bob := login(t, s, "bob@example.com", "bob123", 12, "")
	bob.goOnline(5, "NLN", "0")
	alice.expectNext("NLN NLN 1:bob@example.com Bob 0:0 ")
	if s.SOAPTotal() != 2 {
		t.Errorf("SOAPTotal = %d", s.SOAPTotal())
	}
}

func TestCloseWithPendingReplies(t *testing.T) {
	s, err := New(Options{Delay: time.Hour})
	if err != nil {
		t.Fatal(err)
	}
	c := dial(t, s.NSAddr(), "pending")
	c.send("VER 1 MSNP12 CVR0")
	done := make(chan struct{})
	go func() {
		// An HTTP request waiting out its delay must not hold Close up.
		s.HTTPClient().Post(s.ServicesURL()+"/RST.srf", "text/xml", strings.NewReader(""))
		close(done)
	}()
	time.Sleep(100 * time.Millisecond)
	closed := make(chan struct{})
	go func() {
		s.Close()
		s.Close()
		close(closed)
	}()
	select {
	case <-closed:
	case <-time.After(10 * time.Second):
		t.Fatal("Close blocked on a delayed reply")
	}
	c.expectClosed()
	<-done
}

func TestFaultTimesBoundsFiringAcrossConnections(t *testing.T) {
	s := newTestServer(t, Options{})
	s.Inject(Fault{Server: "NS", Command: "VER", Nth: 1, Times: 1, Action: CloseConn})
	c := dial(t, s.NSAddr(), "first")
	c.send("VER 1 MSNP18 CVR0")
	c.expectClosed()
	for _, name := range []string{"second", "third"} {
		c := dial(t, s.NSAddr(), name)
		c.send("VER 1 MSNP18 CVR0")
		c.expectNext("VER 1 MSNP18")
	}
}

func TestFaultReplyNAK(t *testing.T) {
	s := newTestServer(t, Options{})
	c := login(t, s, "alice@example.com", "alice123", 15, "")
	s.Inject(Fault{Server: "NS", Command: "BLP", Action: ReplyNAK})
	c.sendf("BLP 6 AL")
	c.expectNext("NAK 6")
}

func TestFaultSignOut(t *testing.T) {
	s := newTestServer(t, Options{})
	c := login(t, s, "alice@example.com", "alice123", 12, "")
	s.Inject(Fault{Server: "NS", Command: "CHG", Action: SignOut})
	c.sendf("CHG 5 NLN 0")
	c.expectNext("OUT OTH")
	c.expectClosed()
}

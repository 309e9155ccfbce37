package sb_test

import (
	"context"
	"errors"
	"net/url"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/msn-cli/msn/client/msnp"
	"github.com/msn-cli/msn/client/msntest"
	"github.com/msn-cli/msn/client/msntest/peer"
	"github.com/msn-cli/msn/client/ns"
	"github.com/msn-cli/msn/client/passport"
	"github.com/msn-cli/msn/client/sb"
	"github.com/msn-cli/msn/client/soap"
)

func ctxT(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	t.Cleanup(cancel)
	return ctx
}

// world is alice (the caller, logged in) and a visible bob who answers.
func world(t *testing.T, d ns.Dialect) (*msntest.Server, *ns.Session, *peer.Peer) {
	t.Helper()
	srv, err := msntest.New(msntest.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(srv.Close)
	srv.AddAccount("alice@example.com", "alice123", "Alice")
	srv.AddAccount("bob@example.com", "bob123", "Bob")
	srv.AddAccount("carol@example.com", "carol123", "Carol")
	srv.AddContact("alice@example.com", "bob@example.com")
	srv.AddContact("alice@example.com", "carol@example.com")
	bob, err := peer.Start(ctxT(t), peer.Config{Server: srv.NSAddr(), Services: srv.ServicesURL(), HTTP: srv.HTTPClient(),
		Account: "bob@example.com", Password: "bob123", Dialect: d})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(bob.Close)
	base, _ := url.Parse(srv.ServicesURL())
	alice, err := ns.Login(ctxT(t), ns.Config{Server: srv.NSAddr(), Account: "alice@example.com",
		Password: func(context.Context) (string, error) { return "alice123", nil },
		Passport: &passport.Client{SOAP: &soap.Client{HTTP: srv.HTTPClient(), Base: base}},
		Dialects: []ns.Dialect{d}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { alice.Logout(context.Background()) })
	return srv, alice, bob
}

func call(t *testing.T, alice *ns.Session, who string) (*sb.Switchboard, error) {
	t.Helper()
	addr, cookie, err := alice.OpenSwitchboard(ctxT(t))
	if err != nil {
		t.Fatal(err)
	}
	return sb.Call(ctxT(t), sb.Config{Addr: addr, Cookie: cookie, Self: alice.Endpoint()}, who)
}

func TestCallJoinSendAcrossDialects(t *testing.T) {
	for _, d := range ns.Dialects() {
		t.Run(d.String(), func(t *testing.T) {
			srv, alice, bob := world(t, d)
			s, err := call(t, alice, "bob@example.com")
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close(ctxT(t))
			if err := s.WaitJoin(ctxT(t), "bob@example.com"); err != nil {
				t.Fatal(err)
			}
			if got := s.Members(); len(got) != 1 || got[0] != "bob@example.com" {
				t.Fatalf("members %v (duplicate MSNP18 JOI lines must fold into one)", got)
			}
			texts := []string{"hello", "grüße, 世界 🌍", strings.Repeat("x", sb.MaxText)}
			for _, text := range texts {
				if _, err := s.Send(ctxT(t), sb.TextPayload(text)); err != nil {
					t.Fatal(err)
				}
			}
			got := bob.WaitTexts(ctxT(t), len(texts))
			if len(got) != len(texts) {
				t.Fatalf("bob got %d messages: %q", len(got), got)
			}
			for i := range texts {
				if got[i] != texts[i] {
					t.Errorf("message %d arrived as %q", i, got[i])
				}
			}
			if m := bob.Messages()[0]; m.From != "alice@example.com" || m.Friendly != "Alice" {
				t.Errorf("sender %q %q", m.From, m.Friendly)
			}
			if n := len(srv.Received("bob@example.com")); n != len(texts) {
				t.Errorf("server relayed %d messages to bob", n)
			}
			if errs := bob.Errors(); len(errs) > 0 {
				t.Errorf("bob: %v", errs)
			}
		})
	}
}

func TestCallOfflineOrUnknownIs217(t *testing.T) {
	_, alice, _ := world(t, ns.MSNP18)
	for _, who := range []string{"carol@example.com", "nobody@example.com"} {
		_, err := call(t, alice, who)
		if !errors.Is(err, msnp.ErrNotOnline) {
			t.Errorf("%s: err = %v, want ErrNotOnline", who, err)
		}
	}
}

func TestOversizedMessageRefusedBeforeSending(t *testing.T) {
	_, alice, _ := world(t, ns.MSNP15)
	s, err := call(t, alice, "bob@example.com")
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close(ctxT(t))
	if _, err := s.Send(ctxT(t), sb.TextPayload(strings.Repeat("y", sb.MaxText+1))); err == nil {
		t.Fatal("a payload over 1664 bytes was sent")
	}
	// The connection survived: the server closes it on such a payload.
	if err := s.WaitJoin(ctxT(t), "bob@example.com"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Send(ctxT(t), sb.TextPayload("still here")); err != nil {
		t.Fatal(err)
	}
}

func TestDroppedSwitchboardFailsTheSend(t *testing.T) {
	srv, alice, _ := world(t, ns.MSNP18)
	s, err := call(t, alice, "bob@example.com")
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close(ctxT(t))
	if err := s.WaitJoin(ctxT(t), "bob@example.com"); err != nil {
		t.Fatal(err)
	}
	srv.Inject(msntest.Fault{Server: "SB", Command: "MSG", Action: msntest.CloseConn})
	if _, err := s.Send(ctxT(t), sb.TextPayload("lost")); err == nil {
		t.Fatal("a message on a dropped switchboard reported success")
	}
}

func TestSplitKeepsTextAndUTF8(t *testing.T) {
	text := strings.Repeat("héllo wörld ", 300) + strings.Repeat("界", 700) + "end"
	for _, limit := range []int{1, 4, 7, 100, sb.MaxText} {
		parts := sb.Split(text, limit)
		if strings.Join(parts, "") != text {
			t.Fatalf("limit %d: parts do not join back to the text", limit)
		}
		for _, p := range parts {
			if len(p) > max(limit, 4) || !utf8Valid(p) {
				t.Fatalf("limit %d: part of %d bytes, valid UTF-8 %v", limit, len(p), utf8Valid(p))
			}
		}
	}
	if got := sb.Split("", 10); len(got) != 0 {
		t.Fatalf("empty text split into %q", got)
	}
	if got := sb.Split("aaaa bbbb", 6); got[0] != "aaaa " {
		t.Fatalf("did not prefer the space: %q", got)
	}
}

func utf8Valid(s string) bool { return utf8.ValidString(s) }

// TestAckSaysWhomTheMessageReached: the server acknowledges a message
// whoever is present, even nobody (NOTES.md quirk 27), so the Ack names
// those present when it was read: bob for the first message (he leaves
// only after it arrived, and the server says BYE after the ACK, quirk
// 28), nobody for the one sent after his BYE.
func TestAckSaysWhomTheMessageReached(t *testing.T) {
	for _, d := range ns.Dialects() {
		t.Run(d.String(), func(t *testing.T) {
			srv, alice, _ := world(t, d)
			bob, err := peer.Start(ctxT(t), peer.Config{Server: srv.NSAddr(), Services: srv.ServicesURL(), HTTP: srv.HTTPClient(),
				Account: "carol@example.com", Password: "carol123", Dialect: d, LeaveOnMessage: true})
			if err != nil {
				t.Fatal(err)
			}
			defer bob.Close()
			s, err := call(t, alice, "carol@example.com")
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close(ctxT(t))
			if err := s.WaitJoin(ctxT(t), "carol@example.com"); err != nil {
				t.Fatal(err)
			}
			ack, err := s.Send(ctxT(t), sb.TextPayload("one"))
			if err != nil {
				t.Fatal(err)
			}
			if !ack.Reaches("carol@example.com") || !ack.Reaches("CAROL@example.com") || len(ack.Reached) != 1 {
				t.Fatalf("first ack reached %v, want carol (she left after it arrived)", ack.Reached)
			}
			left := ctxT(t)
			for len(s.Members()) != 0 {
				select {
				case <-left.Done():
					t.Fatalf("carol never left; her errors: %v", bob.Errors())
				case <-time.After(time.Millisecond):
				}
			}
			ack, err = s.Send(ctxT(t), sb.TextPayload("two"))
			if err != nil {
				t.Fatalf("the server acknowledges an empty switchboard's message too, got %v", err)
			}
			if len(ack.Reached) != 0 || ack.Reaches("carol@example.com") {
				t.Fatalf("a message sent after carol left reached %v", ack.Reached)
			}
			if got := bob.Texts(); len(got) != 1 || got[0] != "one" {
				t.Fatalf("carol got %q", got)
			}
		})
	}
}

package ns

import (
	"errors"
	"testing"
	"time"

	"github.com/msn-cli/msn/client/conn"
	"github.com/msn-cli/msn/client/msntest"
)

// events collects what a Handler is told.
type events struct {
	presence, own chan Presence
	signedOut     chan error
}

func newEvents() *events {
	return &events{presence: make(chan Presence, 100), own: make(chan Presence, 100), signedOut: make(chan error, 1)}
}

func (e *events) handler() Handler {
	return Handler{
		Presence:  func(p Presence) { e.presence <- p },
		Own:       func(p Presence) { e.own <- p },
		SignedOut: func(err error) { e.signedOut <- err },
	}
}

// next waits for the first presence on ch that satisfies cond.
func next(t *testing.T, ch <-chan Presence, what string, cond func(Presence) bool) Presence {
	t.Helper()
	timeout := time.After(10 * time.Second)
	for {
		select {
		case p := <-ch:
			if cond(p) {
				return p
			}
		case <-timeout:
			t.Fatalf("never told %s", what)
		}
	}
}

// TestHandlerToldContactsPresence: at every dialect a watcher's Handler
// is told a contact coming online, their personal message, and their
// going (the name and message still known); its own presence where the
// dialect shows it; and a sign-out by another login.
func TestHandlerToldContactsPresence(t *testing.T) {
	for _, d := range Dialects() {
		t.Run(d.String(), func(t *testing.T) {
			srv := newServer(t, msntest.Options{})
			ev := newEvents()
			cfg := config(t, srv, "bob@example.com", "bob123", d)
			cfg.Handler = ev.handler()
			bob, err := Login(ctxT(t), cfg)
			if err != nil {
				t.Fatal(err)
			}
			defer bob.Logout(ctxT(t))
			if err := bob.SetPresence(ctxT(t), StatusOnline); err != nil {
				t.Fatal(err)
			}
			alice, err := Login(ctxT(t), config(t, srv, "alice@example.com", "alice123", d))
			if err != nil {
				t.Fatal(err)
			}
			if err := alice.SetPresence(ctxT(t), "BSY"); err != nil {
				t.Fatal(err)
			}
			p := next(t, ev.presence, "alice busy", func(p Presence) bool { return p.Status == "BSY" })
			if p.Email != "alice@example.com" || p.Name != "Alice" || !p.Online() {
				t.Fatalf("told %+v", p)
			}
			psm := "café & <3"
			if _, err := alice.SetProfile(ctxT(t), nil, &psm); err != nil {
				t.Fatal(err)
			}
			next(t, ev.presence, "alice's message", func(p Presence) bool { return p.Message == psm })
			alice.Logout(ctxT(t))
			p = next(t, ev.presence, "alice gone", func(p Presence) bool { return !p.Online() })
			if p.Status != StatusOffline || p.Name != "Alice" || p.Message != psm {
				t.Fatalf("told %+v", p)
			}
			if d.SelfPresence {
				own := next(t, ev.own, "bob's own presence", func(p Presence) bool { return p.Status == StatusOnline })
				if own.Email != "bob@example.com" || own.Name != "Bob" {
					t.Fatalf("own %+v", own)
				}
			}
			srv.Kick("bob@example.com", "OTH")
			select {
			case err := <-ev.signedOut:
				var out *conn.OutError
				if !errors.As(err, &out) || out.Reason != "OTH" {
					t.Fatalf("signed out with %v", err)
				}
			case <-time.After(10 * time.Second):
				t.Fatal("never told of the sign-out")
			}
		})
	}
}

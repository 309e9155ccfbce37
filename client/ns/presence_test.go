package ns

import (
	"testing"

	"github.com/msn-cli/msn/client/msntest"
)

// TestContactPresenceSignalsChanges: a session watching a contact learns
// that the contact came online and then went, each through the channel
// ContactPresence handed out before the change, at every dialect.
func TestContactPresenceSignalsChanges(t *testing.T) {
	for _, d := range Dialects() {
		t.Run(d.String(), func(t *testing.T) {
			srv := newServer(t, msntest.Options{})
			bob, err := Login(ctxT(t), config(t, srv, "bob@example.com", "bob123", d))
			if err != nil {
				t.Fatal(err)
			}
			defer bob.Logout(ctxT(t))
			if err := bob.SetPresence(ctxT(t), StatusOnline); err != nil {
				t.Fatal(err)
			}
			online, changed := bob.ContactPresence("Alice@example.com")
			if online {
				t.Fatal("alice is online before she signed in")
			}
			alice, err := Login(ctxT(t), config(t, srv, "alice@example.com", "alice123", d))
			if err != nil {
				t.Fatal(err)
			}
			if err := alice.SetPresence(ctxT(t), StatusOnline); err != nil {
				t.Fatal(err)
			}
			waitPresence(t, bob, "alice@example.com", changed, true)
			_, changed = bob.ContactPresence("alice@example.com")
			alice.Logout(ctxT(t))
			waitPresence(t, bob, "alice@example.com", changed, false)
		})
	}
}

// waitPresence waits on changed (and the changes after it) until the
// contact's presence is want.
func waitPresence(t *testing.T, s *Session, who string, changed <-chan struct{}, want bool) {
	t.Helper()
	ctx := ctxT(t)
	for {
		select {
		case <-changed:
		case <-ctx.Done():
			t.Fatalf("%s never became online=%v", who, want)
		}
		var online bool
		if online, changed = s.ContactPresence(who); online == want {
			return
		}
	}
}

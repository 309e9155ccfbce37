package inbox

import (
	"context"
	"net/url"
	"slices"
	"testing"
	"time"

	"github.com/msn-cli/msn/client/im"
	"github.com/msn-cli/msn/client/msntest"
	"github.com/msn-cli/msn/client/msntest/peer"
	"github.com/msn-cli/msn/client/ns"
	"github.com/msn-cli/msn/client/rsi"
	"github.com/msn-cli/msn/client/soap"
)

func ctxT(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	t.Cleanup(cancel)
	return ctx
}

// world is a server with alice and bob, and bob's inbox.
type world struct {
	srv      *msntest.Server
	services *soap.Client
	d        ns.Dialect
}

func newWorld(t *testing.T, d ns.Dialect) *world {
	srv, err := msntest.New(msntest.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(srv.Close)
	srv.AddAccount("alice@example.com", "alice123", "Alice")
	srv.AddAccount("bob@example.com", "bob123", "Bob")
	srv.AddContact("alice@example.com", "bob@example.com")
	base, err := url.Parse(srv.ServicesURL())
	if err != nil {
		t.Fatal(err)
	}
	return &world{srv: srv, services: &soap.Client{HTTP: srv.HTTPClient(), Base: base}, d: d}
}

// login signs account in with h, at the world's dialect.
func (w *world) login(t *testing.T, account, password string, h ns.Handler) *ns.Session {
	t.Helper()
	sess, err := peer.Login(ctxT(t), peer.Config{Server: w.srv.NSAddr(), Services: w.srv.ServicesURL(), HTTP: w.srv.HTTPClient(),
		Account: account, Password: password, Dialect: w.d, Handler: h})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { sess.Logout(context.Background()) })
	return sess
}

func texts(ms []rsi.Message) []string {
	var out []string
	for _, m := range ms {
		out = append(out, m.Text)
	}
	return out
}

// TestInboxListsFetchesInOrderAndDeletes: at every dialect the messages
// waiting are listed, fetched in the order they were written whatever
// the server's order, fetched once only, and deleted exactly as asked.
// Where the status is the account's, listing sets no status.
func TestInboxListsFetchesInOrderAndDeletes(t *testing.T) {
	for _, d := range ns.Dialects() {
		t.Run(d.String(), func(t *testing.T) {
			w := newWorld(t, d)
			for _, m := range []struct {
				text string
				seq  int
			}{{"two", 2}, {"one", 1}, {"three", 3}} {
				w.srv.StoreOffline("bob@example.com", msntest.OIM{From: "alice@example.com", Text: m.text, Sequence: m.seq, RunID: "{00000000-0000-0000-0000-000000000001}"})
			}
			box := New(w.services)
			bob := w.login(t, "bob@example.com", "bob123", ns.Handler{OfflineMessages: box.Notice})
			entries, err := box.Waiting(ctxT(t), bob)
			if err != nil || len(entries) != 3 {
				t.Fatalf("waiting: %d, %v", len(entries), err)
			}
			if bob.StatusSet() == d.SharedStatus {
				t.Fatalf("status set: %v", bob.StatusSet())
			}
			messages, bad := box.Fetch(ctxT(t), bob, entries)
			if got := texts(messages); !slices.Equal(got, []string{"one", "two", "three"}) || bad != nil {
				t.Fatalf("fetched %q, unreadable %v", got, bad)
			}
			if again, _ := box.Fetch(ctxT(t), bob, entries); len(again) != 0 {
				t.Fatalf("fetched twice: %q", texts(again))
			}
			if err := box.Delete(ctxT(t), bob, []string{messages[0].ID, messages[2].ID}); err != nil {
				t.Fatal(err)
			}
			left := w.srv.OfflineMessages("bob@example.com")
			if len(left) != 1 || left[0].Text != "two" {
				t.Fatalf("left on the server: %+v", left)
			}
		})
	}
}

// TestInboxArrived: a message stored while a session with a status is up
// is announced and listed by Arrived, once; a session without a status
// asks the service.
func TestInboxArrived(t *testing.T) {
	for _, d := range ns.Dialects() {
		t.Run(d.String(), func(t *testing.T) {
			w := newWorld(t, d)
			box := New(w.services)
			bob := w.login(t, "bob@example.com", "bob123", ns.Handler{OfflineMessages: box.Notice})
			if err := bob.SetPresence(ctxT(t), "AWY"); err != nil {
				t.Fatal(err)
			}
			if entries, err := box.Waiting(ctxT(t), bob); err != nil || len(entries) != 0 {
				t.Fatalf("waiting: %v, %v", entries, err)
			}
			changed := box.Changed()
			alice := w.login(t, "alice@example.com", "alice123", ns.Handler{})
			if err := im.OfflineFor(alice, w.services).Store(ctxT(t), "bob@example.com", "while you were away"); err != nil {
				t.Fatal(err)
			}
			select {
			case <-changed:
			case <-ctxT(t).Done():
				t.Fatal("no notice")
			}
			entries, err := box.Arrived(ctxT(t), bob)
			if err != nil || len(entries) != 1 || entries[0].From != "alice@example.com" {
				t.Fatalf("arrived: %+v, %v", entries, err)
			}
			messages, _ := box.Fetch(ctxT(t), bob, entries)
			if got := texts(messages); !slices.Equal(got, []string{"while you were away"}) {
				t.Fatalf("fetched %q", got)
			}
			if again, err := box.Arrived(ctxT(t), bob); err != nil || len(again) != 0 {
				t.Fatalf("arrived again: %v, %v", again, err)
			}

			// A session with no status asks the service.
			carol := New(w.services)
			bob2 := w.login(t, "bob@example.com", "bob123", ns.Handler{OfflineMessages: carol.Notice})
			if !d.SharedStatus {
				return // this login signed the first out
			}
			if entries, err := carol.Arrived(ctxT(t), bob2); err != nil || len(entries) != 1 {
				t.Fatalf("arrived without a status: %v, %v", entries, err)
			}
		})
	}
}

// TestInboxFetchesAgainWhatFailed: a message whose fetch failed (the
// service down for a moment) is fetched when listed again in the same
// run, not skipped as taken.
func TestInboxFetchesAgainWhatFailed(t *testing.T) {
	w := newWorld(t, ns.MSNP18)
	w.srv.StoreOffline("bob@example.com", msntest.OIM{From: "alice@example.com", Text: "hello", Sequence: 1, RunID: "{00000000-0000-0000-0000-000000000001}"})
	box := New(w.services)
	bob := w.login(t, "bob@example.com", "bob123", ns.Handler{OfflineMessages: box.Notice})
	entries, err := box.Waiting(ctxT(t), bob)
	if err != nil || len(entries) != 1 {
		t.Fatalf("waiting: %d, %v", len(entries), err)
	}
	w.srv.DisableService("/rsi/rsi.asmx", true)
	if messages, bad := box.Fetch(ctxT(t), bob, entries); len(messages) != 0 || len(bad) != 1 {
		t.Fatalf("with the service down: fetched %q, unreadable %v", texts(messages), bad)
	}
	w.srv.DisableService("/rsi/rsi.asmx", false)
	if messages, bad := box.Fetch(ctxT(t), bob, entries); !slices.Equal(texts(messages), []string{"hello"}) || bad != nil {
		t.Fatalf("listed again: fetched %q, unreadable %v", texts(messages), bad)
	}
}

package echo_test

import (
	"context"
	"net/url"
	"sync"
	"testing"
	"time"

	"github.com/msn-cli/msn/client/im"
	"github.com/msn-cli/msn/client/msntest"
	"github.com/msn-cli/msn/client/msntest/echo"
	"github.com/msn-cli/msn/client/msntest/peer"
	"github.com/msn-cli/msn/client/ns"
	"github.com/msn-cli/msn/client/passport"
	"github.com/msn-cli/msn/client/soap"
)

// testWait bounds every wait of these tests for something to happen.
const testWait = 20 * time.Second

func ctxT(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), testWait)
	t.Cleanup(cancel)
	return ctx
}

// world is a server with alice, bob and carol on each other's lists, and
// bob signed in as an echo contact saving files into a folder.
type world struct {
	srv   *msntest.Server
	bob   *echo.Contact
	files string

	mu      sync.Mutex
	events  []echo.Event
	arrived chan struct{} // closed and replaced on every event
}

func newWorld(t *testing.T, cfg echo.Config) *world {
	t.Helper()
	srv, err := msntest.New(msntest.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(srv.Close)
	for _, u := range []string{"alice", "bob", "carol"} {
		srv.AddAccount(u+"@example.com", u+"123", u)
	}
	srv.AddContact("alice@example.com", "bob@example.com")
	srv.AddContact("bob@example.com", "carol@example.com")
	w := &world{srv: srv, files: t.TempDir(), arrived: make(chan struct{})}
	cfg.Server, cfg.Services, cfg.HTTP = srv.NSAddr(), srv.ServicesURL(), srv.HTTPClient()
	cfg.Account, cfg.Password, cfg.Files = "bob@example.com", "bob123", w.files
	cfg.Report = w.record
	if w.bob, err = echo.Start(ctxT(t), cfg); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(w.bob.Close) // before the server closes
	return w
}

func (w *world) record(ev echo.Event) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.events = append(w.events, ev)
	close(w.arrived)
	w.arrived = make(chan struct{})
}

// waitEvent waits for an event of kind about who and returns it.
func (w *world) waitEvent(t *testing.T, kind echo.Kind, who string) echo.Event {
	t.Helper()
	return w.waitFor(t, kind, func(ev echo.Event) bool { return ev.From == who }, 1)[0]
}

// waitEvents waits for n events of kind and returns them, in order.
func (w *world) waitEvents(t *testing.T, kind echo.Kind, n int) []echo.Event {
	t.Helper()
	return w.waitFor(t, kind, func(echo.Event) bool { return true }, n)
}

// waitFor waits for n events of kind that match and returns them.
func (w *world) waitFor(t *testing.T, kind echo.Kind, match func(echo.Event) bool, n int) []echo.Event {
	t.Helper()
	ctx := ctxT(t)
	for {
		w.mu.Lock()
		events, arrived := w.events, w.arrived
		w.mu.Unlock()
		var found []echo.Event
		for _, ev := range events {
			if ev.Kind == kind && match(ev) {
				found = append(found, ev)
			}
		}
		if len(found) >= n {
			return found
		}
		select {
		case <-arrived:
		case <-ctx.Done():
			t.Fatalf("%d of %d events of kind %d; all: %+v", len(found), n, kind, events)
		}
	}
}

// startPeer signs account in as a visible contact who answers
// invitations and keeps what arrives.
func (w *world) startPeer(t *testing.T, account string, d ns.Dialect) *peer.Peer {
	t.Helper()
	p, err := peer.Start(ctxT(t), peer.Config{Server: w.srv.NSAddr(), Services: w.srv.ServicesURL(), HTTP: w.srv.HTTPClient(),
		Account: account, Password: account[:len(account)-len("@example.com")] + "123", Dialect: d})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(p.Close)
	return p
}

// login signs account in at d, without a status.
func (w *world) login(t *testing.T, account string, d ns.Dialect) *ns.Session {
	t.Helper()
	base, _ := url.Parse(w.srv.ServicesURL())
	password := account[:len(account)-len("@example.com")] + "123"
	sess, err := ns.Login(ctxT(t), ns.Config{Server: w.srv.NSAddr(), Account: account,
		Password: func(context.Context) (string, error) { return password, nil },
		Passport: &passport.Client{SOAP: &soap.Client{HTTP: w.srv.HTTPClient(), Base: base}},
		Dialects: []ns.Dialect{d}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { sess.Logout(context.Background()) })
	return sess
}

// say sends texts to bob in one conversation over sess, as msn send
// does, and leaves it; each must be acknowledged.
func say(t *testing.T, sess *ns.Session, texts ...string) {
	t.Helper()
	ctx := ctxT(t)
	conv, err := im.Open(ctx, sess, []string{"bob@example.com"}, im.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer conv.Close(ctx)
	for _, text := range texts {
		if r := conv.Send(ctx, text); r[0].Err != nil || r[0].Offline {
			t.Fatalf("sending %q: %+v", text, r[0])
		}
	}
}

// sayOnce signs account in as msn send does (hidden where the dialect
// allows it, else visible), sends text to bob and signs out.
func (w *world) sayOnce(t *testing.T, account string, d ns.Dialect, text string) {
	t.Helper()
	sess := w.login(t, account, d)
	status := ns.StatusHidden
	if !d.HiddenSwitchboard {
		status = ns.StatusOnline
	}
	if err := sess.SetPresence(ctxT(t), status); err != nil {
		t.Fatal(err)
	}
	say(t, sess, text)
	if err := sess.Logout(ctxT(t)); err != nil {
		t.Fatal(err)
	}
}

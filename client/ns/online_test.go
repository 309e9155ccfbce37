package ns

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/msn-cli/msn/client/msntest"
)

// drops records what Online's Dropped is told.
type drops struct {
	mu   sync.Mutex
	errs []error
}

func (d *drops) add(err error, attempt int, wait time.Duration) {
	d.mu.Lock()
	d.errs = append(d.errs, err)
	d.mu.Unlock()
}

func (d *drops) list() []error {
	d.mu.Lock()
	defer d.mu.Unlock()
	return append([]error(nil), d.errs...)
}

var quick = Backoff{First: 10 * time.Millisecond, Max: 40 * time.Millisecond, Attempts: 3}

func stayOnline(t *testing.T, srv *msntest.Server, d Dialect, h Handler, dropped *drops, b Backoff) *Online {
	t.Helper()
	cfg := config(t, srv, "bob@example.com", "bob123", d)
	cfg.Handler = h
	o, err := StayOnline(ctxT(t), OnlineConfig{Login: cfg, Status: "AWY", Timeout: 5 * time.Second, Backoff: b, Dropped: dropped.add})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { o.Close(context.Background()) })
	return o
}

// waitNewSession waits until o has a session other than old, signed in
// with its status.
func waitNewSession(t *testing.T, o *Online, old *Session) *Session {
	t.Helper()
	ctx := ctxT(t)
	for o.Session() == old {
		select {
		case <-o.Done():
			t.Fatalf("gave up: %v", o.Err())
		case <-ctx.Done():
			t.Fatal("never signed in again")
		case <-time.After(5 * time.Millisecond):
		}
	}
	return o.Session()
}

// TestOnlineSignsInAgainAfterADrop: at every dialect, a connection the
// server drops is replaced by a new sign-in with the same machine GUID,
// the cached tickets (no Passport request) and the status set again; the
// caller is told of the drop.
func TestOnlineSignsInAgainAfterADrop(t *testing.T) {
	for _, d := range Dialects() {
		t.Run(d.String(), func(t *testing.T) {
			srv := newServer(t, msntest.Options{})
			dropped := &drops{}
			o := stayOnline(t, srv, d, Handler{}, dropped, quick)
			first := o.Session()
			passport := srv.SOAPRequests(d.RSTPath)
			srv.Inject(msntest.Fault{Server: "NS", Command: "PNG", Nth: 1, Times: 1, Action: msntest.CloseConn})
			first.Sync(ctxT(t))
			second := waitNewSession(t, o, first)
			if second.MachineGUID() != first.MachineGUID() || srv.Logins("bob@example.com") != 2 || srv.SOAPRequests(d.RSTPath) != passport {
				t.Fatalf("GUIDs %s %s, %d logins, %d Passport requests (were %d)", first.MachineGUID(), second.MachineGUID(),
					srv.Logins("bob@example.com"), srv.SOAPRequests(d.RSTPath), passport)
			}
			if st := srv.Status("bob@example.com"); st != "AWY" {
				t.Fatalf("status %q after the new sign-in", st)
			}
			if errs := dropped.list(); len(errs) != 1 || !errors.Is(errs[0], ErrConnectionLost) {
				t.Fatalf("told of drops %v", errs)
			}
		})
	}
}

// TestOnlineGivesUpWhenSignedInElsewhere: OUT OTH ends it, with that
// error, and no new sign-in.
func TestOnlineGivesUpWhenSignedInElsewhere(t *testing.T) {
	srv := newServer(t, msntest.Options{})
	o := stayOnline(t, srv, MSNP15, Handler{}, &drops{}, quick)
	srv.Kick("bob@example.com", "OTH")
	select {
	case <-o.Done():
	case <-ctxT(t).Done():
		t.Fatal("still running")
	}
	if !errors.Is(o.Err(), ErrSignedInElsewhere) || srv.Logins("bob@example.com") != 1 {
		t.Fatalf("err %v after %d logins", o.Err(), srv.Logins("bob@example.com"))
	}
}

// TestOnlineHangsUpOnASilentServer: a keep-alive ping left unanswered
// ends the connection with ErrNoKeepAlive, and a new sign-in follows.
func TestOnlineHangsUpOnASilentServer(t *testing.T) {
	old := KeepAlive
	KeepAlive = 50 * time.Millisecond
	defer func() { KeepAlive = old }()
	srv := newServer(t, msntest.Options{})
	srv.Inject(msntest.Fault{Server: "NS", Command: "PNG", Nth: 2, Times: 1, Action: msntest.Silence}) // the first is StayOnline's Sync
	dropped := &drops{}
	o := stayOnline(t, srv, MSNP18, Handler{}, dropped, quick)
	waitNewSession(t, o, o.Session())
	if errs := dropped.list(); len(errs) != 1 || !errors.Is(errs[0], ErrNoKeepAlive) {
		t.Fatalf("told of drops %v", errs)
	}
}

// TestOnlineTellsPresenceChangesOnly: across a new sign-in, a contact
// still online is not told again, and one who left while the connection
// was down is told signed out.
func TestOnlineTellsPresenceChangesOnly(t *testing.T) {
	srv := newServer(t, msntest.Options{})
	srv.AddAccount("carol@example.com", "carol123", "Carol")
	srv.AddContact("bob@example.com", "alice@example.com")
	srv.AddContact("bob@example.com", "carol@example.com")
	var carol *Session
	for _, who := range []string{"alice", "carol"} {
		s, err := Login(ctxT(t), config(t, srv, who+"@example.com", who+"123", MSNP18))
		if err != nil {
			t.Fatal(err)
		}
		defer s.Logout(context.Background())
		if err := s.SetPresence(ctxT(t), StatusOnline); err != nil {
			t.Fatal(err)
		}
		carol = s
	}
	ev := newEvents()
	o := stayOnline(t, srv, MSNP18, ev.handler(), &drops{}, Backoff{First: time.Second, Max: time.Second, Attempts: 1})
	first := o.Session()
	told := map[string]int{}
	for len(told) < 2 {
		p := next(t, ev.presence, "alice and carol", func(Presence) bool { return true })
		told[p.Email]++
	}
	srv.Inject(msntest.Fault{Server: "NS", Command: "PNG", Nth: 1, Times: 1, Action: msntest.CloseConn})
	first.Sync(ctxT(t))
	carol.Logout(ctxT(t))
	waitNewSession(t, o, first)
	p := next(t, ev.presence, "carol gone", func(Presence) bool { return true })
	if p.Email != "carol@example.com" || p.Online() {
		t.Fatalf("told %+v, want carol signed out", p)
	}
	select {
	case p := <-ev.presence:
		t.Fatalf("told again %+v", p)
	case <-time.After(300 * time.Millisecond):
	}
}

// TestOnlineInterruptedSigningInLogsOut: a StayOnline whose ctx ends
// after the status change, before the sign-in is done, still says OUT.
func TestOnlineInterruptedSigningInLogsOut(t *testing.T) {
	trace := &lockedBuffer{}
	srv := newServer(t, msntest.Options{Trace: trace})
	srv.Inject(msntest.Fault{Server: "NS", Command: "PNG", Nth: 1, Action: msntest.Silence}) // StayOnline's Sync waits on
	ctx, cancel := context.WithCancel(ctxT(t))
	go func() {
		for srv.Status("bob@example.com") == "" && ctx.Err() == nil {
			time.Sleep(time.Millisecond)
		}
		cancel()
	}()
	o, err := StayOnline(ctx, OnlineConfig{Login: config(t, srv, "bob@example.com", "bob123", MSNP18), Status: StatusOnline, Timeout: 5 * time.Second})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("StayOnline: %v, %v", o, err)
	}
	wait := ctxT(t)
	for len(srv.Online("bob@example.com")) > 0 {
		if wait.Err() != nil {
			t.Fatal("still signed in")
		}
		time.Sleep(time.Millisecond)
	}
	if n := trace.count("NS C> OUT"); n != 1 {
		t.Fatalf("%d OUTs", n)
	}
}

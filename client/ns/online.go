package ns

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/msn-cli/msn/client/msnp"
)

// Backoff bounds the waits between attempts to sign in again: the first
// wait, doubled after each failed attempt up to Max, and how many attempts
// in a row may fail before giving up.
type Backoff struct {
	First, Max time.Duration
	Attempts   int
}

// DefaultBackoff waits 1 s, 2 s, 4 s... up to 30 s, and gives up after 8
// failed attempts in a row (about two and a half minutes).
var DefaultBackoff = Backoff{First: time.Second, Max: 30 * time.Second, Attempts: 8}

// wait is the pause before the attempt-th attempt (from 1).
func (b Backoff) wait(attempt int) time.Duration {
	d := b.First
	for i := 1; i < attempt && d < b.Max; i++ {
		d *= 2
	}
	return min(d, b.Max)
}

// OnlineConfig says how StayOnline keeps an account signed in.
type OnlineConfig struct {
	// Login is where and as whom. Its Handler is told by every session
	// in turn, except Presence: see StayOnline.
	Login Config
	// Status is set after each sign-in (StatusOnline, "BSY", ...).
	Status string
	// Timeout bounds each sign-in with its status change.
	Timeout time.Duration
	// Backoff bounds the attempts after a drop; the zero value is
	// DefaultBackoff.
	Backoff Backoff
	// SignedIn, when not nil, is told each session once it is signed in
	// with its status set, the first one too, on the goroutine that
	// signed it in (StayOnline's caller for the first).
	SignedIn func(*Session)
	// Dropped, when not nil, is told that the connection ended (err says
	// why, or why the last attempt failed) and that attempt number
	// attempt comes after wait. It runs on Online's own goroutine.
	Dropped func(err error, attempt int, wait time.Duration)
}

// Online keeps an account signed in: when the connection drops, or the
// server stops answering its keep-alives, it signs in again after a
// pause that grows with each failed attempt, and sets the status again.
// It gives up when the account signed in elsewhere (OUT OTH: signing in
// again would sign that other client out in turn), when the password is
// refused, or after Backoff.Attempts failed attempts in a row. Its methods
// are safe for concurrent use.
type Online struct {
	cfg     OnlineConfig
	shown   *presenceFilter
	stopped context.Context // done at Close
	stop    context.CancelFunc
	done    chan struct{} // closed when the watching goroutine returned

	mu   sync.Mutex
	sess *Session
	err  error
}

// StayOnline signs in, sets cfg.Status, and keeps the account signed in
// until Close. It blocks until the first sign-in and status change are
// done (failing as Login does) or ctx is done; the sessions after it sign
// in on Online's own goroutine. Every session logs in with the same
// machine GUID (a fresh one when cfg.Login has none) and reuses the
// tickets of the one before, so a new sign-in needs no password while
// they are valid. Handler.Presence is told only real changes across
// sessions: the presence burst of a new sign-in repeats nothing already
// told, and a contact who left while the connection was down is told
// signed out.
func StayOnline(ctx context.Context, cfg OnlineConfig) (*Online, error) {
	if cfg.Login.MachineGUID == "" {
		cfg.Login.MachineGUID = msnp.NewGUID()
	}
	if cfg.Backoff == (Backoff{}) {
		cfg.Backoff = DefaultBackoff
	}
	o := &Online{cfg: cfg, done: make(chan struct{})}
	o.stopped, o.stop = context.WithCancel(context.Background())
	o.shown = newPresenceFilter(cfg.Login.Handler.Presence)
	o.cfg.Login.Handler.Presence = o.shown.pass
	sess, err := o.signIn(ctx)
	if err != nil {
		o.stop()
		return nil, err
	}
	o.sess = sess
	go o.watch(sess)
	return o, nil
}

// Session is the session signed in now (or the last one, once Done).
func (o *Online) Session() *Session {
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.sess
}

// Done is closed when Online has given up (Err says why) or was closed.
func (o *Online) Done() <-chan struct{} { return o.done }

// Err is why Online gave up: the last session's error (an *OutError for
// OUT OTH) or the last sign-in's; nil while it runs and after Close.
func (o *Online) Err() error {
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.err
}

// Close stops signing in again and logs the session out (see
// Session.Logout); it blocks until done, at most until ctx is done.
func (o *Online) Close(ctx context.Context) error {
	o.stop()
	select {
	case <-o.done:
	case <-ctx.Done():
	}
	return o.Session().Logout(ctx)
}

// signIn logs in and sets the status, within cfg.Timeout.
func (o *Online) signIn(ctx context.Context) (*Session, error) {
	if o.cfg.Timeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, o.cfg.Timeout)
		defer cancel()
	}
	sess, err := Login(ctx, o.cfg.Login)
	if err != nil {
		return nil, err
	}
	if err := sess.SetPresence(ctx, o.cfg.Status); err != nil {
		abandon(ctx, sess)
		return nil, err
	}
	if err := sess.Sync(ctx); err != nil { // the presence burst is in
		abandon(ctx, sess)
		return nil, err
	}
	o.shown.settle(sess)
	o.cfg.Login.Tickets = sess.Tickets
	if o.cfg.SignedIn != nil {
		o.cfg.SignedIn(sess)
	}
	return sess, nil
}

// abandonWithin bounds the logout of a sign-in that did not complete.
const abandonWithin = 2 * time.Second

// abandon logs out a session whose sign-in did not complete, also when
// ctx is done (an interrupted run still says OUT), within abandonWithin.
func abandon(ctx context.Context, sess *Session) {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), abandonWithin)
	defer cancel()
	sess.Logout(ctx)
}

// watch runs on Online's goroutine: it waits for the session to end and
// signs in again, until Close or it gives up.
func (o *Online) watch(sess *Session) {
	defer close(o.done)
	for {
		select {
		case <-o.stopped.Done():
			return
		case <-sess.Done():
		}
		cause := sess.Err()
		if !o.retryable(cause) {
			o.giveUp(cause)
			return
		}
		next, err := o.again(cause)
		if next == nil {
			o.giveUp(err)
			return
		}
		o.mu.Lock()
		o.sess = next
		o.mu.Unlock()
		sess = next
	}
}

// again signs in anew after cause ended the session, with the backoff,
// and returns the new session, or nil with the last error when it gives
// up (or at Close, with no error).
func (o *Online) again(cause error) (*Session, error) {
	for attempt := 1; attempt <= o.cfg.Backoff.Attempts; attempt++ {
		wait := o.cfg.Backoff.wait(attempt)
		if o.cfg.Dropped != nil {
			o.cfg.Dropped(cause, attempt, wait)
		}
		t := time.NewTimer(wait)
		select {
		case <-o.stopped.Done():
			t.Stop()
			return nil, nil
		case <-t.C:
		}
		sess, err := o.signIn(o.stopped)
		if err == nil {
			return sess, nil
		}
		if !o.retryable(err) {
			return nil, err
		}
		cause = err
	}
	return nil, fmt.Errorf("ns: gave up signing in again after %d attempts: %w", o.cfg.Backoff.Attempts, cause)
}

// retryable reports whether signing in again may help after err: not when
// the account signed in elsewhere or the password is refused, nor after
// Close.
func (o *Online) retryable(err error) bool {
	if o.stopped.Err() != nil {
		return false
	}
	return !errors.Is(err, ErrSignedInElsewhere) && !errors.Is(err, ErrAuthFailed)
}

func (o *Online) giveUp(err error) {
	if o.stopped.Err() != nil {
		return // closed: no error
	}
	o.mu.Lock()
	o.err = err
	o.mu.Unlock()
}

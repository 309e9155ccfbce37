package echo

import (
	"context"
	"errors"
	"maps"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/msn-cli/msn/client/im"
	"github.com/msn-cli/msn/client/ns"
	"github.com/msn-cli/msn/client/passport"
	"github.com/msn-cli/msn/client/soap"
	"github.com/msn-cli/msn/client/transfer"
)

// Config says where and as whom an echo contact signs in, and what it
// does.
type Config struct {
	Server   string       // notification server host:port
	Services string       // base URL of the Passport and SOAP services
	HTTP     *http.Client // for the services; nil is http.DefaultClient
	Account  string
	Password string
	// Dialects offered at login; nil offers all, MSNP18 first.
	Dialects []ns.Dialect
	// Files is the folder offered files are saved into; it must exist.
	Files string
	// Wait is how long an echo waits for its sender to come online (and
	// answer) before it is stored as an offline message; 0 stores it at
	// once when the sender is not online.
	Wait time.Duration
	// Silent, when not nil, names senders whose texts are reported but
	// not echoed (the contact's own account never gets an echo).
	Silent func(sender string) bool
	// Report, when not nil, is told what happens (see Event), one call at
	// a time, from the contact's goroutines; it must not block for long.
	Report func(Event)
}

// Contact is a running echo contact. Its methods are safe for concurrent
// use.
type Contact struct {
	cfg     Config
	account string // lower case
	sess    *ns.Session
	offline im.Offline
	ctx     context.Context // ends at Close
	cancel  context.CancelFunc

	reportMu sync.Mutex

	mu      sync.Mutex
	closed  bool
	peers   map[*transfer.Peer]bool // conversations joined
	queues  map[string][]pending    // sender -> echoes not yet sent; a worker runs while present
	work    sync.WaitGroup          // invitations being answered, echo workers
	watches sync.WaitGroup          // goroutines waiting for a conversation to end
}

// Start signs in, appears online, and blocks until both are done (or ctx
// is done). From then on the contact answers invitations until Close.
func Start(ctx context.Context, cfg Config) (*Contact, error) {
	base, err := url.Parse(cfg.Services)
	if err != nil {
		return nil, errors.Join(errors.New("echo: the services URL is invalid"), err)
	}
	httpc := cfg.HTTP
	if httpc == nil {
		httpc = http.DefaultClient
	}
	services := &soap.Client{HTTP: httpc, Base: base}
	c := &Contact{cfg: cfg, account: strings.ToLower(cfg.Account), peers: map[*transfer.Peer]bool{}, queues: map[string][]pending{}}
	c.ctx, c.cancel = context.WithCancel(context.Background())
	sess, err := ns.Login(ctx, ns.Config{
		Server:   cfg.Server,
		Account:  cfg.Account,
		Password: func(context.Context) (string, error) { return cfg.Password, nil },
		Passport: &passport.Client{SOAP: services},
		Dialects: cfg.Dialects,
		Handler:  ns.Handler{Invitation: c.invited},
	})
	if err != nil {
		c.cancel()
		return nil, err
	}
	c.mu.Lock()
	c.sess, c.offline = sess, im.OfflineFor(sess, services)
	c.mu.Unlock()
	if err := sess.SetPresence(ctx, ns.StatusOnline); err != nil {
		c.cancel()
		logout(sess)
		return nil, err
	}
	go c.watchSession()
	return c, nil
}

// Account is the contact's account, in lower case.
func (c *Contact) Account() string { return c.account }

// watchSession reports a session the server ended (signed out by
// another login, or the connection lost); Close's own logout is not.
func (c *Contact) watchSession() {
	select {
	case <-c.sess.Done():
	case <-c.ctx.Done():
		return
	}
	if c.ctx.Err() == nil {
		c.report(Event{Kind: SignedOut, Err: c.sess.Err()})
	}
}

// report tells Config.Report, one call at a time.
func (c *Contact) report(ev Event) {
	if c.cfg.Report == nil {
		return
	}
	ev.Contact = c.account
	c.reportMu.Lock()
	defer c.reportMu.Unlock()
	c.cfg.Report(ev)
}

// Close stops echoing (echoes still waiting are dropped), leaves every
// conversation (a file still arriving is removed) and signs out. It blocks
// until all of that is done, at most a few seconds.
func (c *Contact) Close() {
	c.mu.Lock()
	if c.closed {
		c.mu.Unlock()
		return
	}
	c.closed = true
	c.mu.Unlock()
	c.cancel()
	c.work.Wait()
	c.mu.Lock()
	peers := slices.Collect(maps.Keys(c.peers))
	c.mu.Unlock()
	for _, p := range peers {
		closePeer(p)
	}
	c.watches.Wait()
	logout(c.sess)
}

// cleanupTimeout bounds leaving a conversation and signing out.
const cleanupTimeout = 5 * time.Second

func logout(sess *ns.Session) {
	ctx, cancel := context.WithTimeout(context.Background(), cleanupTimeout)
	defer cancel()
	sess.Logout(ctx)
}

func closePeer(p *transfer.Peer) {
	ctx, cancel := context.WithTimeout(context.Background(), cleanupTimeout)
	defer cancel()
	p.Close(ctx)
}

// Package peer is a contact for tests: a logged-in, visible account that
// answers every switchboard invitation and keeps what it receives, built
// on the real ns and sb packages (so tests exercise the receiving side
// too).
package peer

import (
	"context"
	"net/http"
	"net/url"
	"sync"
	"time"

	"github.com/msn-cli/msn/client/ns"
	"github.com/msn-cli/msn/client/passport"
	"github.com/msn-cli/msn/client/sb"
	"github.com/msn-cli/msn/client/soap"
	"github.com/msn-cli/msn/client/transfer"
)

// Config says where and as whom the peer logs in.
type Config struct {
	Server, Services  string // NS host:port, SOAP base URL
	HTTP              *http.Client
	Account, Password string
	Dialect           ns.Dialect
	// Status to appear with; "" is online (NLN).
	Status string
	// LeaveOnMessage makes the peer leave a conversation the moment a
	// message arrives in it, as a bot that reads one message does: it
	// says OUT from the switchboard's read goroutine, before reading on.
	LeaveOnMessage bool
	// LeaveAtJoin, when not nil, is asked for each conversation the peer
	// joins (n counts them from 1) whether to leave it as soon as it has
	// joined, before any message: a contact closing the window just as
	// the text is sent.
	LeaveAtJoin func(n int) bool
	// Files is what the peer does with files offered to it; the zero
	// value accepts and keeps them.
	Files FileMode
	// Direct is how the peer takes direct connections for files (the
	// zero value: as libpurple, listening when asked, else connecting).
	Direct transfer.DirectOptions
	// After is, for CancelFiles and LeaveMidFile, how many bytes of a
	// file arrive before the peer acts.
	After uint64
	// TraceP2P, when not nil, is told of the MSNP2P messages of the
	// peer's conversations (see transfer.Options.Trace).
	TraceP2P func(format string, args ...any)
	// Handler is what a session of Login is told unasked (Start answers
	// invitations itself).
	Handler ns.Handler
}

// Peer is a logged-in test contact.
type Peer struct {
	Session *ns.Session
	cfg     Config

	mu       sync.Mutex
	joined   int // conversations answered
	messages []sb.Message
	files    []File
	arrived  chan struct{} // closed and replaced on every message or file
	sbs      []*transfer.Peer
	errs     []error
	answers  sync.WaitGroup // invitations being answered
	ctx      context.Context
	cancel   context.CancelFunc
}

// Start logs in and sets the status; it blocks until both are done.
func Start(ctx context.Context, cfg Config) (*Peer, error) {
	p := &Peer{cfg: cfg, arrived: make(chan struct{})}
	p.ctx, p.cancel = context.WithCancel(context.Background())
	s, err := login(ctx, cfg, ns.Handler{Invitation: p.invited})
	if err != nil {
		return nil, err
	}
	p.mu.Lock()
	p.Session = s
	p.mu.Unlock()
	status := cfg.Status
	if status == "" {
		status = ns.StatusOnline
	}
	if err := s.SetPresence(ctx, status); err != nil { // at MSNP18 with the endpoint's state
		s.Logout(ctx)
		return nil, err
	}
	return p, nil
}

// Login logs the account of cfg in, with its dialect, and sets no status:
// a session for a test to drive itself (Server, Services, HTTP, Account,
// Password, Dialect and Handler are used). It blocks until logged in.
func Login(ctx context.Context, cfg Config) (*ns.Session, error) {
	return login(ctx, cfg, cfg.Handler)
}

func login(ctx context.Context, cfg Config, h ns.Handler) (*ns.Session, error) {
	base, err := url.Parse(cfg.Services)
	if err != nil {
		return nil, err
	}
	return ns.Login(ctx, ns.Config{
		Server:   cfg.Server,
		Account:  cfg.Account,
		Password: func(context.Context) (string, error) { return cfg.Password, nil },
		Passport: &passport.Client{SOAP: &soap.Client{HTTP: cfg.HTTP, Base: base}},
		Dialects: []ns.Dialect{cfg.Dialect},
		Handler:  h,
	})
}

// invited answers an invitation on its own goroutine (it runs on the NS
// read goroutine and must not block).
func (p *Peer) invited(inv ns.Invitation) {
	p.answers.Add(1)
	go p.answer(inv)
}

func (p *Peer) answer(inv ns.Invitation) {
	defer p.answers.Done()
	ctx, cancel := context.WithTimeout(p.ctx, 10*time.Second)
	defer cancel()
	p.mu.Lock()
	session := p.Session // set before the peer became visible, so before any RNG
	p.mu.Unlock()
	var s *transfer.Peer
	ready := make(chan struct{}) // s is set
	s, err := transfer.Answer(ctx, session, inv, transfer.PeerOptions{
		Handler:  p.fileHandler(func() *transfer.Peer { <-ready; return s }),
		Direct:   p.cfg.Direct,
		TraceP2P: p.cfg.TraceP2P,
		Message: func(m sb.Message) {
			p.received(m)
			if p.cfg.LeaveOnMessage {
				<-ready
				if s != nil {
					s.Leave(p.ctx) // ctx ends when answer returns
				}
			}
		},
	})
	close(ready)
	if err != nil {
		p.fail(err)
		return
	}
	p.mu.Lock()
	p.sbs = append(p.sbs, s)
	p.joined++
	leave := p.cfg.LeaveAtJoin != nil && p.cfg.LeaveAtJoin(p.joined)
	p.mu.Unlock()
	if leave {
		s.Leave(ctx)
	}
}

// received runs on a switchboard's read goroutine.
func (p *Peer) received(m sb.Message) {
	p.mu.Lock()
	p.messages = append(p.messages, m)
	close(p.arrived)
	p.arrived = make(chan struct{})
	p.mu.Unlock()
}

func (p *Peer) fail(err error) {
	p.mu.Lock()
	p.errs = append(p.errs, err)
	p.mu.Unlock()
}

// Messages returns what arrived so far, in order.
func (p *Peer) Messages() []sb.Message {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]sb.Message(nil), p.messages...)
}

// Texts returns the text of the text/plain messages that arrived.
func (p *Peer) Texts() []string {
	var out []string
	for _, m := range p.Messages() {
		if t, ok := m.Text(); ok {
			out = append(out, t)
		}
	}
	return out
}

// WaitTexts blocks until n text messages have arrived or ctx is done, and
// returns the texts.
func (p *Peer) WaitTexts(ctx context.Context, n int) []string {
	for {
		p.mu.Lock()
		arrived := p.arrived // taken before the texts: a message after them closes it
		p.mu.Unlock()
		texts := p.Texts()
		if len(texts) >= n {
			return texts
		}
		select {
		case <-arrived:
		case <-ctx.Done():
			return p.Texts()
		}
	}
}

// Errors returns what went wrong answering invitations.
func (p *Peer) Errors() []error {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]error(nil), p.errs...)
}

// Leave leaves every switchboard the peer is in (BYE to the others) and
// blocks until it has said so. It first waits for invitations being
// answered: a message can arrive before Answer has returned.
func (p *Peer) Leave() {
	p.answers.Wait()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	p.mu.Lock()
	sbs := p.sbs
	p.sbs = nil
	p.mu.Unlock()
	for _, s := range sbs {
		s.Close(ctx)
	}
}

// Close leaves every switchboard and logs out.
func (p *Peer) Close() {
	p.cancel()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	p.mu.Lock()
	sbs := p.sbs
	p.mu.Unlock()
	for _, s := range sbs {
		s.Close(ctx)
	}
	if p.Session != nil {
		p.Session.Logout(ctx)
	}
}

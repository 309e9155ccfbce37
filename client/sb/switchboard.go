package sb

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/url"
	"strings"
	"sync"

	"github.com/msn-cli/msn/client/conn"
	"github.com/msn-cli/msn/client/msnp"
)

// Errors of a switchboard session.
var (
	// ErrNotDelivered: the server answered a message with NAK.
	ErrNotDelivered = errors.New("sb: the switchboard did not deliver the message (NAK)")
	// ErrLeft: the invitee left (BYE) or the session ended before they
	// joined.
	ErrLeft = errors.New("sb: the contact left the conversation")
)

// Handler receives what happens in a session. Its methods run on the
// connection's read goroutine, in order, and must not block; none runs
// after Close has returned. Any may be nil.
type Handler struct {
	Message func(Message)
	Joined  func(email string)
	Left    func(email string)
}

// Config says where to connect and as whom.
type Config struct {
	Addr   string // host:port from XFR SB or RNG
	Cookie string // the CKI cookie
	// Self is the identity for USR and ANS: the account, or at MSNP16+
	// "account;{machine guid}".
	Self    string
	Trace   io.Writer
	Handler Handler
}

// Switchboard is one switchboard connection. Its methods are safe for
// concurrent use.
type Switchboard struct {
	conn     *conn.Conn
	self     string // bare account
	endpoint string // Self as given, lower-case
	handler  Handler
	roster   roster

	mu      sync.Mutex
	invited map[string]int // bare email -> their arrivals when last invited
}

func dial(ctx context.Context, cfg Config) (*Switchboard, error) {
	s := &Switchboard{
		self:     bare(cfg.Self),
		endpoint: strings.ToLower(cfg.Self),
		handler:  cfg.Handler,
		roster:   newRoster(),
		invited:  map[string]int{},
	}
	c, err := conn.Dial(ctx, cfg.Addr, conn.Options{Name: "SB", Trace: cfg.Trace, Unsolicited: s.unsolicited})
	if err != nil {
		return nil, err
	}
	s.conn = c
	return s, nil
}

// bare drops the ";{guid}" endpoint part of an MSNP16+ address and
// lower-cases it, so that participants compare equal however the server
// spells them.
func bare(email string) string {
	e, _, _ := strings.Cut(email, ";")
	return strings.ToLower(e)
}

// unsolicited runs on the read goroutine.
func (s *Switchboard) unsolicited(cmd msnp.Command) {
	switch cmd.Name {
	case "JOI", "IRO":
		who := cmd.Param(0)
		if cmd.Name == "IRO" {
			who = cmd.Param(2)
		}
		if s.ownName(who) {
			return
		}
		if s.roster.join(who) && s.handler.Joined != nil {
			s.handler.Joined(bare(who))
		}
	case "BYE":
		if s.roster.leave(cmd.Param(0)) && s.handler.Left != nil {
			s.handler.Left(bare(cmd.Param(0)))
		}
	case "MSG":
		if s.handler.Message != nil {
			h, body := parseMessage(cmd.Payload)
			friendly, err := url.PathUnescape(cmd.Param(1))
			if err != nil {
				friendly = cmd.Param(1)
			}
			s.handler.Message(Message{From: cmd.Param(0), Friendly: friendly, Header: h, Body: body})
		}
	}
}

// ownName reports whether a roster name is this connection itself: its
// endpoint, or the account's bare name, which MSNP16+ servers send for
// the user's own join and beside each endpoint of the user. The user's
// other endpoints (`self;{other guid}`, MSNP16+) are participants like
// any other: a message to oneself reaches them.
func (s *Switchboard) ownName(name string) bool {
	email, endpoint, _ := strings.Cut(strings.ToLower(name), ";")
	return email == s.self && (endpoint == "" || email+";"+endpoint == s.endpoint)
}

// Members returns the others present, by bare email.
func (s *Switchboard) Members() []string { return s.roster.present() }

// inviting notes that email is being invited (before CAL is written), so
// that WaitJoin knows which join answers it.
func (s *Switchboard) inviting(email string) {
	email = bare(email)
	s.mu.Lock()
	s.invited[email] = s.roster.arrived(email)
	s.mu.Unlock()
}

// WaitJoin blocks until email is present or has joined since they were
// last invited (a contact may join and leave again at once: they answered,
// and the caller learns from the Acks that they are gone), the session
// ends (ErrLeft or the connection's error) or ctx is done.
func (s *Switchboard) WaitJoin(ctx context.Context, email string) error {
	email = bare(email)
	s.mu.Lock()
	mark := s.invited[email]
	s.mu.Unlock()
	for {
		present, arrivals, changed := s.roster.watch(email)
		if present || arrivals > mark {
			return nil
		}
		select {
		case <-changed:
		case <-s.conn.Done():
			if err := s.conn.Err(); err != nil && !errors.Is(err, conn.ErrClosed) {
				return err
			}
			return ErrLeft
		case <-ctx.Done():
			return fmt.Errorf("sb: %s did not join: %w", email, ctx.Err())
		}
	}
}

// Post sends payload with ack mode U (no acknowledgement), for typing
// notifications and nudges.
func (s *Switchboard) Post(ctx context.Context, payload []byte) error {
	if len(payload) > MaxPayload {
		return fmt.Errorf("sb: message of %d bytes exceeds the %d-byte limit", len(payload), MaxPayload)
	}
	_, err := s.conn.Post(ctx, msnp.Command{Name: "MSG", Params: []string{"U"}, Payload: payload})
	return err
}

// Leave says OUT without waiting for anything: the server then tells the
// others (BYE) and closes the connection. Unlike Close it may be called
// from a Handler, on the read goroutine.
func (s *Switchboard) Leave(ctx context.Context) error {
	_, err := s.conn.Post(ctx, msnp.Command{Name: "OUT"})
	return err
}

// Close says OUT and closes the connection; it blocks at most until ctx is
// done.
func (s *Switchboard) Close(ctx context.Context) error {
	var err error
	if s.conn.Err() == nil {
		_, err = s.conn.Post(ctx, msnp.Command{Name: "OUT"})
	}
	s.conn.Close()
	return err
}

// Done is closed when the connection ends.
func (s *Switchboard) Done() <-chan struct{} { return s.conn.Done() }

// Err is why the connection ended (conn.ErrClosed after Close), or nil
// while it is up.
func (s *Switchboard) Err() error { return s.conn.Err() }

// LocalAddr is this side's address of the switchboard connection.
func (s *Switchboard) LocalAddr() net.Addr { return s.conn.LocalAddr() }

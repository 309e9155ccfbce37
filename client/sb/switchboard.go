package sb

import (
	"context"
	"errors"
	"fmt"
	"io"
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
	conn    *conn.Conn
	self    string // bare account
	handler Handler

	mu       sync.Mutex
	members  map[string]bool // bare emails of the others present
	changed  chan struct{}   // closed and replaced on every roster change
	departed []string        // bare emails, in the order their BYE arrived
}

func dial(ctx context.Context, cfg Config) (*Switchboard, error) {
	s := &Switchboard{
		self:    bare(cfg.Self),
		handler: cfg.Handler,
		members: map[string]bool{},
		changed: make(chan struct{}),
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
		s.join(bare(who))
	case "BYE":
		s.leave(bare(cmd.Param(0)))
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

func (s *Switchboard) join(email string) {
	if email == "" || email == s.self {
		return // our own JOI at MSNP16+
	}
	s.mu.Lock()
	fresh := !s.members[email]
	s.members[email] = true
	s.notifyLocked()
	s.mu.Unlock()
	if fresh && s.handler.Joined != nil {
		s.handler.Joined(email)
	}
}

func (s *Switchboard) leave(email string) {
	s.mu.Lock()
	present := s.members[email]
	delete(s.members, email)
	if present {
		s.departed = append(s.departed, email)
	}
	s.notifyLocked()
	s.mu.Unlock()
	if present && s.handler.Left != nil {
		s.handler.Left(email)
	}
}

func (s *Switchboard) notifyLocked() {
	close(s.changed)
	s.changed = make(chan struct{})
}

// Members returns the others present, by bare email.
func (s *Switchboard) Members() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]string, 0, len(s.members))
	for m := range s.members {
		out = append(out, m)
	}
	return out
}

// WaitJoin blocks until email has joined, the session ends (ErrLeft or the
// connection's error) or ctx is done.
func (s *Switchboard) WaitJoin(ctx context.Context, email string) error {
	email = bare(email)
	for {
		s.mu.Lock()
		present, changed := s.members[email], s.changed
		s.mu.Unlock()
		if present {
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

// Send sends payload with ack mode A and blocks until the server
// acknowledges it: nil for ACK, ErrNotDelivered for NAK, the connection's
// error if it ends first.
func (s *Switchboard) Send(ctx context.Context, payload []byte) error {
	_, err := s.SendAll(ctx, [][]byte{payload})
	return err
}

// SendAll sends the payloads with ack mode A in one write (pipelined, in
// order) and blocks until each is acknowledged. It returns how many were
// acknowledged before the first failure, so a caller knows whether a
// retry could duplicate anything.
//
// A switchboard acknowledges a message even when nobody else is in it, so
// an ACK alone does not prove delivery: when a participant leaves (BYE)
// before the last ACK, SendAll returns a *LeftError naming them. The read
// goroutine handles lines in order, so a BYE that came before an ACK has
// been seen by the time that ACK is.
func (s *Switchboard) SendAll(ctx context.Context, payloads [][]byte) (acked int, err error) {
	cmds := make([]msnp.Command, len(payloads))
	for i, p := range payloads {
		if len(p) > MaxPayload {
			return 0, fmt.Errorf("sb: message of %d bytes exceeds the %d-byte limit", len(p), MaxPayload)
		}
		cmds[i] = msnp.Command{Name: "MSG", Params: []string{"A"}, Payload: p}
	}
	s.mu.Lock()
	mark := len(s.departed)
	s.mu.Unlock()
	calls, err := s.conn.Start(ctx, cmds...)
	if err != nil {
		return 0, err
	}
	for _, call := range calls {
		reply, err := call.Wait(ctx)
		switch {
		case err != nil:
			return acked, err
		case reply.Name == "NAK":
			return acked, ErrNotDelivered
		case reply.Name != "ACK":
			return acked, fmt.Errorf("%w: %s to MSG", msnp.ErrUnexpectedReply, reply.Name)
		}
		acked++
	}
	s.mu.Lock()
	left := append([]string(nil), s.departed[mark:]...)
	s.mu.Unlock()
	if len(left) > 0 {
		return acked, &LeftError{Who: left}
	}
	return acked, nil
}

// LeftError: participants left while a message was being sent, so they
// may not have received it although the server acknowledged it.
type LeftError struct{ Who []string }

func (e *LeftError) Error() string {
	return "sb: " + strings.Join(e.Who, ", ") + " left the conversation while the message was sent"
}

// Is makes a LeftError match ErrLeft.
func (e *LeftError) Is(target error) bool { return target == ErrLeft }

// Post sends payload with ack mode U (no acknowledgement), for typing
// notifications and nudges.
func (s *Switchboard) Post(ctx context.Context, payload []byte) error {
	if len(payload) > MaxPayload {
		return fmt.Errorf("sb: message of %d bytes exceeds the %d-byte limit", len(payload), MaxPayload)
	}
	_, err := s.conn.Post(ctx, msnp.Command{Name: "MSG", Params: []string{"U"}, Payload: payload})
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

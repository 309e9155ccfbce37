package sb

import (
	"context"
	"fmt"
	"slices"
	"sync"

	"github.com/msn-cli/msn/client/conn"
	"github.com/msn-cli/msn/client/msnp"
)

// Ack is the server's acknowledgement of one message, and what it proves.
// A switchboard relays a message to whoever is in it at that moment, then
// acknowledges it, even when nobody else is (NOTES.md quirks 11 and 27);
// a participant who leaves right after is announced after the ACK (quirk
// 28). So the message reached exactly those present when its ACK was
// read: Reached lists them (bare emails, sorted), taken on the read
// goroutine as the ACK arrived, before any later line.
type Ack struct {
	Reached []string
}

// Reaches reports whether the message reached email.
func (a Ack) Reaches(email string) bool {
	_, found := slices.BinarySearch(a.Reached, bare(email))
	return found
}

// Send sends payload with ack mode A and blocks until the server
// acknowledges it: the Ack says whom it reached; ErrNotDelivered for NAK;
// the connection's error if it ends first.
func (s *Switchboard) Send(ctx context.Context, payload []byte) (Ack, error) {
	acks, err := s.SendAll(ctx, [][]byte{payload})
	if err != nil {
		return Ack{}, err
	}
	return acks[0], nil
}

// SendAll sends the payloads with ack mode A in one write (pipelined, in
// order) and blocks until each is acknowledged. It returns the Acks of the
// messages acknowledged before the first failure, in order, so that a
// caller knows what arrived where and whether a retry could duplicate
// anything. An Ack that reached nobody is not an error here: the caller
// decides (invite the contact again and resend, or give up).
func (s *Switchboard) SendAll(ctx context.Context, payloads [][]byte) ([]Ack, error) {
	sent, err := s.Start(ctx, ModeA, payloads...)
	if err != nil {
		return nil, err
	}
	acks := make([]Ack, 0, len(sent))
	for _, p := range sent {
		ack, err := p.Wait(ctx)
		if err != nil {
			return acks, err
		}
		acks = append(acks, ack)
	}
	return acks, nil
}

// AckMode is how the server is asked to acknowledge a message.
type AckMode string

const (
	// ModeA: acknowledged (ACK, or NAK where the server cannot deliver);
	// for texts.
	ModeA AckMode = "A"
	// ModeD: acknowledged like A; for data such as MSNP2P packets.
	ModeD AckMode = "D"
)

// Pending is a message written and not yet acknowledged.
type Pending struct {
	call  *conn.Call
	batch *rosters
}

// rosters holds, per TrID, who was present when the reply to a message
// of one Start was read.
type rosters struct {
	mu      sync.Mutex
	reached map[int][]string
}

// Start writes the payloads with the given ack mode in one write
// (pipelined, in order) and returns without waiting for the server: Wait
// on each Pending, in any order, for its Ack. It blocks only for the write.
func (s *Switchboard) Start(ctx context.Context, mode AckMode, payloads ...[]byte) ([]*Pending, error) {
	cmds := make([]msnp.Command, len(payloads))
	for i, p := range payloads {
		if len(p) > MaxPayload {
			return nil, fmt.Errorf("sb: message of %d bytes exceeds the %d-byte limit", len(p), MaxPayload)
		}
		cmds[i] = msnp.Command{Name: "MSG", Params: []string{string(mode)}, Payload: p}
	}
	batch := &rosters{reached: map[int][]string{}}
	calls, err := s.conn.StartObserved(ctx, func(reply msnp.Command) {
		present := s.roster.present()
		batch.mu.Lock()
		batch.reached[reply.TrID] = present
		batch.mu.Unlock()
	}, cmds...)
	if err != nil {
		return nil, err
	}
	out := make([]*Pending, len(calls))
	for i, call := range calls {
		out[i] = &Pending{call: call, batch: batch}
	}
	return out, nil
}

// Wait blocks until the server acknowledges the message: the Ack says
// whom it reached; ErrNotDelivered for NAK; the connection's error if it
// ends first, or ctx's.
func (p *Pending) Wait(ctx context.Context) (Ack, error) {
	reply, err := p.call.Wait(ctx)
	switch {
	case err != nil:
		return Ack{}, err
	case reply.Name == "NAK":
		return Ack{}, ErrNotDelivered
	case reply.Name != "ACK":
		return Ack{}, fmt.Errorf("%w: %s to MSG", msnp.ErrUnexpectedReply, reply.Name)
	}
	p.batch.mu.Lock()
	defer p.batch.mu.Unlock()
	return Ack{Reached: p.batch.reached[p.call.TrID]}, nil
}

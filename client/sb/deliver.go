package sb

import (
	"context"
	"fmt"
	"slices"
	"sync"

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
	cmds := make([]msnp.Command, len(payloads))
	for i, p := range payloads {
		if len(p) > MaxPayload {
			return nil, fmt.Errorf("sb: message of %d bytes exceeds the %d-byte limit", len(p), MaxPayload)
		}
		cmds[i] = msnp.Command{Name: "MSG", Params: []string{"A"}, Payload: p}
	}
	var mu sync.Mutex
	reached := map[int][]string{} // TrID -> who was present when its reply was read
	calls, err := s.conn.StartObserved(ctx, func(reply msnp.Command) {
		present := s.roster.present()
		mu.Lock()
		reached[reply.TrID] = present
		mu.Unlock()
	}, cmds...)
	if err != nil {
		return nil, err
	}
	acks := make([]Ack, 0, len(calls))
	for _, call := range calls {
		reply, err := call.Wait(ctx)
		switch {
		case err != nil:
			return acks, err
		case reply.Name == "NAK":
			return acks, ErrNotDelivered
		case reply.Name != "ACK":
			return acks, fmt.Errorf("%w: %s to MSG", msnp.ErrUnexpectedReply, reply.Name)
		}
		mu.Lock()
		acks = append(acks, Ack{Reached: reached[call.TrID]})
		mu.Unlock()
	}
	return acks, nil
}

package im

import (
	"context"
	"errors"
	"fmt"

	"github.com/msn-cli/msn/client/conn"
	"github.com/msn-cli/msn/client/sb"
)

// maxBarrenRounds bounds how often parts that reached nobody are sent
// again (after inviting the contacts back) without any part getting
// through; a round that delivers something does not count.
const maxBarrenRounds = 2

// outcome is what became of one text for one contact online: which parts
// reached them (by the switchboard's ACK, read while they were present),
// and why not all did.
type outcome struct {
	reached []bool
	err     error
}

func (o *outcome) count() int {
	n := 0
	for _, r := range o.reached {
		if r {
			n++
		}
	}
	return n
}

// missing returns the parts that did not reach the contact, in order.
func (o *outcome) missing(parts []string) []string {
	var out []string
	for i, p := range parts {
		if !o.reached[i] {
			out = append(out, p)
		}
	}
	return out
}

// deliver sends the payloads over the switchboard to the contacts online
// and blocks until each contact has every part, or that cannot be. A
// message reaches whoever is in the switchboard when the server relays it,
// and its ACK comes even when nobody is, so each part counts for the
// contacts present as its ACK was read (sb.Ack). Parts that reached
// nobody are sent again after inviting the contacts back, which a contact
// who leaves the moment it joins (or just before the message) needs; a
// part that reached only some of several contacts is not, since that
// would repeat it for the others. A switchboard that drops before
// acknowledging anything is replaced once. It returns an outcome for each
// contact of the conversation; those offline (from the start or found so
// meanwhile, see c.offline) carry no error: the caller stores or reports.
func (c *Conversation) deliver(ctx context.Context, payloads [][]byte) map[string]*outcome {
	targets := c.online()
	outcomes := map[string]*outcome{}
	for _, who := range c.to {
		outcomes[who] = &outcome{reached: make([]bool, len(payloads))}
	}
	pending := make([]int, len(payloads))
	for i := range pending {
		pending[i] = i
	}
	var failure error
	replaced := false
	for round, barren := 0, 0; len(pending) > 0 && c.board != nil; round++ {
		if round > 0 {
			c.inviteBack(ctx, c.online())
		}
		if len(c.online()) == 0 {
			break
		}
		batch := make([][]byte, len(pending))
		for j, part := range pending {
			batch[j] = payloads[part]
		}
		acks, err := c.board.SendAll(ctx, batch)
		next, progress := []int(nil), false
		for j, ack := range acks {
			got := false
			for _, who := range targets {
				if ack.Reaches(who) {
					outcomes[who].reached[pending[j]] = true
					got = true
				}
			}
			progress = progress || got
			if !got {
				next = append(next, pending[j])
			}
		}
		if err != nil {
			if len(acks) == 0 && !replaced && c.replaceable(ctx, err) {
				replaced = true
				if failure = c.replaceBoard(ctx); failure != nil {
					break
				}
				continue
			}
			failure = err
			break
		}
		if !progress {
			barren++
		}
		if barren > maxBarrenRounds || round > len(payloads)+maxBarrenRounds {
			failure = sb.ErrLeft
			break
		}
		pending = next
	}
	if failure != nil {
		if ended := c.sess.Err(); ended != nil && errors.Is(failure, conn.ErrConnectionLost) {
			// The server signed the session out (OUT OTH: another login)
			// and dropped its switchboards: that is the error to act on.
			failure = ended
		}
	}
	for _, who := range targets {
		o := outcomes[who]
		if n := o.count(); n < len(payloads) {
			if _, off := c.offline[who]; off {
				continue // the caller stores or reports it
			}
			if failure == nil {
				failure = sb.ErrLeft // reached the others, never them
			}
			o.err = notDelivered(failure, n, len(payloads))
		}
	}
	return outcomes
}

// replaceable reports whether a send that failed with err before any
// acknowledgement may be tried again on a new switchboard: the old one
// dropped, while the session is still up and time remains. Nothing was
// acknowledged, so nothing can arrive twice.
func (c *Conversation) replaceable(ctx context.Context, err error) bool {
	return errors.Is(err, conn.ErrConnectionLost) && c.sess.Err() == nil && ctx.Err() == nil
}

// replaceBoard closes the dropped switchboard and opens a new one with the
// contacts online; it returns an error only when none can be had.
func (c *Conversation) replaceBoard(ctx context.Context) error {
	if c.board != c.joined {
		c.board.Close(ctx)
	}
	c.board = nil
	if err := c.connect(ctx); err != nil {
		return fmt.Errorf("im: replacing the switchboard: %w", err)
	}
	return nil
}

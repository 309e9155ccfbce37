package im

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"sync"

	"github.com/msn-cli/msn/client/msnp"
	"github.com/msn-cli/msn/client/ns"
	"github.com/msn-cli/msn/client/sb"
)

// Errors of a conversation, for exit statuses.
var (
	// ErrOffline: the contact is offline and offline delivery is off.
	ErrOffline = errors.New("im: the contact is offline")
	// ErrNotDelivered: the switchboard refused the message (NAK), or the
	// connection dropped after part of it was acknowledged.
	ErrNotDelivered = errors.New("im: the message was not delivered")
)

// Options tune a conversation.
type Options struct {
	// Offline stores texts for contacts who are offline; nil turns
	// offline delivery off (such contacts fail with ErrOffline).
	Offline Offline
	// Trace receives the switchboard protocol trace; may be nil.
	Trace io.Writer
}

// Conversation is a switchboard session with one or more contacts, plus
// the contacts that turned out to be offline. Its methods are not safe for
// concurrent use.
type Conversation struct {
	sess  *ns.Session
	opts  Options
	to    []string
	board *sb.Switchboard

	// Per contact: why it cannot be reached online (nil: online).
	offline map[string]error
}

// Result says what became of a text for one contact.
type Result struct {
	To      string
	Parts   int  // messages the text took
	Offline bool // stored as offline messages
	Err     error
}

// Open starts a conversation with the contacts: one switchboard, the
// first called with the switchboard request, the others invited, and
// blocks until every contact who is online has joined. Contacts found
// offline are remembered (Send stores for them); Open fails only when the
// switchboard cannot be had at all.
func Open(ctx context.Context, sess *ns.Session, to []string, opts Options) (*Conversation, error) {
	c := &Conversation{sess: sess, opts: opts, to: to, offline: map[string]error{}}
	return c, c.connect(ctx)
}

// connect (re)builds the switchboard for the contacts not known offline.
func (c *Conversation) connect(ctx context.Context) error {
	var online []string
	for _, who := range c.to {
		if _, off := c.offline[who]; !off {
			online = append(online, who)
		}
	}
	if len(online) == 0 {
		return nil
	}
	addr, cookie, err := c.sess.OpenSwitchboard(ctx)
	if err != nil {
		return err
	}
	cfg := sb.Config{Addr: addr, Cookie: cookie, Self: c.sess.Endpoint(), Trace: c.opts.Trace}
	var board *sb.Switchboard
	var invited []string
	for _, who := range online {
		if board == nil {
			board, err = sb.Call(ctx, cfg, who)
		} else {
			err = board.Invite(ctx, who)
		}
		switch {
		case errors.Is(err, msnp.ErrNotOnline):
			c.offline[who] = ErrOffline
		case err != nil && board == nil:
			return err
		case err != nil:
			c.offline[who] = err
		default:
			invited = append(invited, who)
		}
	}
	c.board = board
	for _, who := range invited {
		if err := board.WaitJoin(ctx, who); err != nil {
			c.offline[who] = err
		}
	}
	return nil
}

// Send delivers text to every contact of the conversation and blocks until
// each part is acknowledged or stored. It returns one Result per contact.
func (c *Conversation) Send(ctx context.Context, text string) []Result {
	c.rejoin(ctx)
	results := map[string]*Result{}
	for _, who := range c.to {
		results[who] = &Result{To: who}
	}
	var wg sync.WaitGroup
	for _, who := range c.to {
		reason, off := c.offline[who]
		if !off {
			continue
		}
		r := results[who]
		if !errors.Is(reason, ErrOffline) || c.opts.Offline == nil {
			r.Err = reason
			continue
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			r.Offline = true
			r.Parts, r.Err = c.storeOffline(ctx, who, text)
		}()
	}
	if c.board != nil {
		parts, err := c.sendOnline(ctx, text)
		for _, who := range c.to {
			if _, off := c.offline[who]; !off {
				results[who].Parts, results[who].Err = parts, err
			}
		}
	}
	wg.Wait()
	out := make([]Result, 0, len(c.to))
	for _, who := range c.to {
		out = append(out, *results[who])
	}
	return out
}

// rejoin invites again the contacts who left the switchboard since the
// last text (a switchboard acknowledges messages even with nobody in it,
// so sending to an emptied one would lose them). A contact who cannot be
// invited back is offline now.
func (c *Conversation) rejoin(ctx context.Context) {
	if c.board == nil {
		return
	}
	select {
	case <-c.board.Done(): // closed since the last text: start afresh
		c.board = nil
		if err := c.connect(ctx); err != nil {
			for _, who := range c.to {
				if _, off := c.offline[who]; !off {
					c.offline[who] = err
				}
			}
		}
		return
	default:
	}
	present := map[string]bool{}
	for _, m := range c.board.Members() {
		present[strings.ToLower(m)] = true
	}
	for _, who := range c.to {
		if _, off := c.offline[who]; off || present[strings.ToLower(who)] {
			continue
		}
		err := c.board.Invite(ctx, who)
		if err == nil {
			err = c.board.WaitJoin(ctx, who)
		}
		switch {
		case errors.Is(err, msnp.ErrNotOnline):
			c.offline[who] = ErrOffline
		case err != nil:
			c.offline[who] = err
		}
	}
}

// sendOnline pipelines the parts on the switchboard; when the switchboard
// drops before any part was acknowledged it is replaced once.
func (c *Conversation) sendOnline(ctx context.Context, text string) (int, error) {
	parts := sb.Split(text, sb.MaxText)
	payloads := make([][]byte, len(parts))
	for i, p := range parts {
		payloads[i] = sb.TextPayload(p)
	}
	acked, err := c.board.SendAll(ctx, payloads)
	if err == nil {
		return len(parts), nil
	}
	if acked > 0 || errors.Is(err, sb.ErrNotDelivered) || ctx.Err() != nil {
		return acked, notDelivered(err, acked, len(parts))
	}
	// Nothing acknowledged: safe to try once more on a new switchboard.
	c.board.Close(ctx)
	c.board = nil
	if err := c.connect(ctx); err != nil {
		return 0, err
	}
	if c.board == nil {
		return 0, ErrOffline
	}
	acked, err = c.board.SendAll(ctx, payloads)
	if err != nil {
		return acked, notDelivered(err, acked, len(parts))
	}
	return len(parts), nil
}

func notDelivered(err error, acked, total int) error {
	if acked == 0 {
		return fmt.Errorf("%w: %w", ErrNotDelivered, err)
	}
	return fmt.Errorf("%w: only %d of %d parts acknowledged: %w", ErrNotDelivered, acked, total, err)
}

func (c *Conversation) storeOffline(ctx context.Context, who, text string) (int, error) {
	parts := sb.Split(text, c.opts.Offline.MaxText())
	for i, p := range parts {
		if err := c.opts.Offline.Store(ctx, who, p); err != nil {
			return i, err
		}
	}
	return len(parts), nil
}

// Present lists the contacts in the switchboard now (bare emails).
func (c *Conversation) Present() []string {
	if c.board == nil {
		return nil
	}
	return c.board.Members()
}

// Nudge sends a nudge to the contacts online in the conversation and
// blocks until the server acknowledges it.
func (c *Conversation) Nudge(ctx context.Context) error {
	if c.board == nil {
		return ErrOffline
	}
	return c.board.Send(ctx, sb.NudgePayload())
}

// Close leaves the switchboard. It blocks at most until ctx is done.
func (c *Conversation) Close(ctx context.Context) {
	if c.board != nil {
		c.board.Close(ctx)
	}
}

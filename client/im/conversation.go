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
	// ErrNotDelivered: the switchboard refused the message (NAK), the
	// contact left while it was sent, or the connection dropped after part
	// of it was acknowledged.
	ErrNotDelivered = errors.New("im: the message was not delivered")
	// ErrNoAnswer: the contact is online but did not join the
	// conversation (their client did not answer the invitation).
	ErrNoAnswer = errors.New("im: the contact did not answer the invitation")
	// ErrNudgeOffline: a nudge for a contact who is offline; unlike a
	// text it cannot be stored for later. It matches ErrOffline too.
	ErrNudgeOffline = fmt.Errorf("im: a nudge cannot be stored offline: %w", ErrOffline)
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
	// joined is the switchboard Join was given, which its owner closes;
	// nil after Open.
	joined *sb.Switchboard

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

// Join makes a conversation of a switchboard that is open already: one
// a contact invited the user to (see transfer.Answer and
// transfer.Peer.Switchboard), with the contacts to. Send then works as
// after Open: it invites back a contact who left, and opens a new
// switchboard when this one has closed. It blocks for nothing. Close
// leaves only the switchboards the conversation opened: board stays with
// its owner.
func Join(sess *ns.Session, board *sb.Switchboard, to []string, opts Options) *Conversation {
	return &Conversation{sess: sess, opts: opts, to: to, board: board, joined: board, offline: map[string]error{}}
}

// connect (re)builds the switchboard for the contacts not known offline.
func (c *Conversation) connect(ctx context.Context) error {
	var online []string
	for _, who := range c.online() {
		if err := c.selfAlone(ctx, who); err != nil {
			c.offline[who] = err
			continue
		}
		online = append(online, who)
	}
	if !c.sess.Dialect.HiddenSwitchboard && len(online) > 0 {
		// Opening a switchboard makes the user appear online here
		// (MSNP12): first learn, hidden, who is online at all, so that a
		// text for offline contacts goes without the user appearing.
		if err := c.sess.ObservePresence(ctx); err != nil {
			return err
		}
		var reachable []string
		for _, who := range online {
			if c.sess.ContactOnline(who) {
				reachable = append(reachable, who)
			} else {
				c.offline[who] = ErrOffline
			}
		}
		online = reachable
	}
	if len(online) == 0 {
		return nil
	}
	addr, cookie, err := c.sess.OpenSwitchboard(ctx)
	if err != nil {
		return err
	}
	cfg := sb.Config{Addr: addr, Cookie: cookie, Self: c.sess.Endpoint(), Trace: c.opts.Trace}
	var invited []string
	for _, who := range online {
		if c.board == nil {
			c.board, err = sb.Call(ctx, cfg, who)
			if c.board == nil {
				return err
			}
		} else {
			err = c.board.Invite(ctx, who)
		}
		switch {
		case errors.Is(err, msnp.ErrNotOnline):
			c.offline[who] = ErrOffline
		case err != nil:
			c.offline[who] = err
		default:
			invited = append(invited, who)
		}
	}
	for _, who := range invited {
		if err := c.board.WaitJoin(ctx, who); err != nil {
			c.offline[who] = fmt.Errorf("%w: %w", ErrNoAnswer, err)
		}
	}
	return nil
}

// Send delivers text to every contact of the conversation and blocks until
// each part is acknowledged or stored, or ctx is done. It first invites
// again contacts who left, and may replace a switchboard that dropped; the
// offline stores run on goroutines of their own. It returns one Result per
// contact, with Err set for every contact the text did not reach.
func (c *Conversation) Send(ctx context.Context, text string) []Result {
	c.rejoin(ctx)
	parts := sb.Split(text, sb.MaxText)
	payloads := make([][]byte, len(parts))
	for i, p := range parts {
		payloads[i] = sb.TextPayload(p)
	}
	outcomes := c.deliver(ctx, payloads)
	results := make([]Result, len(c.to))
	var wg sync.WaitGroup
	for i, who := range c.to {
		r := &results[i]
		o := outcomes[who]
		*r = Result{To: who, Parts: o.count(), Err: o.err}
		if r.Parts == len(parts) {
			continue
		}
		reason, off := c.offline[who]
		if !off || !errors.Is(reason, ErrOffline) || c.opts.Offline == nil {
			if off && r.Err == nil {
				r.Err = reason
			}
			continue
		}
		// Offline (from the start, or found so when invited again): the
		// parts that did not reach them online are stored.
		rest := strings.Join(o.missing(parts), "")
		wg.Add(1)
		go func() {
			defer wg.Done()
			stored, err := c.storeOffline(ctx, who, rest)
			r.Offline, r.Err = true, err
			if err == nil {
				r.Parts = len(parts)
			} else {
				r.Parts += stored
			}
		}()
	}
	wg.Wait()
	return results
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
	c.inviteBack(ctx, c.online())
}

// online lists the contacts not known to be offline or unreachable.
func (c *Conversation) online() []string {
	var out []string
	for _, who := range c.to {
		if _, off := c.offline[who]; !off {
			out = append(out, who)
		}
	}
	return out
}

// inviteBack invites those of who that are not in the switchboard and
// waits for them to join; one who cannot be brought back is marked
// offline (or with the reason) in c.offline.
func (c *Conversation) inviteBack(ctx context.Context, who []string) {
	present := map[string]bool{}
	for _, m := range c.board.Members() {
		present[m] = true
	}
	for _, w := range who {
		if present[strings.ToLower(w)] {
			continue
		}
		err := c.selfAlone(ctx, w) // the server rings no one, yet says RINGING
		if err == nil {
			err = c.board.Invite(ctx, w)
		}
		if err == nil {
			err = c.board.WaitJoin(ctx, w)
		}
		switch {
		case errors.Is(err, msnp.ErrNotOnline):
			c.offline[w] = ErrOffline
		case err != nil:
			c.offline[w] = err
		}
	}
}

// notDelivered wraps a failure to send: a NAK or a departure is
// ErrNotDelivered; a lost connection or a timeout keeps its own error (a
// network failure), noting a partial delivery.
func notDelivered(err error, delivered, total int) error {
	if errors.Is(err, sb.ErrNotDelivered) || errors.Is(err, sb.ErrLeft) {
		err = fmt.Errorf("%w: %w", ErrNotDelivered, err)
	}
	if delivered == 0 || delivered == total {
		return err
	}
	return fmt.Errorf("only %d of %d parts delivered: %w", delivered, total, err)
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
// blocks until the server acknowledges it with them present. Contacts
// who are offline get nothing (there is no offline nudge); their Result
// says ErrNudgeOffline.
func (c *Conversation) Nudge(ctx context.Context) []Result {
	outcomes := c.deliver(ctx, [][]byte{sb.NudgePayload()})
	out := make([]Result, 0, len(c.to))
	for _, who := range c.to {
		o := outcomes[who]
		r := Result{To: who, Parts: o.count(), Err: o.err}
		if reason, off := c.offline[who]; off && r.Parts == 0 && r.Err == nil {
			r.Err = reason
			if errors.Is(reason, ErrOffline) {
				r.Err = ErrNudgeOffline
			}
		}
		out = append(out, r)
	}
	return out
}

// Close leaves the switchboard, unless it was given to Join. It blocks
// at most until ctx is done.
func (c *Conversation) Close(ctx context.Context) {
	if c.board != nil && c.board != c.joined {
		c.board.Close(ctx)
	}
}

package im

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"sync"

	"github.com/msn-cli/msn/client/conn"
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
	results := map[string]*Result{}
	var online []string
	for _, who := range c.to {
		results[who] = &Result{To: who}
		if _, off := c.offline[who]; !off {
			online = append(online, who)
		}
	}
	if len(online) > 0 {
		parts, err := c.sendOnline(ctx, text)
		var left *sb.LeftError
		errors.As(err, &left)
		for _, who := range online {
			r := results[who]
			switch {
			case c.offline[who] != nil:
				// Found offline when the switchboard was replaced.
			case left != nil && !contains(left.Who, who):
				r.Parts = parts // the others got it; only the leavers did not
			default:
				r.Parts, r.Err = parts, err
			}
		}
	}
	var wg sync.WaitGroup
	for _, who := range c.to {
		reason, off := c.offline[who]
		r := results[who]
		switch {
		case !off:
		case errors.Is(reason, ErrOffline) && c.opts.Offline != nil:
			wg.Add(1)
			go func() {
				defer wg.Done()
				r.Offline = true
				r.Parts, r.Err = c.storeOffline(ctx, who, text)
			}()
		default:
			r.Err = reason
		}
	}
	wg.Wait()
	out := make([]Result, 0, len(c.to))
	for _, who := range c.to {
		out = append(out, *results[who])
	}
	return out
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if strings.EqualFold(v, s) {
			return true
		}
	}
	return false
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

// sendOnline pipelines the parts on the switchboard. When the switchboard
// drops before any part was acknowledged it is replaced once and the text
// sent again; contacts found offline on the new one are left to the
// caller (in c.offline).
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
	if acked == 0 && errors.Is(err, conn.ErrConnectionLost) {
		if ended := c.sess.Err(); ended != nil {
			// The server signed the session out (OUT OTH: another login)
			// and dropped its switchboards: that is the error to act on.
			return 0, ended
		}
	}
	if acked > 0 || !errors.Is(err, conn.ErrConnectionLost) || ctx.Err() != nil {
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
		if ended := c.sess.Err(); ended != nil && acked == 0 {
			return 0, ended
		}
		return acked, notDelivered(err, acked, len(parts))
	}
	return len(parts), nil
}

// notDelivered wraps a failure to send: a NAK or a departure is
// ErrNotDelivered; a lost connection or a timeout keeps its own error (a
// network failure), noting a partial delivery.
func notDelivered(err error, acked, total int) error {
	if errors.Is(err, sb.ErrNotDelivered) || errors.Is(err, sb.ErrLeft) {
		err = fmt.Errorf("%w: %w", ErrNotDelivered, err)
	}
	if acked == 0 || acked == total {
		return err
	}
	return fmt.Errorf("only %d of %d parts acknowledged: %w", acked, total, err)
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
// blocks until the server acknowledges it. Contacts who are offline get
// nothing (there is no offline nudge); their Result says ErrOffline.
func (c *Conversation) Nudge(ctx context.Context) []Result {
	var err error
	if c.board != nil {
		_, err = c.board.SendAll(ctx, [][]byte{sb.NudgePayload()})
		err = notDelivered(err, 0, 1)
	}
	out := make([]Result, 0, len(c.to))
	for _, who := range c.to {
		r := Result{To: who, Parts: 1, Err: err}
		if reason, off := c.offline[who]; off {
			r = Result{To: who, Err: reason}
		}
		if r.Err != nil {
			r.Parts = 0
		}
		out = append(out, r)
	}
	return out
}

// Close leaves the switchboard. It blocks at most until ctx is done.
func (c *Conversation) Close(ctx context.Context) {
	if c.board != nil {
		c.board.Close(ctx)
	}
}

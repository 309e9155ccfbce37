package transfer

import (
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/msn-cli/msn/client/msnp"
	"github.com/msn-cli/msn/client/ns"
	"github.com/msn-cli/msn/client/sb"
)

// ErrOffline: the contact is offline, unknown or blocks you; a file
// cannot be stored for later.
var ErrOffline = errors.New("transfer: the contact is offline (a file cannot be stored offline)")

// PeerOptions configure the switchboard side of a Peer.
type PeerOptions struct {
	// Link tunes the switchboard link (window, per-wait bound).
	Link LinkOptions
	// Handler receives files the contact offers; the zero Handler
	// declines them.
	Handler Handler
	// Direct says whether and how files may go over a direct connection.
	Direct DirectOptions
	// Message, when not nil, receives the switchboard's other messages
	// (texts, nudges, typing), on its read goroutine; it must not block.
	Message func(sb.Message)
	// Trace receives the switchboard protocol trace; may be nil.
	Trace io.Writer
	// TraceP2P, when not nil, is told of SLP messages (see Options.Trace).
	TraceP2P func(format string, args ...any)
}

// Peer is a contact in a switchboard with this client, and the MSNP2P
// endpoint between them.
type Peer struct {
	*Endpoint
	Contact string
	board   *sb.Switchboard
	link    *SBLink
}

// newPeer prepares the link and the switchboard handler for contact.
func newPeer(sess *ns.Session, contact string, opts PeerOptions) (*Peer, sb.Handler) {
	link := NewSBLink(sess.Account, contact, opts.Link)
	handler := sb.Handler{
		Message: func(m sb.Message) {
			if !link.HandleMessage(m) && opts.Message != nil {
				opts.Message(m)
			}
		},
		Left: link.HandleLeft,
	}
	return &Peer{Contact: contact, link: link}, handler
}

func (p *Peer) start(board *sb.Switchboard, sess *ns.Session, opts PeerOptions) {
	p.board = board
	p.link.Attach(board)
	p.Endpoint = NewEndpoint(p.link, Options{Self: sess.Account, Peer: p.Contact, Handler: opts.Handler, Direct: opts.Direct, Trace: opts.TraceP2P})
}

// Dial opens a switchboard with contact and blocks until they have
// joined. An offline, unknown or blocking contact gives ErrOffline; one
// whose client does not answer the invitation, ErrNoAnswer. At MSNP12,
// where opening a switchboard makes the user appear online, it first
// looks (hidden) whether the contact is online at all.
func Dial(ctx context.Context, sess *ns.Session, contact string, opts PeerOptions) (*Peer, error) {
	if !sess.Dialect.HiddenSwitchboard {
		if err := sess.ObservePresence(ctx); err != nil {
			return nil, err
		}
		if !sess.ContactOnline(contact) {
			return nil, ErrOffline
		}
	}
	addr, cookie, err := sess.OpenSwitchboard(ctx)
	if err != nil {
		return nil, err
	}
	p, handler := newPeer(sess, contact, opts)
	board, err := sb.Call(ctx, sb.Config{Addr: addr, Cookie: cookie, Self: sess.Endpoint(), Trace: opts.Trace, Handler: handler}, contact)
	if errors.Is(err, msnp.ErrNotOnline) {
		err = ErrOffline
	}
	if err == nil {
		err = board.WaitJoin(ctx, contact)
		if err != nil && ctx.Err() != nil {
			err = fmt.Errorf("%w: %s did not join the conversation: %w", ErrNoAnswer, contact, err)
		}
	}
	if err != nil {
		if board != nil {
			board.Close(ctx)
		}
		return nil, err
	}
	p.start(board, sess, opts)
	return p, nil
}

// Answer joins the switchboard an invitation (RNG) rang for and blocks
// until the roster has arrived; the inviter is the Peer's contact.
func Answer(ctx context.Context, sess *ns.Session, inv ns.Invitation, opts PeerOptions) (*Peer, error) {
	p, handler := newPeer(sess, inv.From, opts)
	board, err := sb.Answer(ctx, sb.Config{Addr: inv.Addr, Cookie: inv.Cookie, Self: sess.Endpoint(), Trace: opts.Trace, Handler: handler}, inv.SessionID)
	if err != nil {
		return nil, err
	}
	p.start(board, sess, opts)
	return p, nil
}

// Close leaves the switchboard (OUT) and blocks until the endpoint has
// stopped, at most until ctx is done.
func (p *Peer) Close(ctx context.Context) {
	p.link.Close() // first: it unblocks a read goroutine waiting on the endpoint
	p.closeAttached()
	p.board.Close(ctx)
	select {
	case <-p.Done():
	case <-ctx.Done():
	}
}

// Switchboard is the switchboard the peer is in with the contact, for
// sending texts there too (see im.Join). Close leaves it.
func (p *Peer) Switchboard() *sb.Switchboard { return p.board }

// Leave says OUT on the switchboard without waiting (see sb.Leave); it
// may be called from PeerOptions.Message, on the read goroutine.
func (p *Peer) Leave(ctx context.Context) error { return p.board.Leave(ctx) }

package transfer

import (
	"context"
	"errors"
	"fmt"
	"net"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/msn-cli/msn/client/p2p"
	"github.com/msn-cli/msn/client/sb"
)

// DefaultWindow is how many data messages an SBLink keeps unacknowledged
// by the switchboard at once. libpurple waits for each ACK before the next
// chunk, so its throughput is one chunk per round trip; a window makes it
// bandwidth's, while the server never holds more than this many messages
// of ours (about 50 KB).
const DefaultWindow = 32

// SBLink carries packets over a switchboard as `MSG D`, with a bounded
// window of messages the server has not acknowledged yet. Create it before
// the switchboard (its Handle methods go in the switchboard's Handler),
// then Attach the switchboard. Its methods are safe for concurrent use.
type SBLink struct {
	self, peer string // bare addresses: ours (P2P-Dest of what we read), theirs
	window     int
	wait       time.Duration // bounds each wait for an ACK; 0: none

	in   chan p2p.Packet
	done chan struct{}

	board     *sb.Switchboard
	attached  chan struct{}
	delivered atomic.Uint64

	dataMu   sync.Mutex // one data sender at a time; guards inflight
	inflight []inflight

	errMu sync.Mutex
	err   error
}

// inflight is a data message written and not yet acknowledged.
type inflight struct {
	pending *sb.Pending
	size    int // payload bytes
}

// LinkOptions tune an SBLink.
type LinkOptions struct {
	// Window is how many data messages may be unacknowledged at once;
	// DefaultWindow when 0. A window of 1 is libpurple's stop-and-wait.
	Window int
	// Wait bounds each wait for the server's ACK (a server that stops
	// answering); 0 leaves it to the caller's context.
	Wait time.Duration
}

// NewSBLink returns a link between self and peer (accounts).
func NewSBLink(self, peer string, opts LinkOptions) *SBLink {
	window := opts.Window
	if window <= 0 {
		window = DefaultWindow
	}
	return &SBLink{
		self: bareAddress(self), peer: bareAddress(peer), window: window, wait: opts.Wait,
		in: make(chan p2p.Packet, 64), done: make(chan struct{}), attached: make(chan struct{}),
	}
}

// bareAddress drops a ";{guid}" endpoint and lower-cases.
func bareAddress(a string) string {
	a, _ = p2p.SplitEndpoint(a)
	return strings.ToLower(a)
}

// Attach gives the link its switchboard, once, and watches it: when it
// closes, the link ends with its error.
func (l *SBLink) Attach(board *sb.Switchboard) {
	l.board = board
	close(l.attached)
	go func() {
		select {
		case <-board.Done():
			err := board.Err()
			if err == nil {
				err = ErrLinkClosed
			}
			l.end(fmt.Errorf("transfer: the switchboard closed: %w", err))
		case <-l.done:
		}
	}()
}

// HandleMessage takes a switchboard message for the link: it reports
// false for one that is not MSNP2P (a text, say), and otherwise queues
// the packet for the Endpoint, blocking while the Endpoint is busy (the
// switchboard then stops reading, which slows the sender down). It runs
// on the switchboard's read goroutine. A packet for someone else, or from
// someone other than the peer, is dropped; a malformed one ends the link.
func (l *SBLink) HandleMessage(m sb.Message) bool {
	if m.ContentType() != p2p.SBContentType {
		return false
	}
	if bareAddress(m.Header.Get("P2P-Dest")) != l.self || bareAddress(m.From) != l.peer {
		return true
	}
	pkt, err := p2p.ParseSBBody(m.Body)
	if err != nil {
		l.end(fmt.Errorf("transfer: %s sent a malformed packet: %w", l.peer, err))
		return true
	}
	select {
	case l.in <- pkt:
	case <-l.done:
	}
	return true
}

// HandleLeft ends the link when the peer leaves the switchboard. It runs
// on the switchboard's read goroutine.
func (l *SBLink) HandleLeft(email string) {
	if bareAddress(email) == l.peer {
		l.end(ErrPeerLeft)
	}
}

func (l *SBLink) end(err error) {
	l.errMu.Lock()
	defer l.errMu.Unlock()
	if l.err == nil {
		l.err = err
		close(l.done)
	}
}

// LocalAddr is this side's address of the switchboard connection: where
// a direct connection listens, by default.
func (l *SBLink) LocalAddr() net.Addr {
	if board, err := l.ready(); err == nil {
		return board.LocalAddr()
	}
	return nil
}

// Close ends the link (not the switchboard).
func (l *SBLink) Close() { l.end(ErrLinkClosed) }

func (l *SBLink) MaxChunk() uint32           { return p2p.SBChunk }
func (l *SBLink) Packets() <-chan p2p.Packet { return l.in }
func (l *SBLink) Done() <-chan struct{}      { return l.done }
func (l *SBLink) Delivered() uint64          { return l.delivered.Load() }
func (l *SBLink) Err() error                 { l.errMu.Lock(); defer l.errMu.Unlock(); return l.err }
func (l *SBLink) ready() (*sb.Switchboard, error) {
	select {
	case <-l.attached:
		if err := l.Err(); err != nil {
			return nil, err
		}
		return l.board, nil
	case <-l.done:
		return nil, l.Err()
	}
}

// payloads builds the MSG payloads of pkts.
func (l *SBLink) payloads(pkts []p2p.Packet) ([][]byte, error) {
	out := make([][]byte, len(pkts))
	for i, pkt := range pkts {
		var err error
		if out[i], err = p2p.AppendSBMessage(nil, l.peer, pkt); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// SendControl writes pkts as `MSG D` in one write and does not wait for
// the server's ACKs: a control packet lost with the switchboard is noticed
// by the session, which waits for the peer's answer.
func (l *SBLink) SendControl(ctx context.Context, pkts ...p2p.Packet) error {
	board, err := l.ready()
	if err != nil {
		return err
	}
	payloads, err := l.payloads(pkts)
	if err != nil {
		return err
	}
	_, err = board.Start(ctx, sb.ModeD, payloads...)
	return err
}

// SendData writes pkts in order, as many at a time as the window has
// room for, each batch in one write; it blocks while the window is full.
func (l *SBLink) SendData(ctx context.Context, pkts ...p2p.Packet) error {
	board, err := l.ready()
	if err != nil {
		return err
	}
	l.dataMu.Lock()
	defer l.dataMu.Unlock()
	for len(pkts) > 0 {
		for len(l.inflight) >= l.window {
			if err := l.settleOldest(ctx); err != nil {
				return err
			}
		}
		n := min(len(pkts), l.window-len(l.inflight))
		payloads, err := l.payloads(pkts[:n])
		if err != nil {
			return err
		}
		sent, err := board.Start(ctx, sb.ModeD, payloads...)
		if err != nil {
			return l.failure(err)
		}
		for i, p := range sent {
			l.inflight = append(l.inflight, inflight{pending: p, size: len(pkts[i].Payload)})
		}
		pkts = pkts[n:]
	}
	return nil
}

// Flush waits for the server's ACK of every data message written.
func (l *SBLink) Flush(ctx context.Context) error {
	l.dataMu.Lock()
	defer l.dataMu.Unlock()
	for len(l.inflight) > 0 {
		if err := l.settleOldest(ctx); err != nil {
			return err
		}
	}
	return nil
}

// settleOldest waits for the oldest data message's ACK. The switchboard
// acknowledges a message even when nobody is there to receive it, so one
// acknowledged while the peer was gone is lost: the link ends.
func (l *SBLink) settleOldest(ctx context.Context) error {
	f := l.inflight[0]
	if l.wait > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, l.wait)
		defer cancel()
	}
	ack, err := f.pending.Wait(ctx)
	if err != nil {
		if errors.Is(err, context.DeadlineExceeded) {
			err = fmt.Errorf("transfer: the switchboard did not acknowledge data within %s: %w", l.wait, err)
		}
		return l.failure(err)
	}
	l.inflight = l.inflight[1:]
	if !ack.Reaches(l.peer) {
		l.end(ErrPeerLeft)
		return ErrPeerLeft
	}
	l.delivered.Add(uint64(f.size))
	return nil
}

// failure prefers the link's own reason (the peer left) to the
// switchboard error it caused.
func (l *SBLink) failure(err error) error {
	if lerr := l.Err(); lerr != nil && ctxErr(err) == nil {
		return lerr
	}
	return err
}

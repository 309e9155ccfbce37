package transfer

import (
	"context"
	"crypto/rand"
	"encoding/binary"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/msn-cli/msn/client/p2p"
)

// controlTimeout bounds the writes the Endpoint makes on its
// own (ACKs, answers): they are small, and the link is local.
const controlTimeout = 30 * time.Second

func newControlContext() (context.Context, context.CancelFunc) {
	return context.WithTimeout(context.Background(), controlTimeout)
}

// Endpoint is this client's MSNP2P side of the links to one peer (a
// switchboard, and direct connections attached to it): it numbers the
// messages it sends, reassembles and acknowledges the ones it receives,
// and runs file sessions both ways (SendFile; Handler for offers). A
// goroutine per link, started by NewEndpoint and Attach, reads it; packets
// are handled one at a time whatever their link, so the Handler's methods
// run one at a time, in order. Its methods are safe for concurrent use.
type Endpoint struct {
	link       Link   // the primary link (the switchboard): SLP goes there
	self, peer string // SLP addresses
	handler    Handler
	direct     DirectOptions
	trace      func(format string, args ...any)
	// incomingIdle: see Options.IncomingIdle (0 or less: no limit).
	incomingIdle time.Duration

	handling sync.Mutex     // one packet handled at a time, whatever its link
	asm      p2p.Assembler  // incoming SLP messages; guarded by handling
	attached sync.WaitGroup // pumps of attached links

	ids atomic.Uint32 // the last message identifier used

	mu       sync.Mutex
	replies  map[string]chan *p2p.SLPMessage // Call-ID -> the sender waiting for the answer
	byes     map[string]chan struct{}        // Call-ID -> closed when the peer says BYE
	awaiting []*awaiting                     // messages sent whose ACK someone waits for
	links    []Link                          // attached
	incoming map[uint32]*incoming            // SessionID -> a file being received
	received map[uint32]p2p.Header           // SessionID -> the last chunk of a file received whole and acknowledged
	// receivedOrder is the sessions of received, oldest first (rememberReceived).
	receivedOrder []uint32
	nonces        map[string]p2p.GUID // Call-ID -> this side's nonce, published hashed without listening

	done chan struct{} // closed when the reading goroutine has returned
}

// Options configure an Endpoint.
type Options struct {
	// Self and Peer are the addresses in SLP To and From (the accounts).
	Self, Peer string
	// Handler decides on offered files; the zero Handler declines them.
	Handler Handler
	// Direct says whether and how to make direct connections.
	Direct DirectOptions
	// Trace, when not nil, is told of each SLP message and each ignored
	// packet, for --debug.
	Trace func(format string, args ...any)
	// IncomingIdle abandons a file being received when nothing of it
	// arrives for this long (ErrStalled): 0 is DefaultIncomingIdle, a
	// negative value no limit.
	IncomingIdle time.Duration
}

// NewEndpoint starts the P2P endpoint on link and its reading goroutine,
// which runs until the link ends.
func NewEndpoint(link Link, opts Options) *Endpoint {
	e := &Endpoint{
		link: link, self: opts.Self, peer: opts.Peer, handler: opts.Handler, direct: opts.Direct, trace: opts.Trace,
		nonces:  map[string]p2p.GUID{},
		replies: map[string]chan *p2p.SLPMessage{}, byes: map[string]chan struct{}{},
		incoming: map[uint32]*incoming{}, received: map[uint32]p2p.Header{}, done: make(chan struct{}),
	}
	if e.trace == nil {
		e.trace = func(string, ...any) {}
	}
	switch e.incomingIdle = opts.IncomingIdle; {
	case e.incomingIdle == 0:
		e.incomingIdle = DefaultIncomingIdle
	case e.incomingIdle < 0:
		e.incomingIdle = 0
	}
	e.ids.Store(randomUint32() >> 1) // a random base, as libpurple's, with room to count
	go func() {
		defer close(e.done)
		e.pump(link)
		// The primary link ended: attached links may still bring the
		// last of a transfer; they have attachGrace.
		grace := time.AfterFunc(attachGrace, e.closeAttached)
		e.attached.Wait()
		grace.Stop()
		e.endIncoming(e.link.Err())
	}()
	return e
}

// attachGrace is how long attached links may go on once the primary link
// has ended (a receiver's last ACK may still be on its way by one), before
// they are closed.
const attachGrace = 5 * time.Second

// Attach adds a link to the peer (a direct connection): its packets are
// handled like the primary link's, and answers to them go back by it. The
// returned channel is closed once the link has ended and every packet it
// brought has been handled. When the primary link ends, attached links
// have attachGrace to end too, then they are closed (if they have Close).
func (e *Endpoint) Attach(link Link) <-chan struct{} {
	drained := make(chan struct{})
	e.attached.Add(1)
	e.mu.Lock()
	e.links = append(e.links, link)
	e.mu.Unlock()
	go func() {
		defer e.attached.Done()
		e.pump(link)
		close(drained)
	}()
	return drained
}

// closeAttached closes every attached link that can be closed.
func (e *Endpoint) closeAttached() {
	e.mu.Lock()
	links := e.links
	e.mu.Unlock()
	for _, l := range links {
		if c, ok := l.(interface{ Close() error }); ok {
			c.Close()
		}
	}
}

// Done is closed when the endpoint has stopped reading (the primary link
// ended, and then the attached ones) and every receiving session was told.
func (e *Endpoint) Done() <-chan struct{} { return e.done }

func randomUint32() uint32 {
	var b [4]byte
	rand.Read(b[:])
	return binary.LittleEndian.Uint32(b[:])
}

// nonZeroRandom is a random identifier that is never 0 (0 means "none").
func nonZeroRandom() uint32 {
	for {
		if v := randomUint32(); v != 0 {
			return v
		}
	}
}

func (e *Endpoint) nextID() uint32 { return e.ids.Add(1) }

// pump handles a link's packets, one at a time with those of the other
// links, until the link ends and what it had queued is handled. Taking
// the next packet only after handling the last one matters: a link may
// reuse a payload's memory for its next packet (DCLink does).
func (e *Endpoint) pump(link Link) {
	for {
		select {
		case pkt := <-link.Packets():
			e.handleLocked(link, pkt)
			continue
		case <-link.Done():
		}
		for { // what arrived before the end still counts
			select {
			case pkt := <-link.Packets():
				e.handleLocked(link, pkt)
				continue
			default:
			}
			return
		}
	}
}

func (e *Endpoint) handleLocked(link Link, pkt p2p.Packet) {
	e.handling.Lock()
	defer e.handling.Unlock()
	e.handle(link, pkt)
}

// handle dispatches one incoming packet, which came by link. The caller
// holds e.handling.
func (e *Endpoint) handle(link Link, pkt p2p.Packet) {
	h := pkt.Header
	switch {
	case h.Flags&p2p.FlagACK != 0:
		e.acked(h)
	case h.Flags&p2p.FlagNAK != 0:
		e.naked(h)
	case h.SessionID == 0 && h.Flags&^p2p.FlagWLM2009 == p2p.FlagNone:
		whole, err := e.asm.Add(pkt)
		if err != nil {
			e.trace("P2P -- dropped an SLP chunk: %v", err)
			return
		}
		if whole == nil {
			return
		}
		e.sendAck(link, h)
		m, err := p2p.ParseSLP(whole)
		if err != nil {
			e.trace("P2P -- dropped an SLP message: %v", err)
			return
		}
		e.trace("P2P S< %s", describeSLP(m))
		e.slp(m)
	case h.SessionID != 0 && h.Flags&p2p.FlagDCHandshake == 0:
		e.data(link, pkt)
	default:
		e.trace("P2P -- ignored a packet: %s", h)
	}
}

// sendAck acknowledges a whole message received by link, h being one of
// its chunks' headers.
func (e *Endpoint) sendAck(link Link, h p2p.Header) {
	ctx, cancel := newControlContext()
	defer cancel()
	ack := p2p.AckFor(h, e.nextID())
	if err := link.SendControl(ctx, p2p.Packet{Header: ack}); err != nil {
		e.trace("P2P -- could not send an ACK: %v", err)
	}
}

// sendSLP writes m as one SLP message, in as many chunks as the link
// needs, outside the data window.
func (e *Endpoint) sendSLP(ctx context.Context, m *p2p.SLPMessage) error {
	b, err := p2p.AppendSLP(nil, m)
	if err != nil {
		return err
	}
	e.trace("P2P C> %s", describeSLP(m))
	h := p2p.SLPHeader(e.nextID(), uint64(len(b)), nonZeroRandom())
	var pkts []p2p.Packet
	for off, n := range (p2p.Plan{Total: uint64(len(b)), Size: e.link.MaxChunk()}).From(0) {
		pkts = append(pkts, p2p.Packet{Header: h.Chunk(off, n), Payload: b[off : off+uint64(n)]})
	}
	return e.link.SendControl(ctx, pkts...)
}

// slp handles one whole SLP message from the peer.
func (e *Endpoint) slp(m *p2p.SLPMessage) {
	if !m.IsRequest() {
		e.mu.Lock()
		ch := e.replies[m.CallID]
		delete(e.replies, m.CallID)
		e.mu.Unlock()
		switch {
		case ch != nil:
			ch <- m // buffered: never blocks
		case m.Status >= 300 && m.ContentType == p2p.ContentSessionRequest:
			// An error for a session already under way: libpurple
			// cancels a file it is receiving with 603 Decline. (A late
			// refusal of a direct connection, with a transport content
			// type, changes nothing.)
			e.bye(m)
		}
		return
	}
	switch m.Method {
	case p2p.MethodInvite:
		e.invited(m)
	case p2p.MethodBye:
		e.bye(m)
	}
}

// bye ends the session the peer closed, either direction (with a BYE,
// or an error answer once the session was under way).
func (e *Endpoint) bye(m *p2p.SLPMessage) {
	e.mu.Lock()
	ch := e.byes[m.CallID]
	delete(e.byes, m.CallID)
	var in *incoming
	for id, s := range e.incoming {
		if s.callID == m.CallID {
			in = s
			delete(e.incoming, id)
		}
	}
	e.mu.Unlock()
	if ch != nil {
		close(ch)
	}
	if in != nil {
		stopWatching(in)
		e.ended(in, ErrCancelled)
	}
}

// bye returns the channel closed when the peer ends the session callID.
func (e *Endpoint) watchBye(callID string) <-chan struct{} {
	ch := make(chan struct{})
	e.mu.Lock()
	e.byes[callID] = ch
	e.mu.Unlock()
	return ch
}

func (e *Endpoint) forgetSession(callID string) {
	e.mu.Lock()
	delete(e.byes, callID)
	delete(e.replies, callID)
	e.mu.Unlock()
}

// sendBye closes the session callID on the peer's side (best effort).
func (e *Endpoint) sendBye(callID string) {
	ctx, cancel := newControlContext()
	defer cancel()
	bye := p2p.NewRequest(p2p.MethodBye, e.peer, e.self, p2p.NewGUID().String(), callID, p2p.ContentSessionClose, nil)
	if err := e.sendSLP(ctx, bye); err != nil {
		e.trace("P2P -- could not send BYE: %v", err)
	}
}

// describeSLP is the start line of m, for traces.
func describeSLP(m *p2p.SLPMessage) string {
	if m.IsRequest() {
		return m.Method + " " + m.ContentType + " Call-ID " + m.CallID
	}
	return strconv.Itoa(m.Status) + " " + m.Reason + " " + m.ContentType + " Call-ID " + m.CallID
}

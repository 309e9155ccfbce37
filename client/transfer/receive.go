package transfer

import (
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/msn-cli/msn/client/p2p"
)

// Offer is a file the peer offers to send.
type Offer struct {
	From string // the peer's address
	// Name is the file name as sent: not safe as a path (see
	// savefile.SafeName).
	Name      string
	Size      uint64
	SessionID uint32
	CallID    string
}

// Handler decides on offered files and receives them. Its functions run
// one at a time, in order, and must return promptly (a decision, a write,
// a commit): packets are not read meanwhile. Any may be nil; a nil Offer
// declines every file.
type Handler struct {
	// Offer accepts a file by returning where its bytes go, in order; an
	// error declines it (603 Decline).
	Offer func(Offer) (io.Writer, error)
	// Complete is called once every byte has been written: it makes the
	// file durable. Only when it returns nil is the sender told that the
	// transfer is complete (the ACK it waits for); an error cancels it.
	Complete func(Offer) error
	// Ended is called once for every accepted transfer, when it is over:
	// with nil after the sender was told it is complete, or with why it
	// stopped: cancelled by the sender (ErrCancelled), the link lost, or a
	// failed write or Complete. Nothing is sent for the transfer after it.
	Ended func(Offer, error)
}

// incoming is a file being received.
type incoming struct {
	offer   Offer
	callID  string
	tracker *p2p.DataTracker
	w       io.Writer
	asked   bool        // a NAK went for the bytes after tracker.Received
	stall   *time.Timer // abandons the file when nothing arrives (watchStall); nil: no limit
	arrived time.Time   // when the session was accepted or its last chunk came; guarded by e.handling
}

// errNoHandler declines files when no one takes them.
var errNoHandler = errors.New("transfer: not accepting files")

// invited answers an INVITE from the peer.
func (e *Endpoint) invited(m *p2p.SLPMessage) {
	switch m.ContentType {
	case p2p.ContentSessionRequest:
		e.offered(m)
	case p2p.ContentTransportReq:
		e.transportRequested(m)
	case p2p.ContentTransportResp:
		e.reverseInvited(m)
	default:
		e.answer(m, 500, m.ContentType, nil)
	}
}

// offered handles a session INVITE: a file is offered to the Handler;
// anything else (a display picture, a webcam) is declined.
func (e *Endpoint) offered(m *p2p.SLPMessage) {
	req, err := p2p.ParseSessionRequest(m.Body)
	if err != nil {
		e.answer(m, 500, p2p.ContentSessionRequest, nil)
		return
	}
	decline := func() { e.answer(m, 603, p2p.ContentSessionRequest, p2p.SessionIDBody(req.SessionID)) }
	if !req.IsFile() || req.SessionID == 0 {
		decline()
		return
	}
	fc, err := p2p.DecodeFileContext(req.Context)
	if err != nil {
		e.trace("P2P -- declined a file with an unreadable context: %v", err)
		decline()
		return
	}
	e.mu.Lock()
	_, underWay := e.incoming[req.SessionID]
	e.mu.Unlock()
	if underWay { // sent again, or a broken peer: the Handler has it already
		e.trace("P2P -- ignored an INVITE for session %d, which is being received", req.SessionID)
		return
	}
	offer := Offer{From: e.peer, Name: fc.Name, Size: fc.Size, SessionID: req.SessionID, CallID: m.CallID}
	w, err := io.Writer(nil), errNoHandler
	if e.handler.Offer != nil {
		w, err = e.handler.Offer(offer)
	}
	if err != nil {
		e.trace("P2P -- declined %q: %v", fc.Name, err)
		decline()
		return
	}
	in := &incoming{offer: offer, callID: m.CallID, tracker: p2p.NewDataTracker(req.SessionID, fc.Size), w: w}
	e.mu.Lock()
	e.incoming[req.SessionID] = in
	e.mu.Unlock()
	in.stall = e.watchStall(in)
	e.answer(m, 200, p2p.ContentSessionRequest, p2p.SessionIDBody(req.SessionID))
}

// answer sends the response to req.
func (e *Endpoint) answer(req *p2p.SLPMessage, status int, contentType string, body p2p.Body) {
	ctx, cancel := newControlContext()
	defer cancel()
	if err := e.sendSLP(ctx, p2p.Reply(req, status, contentType, body)); err != nil {
		e.trace("P2P -- could not answer %s: %v", req.Method, err)
	}
}

// data takes one chunk of a file being received by link.
func (e *Endpoint) data(link Link, pkt p2p.Packet) {
	e.mu.Lock()
	in := e.incoming[pkt.Header.SessionID]
	last, whole := e.received[pkt.Header.SessionID]
	e.mu.Unlock()
	if in == nil {
		if whole && isResentEnd(pkt.Header, last) {
			// The ACK went on a direct connection that broke before the
			// sender read it, and it sends the end again: acknowledge
			// again where it came, writing nothing.
			e.trace("P2P -- the end of a file received whole came again: acknowledged again")
			e.sendAck(link, pkt.Header)
			return
		}
		e.trace("P2P -- data for no session: %s", pkt.Header)
		return
	}
	if in.tracker.IsGap(pkt.Header) {
		// Bytes went missing (a direct connection broke): ask for them
		// once, and drop what comes until they do.
		if !in.asked {
			e.sendNak(link, pkt.Header, in.tracker.Received())
			in.asked = true
		}
		return
	}
	_, skip, err := in.tracker.Accept(pkt.Header)
	if err != nil {
		e.abort(in, fmt.Errorf("transfer: %s sent a chunk out of place: %w", e.peer, err))
		return
	}
	in.asked = false
	e.stillArriving(in)
	if _, err := in.w.Write(pkt.Payload[skip:]); err != nil {
		e.abort(in, err)
		return
	}
	if !in.tracker.Done() {
		return
	}
	e.trace("P2P -- received the whole of %q", in.offer.Name)
	e.drop(in)
	if e.handler.Complete != nil {
		if err := e.handler.Complete(in.offer); err != nil {
			e.sendBye(in.callID)
			e.ended(in, err)
			return
		}
	}
	e.sendAck(link, in.tracker.Last())
	e.rememberReceived(in.offer.SessionID, in.tracker.Last())
	e.ended(in, nil)
}

// rememberedFiles bounds the files received whole whose end is
// acknowledged again when resent: the last ones, which a sender whose
// direct connection broke may still be resending.
const rememberedFiles = 64

// rememberReceived notes the last chunk of a file received whole, for
// isResentEnd, forgetting the oldest beyond rememberedFiles.
func (e *Endpoint) rememberReceived(session uint32, last p2p.Header) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if _, ok := e.received[session]; !ok {
		e.receivedOrder = append(e.receivedOrder, session)
	}
	e.received[session] = last
	if len(e.receivedOrder) > rememberedFiles {
		delete(e.received, e.receivedOrder[0])
		e.receivedOrder = e.receivedOrder[1:]
	}
}

// isResentEnd reports whether h is the last chunk of the data message
// whose last chunk was last, sent again.
func isResentEnd(h, last p2p.Header) bool {
	return h.ID == last.ID && h.TotalSize == last.TotalSize && h.Offset+uint64(h.Length) == h.TotalSize
}

// drop forgets a receiving session.
func (e *Endpoint) drop(in *incoming) {
	stopWatching(in)
	e.mu.Lock()
	delete(e.incoming, in.offer.SessionID)
	e.mu.Unlock()
}

// abort ends a receiving session from this side: the sender is told (BYE).
func (e *Endpoint) abort(in *incoming, err error) {
	e.drop(in)
	e.sendBye(in.callID)
	e.ended(in, err)
}

func (e *Endpoint) ended(in *incoming, err error) {
	if e.handler.Ended != nil {
		e.handler.Ended(in.offer, err)
	}
}

// endIncoming tells every receiving session that the link ended. It
// takes the handling lock, as a stall timer does, so that a session is
// ended by one of them only.
func (e *Endpoint) endIncoming(cause error) {
	e.handling.Lock()
	defer e.handling.Unlock()
	e.mu.Lock()
	sessions := e.incoming
	e.incoming = map[uint32]*incoming{}
	e.mu.Unlock()
	for _, in := range sessions {
		stopWatching(in)
		err := cause
		if !errors.Is(err, ErrCancelled) {
			err = fmt.Errorf("%w: %w", ErrCancelled, cause)
		}
		e.ended(in, err)
	}
}

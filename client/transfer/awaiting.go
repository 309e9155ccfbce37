package transfer

import "github.com/msn-cli/msn/client/p2p"

// awaiting is a message sent whose ACK someone waits for: acked closes
// when it comes; resend gets the offset a NAK asks to send again from
// (the latest, when several came).
type awaiting struct {
	sent   p2p.Header
	acked  chan struct{}
	resend chan uint64
}

// expectAck registers a waiter for the peer's ACK (or NAKs) of the message
// whose chunks share sent's header.
func (e *Endpoint) expectAck(sent p2p.Header) *awaiting {
	w := &awaiting{sent: sent, acked: make(chan struct{}), resend: make(chan uint64, 1)}
	e.mu.Lock()
	e.awaiting = append(e.awaiting, w)
	e.mu.Unlock()
	return w
}

func (e *Endpoint) forgetAck(w *awaiting) {
	e.mu.Lock()
	defer e.mu.Unlock()
	for i, x := range e.awaiting {
		if x == w {
			e.awaiting = append(e.awaiting[:i:i], e.awaiting[i+1:]...)
			return
		}
	}
}

// acked handles an ACK: the waiter for the message it acknowledges is
// done.
func (e *Endpoint) acked(ack p2p.Header) {
	e.mu.Lock()
	defer e.mu.Unlock()
	for i, w := range e.awaiting {
		if p2p.IsAckOf(ack, w.sent) {
			close(w.acked)
			e.awaiting = append(e.awaiting[:i:i], e.awaiting[i+1:]...)
			return
		}
	}
}

// naked handles a NAK: the peer lacks part of a message and says from
// where to send it again.
func (e *Endpoint) naked(nak p2p.Header) {
	e.mu.Lock()
	defer e.mu.Unlock()
	for _, w := range e.awaiting {
		if from, ok := p2p.IsNakOf(nak, w.sent); ok {
			select { // keep only the latest
			case <-w.resend:
			default:
			}
			w.resend <- from
			e.trace("P2P -- the peer asks for the data again from byte %d", from)
			return
		}
	}
}

// sendNak asks the peer, by link, to send a data message again from
// received: gap is a chunk that came beyond it.
func (e *Endpoint) sendNak(link Link, gap p2p.Header, received uint64) {
	ctx, cancel := newControlContext()
	defer cancel()
	if err := link.SendControl(ctx, p2p.Packet{Header: p2p.NakFor(gap, received, e.nextID())}); err != nil {
		e.trace("P2P -- could not send a NAK: %v", err)
	}
}

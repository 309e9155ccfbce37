package p2p

import "fmt"

// MaxPendingSLP is how many SLP messages an Assembler collects at once.
const MaxPendingSLP = 4

// Assembler collects the chunks of incoming SLP messages (SessionID 0,
// FlagNone) by ID and offset, in memory, and returns each message once all
// its bytes have arrived. Chunks may come in any order and may repeat with
// the same content. It holds at most MaxPendingSLP messages of at most
// MaxSLPSize bytes each. It is not safe for concurrent use: the one
// goroutine that reads a transport feeds it.
type Assembler struct {
	pending map[uint32]*partialSLP
}

type partialSLP struct {
	buf  []byte
	have []bool // which bytes of buf have arrived
	left int    // how many have not
}

// Add takes one chunk. It returns the whole message (a new slice, owned by
// the caller) when pkt completes it, or nil while bytes are missing. It
// refuses, and forgets the message, on an empty or oversized message, a
// TotalSize that differs from its earlier chunks', a chunk that overruns
// the message, and bytes that differ from those already received at the same
// offset.
func (a *Assembler) Add(pkt Packet) ([]byte, error) {
	if err := pkt.check(); err != nil {
		return nil, err
	}
	h := pkt.Header
	p, err := a.partial(h)
	if err != nil {
		return nil, err
	}
	off := int(h.Offset)
	for i, c := range pkt.Payload {
		switch {
		case !p.have[off+i]:
			p.buf[off+i], p.have[off+i] = c, true
			p.left--
		case p.buf[off+i] != c:
			delete(a.pending, h.ID)
			return nil, fmt.Errorf("%w: SLP message %d: chunk at %d differs from the bytes received at %d", ErrSequence, h.ID, h.Offset, off+i)
		}
	}
	if p.left > 0 {
		return nil, nil
	}
	delete(a.pending, h.ID)
	return p.buf, nil
}

// partial finds or starts the message h belongs to.
func (a *Assembler) partial(h Header) (*partialSLP, error) {
	if p, ok := a.pending[h.ID]; ok {
		if uint64(len(p.buf)) != h.TotalSize {
			delete(a.pending, h.ID)
			return nil, fmt.Errorf("%w: SLP message %d: total size changed from %d to %d", ErrSequence, h.ID, len(p.buf), h.TotalSize)
		}
		return p, nil
	}
	switch {
	case h.TotalSize == 0:
		return nil, fmt.Errorf("%w: empty SLP message %d", ErrMalformed, h.ID)
	case h.TotalSize > MaxSLPSize:
		return nil, fmt.Errorf("%w: SLP message %d of %d bytes, over %d", ErrTooLarge, h.ID, h.TotalSize, MaxSLPSize)
	case len(a.pending) >= MaxPendingSLP:
		return nil, fmt.Errorf("%w: more than %d SLP messages in progress", ErrTooLarge, MaxPendingSLP)
	}
	if a.pending == nil {
		a.pending = make(map[uint32]*partialSLP)
	}
	p := &partialSLP{buf: make([]byte, h.TotalSize), have: make([]bool, h.TotalSize), left: int(h.TotalSize)}
	a.pending[h.ID] = p
	return p, nil
}

// Pending is the number of messages started and not yet complete.
func (a *Assembler) Pending() int { return len(a.pending) }

package p2p

import "fmt"

// DataTracker follows the chunks of one incoming data message (a file)
// without ever holding its bytes: for each chunk header it says which part
// of the payload is new and where it goes, and when the message is complete.
// Chunks must arrive in order, but a chunk may repeat bytes already received
// (a sender resuming from its last acknowledged offset, perhaps over another
// transport). It is not safe for concurrent use.
type DataTracker struct {
	sessionID uint32
	total     uint64
	id        uint32
	started   bool
	received  uint64
	last      Header
}

// NewDataTracker returns a tracker for the data of session sessionID, whose
// size total the INVITE's file context announced.
func NewDataTracker(sessionID uint32, total uint64) *DataTracker {
	return &DataTracker{sessionID: sessionID, total: total}
}

// Accept checks the header of the next chunk and returns where its new bytes
// go: payload[skip:] is to be written at offset at (always the number of
// bytes received so far, so a sequential writer simply appends). It refuses
// a chunk of another session or message, a TotalSize other than announced,
// a chunk that overruns the message, and one that starts beyond the bytes
// received so far (a gap). A refused chunk changes nothing.
func (t *DataTracker) Accept(h Header) (at uint64, skip uint32, err error) {
	switch {
	case h.SessionID != t.sessionID:
		return 0, 0, fmt.Errorf("%w: data for session %d, want %d", ErrSequence, h.SessionID, t.sessionID)
	case t.started && h.ID != t.id:
		return 0, 0, fmt.Errorf("%w: data message %d in the middle of message %d", ErrSequence, h.ID, t.id)
	case h.TotalSize != t.total:
		return 0, 0, fmt.Errorf("%w: data message of %d bytes, want %d", ErrSequence, h.TotalSize, t.total)
	}
	if err := h.Check(); err != nil {
		return 0, 0, err
	}
	if h.Offset > t.received {
		return 0, 0, fmt.Errorf("%w: data chunk at offset %d, only %d bytes received", ErrSequence, h.Offset, t.received)
	}
	t.started, t.id, t.last = true, h.ID, h
	at = t.received
	skip = uint32(min(uint64(h.Length), t.received-h.Offset))
	t.received += uint64(h.Length - skip)
	return at, skip, nil
}

// Received is how many bytes of the message have arrived.
func (t *DataTracker) Received() uint64 { return t.received }

// Done reports whether every byte has arrived (for an empty message: once
// its one empty chunk has).
func (t *DataTracker) Done() bool { return t.started && t.received == t.total }

// Last is the header of the last chunk accepted; AckFor(Last(), id) is the
// ACK to send once Done.
func (t *DataTracker) Last() Header { return t.last }

// IsGap reports whether h is a chunk of this message that starts beyond
// the bytes received so far: Accept refuses it, and the receiver may ask
// for the rest again (NakFor) instead of giving up.
func (t *DataTracker) IsGap(h Header) bool {
	return h.SessionID == t.sessionID && (!t.started || h.ID == t.id) && h.TotalSize == t.total &&
		h.Check() == nil && h.Offset > t.received
}

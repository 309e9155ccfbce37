package transfer

import "sync"

// sentLog follows the bytes a DCLink writes, from its buffer to the
// kernel (Delivered) and to the peer's TCP (Acked), counting only the
// payload of data packets. Offsets count every byte of the stream,
// preamble and handshake included, as the kernel's sequence numbers do.
type sentLog struct {
	// queued and payload are the stream bytes and data payload bytes
	// given to the buffer; only the writer (under DCLink.writeMu) uses them.
	queued, payload uint64

	mu        sync.Mutex
	written   uint64     // stream bytes the kernel took
	marks     []dataMark // data frames not known to be acknowledged, in order
	fresh     int        // marks[fresh:] are the frames the kernel has not all taken
	delivered uint64
	acked     uint64
}

// dataMark is the end of a data frame in the stream, and how many data
// payload bytes the stream holds up to it.
type dataMark struct{ end, payload uint64 }

// newSentLog starts a log after the n bytes of the handshake.
func newSentLog(n uint64) *sentLog { return &sentLog{queued: n, written: n} }

// queue records a frame of size bytes (length prefix included) given to
// the buffer, with data payload bytes (0 for a control frame).
func (s *sentLog) queue(size, data int) {
	s.queued += uint64(size)
	if data == 0 {
		return
	}
	s.payload += uint64(data)
	s.mu.Lock()
	s.marks = append(s.marks, dataMark{end: s.queued, payload: s.payload})
	s.mu.Unlock()
}

// wrote records n more bytes taken by the kernel.
func (s *sentLog) wrote(n int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.written += uint64(n)
	for s.fresh < len(s.marks) && s.marks[s.fresh].end <= s.written {
		s.delivered = s.marks[s.fresh].payload
		s.fresh++
	}
}

// writtenBytes is how many stream bytes the kernel has taken.
func (s *sentLog) writtenBytes() uint64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.written
}

// ackedTo records that the peer acknowledged the stream up to offset
// end, and forgets the marks before it.
func (s *sentLog) ackedTo(end uint64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for n < s.fresh && s.marks[n].end <= end {
		n++
	}
	if n == 0 {
		return
	}
	s.acked = s.marks[n-1].payload
	s.marks = s.marks[n:]
	s.fresh -= n
}

func (s *sentLog) deliveredBytes() uint64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.delivered
}

func (s *sentLog) ackedBytes() uint64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.acked
}

package transfer

import (
	"errors"
	"io"
	"time"

	"github.com/msn-cli/msn/client/p2p"
)

// dcReadBlock is the size of the blocks a frameReader reads into, and
// dcReadRing how many it keeps to reuse.
const (
	dcReadBlock = 256 << 10
	dcReadRing  = 4
)

// frameReader reads the length-prefixed frames of a direct connection.
// It reads the socket into large blocks, so one system call brings many
// frames, and hands out each frame as a slice of its block: no byte is
// copied after the kernel's copy, but for a frame cut by the end of a
// block, which moves to the next one.
//
// Blocks are reused, from a ring, once every frame handed out from them
// is released (release): a transfer reads gigabytes through a megabyte of
// memory, without garbage or page faults. A block whose frames are still
// held is left to the garbage collector and a new one takes its place.
type frameReader struct {
	src  io.Reader
	buf  []byte
	r, w int // buf[r:w] is read and not yet handed out

	ring     [dcReadRing]readBlock
	at       int   // ring[at] is buf, when buf is from the ring
	handed   int64 // frames handed out so far
	released int64 // frames 1..released are no longer used by anyone
}

// readBlock is a block of the ring and the number of the last frame
// handed out from it.
type readBlock struct {
	buf  []byte
	last int64
}

func newFrameReader(src io.Reader) *frameReader {
	f := &frameReader{src: src}
	f.ring[0].buf = make([]byte, dcReadBlock)
	f.buf = f.ring[0].buf
	return f
}

// release says that frames 1..n (in the order next returned them) are no
// longer used, so their blocks may be overwritten.
func (f *frameReader) release(n int64) { f.released = max(f.released, n) }

// next reads one frame of at most max bytes; the length is checked before
// anything is allocated for it. The frame is valid until it is released.
// An end of the stream between frames is io.EOF; in the middle of one,
// io.ErrUnexpectedEOF.
func (f *frameReader) next(max int) ([]byte, error) {
	if err := f.fill(4); err != nil {
		return nil, err
	}
	n, err := p2p.DCFrameSize([4]byte(f.buf[f.r:f.r+4]), max)
	if err != nil {
		return nil, err
	}
	f.r += 4
	if err := f.fill(n); err != nil {
		if errors.Is(err, io.EOF) {
			err = io.ErrUnexpectedEOF
		}
		return nil, err
	}
	frame := f.buf[f.r : f.r+n : f.r+n]
	f.r += n
	f.handed++
	f.ring[f.at].last = f.handed
	return frame, nil
}

// fill reads until n bytes wait in buf, moving to another block when this
// one has no room left for them.
func (f *frameReader) fill(n int) error {
	if f.w-f.r >= n {
		return nil
	}
	if len(f.buf)-f.r < n {
		f.switchBlock(n)
	}
	for {
		m, err := f.src.Read(f.buf[f.w:])
		f.w += m
		if f.w-f.r >= n {
			return nil
		}
		if err != nil {
			if errors.Is(err, io.EOF) && f.w > f.r {
				return io.ErrUnexpectedEOF
			}
			return err
		}
	}
}

// switchBlock moves the unread bytes to the next block of the ring, which
// has room for n: reused when all its frames are released, new otherwise.
func (f *frameReader) switchBlock(n int) {
	f.at = (f.at + 1) % dcReadRing
	b := &f.ring[f.at]
	if b.buf == nil || b.last > f.released || len(b.buf) < n {
		b.buf = make([]byte, max(dcReadBlock, n))
	}
	b.last = 0
	f.w = copy(b.buf, f.buf[f.r:f.w])
	f.r = 0
	f.buf = b.buf
}

// deadlineReader reads the socket, each read bounded by idle when set.
type deadlineReader struct {
	conn interface {
		io.Reader
		SetReadDeadline(time.Time) error
	}
	idle time.Duration
}

func (r *deadlineReader) Read(p []byte) (int, error) {
	if r.idle > 0 {
		r.conn.SetReadDeadline(time.Now().Add(r.idle))
	}
	return r.conn.Read(p)
}

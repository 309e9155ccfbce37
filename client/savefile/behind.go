package savefile

import (
	"crypto/sha256"
	"hash"
	"io"
	"sync"
)

// behindBuffer is the size of each of the two buffers a File fills in
// turn: one is hashed and written on a goroutine of its own while the
// next bytes go into the other, so a receiver reads the network while the
// last megabyte is hashed and written.
const behindBuffer = 1 << 20

// writeBehind hashes and writes full buffers to w on a goroutine of its
// own. Memory is bounded by two buffers: a Write that fills the second
// while the first is still being written waits for it. Its methods are
// used by one goroutine; the first error of the writer is returned by
// every later call.
type writeBehind struct {
	w    io.Writer
	sum  hash.Hash
	cur  []byte
	full chan []byte // buffers to hash and write
	free chan []byte // buffers written
	done chan struct{}

	mu  sync.Mutex
	err error
}

func newWriteBehind(w io.Writer) *writeBehind {
	b := &writeBehind{
		w: w, sum: sha256.New(), cur: make([]byte, 0, behindBuffer),
		full: make(chan []byte, 1), free: make(chan []byte, 2), done: make(chan struct{}), // free holds both buffers at most: the writer never waits on it
	}
	b.free <- make([]byte, 0, behindBuffer)
	go b.run()
	return b
}

// run hashes and writes buffers until full is closed.
func (b *writeBehind) run() {
	defer close(b.done)
	for buf := range b.full {
		if b.failed() == nil {
			b.sum.Write(buf)
			if _, err := b.w.Write(buf); err != nil {
				b.mu.Lock()
				b.err = err
				b.mu.Unlock()
			}
		}
		b.free <- buf[:0]
	}
}

func (b *writeBehind) failed() error {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.err
}

// Write takes p into the current buffer, handing full ones to the writer.
func (b *writeBehind) Write(p []byte) (int, error) {
	if err := b.failed(); err != nil {
		return 0, err
	}
	n := len(p)
	for len(p) > 0 {
		k := copy(b.cur[len(b.cur):cap(b.cur)], p)
		b.cur, p = b.cur[:len(b.cur)+k], p[k:]
		if len(b.cur) == cap(b.cur) {
			b.full <- b.cur
			b.cur = <-b.free
		}
	}
	return n, nil
}

// Close writes what is buffered, stops the writer and returns its first
// error. It is safe to call more than once.
func (b *writeBehind) Close() error {
	select {
	case <-b.done:
		return b.failed()
	default:
	}
	if len(b.cur) > 0 {
		b.full <- b.cur
		b.cur = nil
	}
	close(b.full)
	<-b.done
	return b.failed()
}

// Sum is the SHA-256 of what was written; valid after Close.
func (b *writeBehind) Sum(in []byte) []byte { return b.sum.Sum(in) }

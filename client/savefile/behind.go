package savefile

import (
	"crypto/sha256"
	"hash"
	"io"
	"sync"
	"sync/atomic"
)

// behindBuffer is the size of each buffer a File fills in turn, and
// behindBuffers how many there may be: while the receiver fills one,
// another is written to disk and a third hashed, each stage on a
// goroutine of its own, so a receiver reads the network, writes and
// hashes at once (the hash alone costs about as much CPU as the rest of
// the transfer). A syncer has the disk write the file as it grows. Three
// buffers keep a slow transfer going; a fast one meets the pauses of the
// disk (a write waiting for the journal, a sync), and the buffers beyond
// three, made only when one is wanted and none is free, let the network
// go on meanwhile (1 GiB direct through the binaries: 1.70 s with 3 or 6
// made at once, 1.40 s with up to 8).
const (
	behindBuffer  = 1 << 20
	behindBuffers = 8
)

// syncedWriter is the file under a writeBehind.
type syncedWriter interface {
	io.Writer
	Sync() error
}

// writeBehind writes full buffers to a file, then hashes them, on two
// goroutines: a pipeline, so buffers are hashed in the order written.
// Every syncEvery bytes written, it starts a sync of the file (syncer).
// Memory is bounded by behindBuffers buffers: a Write that fills one
// while all the others are in the pipeline waits for the hasher to free
// one. Its methods are used by one goroutine; the first error of the
// writer or of a sync is returned by every later call.
type writeBehind struct {
	w    syncedWriter
	sum  hash.Hash
	cur  []byte
	full chan []byte // buffers to write
	hash chan []byte // buffers written, to hash
	free chan []byte // buffers hashed
	done chan struct{}

	// The writer's: the syncer, how often it is woken, and the bytes
	// written when it was last woken.
	syncer    *syncer
	syncEvery int64
	lastSync  int64

	written atomic.Int64 // bytes in the file, not only in the buffers: set by the writer
	made    int          // buffers made so far; Write's
	closed  bool         // Close was called; Write's and Close's

	mu  sync.Mutex
	err error
}

func newWriteBehind(w syncedWriter, syncEvery int64) *writeBehind {
	b := &writeBehind{
		w: w, sum: sha256.New(), cur: make([]byte, 0, behindBuffer),
		syncEvery: syncEvery, made: 1,
		// Each channel can hold every buffer: no stage waits to hand one on.
		full: make(chan []byte, behindBuffers), hash: make(chan []byte, behindBuffers),
		free: make(chan []byte, behindBuffers), done: make(chan struct{}),
	}
	b.syncer = startSyncer(w, b.fail)
	go b.write()
	go b.hashAll()
	return b
}

// write writes buffers until full is closed, then stops the syncer and
// closes hash. After a failed write it writes nothing more, but still
// passes buffers on.
func (b *writeBehind) write() {
	defer close(b.hash)
	for buf := range b.full {
		if b.failed() == nil {
			n, err := b.w.Write(buf)
			b.fail(err)
			if written := b.written.Add(int64(n)); written-b.lastSync >= b.syncEvery {
				b.lastSync = written
				b.syncer.request(written)
			}
		}
		b.hash <- buf
	}
	b.syncer.stop()
}

// fail keeps err when it is the first.
func (b *writeBehind) fail(err error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.err == nil {
		b.err = err
	}
}

// hashAll hashes the written buffers and frees them until hash is closed.
func (b *writeBehind) hashAll() {
	defer close(b.done)
	for buf := range b.hash {
		b.sum.Write(buf)
		b.free <- buf[:0]
	}
}

func (b *writeBehind) failed() error {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.err
}

// Write takes p into the current buffer, handing full ones to the writer.
// It blocks while every other buffer is still being written or hashed.
func (b *writeBehind) Write(p []byte) (int, error) {
	if err := b.failed(); err != nil {
		return 0, err
	}
	if b.closed {
		return 0, ErrClosed
	}
	n := len(p)
	for len(p) > 0 {
		k := copy(b.cur[len(b.cur):cap(b.cur)], p)
		b.cur, p = b.cur[:len(b.cur)+k], p[k:]
		if len(b.cur) == cap(b.cur) {
			b.full <- b.cur
			b.cur = b.nextBuffer()
		}
	}
	return n, nil
}

// nextBuffer is a free buffer: one the hasher is done with, a new one
// while fewer than behindBuffers exist, else the first the hasher frees.
func (b *writeBehind) nextBuffer() []byte {
	select {
	case buf := <-b.free:
		return buf
	default:
	}
	if b.made < behindBuffers {
		b.made++
		return make([]byte, 0, behindBuffer)
	}
	return <-b.free
}

// Close writes what is buffered, stops both goroutines and returns the
// writer's first error. It is safe to call more than once.
func (b *writeBehind) Close() error {
	if !b.closed {
		b.closed = true
		if len(b.cur) > 0 {
			b.full <- b.cur
			b.cur = nil
		}
		close(b.full)
	}
	<-b.done
	return b.failed()
}

// Discard stops both goroutines without writing what is buffered or
// still waiting for the writer: the file is about to be removed. Later
// calls return ErrClosed.
func (b *writeBehind) Discard() {
	b.fail(ErrClosed)
	b.cur = b.cur[:0]
	b.Close()
}

// Sum is the SHA-256 of what was written; valid after Close.
func (b *writeBehind) Sum(in []byte) []byte { return b.sum.Sum(in) }

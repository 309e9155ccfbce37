package transfer

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"net"
	"sync"
	"syscall"

	"github.com/msn-cli/msn/client/p2p"
)

// DCLink carries packets over a direct TCP connection (TCPv1) once both
// ends have passed the handshake (DialDC, DCListener.Accept): each packet
// is a frame, a 4-byte little-endian length and the packet without footer.
// Its methods are safe for concurrent use.
//
// Writes go through one buffer: control packets are written at once, data
// packets when the buffer fills or on Flush. Every write to the socket is
// bounded by DCOptions.WriteTimeout. One goroutine of its own reads the
// frames and hands the packets to Packets, blocking while nobody takes
// them, so a slow reader slows the sender through TCP. The link ends on
// the first read or write error, a malformed frame, or Close; it then
// closes the connection.
type DCLink struct {
	conn net.Conn
	raw  syscall.RawConn // the socket, to ask what the peer acknowledged; nil if not a TCP socket
	opts DCOptions

	in       chan p2p.Packet
	done     chan struct{}
	readDone chan struct{} // closed when the reading goroutine has returned

	writeMu sync.Mutex // one writer at a time: whole frames only; guards out and head
	out     *bufio.Writer
	head    [4 + p2p.HeaderSize]byte
	sent    *sentLog

	errMu sync.Mutex
	err   error
}

// newDCLink starts the link on conn after a handshake that wrote
// handshakeBytes bytes; r is the reader that read the handshake, which
// may already hold the first frames.
func newDCLink(conn net.Conn, r *frameReader, src *deadlineReader, handshakeBytes int, opts DCOptions) *DCLink {
	l := &DCLink{
		conn: conn, opts: opts,
		in: make(chan p2p.Packet, 32), done: make(chan struct{}), readDone: make(chan struct{}),
		sent: newSentLog(uint64(handshakeBytes)),
	}
	if sc, ok := conn.(syscall.Conn); ok {
		l.raw, _ = sc.SyscallConn()
	}
	l.out = bufio.NewWriterSize(socketWriter{l}, opts.Buffer)
	src.idle = opts.ReadIdle // the reader goroutine starts after this
	go l.read(r)
	return l
}

// read is the link's reading goroutine: frames to packets, until the end.
func (l *DCLink) read(r *frameReader) {
	defer close(l.readDone)
	for {
		frame, err := r.next(p2p.MaxDCFrame)
		if err != nil {
			l.end(l.readError(err))
			return
		}
		pkt, err := p2p.ParseDCFrame(frame)
		if err != nil {
			l.end(fmt.Errorf("transfer: the contact sent a malformed packet on the direct connection: %w", err))
			return
		}
		select {
		case l.in <- pkt:
		case <-l.done:
			return
		}
		// The consumer has taken every packet but the last cap(in)
		// sent, so it is done with all before those (see Packets).
		r.release(r.handed - int64(cap(l.in)) - 1)
	}
}

// readError says why reading stopped.
func (l *DCLink) readError(err error) error {
	if lerr := l.Err(); lerr != nil {
		return lerr // closed here: the read error is its consequence
	}
	var nerr net.Error
	switch {
	case errors.Is(err, io.EOF):
		return fmt.Errorf("transfer: the contact closed the direct connection: %w", err)
	case errors.Is(err, io.ErrUnexpectedEOF):
		return fmt.Errorf("transfer: the direct connection closed in the middle of a packet: %w", err)
	case errors.Is(err, p2p.ErrTooLarge), errors.Is(err, p2p.ErrMalformed):
		return fmt.Errorf("transfer: the contact sent a bad frame on the direct connection: %w", err)
	case errors.As(err, &nerr) && nerr.Timeout():
		return fmt.Errorf("transfer: nothing arrived on the direct connection for %s: %w", l.opts.ReadIdle, err)
	}
	return fmt.Errorf("transfer: reading the direct connection: %w", err)
}

// end ends the link with err, once: it notes what the peer has
// acknowledged while the socket is still open, then closes it, which
// unblocks the reader and any writer.
func (l *DCLink) end(err error) {
	l.errMu.Lock()
	if l.err != nil {
		l.errMu.Unlock()
		return
	}
	l.err = err
	close(l.done)
	l.errMu.Unlock()
	l.refreshAcked()
	l.conn.Close()
}

// Close ends the link and closes the connection, at once: data still in
// the buffer is dropped (Flush first to send it). It unblocks every
// method waiting on the link and returns once the reading goroutine has
// stopped. It is idempotent.
func (l *DCLink) Close() error {
	l.end(ErrLinkClosed)
	<-l.readDone
	return nil
}

// MaxChunk is DCChunk.
func (l *DCLink) MaxChunk() uint32 { return DCChunk }

// Packets delivers the packets read, in order. A packet's Payload points
// into a buffer the link reuses: it is valid until the next packet is
// taken from the channel; copy it to keep it longer.
func (l *DCLink) Packets() <-chan p2p.Packet { return l.in }

func (l *DCLink) Done() <-chan struct{} { return l.done }
func (l *DCLink) Err() error            { l.errMu.Lock(); defer l.errMu.Unlock(); return l.err }

// LocalAddr and RemoteAddr are the connection's addresses.
func (l *DCLink) LocalAddr() net.Addr  { return l.conn.LocalAddr() }
func (l *DCLink) RemoteAddr() net.Addr { return l.conn.RemoteAddr() }

// Delivered is how many data payload bytes the kernel has taken, in
// whole packets: data still in the link's buffer does not count.
func (l *DCLink) Delivered() uint64 { return l.sent.deliveredBytes() }

// Acked is how many data payload bytes, in whole packets, the peer's TCP
// has acknowledged: at most Delivered, and what a transfer may resume
// from on another link when this one breaks, since the peer holds them.
// On Linux and macOS the kernel says how much of what it took is still
// unacknowledged; elsewhere Acked is Delivered. After the link ended it
// is what was known when it did.
func (l *DCLink) Acked() uint64 {
	select {
	case <-l.done:
	default:
		l.refreshAcked()
	}
	return l.sent.ackedBytes()
}

// refreshAcked asks the kernel how much of the stream the peer has not
// acknowledged yet. The written count is read first, so a write racing
// with the question can only make the answer smaller.
func (l *DCLink) refreshAcked() {
	if l.raw == nil {
		return
	}
	written := l.sent.writtenBytes()
	unacked, err := unackedBytes(l.raw)
	if err != nil || uint64(unacked) > written {
		return
	}
	l.sent.ackedTo(written - uint64(unacked))
}

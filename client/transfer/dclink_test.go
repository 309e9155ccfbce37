package transfer

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"io"
	"math/rand/v2"
	"net"
	"runtime"
	"sync/atomic"
	"testing"
	"time"

	"github.com/msn-cli/msn/client/p2p"
)

// TestDCPacketsBothWays: control and data packets cross in both
// directions, in order, whole.
func TestDCPacketsBothWays(t *testing.T) {
	a, b := dcPair(t, DCOptions{})
	ctx := dcCtx(t, 10*time.Second)
	slp := []byte("INVITE MSNMSGR:bob@example.com MSNSLP/1.0\r\n\r\n\x00")
	h := p2p.SLPHeader(7, uint64(len(slp)), 99)
	control := []p2p.Packet{{Header: h.Chunk(0, 10), Payload: slp[:10]}, {Header: h.Chunk(10, uint32(len(slp)-10)), Payload: slp[10:]}}
	payload := dcTestData(3*DCChunk + 5)
	dh := p2p.FileDataHeader(5, 8, uint64(len(payload)), 77)
	var data []p2p.Packet
	for off, n := range (p2p.Plan{Total: uint64(len(payload)), Size: DCChunk}).From(0) {
		data = append(data, p2p.Packet{Header: dh.Chunk(off, n), Payload: payload[off : off+uint64(n)]})
	}
	for _, dir := range []struct {
		name     string
		from, to *DCLink
	}{{"dialled to accepted", a, b}, {"accepted to dialled", b, a}} {
		t.Run(dir.name, func(t *testing.T) {
			if err := dir.from.SendData(ctx, data[:2]...); err != nil {
				t.Fatal(err)
			}
			if err := dir.from.SendControl(ctx, control...); err != nil { // also writes the data before it
				t.Fatal(err)
			}
			if err := dir.from.SendData(ctx, data[2:]...); err != nil {
				t.Fatal(err)
			}
			if err := dir.from.Flush(ctx); err != nil {
				t.Fatal(err)
			}
			want := append(append(append([]p2p.Packet{}, data[:2]...), control...), data[2:]...)
			for i, w := range want {
				select {
				case got := <-dir.to.Packets():
					if got.Header != w.Header || !bytes.Equal(got.Payload, w.Payload) {
						t.Fatalf("packet %d: %v (%d bytes), want %v", i, got.Header, len(got.Payload), w.Header)
					}
				case <-dir.to.Done():
					t.Fatal(dir.to.Err())
				}
			}
			if got := dir.from.Delivered(); got != uint64(len(payload)) {
				t.Errorf("Delivered = %d, want the data payload, %d", got, len(payload))
			}
		})
	}
}

// TestDCPayloadHeldUntilNextTake: the link reuses its read buffers, but
// never under a packet the consumer holds: each payload stays as sent
// while the reader runs as far ahead as it can (Packets full). Packets of
// 8 KB, as msn sends them, and of random sizes up to 64 KB, which a peer
// may send, so that Packets sometimes holds more than the buffers.
func TestDCPayloadHeldUntilNextTake(t *testing.T) {
	const size = 8 << 20
	want := dcTestData(size)
	for _, maxChunk := range []int{0, 64 << 10} {
		t.Run("chunk="+itoa(maxChunk), func(t *testing.T) {
			peer, receiver := rawPeerLink(t)
			var ends []uint64 // where each packet ends
			sizes := rand.New(rand.NewPCG(1, 2))
			for at := uint64(0); at < size; {
				n := uint64(DCChunk)
				if maxChunk > 0 {
					n = 1 + sizes.Uint64N(uint64(maxChunk))
				}
				at = min(at+n, size)
				ends = append(ends, at)
			}
			go func() { // the peer writes its frames, whatever their size
				w := bufio.NewWriter(peer)
				h := p2p.FileDataHeader(42, 1, size, 2)
				start := uint64(0)
				for _, end := range ends {
					frame, _ := p2p.AppendDCFrame(nil, p2p.Packet{Header: h.Chunk(start, uint32(end-start)), Payload: want[start:end]})
					w.Write(frame)
					start = end
				}
				w.Flush()
			}()
			for i := range ends {
				var pkt p2p.Packet
				select {
				case pkt = <-receiver.Packets():
				case <-receiver.Done():
					t.Fatal(receiver.Err())
				}
				// Let the reader run ahead: Packets full, or holding the rest.
				waitFor(t, func() bool { return len(receiver.Packets()) >= min(len(ends)-i-1, cap(receiver.Packets())) })
				off := pkt.Header.Offset
				if !bytes.Equal(pkt.Payload, want[off:off+uint64(len(pkt.Payload))]) {
					t.Fatalf("the payload at %d changed while held", off)
				}
			}
		})
	}
}

// TestDCRefusesBadPackets: a packet over DCChunk or whose header does not
// match its payload is refused before a byte of it is written, and the
// link goes on.
func TestDCRefusesBadPackets(t *testing.T) {
	a, b := dcPair(t, DCOptions{})
	ctx := dcCtx(t, 10*time.Second)
	big := make([]byte, DCChunk+1)
	for _, pkt := range []p2p.Packet{
		{Header: p2p.FileDataHeader(1, 2, uint64(len(big)), 3).Chunk(0, uint32(len(big))), Payload: big},
		{Header: p2p.FileDataHeader(1, 2, 10, 3).Chunk(0, 10), Payload: big[:9]},
		{Header: p2p.FileDataHeader(1, 2, 10, 3).Chunk(5, 6), Payload: big[:6]},
	} {
		if err := a.SendData(ctx, pkt); err == nil {
			t.Errorf("SendData took %v with %d bytes", pkt.Header, len(pkt.Payload))
		}
		if err := a.SendControl(ctx, pkt); err == nil {
			t.Errorf("SendControl took %v with %d bytes", pkt.Header, len(pkt.Payload))
		}
	}
	ok := p2p.Packet{Header: p2p.FileDataHeader(1, 2, 4, 3).Chunk(0, 4), Payload: []byte("good")}
	if err := a.SendControl(ctx, ok); err != nil {
		t.Fatal(err)
	}
	select {
	case got := <-b.Packets():
		if got.Header != ok.Header {
			t.Fatalf("read %v, want %v", got.Header, ok.Header)
		}
	case <-b.Done():
		t.Fatal(b.Err())
	}
}

// TestDCFiveMegabytes sends a 5 MB data message through two links driven
// as the Endpoint drives them, and checks every byte, the ACK, and what
// Delivered and Acked say.
func TestDCFiveMegabytes(t *testing.T) {
	// The default, a frame's header (a payload then goes to the socket
	// around the buffer), a frame's worth, a large one.
	for _, buffer := range []int{0, 4 + p2p.HeaderSize, DCChunk + 1, 1 << 20} {
		t.Run("buffer="+itoa(buffer), func(t *testing.T) {
			sender, receiver := dcPair(t, DCOptions{Buffer: buffer})
			ctx := dcCtx(t, 60*time.Second)
			want := dcTestData(5 << 20)
			var got bytes.Buffer
			if err := transferMessage(ctx, sender, receiver, 42, bytes.NewReader(want), uint64(len(want)), &got); err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got.Bytes(), want) {
				t.Fatalf("received %d bytes that differ from the %d sent", got.Len(), len(want))
			}
			// The ACK came on a segment acknowledging every byte before it.
			if d, a := sender.Delivered(), sender.Acked(); d != uint64(len(want)) || a != d {
				t.Errorf("Delivered %d, Acked %d; want %d both", d, a, len(want))
			}
		})
	}
}

func itoa(n int) string { return string(appendInt(nil, n)) }

func appendInt(b []byte, n int) []byte {
	if n >= 10 {
		b = appendInt(b, n/10)
	}
	return append(b, byte('0'+n%10))
}

// TestDCEndpointSendFile runs the Endpoint itself over a direct
// connection: a 5 MB file, offered, accepted, streamed and acknowledged.
func TestDCEndpointSendFile(t *testing.T) {
	a, b := dcPair(t, DCOptions{})
	want := dcTestData(5<<20 + 3)
	var got bytes.Buffer
	ended := make(chan error, 1)
	NewEndpoint(b, Options{Self: "bob@example.com", Peer: "alice@example.com", Handler: Handler{
		Offer: func(Offer) (io.Writer, error) { return &got, nil },
		Ended: func(_ Offer, err error) { ended <- err },
	}})
	alice := NewEndpoint(a, Options{Self: "alice@example.com", Peer: "bob@example.com"})
	ctx := dcCtx(t, 60*time.Second)
	if _, err := alice.SendFile(ctx, bytes.NewReader(want), "big.bin", uint64(len(want)), SendOptions{}); err != nil {
		t.Fatal(err)
	}
	if err := <-ended; err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got.Bytes(), want) {
		t.Fatalf("received %d bytes that differ from the %d sent", got.Len(), len(want))
	}
}

// TestDCCutPartWay: a connection reset part-way through a data message
// ends both links with an error (not ErrLinkClosed), and the sender's
// Acked never claims more than resumeMargin past what the receiver read. The message is larger
// than the sockets' buffers can hold, so the sender is still sending when
// the receiver, having read 5 MB, holds still and the reset comes.
func TestDCCutPartWay(t *testing.T) {
	for _, side := range []string{"sender", "receiver"} {
		t.Run("reset by the "+side, func(t *testing.T) {
			sender, receiver := dcPair(t, DCOptions{})
			ctx := dcCtx(t, 60*time.Second)
			const size, part = 64 << 20, 5 << 20
			var read atomic.Uint64
			held, resume := make(chan struct{}), make(chan struct{})
			hold := writerFunc(func(p []byte) (int, error) {
				if read.Load() >= part {
					select {
					case <-held:
					default:
						close(held)
						<-resume
					}
				}
				return len(p), nil
			})
			received := make(chan error, 1)
			go func() { received <- receiveMessage(ctx, receiver, 42, size, hold, &read) }()
			sent := make(chan error, 1)
			go func() {
				_, err := sendMessage(ctx, sender, 42, rand.NewChaCha8([32]byte{}), size)
				sent <- err
			}()
			<-held
			cut := map[string]*DCLink{"sender": sender, "receiver": receiver}[side]
			reset(t, cut.conn)
			close(resume)
			if err := <-sent; err == nil {
				t.Fatal("the whole message was sent over a reset connection")
			}
			if err := <-received; err == nil {
				t.Fatal("the whole message was received over a reset connection")
			}
			for name, l := range map[string]*DCLink{"sender": sender, "receiver": receiver} {
				<-l.Done()
				if err := l.Err(); err == nil || errors.Is(err, ErrLinkClosed) {
					t.Errorf("%s's link ended with %v, want the connection's error", name, err)
				}
				t.Logf("%s: %v", name, l.Err())
			}
			acked, delivered := sender.Acked(), sender.Delivered()
			t.Logf("read %d, acked %d, delivered %d of %d", read.Load(), acked, delivered, size)
			if acked > delivered || delivered >= size {
				t.Errorf("Acked %d, Delivered %d of %d", acked, delivered, size)
			}
			// What the receiver's kernel acknowledged may sit unread in its
			// buffers when the reset discards them: a sender resumes from
			// resumeMargin before Acked, which the receiver must have.
			if side == "sender" && acked > read.Load()+resumeMargin {
				t.Errorf("Acked %d, more than resumeMargin past what the receiver read, %d", acked, read.Load())
			}
		})
	}
}

type writerFunc func([]byte) (int, error)

func (f writerFunc) Write(p []byte) (int, error) { return f(p) }

// reset closes conn with a TCP reset, as a connection torn down by a
// crash or a middlebox ends, behind the link's back.
func reset(t *testing.T, conn net.Conn) {
	t.Helper()
	tc, ok := conn.(*net.TCPConn)
	if !ok {
		t.Fatalf("not a TCP connection: %T", conn)
	}
	tc.SetLinger(0)
	tc.Close()
}

// TestDCAckedWaitsForThePeer: while the peer reads nothing (its window
// closed), what the kernel took is not all acknowledged: Acked stays
// below Delivered, and catches up once the peer reads it all.
func TestDCAckedWaitsForThePeer(t *testing.T) {
	sender, receiver := dcPair(t, DCOptions{})
	ctx := dcCtx(t, 60*time.Second)
	const size = 64 << 20
	sent := make(chan p2p.Header, 1)
	go func() {
		h, err := sendMessage(ctx, sender, 42, rand.NewChaCha8([32]byte{}), size)
		if err != nil {
			t.Error(err)
		}
		sent <- h
	}()
	waitBlocked(t, sender)
	acked, delivered := sender.Acked(), sender.Delivered()
	t.Logf("blocked: acked %d, delivered %d", acked, delivered)
	if acked >= delivered {
		t.Fatalf("Acked %d with the peer's window closed, Delivered %d", acked, delivered)
	}
	if err := receiveMessage(ctx, receiver, 42, size, io.Discard, nil); err != nil {
		t.Fatal(err)
	}
	if err := awaitAckOn(ctx, sender, <-sent); err != nil {
		t.Fatal(err)
	}
	if acked, delivered := sender.Acked(), sender.Delivered(); acked != size || delivered != size {
		t.Fatalf("Acked %d, Delivered %d once all was read, want %d", acked, delivered, size)
	}
}

// TestDCCloseUnblocks: Close returns a SendData blocked on a peer that
// reads nothing, and stops a reader blocked on a full Packets channel or
// waiting for bytes.
func TestDCCloseUnblocks(t *testing.T) {
	t.Run("a blocked SendData", func(t *testing.T) {
		sender, _ := dcPair(t, DCOptions{WriteTimeout: time.Hour})
		stuck := blockSender(t, sender, nil) // the peer takes no packets: TCP stops us
		waitBlocked(t, sender)
		sender.Close()
		if err := <-stuck; !errors.Is(err, ErrLinkClosed) {
			t.Fatalf("SendData: %v, want ErrLinkClosed", err)
		}
	})
	t.Run("a blocked reader", func(t *testing.T) {
		sender, receiver := dcPair(t, DCOptions{})
		blockSender(t, sender, nil) // fills Packets, which nobody takes
		waitFor(t, func() bool { return len(receiver.Packets()) == cap(receiver.Packets()) })
		closeWithin(t, receiver)
		if err := receiver.Err(); !errors.Is(err, ErrLinkClosed) {
			t.Fatalf("Err: %v, want ErrLinkClosed", err)
		}
	})
	t.Run("a reader waiting for bytes", func(t *testing.T) {
		_, receiver := dcPair(t, DCOptions{})
		closeWithin(t, receiver)
	})
}

// waitBlocked waits until l's kernel has stopped taking bytes: its peer's
// buffers are full and a write is blocked.
func waitBlocked(t *testing.T, l *DCLink) {
	t.Helper()
	waitFor(t, func() bool {
		before := l.sent.writtenBytes()
		time.Sleep(20 * time.Millisecond)
		return before > 0 && l.sent.writtenBytes() == before
	})
}

// blockSender sends data on l until it fails, returning the error on the
// channel; ctx nil is a long one.
func blockSender(t *testing.T, l *DCLink, ctx context.Context) <-chan error {
	t.Helper()
	if ctx == nil {
		ctx = dcCtx(t, time.Hour)
	}
	stuck := make(chan error, 1)
	payload := make([]byte, DCChunk)
	h := p2p.FileDataHeader(1, 2, 1<<40, 3)
	go func() {
		for off := uint64(0); ; off += DCChunk {
			if err := l.SendData(ctx, p2p.Packet{Header: h.Chunk(off, DCChunk), Payload: payload}); err != nil {
				stuck <- err
				return
			}
		}
	}()
	return stuck
}

// waitFor polls cond until it holds (a state the test waits to reach,
// not a timing assertion).
func waitFor(t *testing.T, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); !cond(); time.Sleep(time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("the condition never held")
		}
	}
}

// closeWithin closes l and fails if Close (which waits for the reading
// goroutine) hangs.
func closeWithin(t *testing.T, l *DCLink) {
	t.Helper()
	closed := make(chan struct{})
	go func() { l.Close(); close(closed) }()
	select {
	case <-closed:
	case <-time.After(10 * time.Second):
		t.Fatal("Close did not stop the reading goroutine")
	}
}

// TestDCCancelEndsBlockedWrite: a ctx that ends during a blocked write
// ends the link (a frame may be cut), with ctx's error.
func TestDCCancelEndsBlockedWrite(t *testing.T) {
	sender, _ := dcPair(t, DCOptions{WriteTimeout: time.Hour})
	ctx, cancel := context.WithCancel(context.Background())
	stuck := blockSender(t, sender, ctx)
	waitBlocked(t, sender)
	cancel()
	if err := <-stuck; !errors.Is(err, context.Canceled) {
		t.Fatalf("SendData: %v, want context.Canceled", err)
	}
	if err := sender.Err(); !errors.Is(err, context.Canceled) {
		t.Fatalf("the link ended with %v, want context.Canceled", err)
	}
}

// TestDCTimeouts: a peer that reads nothing fails a write after
// WriteTimeout; a peer that sends nothing ends the link after ReadIdle.
func TestDCTimeouts(t *testing.T) {
	t.Run("write", func(t *testing.T) {
		sender, _ := dcPair(t, DCOptions{WriteTimeout: 100 * time.Millisecond})
		err := <-blockSender(t, sender, nil)
		var nerr net.Error
		if !errors.As(err, &nerr) || !nerr.Timeout() {
			t.Fatalf("SendData: %v, want a timeout", err)
		}
		t.Log(err)
	})
	t.Run("read", func(t *testing.T) {
		_, receiver := dcPair(t, DCOptions{}, DCOptions{ReadIdle: 100 * time.Millisecond})
		<-receiver.Done()
		var nerr net.Error
		if err := receiver.Err(); !errors.As(err, &nerr) || !nerr.Timeout() {
			t.Fatalf("Err: %v, want a timeout", err)
		}
		t.Log(receiver.Err())
	})
}

// TestDCFrameBound: a frame over MaxDCFrame ends the link with
// ErrTooLarge, and its length is refused before anything is allocated for
// it.
func TestDCFrameBound(t *testing.T) {
	t.Run("on the wire", func(t *testing.T) {
		peer, link := rawPeerLink(t)
		peer.Write(le{}.u32(p2p.MaxDCFrame + 1))
		<-link.Done()
		if err := link.Err(); !errors.Is(err, p2p.ErrTooLarge) {
			t.Fatalf("Err: %v, want ErrTooLarge", err)
		}
		t.Log(link.Err())
	})
	t.Run("before allocating", func(t *testing.T) {
		r := newFrameReader(bytes.NewReader(le{}.u32(1 << 30)))
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		_, err := r.next(p2p.MaxDCFrame)
		runtime.ReadMemStats(&after)
		if !errors.Is(err, p2p.ErrTooLarge) {
			t.Fatalf("readFrame: %v, want ErrTooLarge", err)
		}
		if grew := after.TotalAlloc - before.TotalAlloc; grew > 64<<10 {
			t.Fatalf("refusing a 1 GiB frame allocated %d bytes", grew)
		}
	})
}

package transfer

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"io"
	"math/rand/v2"
	"net"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/msn-cli/msn/client/p2p"
)

// The nonce and handshake identifiers of the direct connection in
// shared/reference/libpurple-p2p/file-transfer.txt, part 2c.
const (
	captureNonceText   = "{5FFB1179-1D86-7BB5-1139-DC1B433E9B23}"
	captureAliceHSID   = 1345851580 // alice connects
	captureBobHSID     = 1759393463 // bob listens
	captureSessionID   = 1552535842
	captureDataID      = 1345851581
	captureDataAckID   = 1532288752
	captureBobAckMsgID = 1759393464
)

func captureNonce(t testing.TB) p2p.GUID {
	t.Helper()
	g, err := p2p.ParseGUID(captureNonceText)
	if err != nil {
		t.Fatal(err)
	}
	return g
}

// le builds little-endian wire bytes field by field, independently of
// p2p's encoder, from the numbers the capture prints.
type le []byte

func (b le) u32(v uint32) le { return binary.LittleEndian.AppendUint32(b, v) }
func (b le) u64(v uint64) le { return binary.LittleEndian.AppendUint64(b, v) }

// captureHandshakeFrame is a handshake frame of the capture: a length of
// 48, then SessionID 0, id, Offset, TotalSize and Length 0, Flags 0x100 and
// the nonce as AckID 1610289529, AckUID 2075467142, AckSize
// 2565712870668777745.
func captureHandshakeFrame(id uint32) []byte {
	return le{}.u32(48).u32(0).u32(id).u64(0).u64(0).u32(0).u32(0x100).u32(1610289529).u32(2075467142).u64(2565712870668777745)
}

// capturePreamble is the capture's first frame from alice.
var capturePreamble = []byte("\x04\x00\x00\x00foo\x00")

func dcCtx(t testing.TB, d time.Duration) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), d)
	t.Cleanup(cancel)
	return ctx
}

// dcTestData is n reproducible random bytes.
func dcTestData(n int) []byte {
	b := make([]byte, n)
	rand.NewChaCha8([32]byte{byte(n), byte(n >> 8), byte(n >> 16), 'd', 'c'}).Read(b)
	return b
}

// dcPair is a direct connection on loopback: the link of the side that
// dialled and the link of the side that listened, in plain mode. The
// listening side takes acceptOpts when given, opts otherwise.
func dcPair(t testing.TB, opts DCOptions, acceptOpts ...DCOptions) (dialed, accepted *DCLink) {
	t.Helper()
	hs := PlainHandshake(0, p2p.NewGUID())
	lopts := opts
	if len(acceptOpts) > 0 {
		lopts = acceptOpts[0]
	}
	ln, acc := listen(t, hs, lopts)
	return dialAccepted(t, acc, []string{ln.Addr().String()}, hs, opts)
}

type acceptResult struct {
	link *DCLink
	err  error
}

// listen starts a DCListener on loopback and its Accept, bounded by 10 s,
// on a goroutine.
func listen(t testing.TB, hs DCHandshake, opts DCOptions) (*DCListener, <-chan acceptResult) {
	t.Helper()
	ln, err := ListenDC("127.0.0.1:0", hs, opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	ctx := dcCtx(t, 10*time.Second)
	ch := make(chan acceptResult, 1)
	go func() {
		l, err := ln.Accept(ctx)
		if l != nil {
			t.Cleanup(func() { l.Close() })
		}
		ch <- acceptResult{l, err}
	}()
	return ln, ch
}

// listenCancellable starts a DCListener and its Accept under a ctx the
// test cancels; done gets Accept's error.
func listenCancellable(t testing.TB, opts DCOptions) (ln *DCListener, cancel context.CancelFunc, done <-chan error) {
	t.Helper()
	ln, err := ListenDC("127.0.0.1:0", PlainHandshake(0, p2p.NewGUID()), opts)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	errs := make(chan error, 1)
	go func() {
		_, err := ln.Accept(ctx)
		errs <- err
	}()
	return ln, cancel, errs
}

// listening reports whether addr takes connections: a refusal says
// nothing listens (a full backlog would time out instead).
func listening(addr net.Addr) bool {
	conn, err := net.DialTimeout("tcp", addr.String(), 100*time.Millisecond)
	if err == nil {
		conn.Close()
	}
	return !errors.Is(err, syscall.ECONNREFUSED)
}

// dialAccepted dials addrs with hs and returns both links once the
// listener has accepted.
func dialAccepted(t testing.TB, accepted <-chan acceptResult, addrs []string, hs DCHandshake, opts DCOptions) (dialed, acc *DCLink) {
	t.Helper()
	dialed, err := DialDC(dcCtx(t, 10*time.Second), addrs, hs, opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { dialed.Close() })
	r := <-accepted
	if r.err != nil {
		t.Fatal(r.err)
	}
	return dialed, r.link
}

// rawPeerLink is a direct connection to a peer whose bytes the test
// writes itself, after a good preamble and handshake, and the link that
// accepted it.
func rawPeerLink(t testing.TB) (net.Conn, *DCLink) {
	t.Helper()
	nonce := p2p.NewGUID()
	ln, accepted := listen(t, PlainHandshake(0, nonce), DCOptions{})
	peer := rawDial(t, ln.Addr())
	peer.Write(PlainHandshake(1, nonce).frames(true))
	r := <-accepted
	if r.err != nil {
		t.Fatal(r.err)
	}
	return peer, r.link
}

// transferMessage sends size bytes from r as one data message from sender
// to receiver, which writes them to w and acknowledges them, and returns
// once the sender has the ACK.
func transferMessage(ctx context.Context, sender, receiver Link, session uint32, r io.Reader, size uint64, w io.Writer) error {
	received := make(chan error, 1)
	go func() { received <- receiveMessage(ctx, receiver, session, size, w, nil) }()
	sent, err := sendMessage(ctx, sender, session, r, size)
	if err != nil {
		return err
	}
	if err := <-received; err != nil {
		return err
	}
	return awaitAckOn(ctx, sender, sent)
}

// rawListener is a plain TCP listener on loopback, standing for a peer
// whose bytes the test writes and reads itself.
func rawListener(t testing.TB) net.Listener {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	return ln
}

func rawDial(t testing.TB, addr net.Addr) net.Conn {
	t.Helper()
	conn, err := net.Dial("tcp", addr.String())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	conn.SetDeadline(time.Now().Add(10 * time.Second))
	return conn
}

// dialRaw runs DialDC with hs on a goroutine, to a peer whose bytes the
// test reads and writes itself on conn; dialed gets DialDC's error (the
// link, if any, is closed).
func dialRaw(t testing.TB, hs DCHandshake) (conn net.Conn, dialed <-chan error) {
	t.Helper()
	ln := rawListener(t)
	errs := make(chan error, 1)
	go func() {
		link, err := DialDC(dcCtx(t, 10*time.Second), []string{ln.Addr().String()}, hs, DCOptions{})
		if link != nil {
			link.Close()
		}
		errs <- err
	}()
	return rawAccept(t, ln), errs
}

func rawAccept(t testing.TB, ln net.Listener) net.Conn {
	t.Helper()
	conn, err := ln.Accept()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	conn.SetDeadline(time.Now().Add(10 * time.Second))
	return conn
}

// expectBytes reads len(want) bytes from conn and compares them.
func expectBytes(t testing.TB, conn net.Conn, want []byte, what string) {
	t.Helper()
	got := make([]byte, len(want))
	if _, err := io.ReadFull(conn, got); err != nil {
		t.Fatalf("%s: %v (read %x)", what, err, got)
	}
	if !bytes.Equal(got, want) {
		t.Fatalf("%s:\n got %x\nwant %x", what, got, want)
	}
}

// expectClosedSilently checks that conn was closed by the other side
// without a single byte sent.
func expectClosedSilently(t testing.TB, conn net.Conn) {
	t.Helper()
	b, err := io.ReadAll(conn)
	if len(b) != 0 {
		t.Fatalf("the refused connection got %d bytes: %x", len(b), b)
	}
	if err != nil && !errors.Is(err, net.ErrClosed) && !isReset(err) {
		t.Fatalf("the refused connection was not closed: %v", err)
	}
}

// isReset reports a connection reset, how a socket closed with unread
// bytes in it ends.
func isReset(err error) bool { return errors.Is(err, syscall.ECONNRESET) }

// sendMessage sends size bytes from r as one data message of session
// sessionID, as the Endpoint streams a file: chunks of MaxChunk, 16 at a
// time through SendData, then Flush. It returns the shared header.
func sendMessage(ctx context.Context, l Link, sessionID uint32, r io.Reader, size uint64) (p2p.Header, error) {
	const batch = 16
	chunk := l.MaxChunk()
	data := p2p.FileDataHeader(sessionID, 1000, size, 2000)
	buf := make([]byte, batch*int(chunk))
	pkts := make([]p2p.Packet, 0, batch)
	for off, n := range (p2p.Plan{Total: size, Size: chunk}).From(0) {
		payload := buf[len(pkts)*int(chunk):][:n]
		if _, err := io.ReadFull(r, payload); err != nil {
			return data, err
		}
		pkts = append(pkts, p2p.Packet{Header: data.Chunk(off, n), Payload: payload})
		if len(pkts) == batch {
			if err := l.SendData(ctx, pkts...); err != nil {
				return data, err
			}
			pkts = pkts[:0]
		}
	}
	if err := l.SendData(ctx, pkts...); err != nil {
		return data, err
	}
	return data, l.Flush(ctx)
}

// receiveMessage reads one data message of session sessionID from l's
// packets into w, as the Endpoint receives a file (a DataTracker), and
// acknowledges it. It counts the payload bytes read into *got as they come.
func receiveMessage(ctx context.Context, l Link, sessionID uint32, size uint64, w io.Writer, got *atomic.Uint64) error {
	tracker := p2p.NewDataTracker(sessionID, size)
	for !tracker.Done() {
		var pkt p2p.Packet
		select {
		case pkt = <-l.Packets():
		case <-l.Done():
			return l.Err()
		case <-ctx.Done():
			return ctx.Err()
		}
		_, skip, err := tracker.Accept(pkt.Header)
		if err != nil {
			return err
		}
		if _, err := w.Write(pkt.Payload[skip:]); err != nil {
			return err
		}
		if got != nil {
			got.Store(tracker.Received())
		}
	}
	return l.SendControl(ctx, p2p.Packet{Header: p2p.AckFor(tracker.Last(), 3000)})
}

// awaitAckOn waits for the ACK of the data message whose header is sent.
func awaitAckOn(ctx context.Context, l Link, sent p2p.Header) error {
	for {
		select {
		case pkt := <-l.Packets():
			if p2p.IsAckOf(pkt.Header, sent) {
				return nil
			}
		case <-l.Done():
			return l.Err()
		case <-ctx.Done():
			return ctx.Err()
		}
	}
}

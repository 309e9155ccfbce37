package transfer

import (
	"context"
	"errors"
	"io"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/msn-cli/msn/client/p2p"
)

// TestDialDCSpeaksLikeLibpurple plays bob's listener of the capture (part
// 2c) byte for byte: msn connecting as alice must send the preamble frame
// and the handshake alice sent, take bob's handshake, then frame its data
// and read bob's ACK as the capture shows.
func TestDialDCSpeaksLikeLibpurple(t *testing.T) {
	ln := rawListener(t)
	type result struct {
		link *DCLink
		err  error
	}
	dialed := make(chan result, 1)
	go func() {
		l, err := DialDC(dcCtx(t, 10*time.Second), []string{ln.Addr().String()}, PlainHandshake(captureAliceHSID, captureNonce(t)), DCOptions{})
		dialed <- result{l, err}
	}()
	bob := rawAccept(t, ln)
	expectBytes(t, bob, append(capturePreamble, captureHandshakeFrame(captureAliceHSID)...), "alice's preamble and handshake")
	if _, err := bob.Write(captureHandshakeFrame(captureBobHSID)); err != nil {
		t.Fatal(err)
	}
	r := <-dialed
	if r.err != nil {
		t.Fatal(r.err)
	}
	alice := r.link
	defer alice.Close()

	// alice's frame 3: 97 bytes, the data header and the 49 bytes, no footer.
	payload := dcTestData(49)
	data := p2p.FileDataHeader(captureSessionID, captureDataID, 49, captureDataAckID).Chunk(0, 49)
	ctx := dcCtx(t, 10*time.Second)
	if err := alice.SendData(ctx, p2p.Packet{Header: data, Payload: payload, Footer: p2p.FooterFile}); err != nil {
		t.Fatal(err)
	}
	if got := alice.Delivered(); got != 0 {
		t.Errorf("Delivered = %d with the data still in the buffer", got)
	}
	if err := alice.Flush(ctx); err != nil {
		t.Fatal(err)
	}
	want := le{}.u32(97).u32(captureSessionID).u32(captureDataID).u64(0).u64(49).u32(49).u32(0x1000030).u32(captureDataAckID).u32(0).u64(0)
	expectBytes(t, bob, append(want, payload...), "alice's data frame")
	if got := alice.Delivered(); got != 49 {
		t.Errorf("Delivered = %d after the flush, want 49", got)
	}

	// bob's frame 2: the ACK of the data.
	ack := le{}.u32(48).u32(captureSessionID).u32(captureBobAckMsgID).u64(0).u64(49).u32(0).u32(0x2).u32(captureDataID).u32(captureDataAckID).u64(49)
	if _, err := bob.Write(ack); err != nil {
		t.Fatal(err)
	}
	select {
	case pkt := <-alice.Packets():
		if !p2p.IsAckOf(pkt.Header, data) || pkt.Header.ID != captureBobAckMsgID || len(pkt.Payload) != 0 {
			t.Errorf("read %v, want bob's ACK of the data", pkt.Header)
		}
	case <-alice.Done():
		t.Fatal(alice.Err())
	}
}

// TestDCListenerAnswersLikeLibpurple plays alice of the capture against
// msn listening as bob: the answer must be bob's handshake, byte for byte.
func TestDCListenerAnswersLikeLibpurple(t *testing.T) {
	ln, accepted := listen(t, PlainHandshake(captureBobHSID, captureNonce(t)), DCOptions{})
	alice := rawDial(t, ln.Addr())
	if _, err := alice.Write(append(capturePreamble, captureHandshakeFrame(captureAliceHSID)...)); err != nil {
		t.Fatal(err)
	}
	expectBytes(t, alice, captureHandshakeFrame(captureBobHSID), "bob's handshake")
	if r := <-accepted; r.err != nil {
		t.Fatal(r.err)
	}
}

// TestDCHashedNonce: with Hashed-Nonces each side sends its own nonce and
// checks the other's against the hash that side published; sending the
// hash itself, or another nonce, is refused.
func TestDCHashedNonce(t *testing.T) {
	aliceNonce, bobNonce := p2p.NewGUID(), p2p.NewGUID()
	alice := DCHandshake{Send: aliceNonce, Expect: p2p.HashNonce(bobNonce), Hashed: true}
	bob := DCHandshake{Send: bobNonce, Expect: p2p.HashNonce(aliceNonce), Hashed: true}

	t.Run("both sides", func(t *testing.T) {
		ln, accepted := listen(t, bob, DCOptions{})
		dialAccepted(t, accepted, []string{ln.Addr().String()}, alice, DCOptions{})
	})

	t.Run("the connector sends its plain nonce", func(t *testing.T) {
		ln := rawListener(t)
		go DialDC(dcCtx(t, 10*time.Second), []string{ln.Addr().String()}, alice, DCOptions{HandshakeTimeout: time.Second})
		conn := rawAccept(t, ln)
		expectBytes(t, conn, capturePreamble, "preamble")
		frame := make([]byte, 52)
		if _, err := io.ReadFull(conn, frame); err != nil {
			t.Fatal(err)
		}
		pkt, err := p2p.ParseDCFrame(frame[4:])
		if err != nil {
			t.Fatal(err)
		}
		if got, _ := p2p.ParseHandshake(pkt); got != aliceNonce {
			t.Errorf("handshake nonce %s, want alice's own %s", got, aliceNonce)
		}
	})

	for name, sent := range map[string]p2p.GUID{"the hash": p2p.HashNonce(aliceNonce), "another nonce": p2p.NewGUID()} {
		t.Run("the listener refuses "+name, func(t *testing.T) {
			ln, _ := listen(t, bob, DCOptions{})
			conn := rawDial(t, ln.Addr())
			conn.Write(DCHandshake{ID: 1, Send: sent}.frames(true))
			expectClosedSilently(t, conn)
		})
		t.Run("the connector refuses "+name, func(t *testing.T) {
			conn, dialed := dialRaw(t, alice)
			io.ReadFull(conn, make([]byte, 60))
			wrong := sent
			if wrong == p2p.HashNonce(aliceNonce) {
				wrong = p2p.HashNonce(bobNonce) // bob sending his published hash
			}
			conn.Write(DCHandshake{ID: 1, Send: wrong}.frames(false))
			if err := <-dialed; !errors.Is(err, ErrDCHandshake) {
				t.Fatalf("DialDC: %v, want ErrDCHandshake", err)
			}
			expectClosedSilently(t, conn)
		})
	}
}

// TestDCWrongNonceRefused: in plain mode, a listener closes a connection
// whose handshake carries another nonce without a byte, and still takes
// the right peer after it; a connector refuses a listener that answers
// with another nonce, and sends nothing more.
func TestDCWrongNonceRefused(t *testing.T) {
	nonce := captureNonce(t)
	t.Run("listening", func(t *testing.T) {
		ln, accepted := listen(t, PlainHandshake(0, nonce), DCOptions{})
		stray := rawDial(t, ln.Addr())
		stray.Write(PlainHandshake(1, p2p.NewGUID()).frames(true))
		expectClosedSilently(t, stray)
		dialAccepted(t, accepted, []string{ln.Addr().String()}, PlainHandshake(0, nonce), DCOptions{})
	})
	t.Run("connecting", func(t *testing.T) {
		conn, dialed := dialRaw(t, PlainHandshake(0, nonce))
		expectBytes(t, conn, capturePreamble, "preamble")
		io.ReadFull(conn, make([]byte, 52))
		conn.Write(PlainHandshake(1, p2p.NewGUID()).frames(false))
		err := <-dialed
		if !errors.Is(err, ErrDCHandshake) {
			t.Fatalf("DialDC: %v, want ErrDCHandshake", err)
		}
		t.Log(err)
		expectClosedSilently(t, conn)
	})
}

// TestDCListenerStrays: one connection that fails (garbage, a bad frame,
// silence) is tolerated and does not hold up the peer; a second ends
// Accept; the listener closes once Accept returns.
func TestDCListenerStrays(t *testing.T) {
	nonce := p2p.NewGUID()
	good := func(t *testing.T, ln *DCListener) {
		link, err := DialDC(dcCtx(t, 10*time.Second), []string{ln.Addr().String()}, PlainHandshake(0, nonce), DCOptions{})
		if err != nil {
			t.Fatal(err)
		}
		link.Close()
	}
	garbage := []byte("GET / HTTP/1.0\r\n\r\n")
	hugeHandshake := append(append([]byte{}, capturePreamble...), le{}.u32(1<<30)...)
	for _, tc := range []struct {
		name   string
		strays [][]byte // what each stray sends before the peer comes; nil: nothing
		ok     bool
	}{
		{"garbage then the peer", [][]byte{garbage}, true},
		{"a huge handshake frame then the peer", [][]byte{hugeHandshake}, true},
		{"a preamble alone then the peer", [][]byte{capturePreamble}, true},
		{"a silent stray then the peer", [][]byte{nil}, true},
		{"two strays", [][]byte{garbage, hugeHandshake}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			// A handshake timeout longer than the test: a stray is
			// refused for what it sent, or not at all while silent.
			ln, accepted := listen(t, PlainHandshake(0, nonce), DCOptions{HandshakeTimeout: time.Hour})
			var strays []net.Conn
			for _, b := range tc.strays {
				conn := rawDial(t, ln.Addr())
				strays = append(strays, conn)
				if b != nil {
					conn.Write(b)
				}
				if b != nil && len(b) != len(capturePreamble) {
					expectClosedSilently(t, conn)
				}
			}
			if tc.ok {
				good(t, ln)
			}
			r := <-accepted
			if tc.ok != (r.err == nil) {
				t.Fatalf("Accept: %v", r.err)
			}
			if !tc.ok && (!errors.Is(r.err, ErrDCHandshake) || errors.Is(r.err, context.DeadlineExceeded)) {
				t.Fatalf("Accept: %v, want ErrDCHandshake at the second stray", r.err)
			}
			t.Log(r.err)
			for _, conn := range strays {
				expectClosedSilently(t, conn) // closed when Accept returned
			}
			if listening(ln.Addr()) {
				t.Fatal("the listener still listens after Accept returned")
			}
		})
	}
}

// TestDCHandshakeErrorsHideTheNonce: a handshake refused for its form
// (here, a session id) says why without the nonce it carried.
func TestDCHandshakeErrorsHideTheNonce(t *testing.T) {
	nonce := captureNonce(t)
	conn, dialed := dialRaw(t, PlainHandshake(0, nonce))
	io.ReadFull(conn, make([]byte, 60))
	h := p2p.HandshakeHeader(1, nonce)
	h.SessionID = 7
	frame, _ := p2p.AppendDCFrame(nil, p2p.Packet{Header: h})
	conn.Write(frame)
	err := <-dialed
	if !errors.Is(err, ErrDCHandshake) {
		t.Fatalf("DialDC: %v, want ErrDCHandshake", err)
	}
	for _, secret := range []string{"1610289529", "2075467142", "2565712870668777745", "5FFB1179", "5ffb1179"} {
		if strings.Contains(err.Error(), secret) {
			t.Fatalf("the error shows the nonce: %v", err)
		}
	}
	t.Log(err)
}

// TestDCListenerTakesTwo: with two connections under way the listener
// takes no third; ending Accept closes both.
func TestDCListenerTakesTwo(t *testing.T) {
	ln, cancel, done := listenCancellable(t, DCOptions{HandshakeTimeout: time.Hour})
	strays := []net.Conn{rawDial(t, ln.Addr()), rawDial(t, ln.Addr())}
	waitFor(t, func() bool { return !listening(ln.Addr()) })
	cancel()
	if err := <-done; !errors.Is(err, context.Canceled) {
		t.Fatalf("Accept: %v, want context.Canceled", err)
	}
	for _, conn := range strays {
		expectClosedSilently(t, conn)
	}
}

// TestDCListenerStops: Accept ends with ctx or Close, and the listener
// with it.
func TestDCListenerStops(t *testing.T) {
	for _, how := range []string{"ctx", "close"} {
		t.Run(how, func(t *testing.T) {
			ln, cancel, done := listenCancellable(t, DCOptions{})
			// A silent stray under way must not keep Accept waiting.
			rawDial(t, ln.Addr())
			if how == "ctx" {
				cancel()
			} else {
				ln.Close()
			}
			err := <-done
			switch {
			case how == "ctx" && !errors.Is(err, context.Canceled):
				t.Fatalf("Accept: %v, want context.Canceled", err)
			case how == "close" && !errors.Is(err, ErrLinkClosed):
				t.Fatalf("Accept: %v, want ErrLinkClosed", err)
			}
			if listening(ln.Addr()) {
				t.Fatal("the listener still listens")
			}
		})
	}
}

// TestDialDCTriesEachAddress: a closed port is skipped for the next
// address; when every address fails the error names each.
func TestDialDCTriesEachAddress(t *testing.T) {
	closed := rawListener(t)
	dead := closed.Addr().String()
	closed.Close()
	nonce := p2p.NewGUID()
	ln, accepted := listen(t, PlainHandshake(0, nonce), DCOptions{})
	dialAccepted(t, accepted, []string{dead, ln.Addr().String()}, PlainHandshake(0, nonce), DCOptions{})

	silent := rawListener(t) // accepts (the kernel does) and never answers
	_, err := DialDC(dcCtx(t, 10*time.Second), []string{dead, silent.Addr().String()}, PlainHandshake(0, nonce), DCOptions{HandshakeTimeout: 200 * time.Millisecond})
	if err == nil {
		t.Fatal("DialDC succeeded with no peer")
	}
	for _, want := range []string{dead + ": ", silent.Addr().String() + ": no handshake within 200ms"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not say %q", err, want)
		}
	}
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("error %v is not DeadlineExceeded", err)
	}
}

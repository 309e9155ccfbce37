package transfer_test

import (
	"bytes"
	"crypto/sha256"
	"errors"
	"io"
	"net"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/msn-cli/msn/client/msntest"
	"github.com/msn-cli/msn/client/msntest/peer"
	"github.com/msn-cli/msn/client/ns"
	"github.com/msn-cli/msn/client/p2p"
	"github.com/msn-cli/msn/client/transfer"
)

// sendOne sends data to bob with alice's direct options and returns the
// transport it took, checking that bob got it whole.
func sendOne(t *testing.T, alice *ns.Session, bob *peer.Peer, direct transfer.DirectOptions, data []byte) (string, error) {
	t.Helper()
	ctx := ctxT(t, 60*time.Second)
	p, err := transfer.Dial(ctx, alice, "bob@example.com", transfer.PeerOptions{Direct: direct})
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close(ctx)
	res, err := p.SendFile(ctx, bytes.NewReader(data), "f.bin", uint64(len(data)), transfer.SendOptions{})
	if err != nil {
		return res.Transport, err
	}
	files := bob.WaitFiles(ctx, 1)
	if len(files) != 1 || files[0].Err != nil || files[0].SHA256 != sha256.Sum256(data) {
		t.Fatalf("bob's file: %+v", files)
	}
	return res.Transport, nil
}

func TestSendFileDirect(t *testing.T) {
	data := randomBytes(5 << 20)
	quick := transfer.DirectOptions{Timeout: 3 * time.Second}
	cases := []struct {
		name       string
		alice, bob transfer.DirectOptions
		want       string
	}{
		{"bob listens", quick, quick, transfer.ViaDirect},
		{"alice listens (reverse)", quick, transfer.DirectOptions{NoListen: true}, transfer.ViaDirect},
		{"hashed nonces", transfer.DirectOptions{Hashed: true, Timeout: 3 * time.Second}, quick, transfer.ViaDirect},
		{"neither listens", transfer.DirectOptions{NoListen: true, Timeout: 3 * time.Second}, transfer.DirectOptions{NoListen: true}, transfer.ViaSwitchboard},
		{"bob refuses", quick, transfer.DirectOptions{Mode: transfer.DirectOff}, transfer.ViaSwitchboard},
		{"alice refuses", transfer.DirectOptions{Mode: transfer.DirectOff}, quick, transfer.ViaSwitchboard},
	}
	for _, d := range ns.Dialects() {
		for _, c := range cases {
			t.Run(d.String()+"/"+c.name, func(t *testing.T) {
				_, alice, bob := world(t, d, peer.Config{Direct: c.bob}, msntest.Options{})
				got, err := sendOne(t, alice, bob, c.alice, data)
				if err != nil || got != c.want {
					t.Fatalf("transport %q, err %v; want %q", got, err, c.want)
				}
			})
		}
	}
}

// TestSendFileDirectChunkBoundaries crosses the direct connection's
// 8192-byte chunks, several files over one connection each.
func TestSendFileDirectChunkBoundaries(t *testing.T) {
	_, alice, bob := world(t, ns.MSNP18, peer.Config{}, msntest.Options{})
	ctx := ctxT(t, 60*time.Second)
	p, err := transfer.Dial(ctx, alice, "bob@example.com", transfer.PeerOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close(ctx)
	sizes := []int{transfer.DCChunk - 1, transfer.DCChunk, transfer.DCChunk + 1, 10*transfer.DCChunk + 1, 1}
	for _, n := range sizes {
		data := randomBytes(n)
		res, err := p.SendFile(ctx, bytes.NewReader(data), "f.bin", uint64(n), transfer.SendOptions{})
		if err != nil || res.Transport != transfer.ViaDirect {
			t.Fatalf("%d bytes: %q, %v", n, res.Transport, err)
		}
	}
	files := bob.WaitFiles(ctx, len(sizes))
	for i, f := range files {
		if f.Err != nil || f.SHA256 != sha256.Sum256(randomBytes(sizes[i])) {
			t.Errorf("file %d (%d bytes): %v", i, sizes[i], f.Err)
		}
	}
}

// closedPort returns a loopback port nothing listens on.
func closedPort(t *testing.T) uint16 {
	t.Helper()
	port, err := msntest.FreePort()
	if err != nil {
		t.Fatal(err)
	}
	return uint16(port)
}

// TestSendFileDirectToAClosedPortFallsBack: bob advertises a port nothing
// listens on (a firewall): the file goes over the switchboard, or, with
// DirectOnly, not at all.
func TestSendFileDirectToAClosedPortFallsBack(t *testing.T) {
	data := randomBytes(1 << 20)
	_, alice, bob := world(t, ns.MSNP18, peer.Config{Direct: transfer.DirectOptions{AdvertisePort: closedPort(t)}}, msntest.Options{})
	got, err := sendOne(t, alice, bob, transfer.DirectOptions{Timeout: 3 * time.Second}, data)
	if err != nil || got != transfer.ViaSwitchboard {
		t.Fatalf("transport %q, err %v", got, err)
	}
	_, err = sendOne(t, alice, bob, transfer.DirectOptions{Mode: transfer.DirectOnly, Timeout: 3 * time.Second}, data)
	if !errors.Is(err, transfer.ErrNoDirect) {
		t.Fatalf("direct only: %v", err)
	}
}

// TestSendFileDirectWrongNonceIsRefused: what answers at bob's advertised
// address replies with another nonce; alice refuses it and falls back.
func TestSendFileDirectWrongNonceIsRefused(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	var mu sync.Mutex
	var got []byte // what the impostor read before it answered
	go func() {
		conn, err := ln.Accept()
		if err != nil {
			return
		}
		defer conn.Close()
		buf := make([]byte, 4+4+4+p2p.HeaderSize) // preamble frame, handshake frame
		n, _ := io.ReadFull(conn, buf)
		mu.Lock()
		got = buf[:n]
		mu.Unlock()
		frame, _ := p2p.AppendDCFrame(nil, p2p.Packet{Header: p2p.HandshakeHeader(1, p2p.NewGUID())})
		conn.Write(frame)
		io.Copy(io.Discard, conn)
	}()
	port := uint16(ln.Addr().(*net.TCPAddr).Port)
	_, alice, bob := world(t, ns.MSNP18, peer.Config{Direct: transfer.DirectOptions{AdvertisePort: port}}, msntest.Options{})
	data := randomBytes(300 << 10)
	transport, err := sendOne(t, alice, bob, transfer.DirectOptions{Timeout: 3 * time.Second}, data)
	if err != nil || transport != transfer.ViaSwitchboard {
		t.Fatalf("transport %q, err %v", transport, err)
	}
	mu.Lock()
	defer mu.Unlock()
	if !bytes.HasPrefix(got, []byte("\x04\x00\x00\x00foo\x00")) {
		t.Fatalf("the impostor read %q: alice did not connect", got)
	}
}

// cuttingProxy forwards connections to target with cut (CuttingProxy or
// CuttingReplyProxy) after limit bytes.
func cuttingProxy(t *testing.T, cut func(string, int64) (int, func(), error), target string, limit int64) uint16 {
	t.Helper()
	port, stop, err := cut(target, limit)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(stop)
	return uint16(port)
}

// sendThroughCut sends data from alice to bob at dialect d, bob listening
// behind a proxy made by cut with limit. Bob listens on a port found free
// a moment before, which another process (a parallel test package) may
// take first: bob then cannot listen, alice listens instead, and the file
// goes direct without the proxy (ViaDirect, which through the proxy
// cannot happen). Such a run is tried again, up to three times.
func sendThroughCut(t *testing.T, d ns.Dialect, cut func(string, int64) (int, func(), error), limit int64, data []byte) (string, error) {
	t.Helper()
	for try := 1; ; try++ {
		listen := int(closedPort(t))
		proxy := cuttingProxy(t, cut, "127.0.0.1:"+strconv.Itoa(listen), limit)
		bobDirect := transfer.DirectOptions{Listen: "127.0.0.1:" + strconv.Itoa(listen), AdvertisePort: proxy}
		_, alice, bob := world(t, d, peer.Config{Direct: bobDirect}, msntest.Options{})
		transport, err := sendOne(t, alice, bob, transfer.DirectOptions{Timeout: 3 * time.Second}, data)
		if err != nil || transport != transfer.ViaDirect || try == 3 {
			return transport, err
		}
		t.Logf("try %d went around the proxy (bob's port was taken): again", try)
	}
}

// TestSendFileDirectCutHalfwayFinishesOverTheSwitchboard: the direct
// connection breaks at about half the file; the rest goes over the
// switchboard and the file arrives whole.
func TestSendFileDirectCutHalfwayFinishesOverTheSwitchboard(t *testing.T) {
	data := randomBytes(20 << 20)
	for _, d := range ns.Dialects() {
		t.Run(d.String(), func(t *testing.T) {
			transport, err := sendThroughCut(t, d, msntest.CuttingProxy, int64(len(data)/2), data)
			if err != nil || transport != transfer.ViaBoth {
				t.Fatalf("transport %q, err %v", transport, err)
			}
		})
	}
}

// TestSendFileDirectCutBeforeTheLastAckFinishesOverTheSwitchboard: the
// whole file reaches bob over the direct connection, which breaks as bob
// answers with the ACK of its last chunk (the proxy lets through only
// bob's handshake), so alice never reads it. She sends the end again over
// the switchboard, and bob, who has the file already, acknowledges it
// there again instead of ignoring it.
func TestSendFileDirectCutBeforeTheLastAckFinishesOverTheSwitchboard(t *testing.T) {
	data := randomBytes(3 << 20)
	handshake := int64(4 + p2p.HeaderSize) // bob's only frame before the ACK
	for _, d := range ns.Dialects() {
		t.Run(d.String(), func(t *testing.T) {
			transport, err := sendThroughCut(t, d, msntest.CuttingReplyProxy, handshake, data)
			if err != nil || transport != transfer.ViaBoth {
				t.Fatalf("transport %q, err %v", transport, err)
			}
		})
	}
}

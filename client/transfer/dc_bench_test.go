package transfer

import (
	"context"
	"io"
	"net"
	"testing"
	"time"
)

// dcBenchSize is what each benchmark iteration moves.
const dcBenchSize = 256 << 20

// BenchmarkDCTransfer moves a 256 MiB data message over two DCLinks on
// loopback, driven as the Endpoint drives them (8192-byte chunks, 16 to a
// SendData, a DataTracker on the receiving side, the final ACK), next to a
// plain io.Copy of as many bytes over a TCP connection. Compare the MB/s:
//
//	go test ./client/transfer -run '^$' -bench 'DCTransfer' -benchtime 3x
func BenchmarkDCTransfer(b *testing.B) {
	block := dcTestData(1 << 20)
	b.Run("dclink", func(b *testing.B) {
		sender, receiver := dcPair(b, DCOptions{})
		ctx := dcCtx(b, time.Hour)
		b.SetBytes(dcBenchSize)
		b.ResetTimer()
		for i := range b.N {
			if err := transferMessage(ctx, sender, receiver, uint32(i+1), &repeatReader{block: block}, dcBenchSize, io.Discard); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("tcp-copy", func(b *testing.B) {
		from, to := tcpPair(b)
		b.SetBytes(dcBenchSize)
		b.ResetTimer()
		for range b.N {
			copied := make(chan error, 1)
			go func() {
				_, err := io.CopyN(io.Discard, to, dcBenchSize)
				copied <- err
			}()
			if _, err := io.Copy(from, io.LimitReader(&repeatReader{block: block}, dcBenchSize)); err != nil {
				b.Fatal(err)
			}
			if err := <-copied; err != nil {
				b.Fatal(err)
			}
		}
	})
}

// repeatReader reads block over and over.
type repeatReader struct {
	block []byte
	at    int
}

func (r *repeatReader) Read(p []byte) (int, error) {
	n := copy(p, r.block[r.at:])
	r.at = (r.at + n) % len(r.block)
	return n, nil
}

// tcpPair is a plain TCP connection on loopback.
func tcpPair(b *testing.B) (from, to net.Conn) {
	ln := rawListener(b)
	accepted := make(chan net.Conn, 1)
	go func() {
		conn, _ := ln.Accept()
		accepted <- conn
	}()
	from, err := (&net.Dialer{}).DialContext(context.Background(), "tcp", ln.Addr().String())
	if err != nil {
		b.Fatal(err)
	}
	to = <-accepted
	if to == nil {
		b.Fatal("no connection accepted")
	}
	b.Cleanup(func() { from.Close(); to.Close() })
	return from, to
}

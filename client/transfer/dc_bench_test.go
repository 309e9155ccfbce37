package transfer

import (
	"bytes"
	"context"
	"crypto/sha256"
	"io"
	"net"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/msn-cli/msn/client/savefile"
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

// BenchmarkDCEndpointToDisk sends files through two Endpoints over a
// direct connection, the receiver hashing and writing them to disk
// through savefile and the sender hashing what it reads, as msn sendfile
// --json and msn receive do; next to it, the yardstick: a plain TCP copy
// of as many bytes into a file, synced.
//
//	go test ./client/transfer -run '^$' -bench DCEndpointToDisk -benchtime 3x
func BenchmarkDCEndpointToDisk(b *testing.B) {
	const size = 256 << 20
	data := dcTestData(size)
	b.Run("endpoint", func(b *testing.B) {
		a, r := dcPair(b, DCOptions{})
		dir := savefile.Dir{Path: b.TempDir(), Overwrite: true}
		var f *savefile.File
		ended := make(chan error, 1)
		NewEndpoint(r, Options{Self: "bob@example.com", Peer: "alice@example.com", Handler: Handler{
			Offer: func(o Offer) (io.Writer, error) {
				var err error
				f, err = dir.Create(o.Name, o.Size)
				return f, err
			},
			Complete: func(Offer) error { _, err := f.Commit(); return err },
			Ended:    func(_ Offer, err error) { ended <- err },
		}})
		alice := NewEndpoint(a, Options{Self: "alice@example.com", Peer: "bob@example.com"})
		ctx := dcCtx(b, time.Hour)
		b.SetBytes(size)
		b.ResetTimer()
		for range b.N {
			if _, err := alice.SendFile(ctx, bytes.NewReader(data), "bench.bin", size, SendOptions{Hash: sha256.New()}); err != nil {
				b.Fatal(err)
			}
			if err := <-ended; err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("tcp-to-file", func(b *testing.B) {
		from, to := tcpPair(b)
		path := filepath.Join(b.TempDir(), "copy.bin")
		b.SetBytes(size)
		b.ResetTimer()
		for range b.N {
			sent := make(chan error, 1)
			go func() { _, err := from.Write(data); sent <- err }()
			if err := copyToFile(path, to, size); err != nil {
				b.Fatal(err)
			}
			if err := <-sent; err != nil {
				b.Fatal(err)
			}
		}
	})
}

// copyToFile writes n bytes of src to a new file at path and syncs it.
func copyToFile(path string, src io.Reader, n int64) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	defer f.Close()
	if _, err := io.CopyN(f, src, n); err != nil {
		return err
	}
	return f.Sync()
}

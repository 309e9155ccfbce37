package transfer

import (
	"bytes"
	"errors"
	"io"
	"sync"
	"testing"
	"time"
)

// stallingReader gives the first n bytes of data, then blocks every read
// until release is closed: a sender whose source stops (a stuck disk, a
// stopped process) while it stays in the conversation.
type stallingReader struct {
	data    []byte
	n       int64
	release chan struct{}
}

func (r *stallingReader) ReadAt(p []byte, off int64) (int, error) {
	if off+int64(len(p)) > r.n {
		<-r.release
		return 0, io.ErrUnexpectedEOF
	}
	return copy(p, r.data[off:]), nil
}

// TestIncomingFileStalledIsAbandoned: the sender stops part-way and stays;
// after IncomingIdle without a byte the receiver abandons the file (the
// Handler's Ended gets ErrStalled, an ErrCancelled) and tells the sender,
// whose SendFile ends as cancelled, instead of both waiting for ever.
func TestIncomingFileStalledIsAbandoned(t *testing.T) {
	a, r := dcPair(t, DCOptions{})
	var got bytes.Buffer
	ended := make(chan error, 1)
	NewEndpoint(r, Options{Self: "bob@example.com", Peer: "alice@example.com", IncomingIdle: 300 * time.Millisecond, Handler: Handler{
		Offer: func(Offer) (io.Writer, error) { return &got, nil },
		Ended: func(_ Offer, err error) { ended <- err },
	}})
	alice := NewEndpoint(a, Options{Self: "alice@example.com", Peer: "bob@example.com"})
	src := &stallingReader{data: dcTestData(1 << 20), n: 256 << 10, release: make(chan struct{})}
	var once sync.Once
	unblock := func() { once.Do(func() { close(src.release) }) }
	defer unblock()
	ctx := dcCtx(t, 20*time.Second)
	sent := make(chan error, 1)
	go func() {
		_, err := alice.SendFile(ctx, src, "stalls.bin", uint64(len(src.data)), SendOptions{})
		sent <- err
	}()
	select {
	case err := <-ended:
		if !errors.Is(err, ErrStalled) || !errors.Is(err, ErrCancelled) {
			t.Fatalf("bob's transfer ended with %v, want ErrStalled", err)
		}
	case <-ctx.Done():
		t.Fatal("bob never abandoned the stalled file")
	}
	if int64(got.Len()) > src.n {
		t.Fatalf("bob wrote %d bytes, more than the %d sent", got.Len(), src.n)
	}
	unblock() // let alice's read fail now that she was told
	if err := <-sent; err == nil {
		t.Fatal("alice's SendFile succeeded")
	}
}

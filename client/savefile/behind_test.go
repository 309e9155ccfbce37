package savefile

import (
	"bytes"
	"crypto/sha256"
	"errors"
	"sync"
	"syscall"
	"testing"
	"time"
)

// heldFile is a file in memory whose writes stop, once holdAt bytes are
// written, until something syncs it: a writeBehind that only synced at
// the end would never finish writing. It records how many bytes each
// sync saw, and fails the first sync with firstSyncErr.
type heldFile struct {
	holdAt       int
	firstSyncErr error

	mu      sync.Mutex
	data    []byte
	syncsAt []int
	synced  chan struct{} // closed by the first sync
}

func newHeldFile(holdAt int) *heldFile {
	return &heldFile{holdAt: holdAt, synced: make(chan struct{})}
}

func (f *heldFile) Write(p []byte) (int, error) {
	f.mu.Lock()
	held := len(f.data) >= f.holdAt
	f.mu.Unlock()
	if held {
		select {
		case <-f.synced:
		case <-time.After(10 * time.Second):
			return 0, errors.New("held file: nothing synced the file while it was written")
		}
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	f.data = append(f.data, p...)
	return len(p), nil
}

func (f *heldFile) Sync() error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.syncsAt = append(f.syncsAt, len(f.data))
	if len(f.syncsAt) > 1 {
		return nil
	}
	close(f.synced)
	return f.firstSyncErr
}

func TestWriteBehindSyncsAsTheFileGrows(t *testing.T) {
	file := newHeldFile(2 * behindBuffer)
	b := newWriteBehind(file, behindBuffer)
	want := content(5*behindBuffer + 1202)
	if _, err := b.Write(want); err != nil {
		t.Fatal(err)
	}
	if err := b.Close(); err != nil {
		t.Fatal(err)
	}
	file.mu.Lock()
	defer file.mu.Unlock()
	if !bytes.Equal(file.data, want) {
		t.Fatalf("the file holds %d bytes, not the %d written", len(file.data), len(want))
	}
	if len(file.syncsAt) == 0 || file.syncsAt[0] < behindBuffer || file.syncsAt[0] >= len(want) {
		t.Fatalf("syncs at %v bytes, want the first after %d bytes and before the end (%d)", file.syncsAt, behindBuffer, len(want))
	}
	if sum := b.Sum(nil); !bytes.Equal(sum, sha256Of(want)) {
		t.Fatalf("sum %x, want %x", sum, sha256Of(want))
	}
}

func TestWriteBehindReportsAFailedBackgroundSync(t *testing.T) {
	file := newHeldFile(2 * behindBuffer)
	file.firstSyncErr = syscall.EIO
	b := newWriteBehind(file, behindBuffer)
	b.Write(content(3 * behindBuffer))
	if err := b.Close(); !errors.Is(err, syscall.EIO) {
		t.Fatalf("Close after a failed sync: %v, want EIO (the final sync may not see it again)", err)
	}
	if _, err := b.Write([]byte("more")); !errors.Is(err, syscall.EIO) {
		t.Fatalf("Write after a failed sync: %v, want EIO", err)
	}
}

func sha256Of(b []byte) []byte {
	sum := sha256.Sum256(b)
	return sum[:]
}

// TestWriteBehindDiscardWritesNothingMore: what waits in the buffers when
// a file is abandoned is not written (at most the buffer the writer has
// already begun).
func TestWriteBehindDiscardWritesNothingMore(t *testing.T) {
	file := newHeldFile(1 << 62) // never held
	b := newWriteBehind(file, 1<<62)
	b.Write(content(behindBuffer + behindBuffer/2))
	b.Discard()
	file.mu.Lock()
	written := len(file.data)
	file.mu.Unlock()
	if written != 0 && written != behindBuffer {
		t.Fatalf("%d bytes written after Discard, want none past the full buffer (%d)", written, behindBuffer)
	}
	if _, err := b.Write([]byte("more")); !errors.Is(err, ErrClosed) {
		t.Fatalf("Write after Discard: %v, want ErrClosed", err)
	}
}

func TestWriteBehindStopsWritingAfterAFailedSync(t *testing.T) {
	file := newHeldFile(1 << 62) // never held
	file.firstSyncErr = syscall.EIO
	b := newWriteBehind(file, behindBuffer)
	defer b.Close()
	b.Write(content(2 * behindBuffer))
	<-file.synced
	for deadline := time.Now().Add(10 * time.Second); b.failed() == nil; time.Sleep(time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("a failed background sync did not fail the file")
		}
	}
	if _, err := b.Write(content(behindBuffer)); !errors.Is(err, syscall.EIO) {
		t.Fatalf("Write after a failed sync: %v, want EIO at once", err)
	}
}

func TestWriteBehindWriteAfterCloseIsRefused(t *testing.T) {
	b := newWriteBehind(newHeldFile(1<<62), 1<<62)
	b.Write(content(10))
	if err := b.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := b.Write(content(behindBuffer)); !errors.Is(err, ErrClosed) {
		t.Fatalf("Write after Close: %v, want ErrClosed", err)
	}
	if err := b.Close(); err != nil {
		t.Fatalf("second Close: %v", err)
	}
}

package savefile

import (
	"crypto/sha256"
	"errors"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"syscall"
	"testing"
)

// content returns n reproducible pseudo-random bytes.
func content(n int) []byte {
	r := rand.New(rand.NewPCG(uint64(n), 9))
	b := make([]byte, n)
	for i := range b {
		b[i] = byte(r.Uint32())
	}
	return b
}

func TestCommitSavesTheBytes(t *testing.T) {
	// Sizes around the 1202-byte switchboard chunk and the write buffer.
	for _, size := range []int{1, 1201, 1202, 1203, behindBuffer - 1, behindBuffer, behindBuffer + 1, 3*behindBuffer + 1202} {
		for _, chunk := range []int{1202, behindBuffer, 3 << 20} {
			if size/chunk > 5000 {
				continue
			}
			folder := t.TempDir()
			data := content(size)
			saved := receive(t, Dir{Path: folder}, "report.pdf", data, chunk)
			want := Saved{Path: filepath.Join(folder, "report.pdf"), Name: "report.pdf", Size: uint64(size), SHA256: sha256.Sum256(data)}
			if saved != want {
				t.Fatalf("size %d in writes of %d: Saved = %+v, want %+v", size, chunk, saved, want)
			}
			wantContent(t, saved.Path, data)
			wantEntries(t, folder, "report.pdf")
		}
	}
}

func TestZeroByteFile(t *testing.T) {
	f, folder := create(t, "empty.txt", 0)
	saved, err := f.Commit()
	if err != nil {
		t.Fatal(err)
	}
	if saved.Size != 0 || saved.SHA256 != sha256.Sum256(nil) || saved.Name != "empty.txt" {
		t.Fatalf("Saved = %+v", saved)
	}
	wantContent(t, saved.Path, nil)
	wantEntries(t, folder, "empty.txt")
}

func TestWrittenCounts(t *testing.T) {
	f, _ := create(t, "a.bin", 5000)
	defer f.Abort()
	// Written is read from another goroutine, as a progress bar does (the
	// race detector checks the sharing).
	var wg sync.WaitGroup
	wg.Go(func() {
		for f.Written() < 5000 {
		}
	})
	for want := uint64(0); want < 5000; want += 1000 {
		if got := f.Written(); got != want {
			t.Fatalf("Written() = %d, want %d", got, want)
		}
		if n, err := f.Write(make([]byte, 1000)); n != 1000 || err != nil {
			t.Fatalf("Write = %d, %v", n, err)
		}
	}
	wg.Wait()
}

func TestCommitRefusesIncomplete(t *testing.T) {
	f, folder := create(t, "half.bin", 100)
	f.Write(make([]byte, 60))
	_, err := f.Commit()
	if !errors.Is(err, ErrIncomplete) || !strings.Contains(err.Error(), "60 of 100 bytes") {
		t.Fatalf("Commit of 60 of 100 bytes: %v, want ErrIncomplete saying 60 of 100", err)
	}
	if len(entries(t, folder)) != 1 {
		t.Fatalf("a failed Commit removed or placed the file: %q", entries(t, folder))
	}
	if err := f.Abort(); err != nil {
		t.Fatal(err)
	}
	wantEntries(t, folder)
}

func TestWriteRefusesOverrun(t *testing.T) {
	f, folder := create(t, "a.bin", 10)
	if n, err := f.Write([]byte("12345678")); n != 8 || err != nil {
		t.Fatalf("Write of 8 of 10 = %d, %v", n, err)
	}
	n, err := f.Write([]byte("9AB"))
	if n != 0 || !errors.Is(err, ErrOverrun) || !strings.Contains(err.Error(), "announced 10 bytes, 3 came after 8") {
		t.Fatalf("Write past the size = %d, %v; want 0, ErrOverrun with the numbers", n, err)
	}
	if f.Written() != 8 {
		t.Fatalf("Written() = %d after a refused write, want 8", f.Written())
	}
	if n, err := f.Write([]byte("9")); n != 0 || !errors.Is(err, ErrOverrun) {
		t.Fatalf("Write after an overrun = %d, %v; want the same error", n, err)
	}
	if _, err := f.Commit(); !errors.Is(err, ErrOverrun) {
		t.Fatalf("Commit after an overrun: %v, want ErrOverrun", err)
	}
	f.Abort()
	wantEntries(t, folder)
}

func TestAbortRemovesThePart(t *testing.T) {
	f, folder := create(t, "report.pdf", 10)
	f.Write([]byte("12345"))
	names := entries(t, folder)
	if len(names) != 1 || !strings.HasPrefix(names[0], ".report.pdf.") || !strings.HasSuffix(names[0], ".part") {
		t.Fatalf("while writing, the folder holds %q, want one .report.pdf.*.part", names)
	}
	info, err := os.Lstat(filepath.Join(folder, names[0]))
	if err != nil {
		t.Fatal(err)
	}
	if perm := info.Mode().Perm(); perm != 0o600 && runtime.GOOS != "windows" {
		t.Fatalf("the partial file has mode %o, want 600", perm)
	}
	if err := f.Abort(); err != nil {
		t.Fatal(err)
	}
	wantEntries(t, folder)
	if err := f.Abort(); err != nil {
		t.Fatalf("second Abort: %v", err)
	}
	if _, err := f.Write([]byte("x")); !errors.Is(err, ErrClosed) {
		t.Fatalf("Write after Abort: %v, want ErrClosed", err)
	}
	if _, err := f.Commit(); !errors.Is(err, ErrClosed) {
		t.Fatalf("Commit after Abort: %v, want ErrClosed", err)
	}
}

func TestAbortAfterCommitKeepsTheFile(t *testing.T) {
	f, folder := create(t, "a.txt", 2)
	f.Write([]byte("hi"))
	saved, err := f.Commit()
	if err != nil {
		t.Fatal(err)
	}
	if err := f.Abort(); err != nil {
		t.Fatalf("Abort after Commit: %v", err)
	}
	wantContent(t, saved.Path, []byte("hi"))
	wantEntries(t, folder, "a.txt")
	if _, err := f.Commit(); !errors.Is(err, ErrClosed) {
		t.Fatalf("second Commit: %v, want ErrClosed", err)
	}
	if _, err := f.Write([]byte("x")); !errors.Is(err, ErrClosed) {
		t.Fatalf("Write after Commit: %v, want ErrClosed", err)
	}
}

func TestWriteErrorNamesNoSpace(t *testing.T) {
	f := &File{dir: Dir{Path: "/data"}, name: "big.iso", size: 5000}
	for _, errno := range []error{syscall.ENOSPC, syscall.EDQUOT} {
		err := f.writeError(&os.PathError{Op: "write", Path: "/data/.big.iso.x.part", Err: errno})
		if !errors.Is(err, ErrNoSpace) || !errors.Is(err, errno) || !strings.Contains(err.Error(), `"big.iso" (5000 bytes announced)`) {
			t.Errorf("writeError(%v) = %v, want ErrNoSpace naming the file and size", errno, err)
		}
	}
	if err := f.writeError(errors.New("disk on fire")); errors.Is(err, ErrNoSpace) || !strings.HasPrefix(err.Error(), "savefile: ") {
		t.Errorf("writeError(other) = %v", err)
	}
	if f.writeError(nil) != nil {
		t.Error("writeError(nil) is not nil")
	}
}

func TestSafeNamesLandInTheFolder(t *testing.T) {
	for _, tc := range nastyNames {
		folder := t.TempDir()
		data := []byte(tc.in)
		saved := receive(t, Dir{Path: folder}, tc.in, data, 1202)
		if saved.Name != tc.want || saved.Path != filepath.Join(folder, tc.want) {
			t.Errorf("%q saved as %q at %q, want %q in the folder", tc.in, saved.Name, saved.Path, tc.want)
			continue
		}
		wantEntries(t, folder, tc.want)
		wantContent(t, saved.Path, data)
	}
}

// TestAbortAfterAFailedCommitStopsTheWriter: a Commit refused for the
// size leaves no goroutine or buffer behind once the file is aborted.
func TestAbortAfterAFailedCommitStopsTheWriter(t *testing.T) {
	for _, n := range []int{5, 20} { // short (ErrIncomplete), then over (ErrOverrun)
		f, err := Dir{Path: t.TempDir()}.Create("a.bin", 10)
		if err != nil {
			t.Fatal(err)
		}
		f.Write(make([]byte, n))
		if _, err := f.Commit(); err == nil {
			t.Fatalf("Commit of %d bytes of 10 succeeded", n)
		}
		f.Abort()
		select {
		case <-f.behind.done:
		default:
			t.Errorf("%d bytes of 10: the writer still runs after Commit failed and Abort", n)
		}
	}
}

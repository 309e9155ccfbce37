package savefile

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

func TestCreateRefusesTooLarge(t *testing.T) {
	folder := t.TempDir()
	d := Dir{Path: folder, MaxSize: 1000}
	_, err := d.Create("big.iso", 1001)
	if !errors.Is(err, ErrTooLarge) || !strings.Contains(err.Error(), `"big.iso" is 1001 bytes, the limit is 1000`) {
		t.Fatalf("Create of 1001 bytes with MaxSize 1000: %v, want ErrTooLarge with the numbers", err)
	}
	wantEntries(t, folder)
	if saved := receive(t, d, "big.iso", content(1000), 1202); saved.Size != 1000 {
		t.Fatalf("Saved.Size = %d", saved.Size)
	}
}

// fakeFree stands for a filesystem with free bytes free (known tells
// whether the system could say).
func fakeFree(free uint64, known bool, err error) *hooks {
	return &hooks{freeSpace: func(string) (uint64, bool, error) { return free, known, err }}
}

func TestCreateRefusesNoSpace(t *testing.T) {
	folder := t.TempDir()
	tests := []struct {
		free  uint64
		known bool
		size  uint64
		ok    bool
	}{
		{FreeSpaceMargin + 100, true, 100, true},
		{FreeSpaceMargin + 100, true, 101, false},
		{FreeSpaceMargin, true, 0, true},
		{FreeSpaceMargin - 1, true, 0, false},
		{0, true, 0, false},
		{0, true, 1 << 63, false},
		{1 << 63, true, 1<<64 - 1, false},
		{0, false, 1 << 40, true}, // unknown: left to Write
	}
	for _, tc := range tests {
		d := Dir{Path: folder, hooks: fakeFree(tc.free, tc.known, nil)}
		f, err := d.Create("big.iso", tc.size)
		if tc.ok {
			if err != nil {
				t.Fatalf("%d bytes with %d free: %v", tc.size, tc.free, err)
			}
			f.Abort()
			continue
		}
		if !errors.Is(err, ErrNoSpace) {
			t.Fatalf("%d bytes with %d free: %v, want ErrNoSpace", tc.size, tc.free, err)
		}
		for _, number := range []uint64{tc.size, tc.free, FreeSpaceMargin} {
			if !strings.Contains(err.Error(), strconv.FormatUint(number, 10)) {
				t.Fatalf("the error %q does not say %d", err, number)
			}
		}
		wantEntries(t, folder)
	}
	d := Dir{Path: folder, hooks: fakeFree(0, false, &fs.PathError{Op: "statfs", Path: folder, Err: fs.ErrPermission})}
	if _, err := d.Create("a", 1); !errors.Is(err, fs.ErrPermission) {
		t.Fatalf("Create when statfs fails: %v", err)
	}
	wantEntries(t, folder)
}

func TestFolderFreeSpace(t *testing.T) {
	free, known, err := folderFreeSpace(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	if runtime.GOOS != "linux" && runtime.GOOS != "darwin" {
		if known {
			t.Fatal("free space known where it is not measured")
		}
		return
	}
	if !known || free == 0 {
		t.Fatalf("free space = %d, %v; want a measure", free, known)
	}
	if _, _, err := folderFreeSpace(filepath.Join(t.TempDir(), "missing")); !errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("free space of a missing folder: %v", err)
	}
}

func TestCreateNeedsAFolder(t *testing.T) {
	folder := t.TempDir()
	file := writeFile(t, folder, "plain", "x")
	missing := filepath.Join(folder, "missing")
	tests := []struct {
		path, want string
	}{
		{"", "savefile: no folder given"},
		{missing, `savefile: folder "` + missing + `" does not exist`},
		{file, `savefile: "` + file + `" is not a folder`},
	}
	for _, tc := range tests {
		if _, err := (Dir{Path: tc.path}).Create("a.txt", 1); err == nil || err.Error() != tc.want {
			t.Errorf("Create in %q: %v, want %q", tc.path, err, tc.want)
		}
	}
	if _, err := os.Stat(missing); !errors.Is(err, fs.ErrNotExist) {
		t.Fatal("Create made the missing folder")
	}
	wantEntries(t, folder, "plain")
}

func TestCreateInAReadOnlyFolder(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("folder permissions are ACLs on Windows")
	}
	if os.Geteuid() == 0 {
		t.Skip("root writes in any folder; run as another user to test this")
	}
	folder := t.TempDir()
	if err := os.Chmod(folder, 0o555); err != nil {
		t.Fatal(err)
	}
	defer os.Chmod(folder, 0o755)
	_, err := Dir{Path: folder}.Create("a.txt", 1)
	want := `savefile: cannot create a file in "` + folder + `": permission denied`
	if !errors.Is(err, fs.ErrPermission) || err.Error() != want {
		t.Fatalf("Create in a read-only folder: %v, want %q", err, want)
	}
	wantEntries(t, folder)
}

// TestCreateCountsWhatFilesArrivingWillWrite: two offers that each fit
// the free space but not together: the second is refused while the
// first is still arriving, and fits once it has been given up.
func TestCreateCountsWhatFilesArrivingWillWrite(t *testing.T) {
	// The filesystem has 100 bytes free beside the margin once first.bin
	// has a buffer's worth on it.
	var first *File
	d := Dir{Path: t.TempDir(), hooks: freeLessWritten(FreeSpaceMargin+behindBuffer+100, &first)}
	first, err := d.Create("first.bin", behindBuffer+60)
	if err != nil {
		t.Fatal(err)
	}
	defer func() {
		if first != nil {
			first.Abort()
		}
	}()
	if _, err := first.Write(make([]byte, behindBuffer+20)); err != nil {
		t.Fatal(err)
	}
	// A full buffer goes to the file; the other 20 bytes wait in memory,
	// so 60 are promised, not 40.
	waitWritten(t, first, behindBuffer)
	second, err := d.Create("second.bin", 41)
	if !errors.Is(err, ErrNoSpace) || !strings.Contains(err.Error(), "60 are promised") {
		t.Fatalf("a second file with 60 bytes promised to the first: %v, want ErrNoSpace saying so", err)
	}
	if second, err = d.Create("second.bin", 40); err != nil {
		t.Fatalf("40 bytes beside 60 promised, 100 free: %v", err)
	}
	second.Abort()
	first.Abort()
	first = nil // removed, its bytes free again
	if third, err := d.Create("third.bin", 100); err != nil {
		t.Fatalf("with nothing arriving: %v", err)
	} else {
		third.Abort()
	}
}

// waitWritten waits until f's writer has put n bytes in the file.
func waitWritten(t *testing.T, f *File, n int64) {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); f.behind.written.Load() < n; {
		if time.Now().After(deadline) {
			t.Fatalf("the writer wrote %d bytes, not %d", f.behind.written.Load(), n)
		}
		time.Sleep(time.Millisecond)
	}
}

// TestCreateTwoOffersAtOnceCannotShareTheSpace: offers that each fit the
// free space alone, checked at the same moment (each has read the free
// space before any file exists), are not all accepted: the check and the
// reservation are one step.
func TestCreateTwoOffersAtOnceCannotShareTheSpace(t *testing.T) {
	const offers = 4
	var looked sync.WaitGroup
	looked.Add(offers)
	d := Dir{Path: t.TempDir(), hooks: &hooks{freeSpace: func(string) (uint64, bool, error) {
		looked.Done()
		looked.Wait() // every offer has the free space before any goes on
		return FreeSpaceMargin + 100, true, nil
	}}}
	var mu sync.Mutex
	var created []*File
	var wg sync.WaitGroup
	for i := range offers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if f, err := d.Create(fmt.Sprintf("offer%d.bin", i), 60); err == nil {
				mu.Lock()
				created = append(created, f)
				mu.Unlock()
			} else if !errors.Is(err, ErrNoSpace) {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	for _, f := range created {
		f.Abort()
	}
	if len(created) != 1 {
		t.Fatalf("%d offers of 60 bytes accepted with 100 free, want 1", len(created))
	}
}

// freeLessWritten is a filesystem with free bytes free, less what the
// File *file (when not nil) has put in its file.
func freeLessWritten(free uint64, file **File) *hooks {
	return &hooks{freeSpace: func(string) (uint64, bool, error) {
		written := uint64(0)
		if *file != nil {
			written = uint64((*file).behind.written.Load())
		}
		return free - written, true, nil
	}}
}

// blockedWriter takes nothing until release is closed.
type blockedWriter struct{ release chan struct{} }

func (w blockedWriter) Write(p []byte) (int, error) { <-w.release; return len(p), nil }
func (w blockedWriter) Sync() error                 { return nil }

// TestCommitKeepsBufferedBytesPromisedUntilWritten: while Commit writes
// out what its buffers hold, those bytes are still promised, so an offer
// checked meanwhile cannot count on them.
func TestCommitKeepsBufferedBytesPromisedUntilWritten(t *testing.T) {
	var first *File
	d := Dir{Path: t.TempDir(), hooks: freeLessWritten(FreeSpaceMargin+2*behindBuffer, &first)}
	first, err := d.Create("first.bin", 2*behindBuffer)
	if err != nil {
		t.Fatal(err)
	}
	// The disk takes nothing until the second offer is checked.
	first.behind.Discard()
	disk := blockedWriter{make(chan struct{})}
	first.behind = newWriteBehind(disk, 1<<62)
	first.Write(make([]byte, 2*behindBuffer))
	committed := make(chan error, 1)
	go func() { _, err := first.Commit(); committed <- err }()
	// Give Commit a moment to get going; on a bug it would have stopped
	// counting the file by then.
	time.Sleep(50 * time.Millisecond)
	second, err := d.Create("second.bin", behindBuffer)
	close(disk.release)
	if err := <-committed; err != nil {
		t.Fatal(err)
	}
	if err == nil {
		second.Abort()
		t.Fatal("1 MiB accepted while 2 MiB of the first file were not yet written")
	}
}

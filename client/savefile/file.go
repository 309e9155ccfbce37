package savefile

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sync/atomic"
	"syscall"
)

// Saved describes a file in its final place.
type Saved struct {
	Path   string   // the folder joined with Name
	Name   string   // the final name: SafeName of the offered one, maybe numbered
	Size   uint64   // bytes written
	SHA256 [32]byte // of the bytes written
}

// fileState is where a File is in its life.
type fileState int

const (
	writing   fileState = iota
	failed              // Commit failed before the rename: the temporary file remains until Abort
	committed           // in its final place
	aborted             // the temporary file is removed
)

// File is a file being received: an io.Writer for its bytes, in order,
// then Commit or Abort. A File is used by one goroutine, except Written,
// which any goroutine may call at any time (for progress).
type File struct {
	dir  Dir
	name string // SafeName of the offered name
	size uint64 // announced
	mode fs.FileMode

	tmp     string // path of the temporary file
	file    *os.File
	behind  *writeBehind // buffers, hashes and writes
	written atomic.Uint64
	err     error // the first write error; every later Write and Commit returns it
	state   fileState
}

// newFile makes the File for a temporary file just created; reserved is
// what reserveSpace set aside for it, which its promise replaces.
func newFile(d Dir, name string, size uint64, file *os.File, tmp string, mode fs.FileMode, reserved uint64) *File {
	f := &File{
		dir: d, name: name, size: size, mode: mode,
		tmp: tmp, file: file, behind: newWriteBehind(file, syncEvery),
	}
	startPromise(f, reserved)
	return f
}

// Write adds p to the file. It refuses, writing none of p, bytes beyond
// the announced size (ErrOverrun) and any write after Commit or Abort
// (ErrClosed). A full filesystem is reported as ErrNoSpace, maybe one
// Write late or at Commit, since writes are buffered. After an error,
// every later Write and Commit returns the same error.
func (f *File) Write(p []byte) (int, error) {
	if f.state != writing {
		return 0, ErrClosed
	}
	if f.err != nil {
		return 0, f.err
	}
	if written := f.written.Load(); uint64(len(p)) > f.size-written {
		f.err = fmt.Errorf("%w: %q announced %d bytes, %d came after %d", ErrOverrun, f.name, f.size, len(p), written)
		return 0, f.err
	}
	n, err := f.behind.Write(p)
	f.written.Add(uint64(n))
	if err != nil {
		f.err = f.writeError(err)
	}
	return n, f.err
}

// Written returns how many bytes Write has accepted so far.
func (f *File) Written() uint64 { return f.written.Load() }

// Commit finishes the file: it checks that exactly the announced size was
// written (ErrIncomplete), flushes and syncs it, gives it the mode 0644
// less the umask (like a browser's download), and moves it to its final
// name, then syncs the folder.
//
// The final name is SafeName of the offered one; when that exists,
// "name (1).ext", "name (2).ext"... An existing entry is never replaced,
// even one that appears while Commit runs: the move itself refuses to
// replace (renameat2 with RENAME_NOREPLACE on Linux, renameatx_np with
// RENAME_EXCL on macOS, else a hard link then the removal of the temporary
// name, else an exclusive empty file under the final name that the move
// replaces). With Dir.Overwrite a regular file of that name is replaced
// atomically; a folder, link or other entry is not, and the name is
// numbered instead.
//
// When Commit fails before the move, the temporary file remains until
// Abort. When the file is in place but the folder sync or the removal of
// the temporary name failed, Commit returns the Saved and the error.
// Commit may be called once; after it, Abort does nothing.
func (f *File) Commit() (Saved, error) {
	if f.state != writing {
		return Saved{}, ErrClosed
	}
	f.state = failed
	err := f.finishTemp()
	endPromise(f) // after the buffers are in the file, not before
	if err != nil {
		return Saved{}, err
	}
	path, err := f.dir.moveIntoPlace(f.tmp, f.name)
	if path == "" {
		return Saved{}, err
	}
	f.state = committed
	saved := Saved{Path: path, Name: filepath.Base(path), Size: f.size}
	f.behind.Sum(saved.SHA256[:0])
	if syncErr := syncFolder(f.dir.Path); err == nil {
		err = syncErr
	}
	return saved, err
}

// finishTemp checks, flushes, sets the final mode, syncs and closes the
// temporary file.
func (f *File) finishTemp() error {
	err := f.err
	if written := f.written.Load(); err == nil && written != f.size {
		err = fmt.Errorf("%w: %q has %d of %d bytes", ErrIncomplete, f.name, written, f.size)
	}
	steps := []func() error{f.behind.Close, func() error { return f.file.Chmod(f.mode) }, f.file.Sync}
	for _, step := range steps {
		if err == nil {
			err = f.writeError(step())
		}
	}
	if err != nil {
		f.behind.Discard() // the file stays as it is: stop the goroutines, drop the buffers
	}
	if closeErr := f.file.Close(); err == nil {
		err = f.writeError(closeErr)
	}
	return err
}

// writeError names a full filesystem or quota as ErrNoSpace, and prefixes
// any other error with the package and the file. It returns nil for nil.
func (f *File) writeError(err error) error {
	switch {
	case err == nil:
		return nil
	case errors.Is(err, syscall.ENOSPC), errors.Is(err, syscall.EDQUOT):
		return fmt.Errorf("%w: the filesystem of %q filled up writing %q (%d bytes announced): %w",
			ErrNoSpace, f.dir.Path, f.name, f.size, unwrapPath(err))
	}
	return fmt.Errorf("savefile: writing %q: %w", f.name, unwrapPath(err))
}

// Abort removes the temporary file. It does nothing after a successful
// Commit or a previous Abort.
func (f *File) Abort() error {
	switch f.state {
	case committed, aborted:
		return nil
	case writing:
		endPromise(f)
		f.behind.Discard()
		f.file.Close()
	}
	f.state = aborted
	if err := os.Remove(f.tmp); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("savefile: %w", err)
	}
	return nil
}

package savefile

import (
	"crypto/rand"
	"encoding/base32"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// FreeSpaceMargin is what Create leaves free on the folder's filesystem
// beyond the announced size, for the filesystem's own blocks and other
// writers.
const FreeSpaceMargin = 1 << 20

// Dir is a folder that receives files from the network. The zero value
// has no folder; set Path.
type Dir struct {
	Path      string // the folder; it must exist and is never created
	Overwrite bool   // replace a regular file of the same name instead of numbering ("name (1).ext")
	MaxSize   uint64 // refuse files larger than this, in bytes; 0 means no limit

	hooks *hooks // nil outside tests
}

// hooks let tests stand in for the system.
type hooks struct {
	freeSpace   func(folder string) (free uint64, known bool, err error)
	random      io.Reader                      // the random part of temporary names
	beforeMove  func(path string)              // runs just before each system call that moves the file to path
	noReplacers []func(tmp, path string) error // the ways to move without replacing, tried in order
}

// Create starts a file offered under name (made safe by SafeName) with
// size bytes announced. It refuses, before anything is created in the
// folder, a size over MaxSize (ErrTooLarge), a size the folder's filesystem
// has no room for with FreeSpaceMargin to spare (ErrNoSpace; checked on
// Linux and macOS only), and a Path that is missing or not a folder.
//
// The bytes go to a new hidden file in the folder, ".NAME.RANDOM.part",
// created exclusively (never through a link planted under that name) and
// readable by the owner only until Commit. The caller must Commit or Abort
// the File: one left alone stays behind as its ".part" file (a receiver
// aborts on Ctrl-C).
func (d Dir) Create(name string, size uint64) (*File, error) {
	safe := SafeName(name)
	if d.MaxSize != 0 && size > d.MaxSize {
		return nil, fmt.Errorf("%w: %q is %d bytes, the limit is %d", ErrTooLarge, safe, size, d.MaxSize)
	}
	if err := d.checkFolder(); err != nil {
		return nil, err
	}
	reserved, err := d.reserveSpace(safe, size)
	if err != nil {
		return nil, err
	}
	file, path, mode, err := d.createTemp(safe)
	if err != nil {
		unreserve(reserved)
		return nil, err
	}
	return newFile(d, safe, size, file, path, mode, reserved), nil
}

// checkFolder makes sure Path names an existing folder.
func (d Dir) checkFolder() error {
	if d.Path == "" {
		return errors.New("savefile: no folder given")
	}
	info, err := os.Stat(d.Path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return fmt.Errorf("savefile: folder %q does not exist", d.Path)
	case err != nil:
		return fmt.Errorf("savefile: folder %q: %w", d.Path, unwrapPath(err))
	case !info.IsDir():
		return fmt.Errorf("savefile: %q is not a folder", d.Path)
	}
	return nil
}

// reserveSpace refuses a size the folder's filesystem cannot hold with
// FreeSpaceMargin to spare, beside what the files still arriving will
// write, and otherwise reserves it, in the same step, until the file is
// created (newFile) or not (unreserve): two offers at once cannot both
// count on the same free space. Where free space is unknown, it lets it
// be and reserves nothing. It returns the bytes reserved.
func (d Dir) reserveSpace(name string, size uint64) (uint64, error) {
	freeSpace := folderFreeSpace
	if d.hooks != nil && d.hooks.freeSpace != nil {
		freeSpace = d.hooks.freeSpace
	}
	free, known, err := freeSpace(d.Path)
	if err != nil {
		return 0, fmt.Errorf("savefile: free space in %q: %w", d.Path, unwrapPath(err))
	}
	if !known {
		return 0, nil
	}
	promised, ok := reserve(size, func(promised uint64) bool {
		return free >= FreeSpaceMargin && size <= free-FreeSpaceMargin && promised <= free-FreeSpaceMargin-size
	})
	if !ok {
		msg := fmt.Sprintf("%q is %d bytes, %q has %d bytes free and keeps %d spare", name, size, d.Path, free, FreeSpaceMargin)
		if promised > 0 {
			msg += fmt.Sprintf(", and %d are promised to files still arriving", promised)
		}
		return 0, fmt.Errorf("%w: %s", ErrNoSpace, msg)
	}
	return size, nil
}

// tempTries bounds the attempts at a free temporary name; with 30 random
// bits each, running out means something else is wrong.
const tempTries = 100

// createTemp creates the temporary file for name, exclusively: O_EXCL
// fails on any existing entry, a symbolic link included, so nothing
// planted in the folder is followed. It returns the open file, its path,
// and the mode the finished file gets: 0644 less the process's umask (the
// file is created with it, the mode is read back, and only then narrowed
// to 0600 while the file is incomplete).
func (d Dir) createTemp(name string) (*os.File, string, fs.FileMode, error) {
	random := io.Reader(rand.Reader)
	if d.hooks != nil && d.hooks.random != nil {
		random = d.hooks.random
	}
	for range tempTries {
		suffix, err := randomSuffix(random)
		if err != nil {
			return nil, "", 0, err
		}
		path := filepath.Join(d.Path, tempName(name, suffix))
		file, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
		if errors.Is(err, fs.ErrExist) {
			continue
		}
		if err != nil {
			return nil, "", 0, fmt.Errorf("savefile: cannot create a file in %q: %w", d.Path, unwrapPath(err))
		}
		mode, err := narrowMode(file)
		if err != nil {
			file.Close()
			os.Remove(path)
			return nil, "", 0, fmt.Errorf("savefile: %w", err)
		}
		return file, path, mode, nil
	}
	return nil, "", 0, fmt.Errorf("savefile: no free temporary name for %q in %q after %d tries", name, d.Path, tempTries)
}

// narrowMode returns the permissions file was created with and sets them
// to 0600.
func narrowMode(file *os.File) (fs.FileMode, error) {
	info, err := file.Stat()
	if err != nil {
		return 0, err
	}
	return info.Mode().Perm(), file.Chmod(0o600)
}

// randomSuffix reads six lower-case base32 characters from random.
func randomSuffix(random io.Reader) (string, error) {
	var b [4]byte
	if _, err := io.ReadFull(random, b[:]); err != nil {
		return "", fmt.Errorf("savefile: random name: %w", err)
	}
	return strings.ToLower(base32.StdEncoding.EncodeToString(b[:])[:6]), nil
}

// unwrapPath drops the operation and path of a *fs.PathError, which the
// messages here already name.
func unwrapPath(err error) error {
	var pathErr *fs.PathError
	if errors.As(err, &pathErr) {
		return pathErr.Err
	}
	return err
}

package savefile

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"syscall"
)

// maxNumber bounds the numbered names Commit tries: "name (1).ext" up to
// "name (9999).ext".
const maxNumber = 9999

// errTaken says a name is held by something that must not be replaced.
var errTaken = errors.New("savefile: name taken")

// errLeftBehind says the file is in place but its temporary name remains.
var errLeftBehind = errors.New("savefile: the file is saved but its temporary name remains")

// moveIntoPlace moves the complete temporary file tmp to the first free
// numbered form of name in the folder (see Commit) and returns its path.
// A path with an error means the file is in place and only a later step
// failed.
func (d Dir) moveIntoPlace(tmp, name string) (string, error) {
	move := d.moveNoReplace
	if d.Overwrite {
		move = d.replaceRegular
	}
	for n := 0; n <= maxNumber; n++ {
		path := filepath.Join(d.Path, numberedName(name, n))
		err := move(tmp, path)
		switch {
		case err == nil:
			return path, nil
		case errors.Is(err, errLeftBehind):
			return path, err
		case !errors.Is(err, fs.ErrExist) && !errors.Is(err, errTaken):
			return "", fmt.Errorf("savefile: cannot move %q into place as %q: %w", tmp, path, unwrapLink(err))
		}
	}
	return "", fmt.Errorf("savefile: %q and its numbered names up to (%d) are all taken in %q", name, maxNumber, d.Path)
}

// moveNoReplace moves tmp to path, which must be free: the first of the
// ways the filesystem supports (see Commit) refuses with fs.ErrExist when
// path exists.
func (d Dir) moveNoReplace(tmp, path string) error {
	moves := []func(tmp, path string) error{renameNoReplace, linkThenRemove, reserveThenRename}
	if d.hooks != nil && d.hooks.noReplacers != nil {
		moves = d.hooks.noReplacers
	}
	d.beforeMove(path)
	err := errors.ErrUnsupported
	for _, move := range moves {
		if err = move(tmp, path); !errors.Is(err, errors.ErrUnsupported) {
			return err
		}
	}
	return err
}

// beforeMove runs the test hook just before the system call that moves
// the file to path.
func (d Dir) beforeMove(path string) {
	if d.hooks != nil && d.hooks.beforeMove != nil {
		d.hooks.beforeMove(path)
	}
}

// linkThenRemove gives tmp the second name path with link(2), which never
// replaces an existing entry, then removes the name tmp. Any failure of the
// link other than an existing path counts as unsupported (filesystems
// without hard links answer EPERM, ENOTSUP or other codes).
func linkThenRemove(tmp, path string) error {
	if err := os.Link(tmp, path); err != nil {
		if errors.Is(err, fs.ErrExist) {
			return err
		}
		return fmt.Errorf("%w: %w", errors.ErrUnsupported, err)
	}
	if err := os.Remove(tmp); err != nil {
		return fmt.Errorf("%w: removing %q: %w", errLeftBehind, tmp, unwrapPath(err))
	}
	return nil
}

// reserveThenRename claims path with an exclusive empty file, then renames
// tmp over that file, its own. This works on any filesystem; a crash in
// between leaves the empty file.
func reserveThenRename(tmp, path string) error {
	placeholder, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return err
	}
	placeholder.Close()
	if err := os.Rename(tmp, path); err != nil {
		os.Remove(path)
		return err
	}
	return nil
}

// replaceRegular renames tmp to path, replacing a regular file there. A
// folder, link or other entry at path is errTaken. A folder that appears
// between the look and the rename is not replaced either (os.Rename never
// replaces a folder: fs.ErrExist); a link that appears then is replaced,
// never followed.
func (d Dir) replaceRegular(tmp, path string) error {
	if info, err := os.Lstat(path); err == nil && !info.Mode().IsRegular() {
		return errTaken
	}
	d.beforeMove(path)
	return os.Rename(tmp, path)
}

// syncFolder makes the new name durable. Windows cannot sync a folder, and
// some filesystems refuse (EINVAL, ENOTSUP): both are let be.
func syncFolder(path string) error {
	if runtime.GOOS == "windows" {
		return nil
	}
	folder, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("savefile: sync folder: %w", err)
	}
	defer folder.Close()
	err = folder.Sync()
	if err == nil || errors.Is(err, errors.ErrUnsupported) || errors.Is(err, syscall.EINVAL) {
		return nil
	}
	return fmt.Errorf("savefile: the file is saved but syncing %q failed: %w", path, unwrapPath(err))
}

// unwrapLink drops the operation and paths of a *os.LinkError, which the
// messages here already name.
func unwrapLink(err error) error {
	var linkErr *os.LinkError
	if errors.As(err, &linkErr) {
		return linkErr.Err
	}
	return unwrapPath(err)
}

package savefile

import (
	"errors"
	"fmt"
	"os"
	"syscall"

	"golang.org/x/sys/unix"
)

// renameNoReplace renames tmp to path with renameatx_np(RENAME_EXCL),
// which fails with EEXIST rather than replace anything. Filesystems
// without the flag answer ENOTSUP or EINVAL: unsupported.
func renameNoReplace(tmp, path string) error {
	err := unix.RenameatxNp(unix.AT_FDCWD, tmp, unix.AT_FDCWD, path, unix.RENAME_EXCL)
	switch {
	case err == nil:
		return nil
	case errors.Is(err, errors.ErrUnsupported), errors.Is(err, syscall.EINVAL):
		return fmt.Errorf("%w: renameatx_np: %w", errors.ErrUnsupported, err)
	}
	return &os.LinkError{Op: "renameatx_np", Old: tmp, New: path, Err: err}
}

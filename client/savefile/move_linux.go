package savefile

import (
	"errors"
	"fmt"
	"os"
	"syscall"

	"golang.org/x/sys/unix"
)

// renameNoReplace renames tmp to path with renameat2(RENAME_NOREPLACE),
// which fails with EEXIST rather than replace anything. Filesystems and
// kernels without the flag answer EINVAL or ENOSYS: unsupported.
func renameNoReplace(tmp, path string) error {
	err := unix.Renameat2(unix.AT_FDCWD, tmp, unix.AT_FDCWD, path, unix.RENAME_NOREPLACE)
	switch {
	case err == nil:
		return nil
	case errors.Is(err, syscall.EINVAL), errors.Is(err, syscall.ENOSYS):
		return fmt.Errorf("%w: renameat2: %w", errors.ErrUnsupported, err)
	}
	return &os.LinkError{Op: "renameat2", Old: tmp, New: path, Err: err}
}

//go:build linux || darwin

package savefile

import (
	"errors"
	"fmt"
	"os"
	"syscall"
)

// renameNoReplace renames tmp to path with the system call that fails
// with EEXIST rather than replace anything (renameExclusive). Filesystems
// and kernels without it answer EINVAL, ENOSYS or ENOTSUP: unsupported.
func renameNoReplace(tmp, path string) error {
	err := renameExclusive(tmp, path)
	switch {
	case err == nil:
		return nil
	case errors.Is(err, errors.ErrUnsupported), errors.Is(err, syscall.EINVAL):
		return fmt.Errorf("%w: %s: %w", errors.ErrUnsupported, renameExclusiveCall, err)
	}
	return &os.LinkError{Op: renameExclusiveCall, Old: tmp, New: path, Err: err}
}

//go:build !linux && !darwin

package savefile

import "errors"

// renameNoReplace has no system call here: the next way is taken.
func renameNoReplace(tmp, path string) error { return errors.ErrUnsupported }

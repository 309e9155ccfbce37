//go:build linux || darwin || freebsd || openbsd || netbsd || dragonfly

package keyring

import (
	"fmt"
	"os"
	"syscall"
)

// lockFile takes an exclusive flock on the file at path, creating it with
// mode 0600 if needed, and returns the function that releases it. It blocks
// until the lock is free. The lock belongs to this open file, so it also
// excludes other goroutines of the same process that lock the same path.
func lockFile(path string) (unlock func(), err error) {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, fmt.Errorf("keyring: %w", err)
	}
	fd := int(f.Fd())
	for {
		err = syscall.Flock(fd, syscall.LOCK_EX)
		if err != syscall.EINTR {
			break
		}
	}
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("keyring: lock %s: %w", path, err)
	}
	return func() {
		syscall.Flock(fd, syscall.LOCK_UN)
		f.Close()
	}, nil
}

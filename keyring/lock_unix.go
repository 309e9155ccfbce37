//go:build linux || darwin || freebsd || openbsd || netbsd || dragonfly

package keyring

import (
	"errors"
	"fmt"
	"os"
	"syscall"
	"time"
)

// lockOSFile takes an exclusive flock on the file at path, creating it with
// mode 0600 if needed, and returns the function that releases it. It polls
// until deadline. The lock belongs to this open file, so it also excludes
// other open files of the same path in this process.
func lockOSFile(path string, deadline time.Time) (unlock func(), err error) {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, fmt.Errorf("keyring: %w", err)
	}
	fd := int(f.Fd())
	err = retryLock(path, deadline, func() (bool, error) {
		err := syscall.Flock(fd, syscall.LOCK_EX|syscall.LOCK_NB)
		switch {
		case err == nil:
			return true, nil
		case errors.Is(err, syscall.EWOULDBLOCK), errors.Is(err, syscall.EINTR):
			return false, nil
		}
		return false, err
	})
	if err != nil {
		f.Close()
		return nil, err
	}
	return func() {
		syscall.Flock(fd, syscall.LOCK_UN)
		f.Close()
	}, nil
}

//go:build linux

package commands

import (
	"context"
	"errors"
	"os"
	"time"

	"golang.org/x/sys/unix"
)

// errReaderGone: the pipe's reader closed it before reading everything.
var errReaderGone = errors.New("the reader of standard output went away")

func canWatchPipe(f *os.File) bool {
	_, err := unix.IoctlGetInt(int(f.Fd()), unix.TIOCINQ)
	return err == nil
}

// waitDrained blocks until the pipe holds no unread bytes (FIONREAD, alias TIOCINQ, on
// the write end counts them), its reader closed it (POLLERR), or ctx ends.
// It polls for the close with a short timeout and backs off between
// checks, up to 50 ms.
func waitDrained(ctx context.Context, f *os.File) error {
	fd := int(f.Fd())
	wait := time.Millisecond
	for {
		n, err := unix.IoctlGetInt(fd, unix.TIOCINQ)
		if err != nil {
			return err
		}
		fds := []unix.PollFd{{Fd: int32(fd), Events: 0}}
		if _, perr := unix.Poll(fds, 0); perr == nil && fds[0].Revents&(unix.POLLERR|unix.POLLHUP) != 0 {
			if n == 0 {
				return nil // read in full, then closed
			}
			return errReaderGone
		}
		if n == 0 {
			return nil
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(wait):
		}
		wait = min(wait*2, 50*time.Millisecond)
	}
}

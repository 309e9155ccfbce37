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

// unread is the number of bytes written to f that its reader has not
// read: FIONREAD (TIOCINQ) on a pipe's write end, SIOCOUTQ (TIOCOUTQ) on
// a socket, whose sent bytes stay charged to the sender until read.
func unread(f *os.File, socket bool) (int, error) {
	if socket {
		return unix.IoctlGetInt(int(f.Fd()), unix.TIOCOUTQ)
	}
	return unix.IoctlGetInt(int(f.Fd()), unix.TIOCINQ)
}

func canWatch(f *os.File, socket bool) bool {
	_, err := unread(f, socket)
	return err == nil
}

// waitDrained blocks until nothing written to f is unread, its reader
// closed it (POLLERR or POLLHUP), or ctx ends.
// It polls for the close with a short timeout and backs off between
// checks, up to 50 ms.
func waitDrained(ctx context.Context, f *os.File, socket bool) error {
	fd := int(f.Fd())
	wait := time.Millisecond
	for {
		n, err := unread(f, socket)
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

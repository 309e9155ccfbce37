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

// hungUp reports whether f's reader has closed it (POLLERR or POLLHUP).
func hungUp(f *os.File) bool {
	fds := []unix.PollFd{{Fd: int32(f.Fd()), Events: 0}}
	_, err := unix.Poll(fds, 0)
	return err == nil && fds[0].Revents&(unix.POLLERR|unix.POLLHUP) != 0
}

// waitDrained blocks until nothing written to f is unread (nil), its
// reader closed it first (errReaderGone), or ctx ends. It checks with a
// back-off between checks, up to 50 ms.
//
// Each check reads the unread count before it looks for a hang-up, so a
// count of zero followed by no hang-up was seen while the reader was still
// there: the bytes were read. After a hang-up the count no longer tells for
// a socket: Linux discards what its reader had not read, so the count drops
// to zero as if it had been read. On a socket, then, a record counts as
// read only when zero was seen before any hang-up (a reader that reads the
// last record and closes at once may leave it counted unread: shown again
// next time, never lost). A pipe keeps unread bytes after its reader
// closes, so there a zero count is the truth at any time.
func waitDrained(ctx context.Context, f *os.File, socket bool) error {
	wait := time.Millisecond
	for {
		n, err := unread(f, socket)
		if err != nil {
			return err
		}
		gone := hungUp(f)
		switch {
		case n == 0 && (!gone || !socket):
			return nil
		case gone:
			return errReaderGone
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(wait):
		}
		wait = min(wait*2, 50*time.Millisecond)
	}
}

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

// outputProbe looks at the reader of standard output.
type outputProbe interface {
	unread() (int, error) // bytes written that the reader has not read
	hungUp() bool         // the reader has closed its end
}

// fileProbe probes a pipe or socket.
type fileProbe struct {
	f      *os.File
	socket bool
}

// unread is FIONREAD (TIOCINQ) on a pipe's write end, SIOCOUTQ (TIOCOUTQ)
// on a unix socket, whose sent bytes stay charged to the sender until read.
func (p fileProbe) unread() (int, error) {
	if p.socket {
		return unix.IoctlGetInt(int(p.f.Fd()), unix.TIOCOUTQ)
	}
	return unix.IoctlGetInt(int(p.f.Fd()), unix.TIOCINQ)
}

// hungUp reports POLLERR or POLLHUP on f.
func (p fileProbe) hungUp() bool {
	fds := []unix.PollFd{{Fd: int32(p.f.Fd()), Events: 0}}
	_, err := unix.Poll(fds, 0)
	return err == nil && fds[0].Revents&(unix.POLLERR|unix.POLLHUP) != 0
}

// canWatch reports whether what f's reader has not read can be seen: on
// a pipe, and on a unix socket, whose unread bytes stay charged to the
// sender. Not on a TCP socket: there SIOCOUTQ counts only the bytes the
// peer's kernel has not acknowledged, zero long before (or whether) the
// program reads them.
func canWatch(f *os.File, socket bool) bool {
	if socket {
		domain, err := unix.GetsockoptInt(int(f.Fd()), unix.SOL_SOCKET, unix.SO_DOMAIN)
		if err != nil || domain != unix.AF_UNIX {
			return false
		}
	}
	_, err := fileProbe{f, socket}.unread()
	return err == nil
}

// waitDrained blocks until nothing written to f is unread (nil), its
// reader closed it first (errReaderGone), or ctx ends. It checks with a
// back-off between checks, up to 50 ms.
func waitDrained(ctx context.Context, f *os.File, socket bool) error {
	return waitProbed(ctx, fileProbe{f, socket}, socket)
}

// waitProbed is waitDrained on a probe.
//
// Each check reads the unread count before it looks for a hang-up, so a
// count of zero followed by no hang-up was seen while the reader was still
// there: the bytes were read. After a hang-up the count no longer tells for
// a socket: Linux discards what its reader had not read, so the count drops
// to zero as if it had been read. On a socket, then, a record counts as
// read only when zero was seen before any hang-up (a reader that reads the
// last record and closes at once may leave it counted unread: shown again
// next time, never lost). A pipe keeps unread bytes after its reader
// closes, so there a zero count is the truth at any time, and after a
// hang-up the count is taken again: the reader may have read the record
// and closed between the two looks.
func waitProbed(ctx context.Context, p outputProbe, socket bool) error {
	wait := time.Millisecond
	for {
		n, err := p.unread()
		if err != nil {
			return err
		}
		gone := p.hungUp()
		if gone && !socket {
			if n, err = p.unread(); err != nil {
				return err
			}
		}
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

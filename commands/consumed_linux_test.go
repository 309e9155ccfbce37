//go:build linux

package commands

import (
	"context"
	"errors"
	"net"
	"os"
	"syscall"
	"testing"
	"time"

	"golang.org/x/sys/unix"
)

// socketPair returns the two ends of a connected unix stream socket: the
// writer's (as msn's stdout) and the reader's.
func socketPair(t *testing.T) (w, r *os.File) {
	t.Helper()
	fds, err := syscall.Socketpair(syscall.AF_UNIX, syscall.SOCK_STREAM|syscall.SOCK_CLOEXEC, 0)
	if err != nil {
		t.Skip(err)
	}
	w, r = os.NewFile(uintptr(fds[0]), "stdout"), os.NewFile(uintptr(fds[1]), "reader")
	t.Cleanup(func() { w.Close(); r.Close() })
	return w, r
}

// waitReadable blocks until f has bytes to read (or its peer closed it).
func waitReadable(t *testing.T, f *os.File) {
	t.Helper()
	fds := []unix.PollFd{{Fd: int32(f.Fd()), Events: unix.POLLIN}}
	for {
		if _, err := unix.Poll(fds, -1); err != unix.EINTR {
			if err != nil {
				t.Error(err)
			}
			return
		}
	}
}

// TestConsumedWriterSocketClosedUnread: a reader that closes a socket with
// a record unread makes Linux discard the record, so the unread count
// drops to zero as if it had been read. The record must count as not
// consumed.
func TestConsumedWriterSocketClosedUnread(t *testing.T) {
	w, r := socketPair(t)
	cw := newConsumedWriter(w)
	if cw.pipe == nil || !cw.socket {
		t.Fatal("a socket not watched as one")
	}
	go func() {
		waitReadable(t, r) // the record is there, unread
		r.Close()
	}()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := cw.Write(ctx, []byte("record\n")); !errors.Is(err, errReaderGone) {
		t.Fatalf("Write = %v, want errReaderGone", err)
	}
}

// TestWaitDrainedAfterTheReaderLeft checks the verdict once the reader
// has gone: for a pipe, whose unread bytes survive its reader, a zero count
// still means read; for a socket, where zero after a hang-up is also what
// an unread record looks like, it does not.
func TestWaitDrainedAfterTheReaderLeft(t *testing.T) {
	pipe := func(t *testing.T) (w, r *os.File) {
		r, w, err := os.Pipe()
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { w.Close(); r.Close() })
		return w, r
	}
	for _, tc := range []struct {
		name      string
		ends      func(*testing.T) (w, r *os.File)
		socket    bool
		readFirst bool
		want      error
	}{
		{"pipe read then closed", pipe, false, true, nil},
		{"pipe closed unread", pipe, false, false, errReaderGone},
		{"socket closed unread", socketPair, true, false, errReaderGone},
		{"socket read then closed", socketPair, true, true, errReaderGone}, // cannot be told from unread
	} {
		t.Run(tc.name, func(t *testing.T) {
			w, r := tc.ends(t)
			if _, err := w.Write([]byte("record\n")); err != nil {
				t.Fatal(err)
			}
			if tc.readFirst {
				if _, err := r.Read(make([]byte, 64)); err != nil {
					t.Fatal(err)
				}
			}
			r.Close()
			if err := waitDrained(context.Background(), w, tc.socket); !errors.Is(err, tc.want) {
				t.Errorf("waitDrained = %v, want %v", err, tc.want)
			}
		})
	}
}

// readerBetweenLooks is a reader that reads the record and closes its end
// between the writer's count of unread bytes and its look for a hang-up.
type readerBetweenLooks struct {
	gone bool // the reader has read and closed
}

func (r *readerBetweenLooks) unread() (int, error) {
	if r.gone {
		return 0, nil
	}
	return len("record\n"), nil
}

func (r *readerBetweenLooks) hungUp() bool {
	r.gone = true // it read the record and closed just now
	return true
}

// TestWaitDrainedReaderLeavesBetweenTheLooks: `msn offline | head -1`
// where head reads the first message and exits right after the writer
// counted it unread. On a pipe the record was read (the count, taken
// again, is zero) and must be deleted from the server; on a socket the
// two cannot be told apart and it stays.
func TestWaitDrainedReaderLeavesBetweenTheLooks(t *testing.T) {
	for _, tc := range []struct {
		socket bool
		want   error
	}{{false, nil}, {true, errReaderGone}} {
		r := &readerBetweenLooks{}
		if err := waitProbed(context.Background(), r, tc.socket); !errors.Is(err, tc.want) {
			t.Errorf("socket %v: waitProbed = %v, want %v", tc.socket, err, tc.want)
		}
	}
}

// TestConsumedWriterOnATCPSocketCannotConfirm: on a TCP socket the
// unsent-bytes count drops to zero once the peer's kernel has the bytes,
// read or not, so msn offline writing into one (tcpserver, inetd) must
// not take a write for consumption: it keeps the messages.
func TestConsumedWriterOnATCPSocketCannotConfirm(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	accepted := make(chan net.Conn, 1)
	go func() {
		c, err := ln.Accept()
		if err != nil {
			close(accepted)
			return
		}
		accepted <- c
	}()
	conn, err := net.Dial("tcp", ln.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if peer := <-accepted; peer != nil {
		defer peer.Close() // never reads
	}
	f, err := conn.(*net.TCPConn).File()
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if cw := newConsumedWriter(f); cw.confirms() {
		t.Fatal("a TCP socket's reading taken as confirmable")
	}
}

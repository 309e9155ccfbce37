//go:build linux

package commands

import (
	"context"
	"strings"
	"syscall"
	"testing"
	"time"

	"golang.org/x/sys/unix"

	"github.com/msn-cli/msn/client/msntest"
	"github.com/msn-cli/msn/client/ns"
)

// TestReceiveStoppedWhileItsReaderIsStuck: msn receive | a reader that
// stopped reading (suspended, say). Its output pipe is full, the printer
// blocked in a write; SIGTERM must still end the run with 143, not leave
// it waiting for a reader that never comes.
func TestReceiveStoppedWhileItsReaderIsStuck(t *testing.T) {
	c := newCLI(t, msntest.Options{})
	r, w := newPipe(t)
	if _, err := unix.FcntlInt(w.Fd(), unix.F_SETPIPE_SZ, 4096); err != nil {
		t.Skip("cannot shrink a pipe:", err)
	}
	rx := c.receiveInto(t, w)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	waitFor(t, ctx, "bob to come online", func() bool { return c.srv.Status("bob@example.com") != "" })
	alice := c.startPeer("alice@example.com", "alice123", ns.MSNP18)
	_, send := talkToBob(ctx, t, alice, nil)
	line := strings.Repeat("x", 1000)
	for range 6 { // 6 lines of 1 KB: more than the pipe holds
		send(line)
	}
	// The page holds three lines; the fourth waits, whole, for room.
	waitFor(t, ctx, "the pipe to fill", func() bool {
		n, err := unix.IoctlGetInt(int(r.Fd()), unix.TIOCINQ)
		return err == nil && n >= 3*len(line)
	})
	rx.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-rx.done:
	case <-ctx.Done():
		t.Fatalf("msn receive did not end after SIGTERM; stderr: %s", rx.stderr)
	}
	if code := rx.cmd.ProcessState.ExitCode(); code != 143 {
		t.Fatalf("exit %d, want 143; stderr %q", code, rx.stderr)
	}
}

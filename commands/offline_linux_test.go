package commands

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/msn-cli/msn/client/msntest"
)

// TestOfflineReaderOnASocketStopsEarly: stdout as a socket, as libuv and
// node give a child its stdio; only what the reader took is deleted. The
// reader takes one line and closes the socket with the next one unread.
func TestOfflineReaderOnASocketStopsEarly(t *testing.T) {
	c := newCLI(t, msntest.Options{})
	for i := 1; i <= 5; i++ {
		c.srv.StoreOffline("bob@example.com", msntest.OIM{From: "alice@example.com", Text: fmt.Sprintf("m%d", i), Sequence: i, RunID: "{11111111-2222-4333-8444-555555555555}"})
	}
	fds, err := syscall.Socketpair(syscall.AF_UNIX, syscall.SOCK_STREAM|syscall.SOCK_CLOEXEC, 0)
	if err != nil {
		t.Skip(err)
	}
	ours, theirs := os.NewFile(uintptr(fds[0]), "reader"), os.NewFile(uintptr(fds[1]), "stdout")
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, msnBin, "offline")
	cmd.Env = append(append([]string{}, c.env...), bob...)
	cmd.Stdout = theirs
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	theirs.Close()
	first, err := bufio.NewReader(ours).ReadString('\n')
	if err != nil {
		t.Fatal(err)
	}
	// Close only once the second message is in the socket, unread: msn
	// counted the first as read and must not count the second, which
	// Linux discards on the close (its unread count then drops to zero).
	waitReadable(t, ours)
	ours.Close()
	cmd.Wait()
	if !strings.HasSuffix(first, "\tm1\n") {
		t.Fatalf("first line %q", first)
	}
	if left := c.srv.OfflineMessages("bob@example.com"); len(left) != 4 {
		t.Fatalf("%d left on the server, want 4", len(left))
	}
}

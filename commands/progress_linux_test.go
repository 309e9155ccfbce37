//go:build linux

package commands

import (
	"strings"
	"testing"
	"time"

	"github.com/msn-cli/msn/client/msntest"
	"github.com/msn-cli/msn/client/msntest/peer"
)

// TestSendfileProgressOnlyOnATerminal: with stderr on a terminal,
// sendfile draws a progress bar naming the file; on a pipe (every other
// test) or with --quiet it draws nothing.
func TestSendfileProgressOnlyOnATerminal(t *testing.T) {
	c := newCLI(t, msntest.Options{Delay: time.Millisecond})
	c.startFilePeer("MSNP18", peer.Config{})
	path, _ := writeRandomFile(t, t.TempDir(), "report.bin", 3<<20)
	run := func(args ...string) string {
		screen, _ := c.onTerminal(alice, false, args...)
		return screen
	}
	screen := run("sendfile", "--no-direct", "bob@example.com", path) // relayed, so slow enough to draw
	if !strings.Contains(screen, "report.bin") || !strings.Contains(screen, "MB") || !strings.Contains(screen, "\r") {
		t.Fatalf("no progress bar on the terminal: %q", screen)
	}
	if screen := run("sendfile", "--quiet", "bob@example.com", path); screen != "" {
		t.Fatalf("--quiet drew %q", screen)
	}
	r := c.runEnv(alice, "", "sendfile", "bob@example.com", path)
	r.expect(t, 0)
	if r.stderr != "" {
		t.Fatalf("on a pipe, stderr got %q", r.stderr)
	}
}

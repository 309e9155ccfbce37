//go:build linux

package commands

import (
	"strings"
	"testing"

	"github.com/msn-cli/msn/client/msntest"
)

// On a terminal `msn profile` prints a table with a header; elsewhere
// (every other test) the one tab-separated line.
func TestProfileTableOnATerminal(t *testing.T) {
	c := newCLI(t, msntest.Options{})
	screen, _ := c.onTerminal(append(alice, "MSN_PROTOCOL=MSNP18"), true, "profile", "--name", "Alice Liddell", "--message", "down the rabbit hole")
	lines := strings.Split(strings.TrimSpace(strings.ReplaceAll(screen, "\r\n", "\n")), "\n")
	if len(lines) != 2 || !strings.HasPrefix(lines[0], "NAME") || !strings.Contains(lines[0], "MESSAGE") ||
		!strings.HasPrefix(lines[1], "Alice Liddell  ") || !strings.HasSuffix(lines[1], "down the rabbit hole") || strings.Contains(screen, "\t") {
		t.Errorf("terminal output %q", screen)
	}
}

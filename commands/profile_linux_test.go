//go:build linux

package commands

import (
	"bytes"
	"context"
	"io"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/msn-cli/msn/client/msntest"
)

// On a terminal `msn profile` prints a table with a header; elsewhere
// (every other test) the one tab-separated line.
func TestProfileTableOnATerminal(t *testing.T) {
	c := newCLI(t, msntest.Options{})
	master, slave, err := openPTY()
	if err != nil {
		t.Skipf("no pseudo-terminal here: %v", err)
	}
	defer master.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, msnBin, "profile", "--name", "Alice Liddell", "--message", "down the rabbit hole")
	cmd.Env = append(append([]string{}, c.env...), append(alice, "MSN_PROTOCOL=MSNP18")...)
	cmd.Stdout = slave
	var errb bytes.Buffer
	cmd.Stderr = &errb
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	slave.Close()
	var out bytes.Buffer
	done := make(chan struct{})
	go func() { io.Copy(&out, master); close(done) }()
	if err := cmd.Wait(); err != nil {
		t.Fatalf("%v: %s", err, errb.String())
	}
	<-done // the copy ends when the last holder of the terminal closed it
	lines := strings.Split(strings.TrimSpace(strings.ReplaceAll(out.String(), "\r\n", "\n")), "\n")
	if len(lines) != 2 || !strings.HasPrefix(lines[0], "NAME") || !strings.Contains(lines[0], "MESSAGE") ||
		!strings.HasPrefix(lines[1], "Alice Liddell  ") || !strings.HasSuffix(lines[1], "down the rabbit hole") || strings.Contains(out.String(), "\t") {
		t.Errorf("terminal output %q", out.String())
	}
}

//go:build linux

package commands

import (
	"bytes"
	"context"
	"io"
	"os"
	"os/exec"
	"strconv"
	"time"

	"golang.org/x/sys/unix"
)

// openPTY returns a new pseudo-terminal: the master (read what is
// written to the terminal) and the slave (give it to a process as its
// terminal).
func openPTY() (master, slave *os.File, err error) {
	m, err := os.OpenFile("/dev/ptmx", os.O_RDWR|unix.O_NOCTTY, 0)
	if err != nil {
		return nil, nil, err
	}
	if err := unix.IoctlSetPointerInt(int(m.Fd()), unix.TIOCSPTLCK, 0); err != nil {
		m.Close()
		return nil, nil, err
	}
	n, err := unix.IoctlGetInt(int(m.Fd()), unix.TIOCGPTN)
	if err != nil {
		m.Close()
		return nil, nil, err
	}
	s, err := os.OpenFile("/dev/pts/"+strconv.Itoa(n), os.O_RDWR|unix.O_NOCTTY, 0)
	if err != nil {
		m.Close()
		return nil, nil, err
	}
	return m, s, nil
}

// onTerminal runs the binary with extra environment and args, with its
// stdout (ttyStdout) or its stderr on a new pseudo-terminal, and returns
// what reached the terminal and what the other stream got. It skips the
// test where no pseudo-terminal can be had, and fails it when the run
// fails.
func (c *cliEnv) onTerminal(extra []string, ttyStdout bool, args ...string) (screen, other string) {
	c.t.Helper()
	master, slave, err := openPTY()
	if err != nil {
		c.t.Skipf("no pseudo-terminal here: %v", err)
	}
	defer master.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, msnBin, args...)
	cmd.Env = append(append([]string{}, c.env...), extra...)
	var rest bytes.Buffer
	cmd.Stdout, cmd.Stderr = slave, &rest
	if !ttyStdout {
		cmd.Stdout, cmd.Stderr = &rest, slave
	}
	if err := cmd.Start(); err != nil {
		c.t.Fatal(err)
	}
	slave.Close()
	var out bytes.Buffer
	copied := make(chan struct{})
	go func() { io.Copy(&out, master); close(copied) }()
	if err := cmd.Wait(); err != nil {
		c.t.Fatalf("%v: %v\nterminal: %q\nother: %s", args, err, out.String(), rest.String())
	}
	master.Close()
	<-copied // the copy ends when the last holder of the terminal closed it
	return out.String(), rest.String()
}

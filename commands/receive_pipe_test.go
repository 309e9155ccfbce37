package commands

import (
	"bufio"
	"context"
	"os"
	"os/exec"
	"testing"
	"time"

	"github.com/msn-cli/msn/client/msntest"
	"github.com/msn-cli/msn/client/ns"
)

// TestReceiveEndsWhenTheReaderGoes: msn receive | head -1 ends the run at
// the event after the first line, signed out, with exit 0 and nothing
// on stderr, as the help says.
func TestReceiveEndsWhenTheReaderGoes(t *testing.T) {
	c := newCLI(t, msntest.Options{})
	r, w := newPipe(t)
	rx := c.receiveInto(t, w)
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	waitFor(t, ctx, "bob to come online", func() bool { return c.srv.Status("bob@example.com") != "" })
	alice := c.startPeer("alice@example.com", "alice123", ns.MSNP18)
	_, send := talkToBob(ctx, t, alice, nil)
	send("one")
	if line, err := bufio.NewReader(r).ReadString('\n'); line != "message\talice@example.com\tone\n" {
		t.Fatalf("first line %q (%v)", line, err)
	}
	r.Close() // as head -1 does
	send("two")
	select {
	case <-rx.done:
	case <-ctx.Done():
		t.Fatalf("msn receive went on after its reader left; stderr: %s", rx.stderr)
	}
	if code := rx.cmd.ProcessState.ExitCode(); code != 0 || rx.stderr.String() != "" {
		t.Fatalf("exit %d, stderr %q", code, rx.stderr)
	}
	waitFor(t, ctx, "bob to sign out", func() bool { return c.srv.Status("bob@example.com") == "" })
}

// newPipe returns a new pipe's ends, closed at the end of the test.
func newPipe(t *testing.T) (r, w *os.File) {
	t.Helper()
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { r.Close(); w.Close() })
	return r, w
}

// receiveInto starts msn receive as bob at MSNP18 with its output into
// w, which it then closes on this side, so that the reader alone holds
// the pipe. The process is killed at the end of the test.
func (c *cliEnv) receiveInto(t *testing.T, w *os.File) *receiving {
	t.Helper()
	cmd := exec.Command(msnBin, "receive")
	cmd.Env = append(append([]string{}, c.env...), "MSN_PASSWORD=bob123", "MSN_ACCOUNT=bob@example.com", "MSN_PROTOCOL=MSNP18")
	rx := &receiving{cmd: cmd, stderr: newLines(), done: make(chan struct{})}
	cmd.Stdout, cmd.Stderr = w, rx.stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	w.Close()
	go func() { cmd.Wait(); close(rx.done) }()
	t.Cleanup(func() { cmd.Process.Kill(); <-rx.done })
	return rx
}

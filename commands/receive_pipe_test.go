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
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	cmd := exec.Command(msnBin, "receive")
	cmd.Env = append(append([]string{}, c.env...), "MSN_PASSWORD=bob123", "MSN_ACCOUNT=bob@example.com", "MSN_PROTOCOL=MSNP18")
	stderr := newLines()
	cmd.Stdout, cmd.Stderr = w, stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	w.Close()
	ended := make(chan struct{})
	go func() { cmd.Wait(); close(ended) }()
	defer func() { cmd.Process.Kill(); <-ended }()
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
	case <-ended:
	case <-ctx.Done():
		t.Fatalf("msn receive went on after its reader left; stderr: %s", stderr)
	}
	if code := cmd.ProcessState.ExitCode(); code != 0 || stderr.String() != "" {
		t.Fatalf("exit %d, stderr %q", code, stderr)
	}
	waitFor(t, ctx, "bob to sign out", func() bool { return c.srv.Status("bob@example.com") == "" })
}

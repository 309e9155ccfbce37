package commands

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/msn-cli/msn/client/msntest"
	"github.com/msn-cli/msn/client/transfer"
)

// TestReceiveBoundsItsConversations: msn receive (in this process) joins
// at most maxConversations conversations at once; an invitation past
// that is not answered and said on stderr, and the place of a
// conversation the contact left is free again.
func TestReceiveBoundsItsConversations(t *testing.T) {
	defer func(n int) { maxConversations = n }(maxConversations)
	maxConversations = 1
	c := newCLI(t, msntest.Options{})
	for _, kv := range append(c.env, "MSN_ACCOUNT=bob@example.com", "MSN_PASSWORD=bob123", "MSN_PROTOCOL=MSNP18", "DBUS_SESSION_BUS_ADDRESS=") {
		name, value, _ := strings.Cut(kv, "=")
		t.Setenv(name, value)
	}
	stdout, stderr := newLines(), newLines()
	ctx, stop := context.WithCancel(context.Background())
	ended := make(chan error, 1)
	go func() {
		ended <- App(strings.NewReader(""), stdout, stderr).RunContext(ctx, []string{"msn", "receive"})
	}()
	defer func() { stop(); <-ended }()
	waitCtx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	waitFor(t, waitCtx, "bob to come online", func() bool { return c.srv.Status("bob@example.com") != "" })
	alice := loginAlice(t, c.srv)
	dial := func(within time.Duration) (*transfer.Peer, error) {
		ctx, cancel := context.WithTimeout(waitCtx, within)
		defer cancel()
		return transfer.Dial(ctx, alice, "bob@example.com", transfer.PeerOptions{})
	}
	first, err := dial(10 * time.Second)
	if err != nil {
		t.Fatal(err)
	}
	if second, err := dial(time.Second); err == nil {
		second.Close(waitCtx)
		t.Fatal("a second conversation was joined")
	}
	stderr.waitLine(t, "not answering alice@example.com's invitation: in 1 conversation(s) already, the most at once")
	first.Close(waitCtx)
	for { // bob leaves once he sees alice leave: then the place is free
		third, err := dial(2 * time.Second)
		if err == nil {
			third.Close(waitCtx)
			return
		}
		if waitCtx.Err() != nil {
			t.Fatalf("the place of the first conversation was not given back: %v; stderr: %s", err, stderr)
		}
	}
}

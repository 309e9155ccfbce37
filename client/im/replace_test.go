package im_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/msn-cli/msn/client/conn"
	"github.com/msn-cli/msn/client/im"
	"github.com/msn-cli/msn/client/msntest"
	"github.com/msn-cli/msn/client/msntest/peer"
	"github.com/msn-cli/msn/client/ns"
)

// TestDroppedSwitchboardIsReplacedOnce: a switchboard that drops before
// acknowledging anything is replaced once and the text sent again (it
// cannot have arrived twice); a second drop is reported, and the text
// never claimed delivered.
func TestDroppedSwitchboardIsReplacedOnce(t *testing.T) {
	for _, d := range ns.Dialects() {
		t.Run(d.String(), func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
			defer cancel()
			srv, sess, bob := world(t, ctx, d, peer.Config{})
			// The first MSG on the first switchboard drops it.
			srv.Inject(msntest.Fault{Server: "SB", Command: "MSG", Nth: 1, Times: 1, Action: msntest.CloseConn})
			conv, err := im.Open(ctx, sess, []string{"bob@example.com"}, im.Options{})
			if err != nil {
				t.Fatal(err)
			}
			defer conv.Close(ctx)
			for _, r := range conv.Send(ctx, "second time lucky") {
				if r.Err != nil || r.Parts != 1 {
					t.Fatalf("%+v", r)
				}
			}
			if got := bob.WaitTexts(ctx, 1); len(got) != 1 || got[0] != "second time lucky" {
				t.Fatalf("bob got %q", got)
			}
			// Now every switchboard drops its first MSG: one replacement,
			// then the failure, and nothing reaches bob.
			srv.ClearFaults()
			srv.Inject(msntest.Fault{Server: "SB", Command: "MSG", Nth: 1, Action: msntest.CloseConn})
			conv2, err := im.Open(ctx, sess, []string{"bob@example.com"}, im.Options{})
			if err != nil {
				t.Fatal(err)
			}
			defer conv2.Close(ctx)
			for _, r := range conv2.Send(ctx, "never") {
				if r.Err == nil || !errors.Is(r.Err, conn.ErrConnectionLost) || r.Parts != 0 {
					t.Fatalf("%+v", r)
				}
			}
			// A faulted MSG is not relayed: the server relayed bob one
			// text in all.
			if n := len(srv.Received("bob@example.com")); n != 1 {
				t.Fatalf("the server relayed %d messages to bob", n)
			}
			if n := srv.Logins("alice@example.com"); n != 1 {
				t.Fatalf("%d logins: the session was replaced, not the switchboard", n)
			}
		})
	}
}

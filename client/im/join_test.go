package im_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/msn-cli/msn/client/im"
	"github.com/msn-cli/msn/client/msntest/peer"
	"github.com/msn-cli/msn/client/ns"
	"github.com/msn-cli/msn/client/sb"
)

// TestJoinSendsOnAGivenSwitchboard: a conversation made of a switchboard
// someone else owns sends on it, invites back a contact who left it,
// opens a new one once it has closed, and leaves only what it opened.
func TestJoinSendsOnAGivenSwitchboard(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	_, sess, bob := world(t, ctx, ns.MSNP18, peer.Config{})
	addr, cookie, err := sess.OpenSwitchboard(ctx)
	if err != nil {
		t.Fatal(err)
	}
	left := make(chan string, 1)
	board, err := sb.Call(ctx, sb.Config{Addr: addr, Cookie: cookie, Self: sess.Endpoint(),
		Handler: sb.Handler{Left: func(who string) { left <- who }}}, "bob@example.com")
	if err != nil {
		t.Fatal(err)
	}
	if err := board.WaitJoin(ctx, "bob@example.com"); err != nil {
		t.Fatal(err)
	}
	send := func(text string) {
		t.Helper()
		conv := im.Join(sess, board, []string{"bob@example.com"}, im.Options{})
		defer conv.Close(ctx)
		if r := conv.Send(ctx, text)[0]; r.Err != nil || r.Offline {
			t.Fatalf("%s: %+v", text, r)
		}
	}
	send("on the given board")
	select {
	case <-board.Done():
		t.Fatal("Close left the given switchboard")
	default:
	}
	bob.Leave()
	// A text sent before the BYE is read would be relayed to bob's closed
	// connection, acknowledged and lost, as with a real server: the
	// conversation invites back only a departure it has seen.
	select {
	case <-left:
	case <-ctx.Done():
		t.Fatal("bob's departure never reached the switchboard")
	}
	send("invited back")
	board.Close(ctx)
	send("on a new board")
	// Each switchboard connection is read on a goroutine of bob's own, so
	// the texts of different ones may be recorded in any order.
	want := []string{"invited back", "on a new board", "on the given board"}
	if got := slices.Sorted(slices.Values(bob.WaitTexts(ctx, 3))); !slices.Equal(got, want) {
		t.Fatalf("bob got %q, want %q", got, want)
	}
}

package im_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/msn-cli/msn/client/im"
	"github.com/msn-cli/msn/client/msntest"
	"github.com/msn-cli/msn/client/msntest/peer"
	"github.com/msn-cli/msn/client/ns"
)

// leaveRuns is how many sends each leaving-peer test makes per dialect:
// the races they cover lost one send in three against the real server.
const leaveRuns = 200

// world is a server with alice logged in and bob, a peer configured by
// bobCfg (its server fields are filled in), online.
func world(t *testing.T, ctx context.Context, d ns.Dialect, bobCfg peer.Config) (*msntest.Server, *ns.Session, *peer.Peer) {
	t.Helper()
	srv, err := msntest.New(msntest.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(srv.Close)
	srv.AddAccount("alice@example.com", "alice123", "Alice")
	srv.AddAccount("bob@example.com", "bob123", "Bob")
	srv.AddContact("alice@example.com", "bob@example.com")
	bobCfg.Server, bobCfg.Services, bobCfg.HTTP = srv.NSAddr(), srv.ServicesURL(), srv.HTTPClient()
	bobCfg.Account, bobCfg.Password, bobCfg.Dialect = "bob@example.com", "bob123", d
	bob, err := peer.Start(ctx, bobCfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(bob.Close)
	sess, err := peer.Login(ctx, peer.Config{Server: srv.NSAddr(), Services: srv.ServicesURL(), HTTP: srv.HTTPClient(),
		Account: "alice@example.com", Password: "alice123", Dialect: d})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { sess.Logout(context.Background()) })
	return srv, sess, bob
}

// sendEach opens a conversation per text, sends it and closes, as one
// run of msn send does, and checks that each was reported delivered and
// arrived exactly once. (Not in order: each conversation is a switchboard
// connection of its own, which bob reads on a goroutine of its own.)
func sendEach(t *testing.T, ctx context.Context, sess *ns.Session, bob *peer.Peer, texts []string) {
	t.Helper()
	for _, text := range texts {
		conv, err := im.Open(ctx, sess, []string{"bob@example.com"}, im.Options{})
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range conv.Send(ctx, text) {
			if r.Err != nil || r.Offline || r.Parts != 1 {
				t.Fatalf("%s: %+v", text, r)
			}
		}
		conv.Close(ctx)
	}
	arrived := map[string]int{}
	for _, text := range bob.WaitTexts(ctx, len(texts)) {
		arrived[text]++
	}
	for _, text := range texts {
		if arrived[text] != 1 {
			t.Errorf("%q arrived %d times", text, arrived[text])
		}
	}
	if len(arrived) != len(texts) {
		t.Errorf("bob got %d distinct texts, %d sent", len(arrived), len(texts))
	}
	if errs := bob.Errors(); len(errs) > 0 {
		t.Fatalf("bob: %v", errs)
	}
}

func numbered(n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = fmt.Sprintf("message %d", i)
	}
	return out
}

// TestPeerLeavingTheMomentTheMessageArrives: a bot that leaves as soon as
// a message arrives. The server relays the message, acknowledges it, and
// only then relays the BYE (NOTES.md quirk 28): the message was
// delivered, and a BYE read right after its ACK must not say otherwise.
func TestPeerLeavingTheMomentTheMessageArrives(t *testing.T) {
	for _, d := range ns.Dialects() {
		t.Run(d.String(), func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
			defer cancel()
			_, sess, bob := world(t, ctx, d, peer.Config{LeaveOnMessage: true})
			sendEach(t, ctx, sess, bob, numbered(leaveRuns))
		})
	}
}

// TestPeerLeavingJustBeforeTheMessage: bob leaves each conversation as
// soon as he has joined it, racing the message; invited again, he stays.
// A message the server acknowledged with bob gone reached nobody (it
// acknowledges an empty switchboard too): it must be sent again once he
// is back, and a message that did reach him must not be sent twice.
func TestPeerLeavingJustBeforeTheMessage(t *testing.T) {
	for _, d := range ns.Dialects() {
		t.Run(d.String(), func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
			defer cancel()
			_, sess, bob := world(t, ctx, d, peer.Config{LeaveAtJoin: func(n int) bool { return n%2 == 1 }})
			sendEach(t, ctx, sess, bob, numbered(leaveRuns))
		})
	}
}

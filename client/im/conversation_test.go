package im_test

import (
	"context"
	"net/url"
	"testing"
	"time"

	"github.com/msn-cli/msn/client/im"
	"github.com/msn-cli/msn/client/msntest"
	"github.com/msn-cli/msn/client/msntest/peer"
	"github.com/msn-cli/msn/client/ns"
	"github.com/msn-cli/msn/client/passport"
	"github.com/msn-cli/msn/client/soap"
)

// TestContactWhoLeftIsInvitedAgain: the switchboard acknowledges messages
// even when nobody else is in it, so a conversation kept open (msn send
// --lines) must bring back a contact who left before sending more.
func TestContactWhoLeftIsInvitedAgain(t *testing.T) {
	for _, d := range ns.Dialects() {
		t.Run(d.String(), func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
			defer cancel()
			srv, err := msntest.New(msntest.Options{})
			if err != nil {
				t.Fatal(err)
			}
			defer srv.Close()
			srv.AddAccount("alice@example.com", "alice123", "Alice")
			srv.AddAccount("bob@example.com", "bob123", "Bob")
			srv.AddContact("alice@example.com", "bob@example.com")
			bob, err := peer.Start(ctx, peer.Config{Server: srv.NSAddr(), Services: srv.ServicesURL(), HTTP: srv.HTTPClient(),
				Account: "bob@example.com", Password: "bob123", Dialect: d})
			if err != nil {
				t.Fatal(err)
			}
			defer bob.Close()
			base, _ := url.Parse(srv.ServicesURL())
			sess, err := ns.Login(ctx, ns.Config{Server: srv.NSAddr(), Account: "alice@example.com",
				Password: func(context.Context) (string, error) { return "alice123", nil },
				Passport: &passport.Client{SOAP: &soap.Client{HTTP: srv.HTTPClient(), Base: base}},
				Dialects: []ns.Dialect{d}})
			if err != nil {
				t.Fatal(err)
			}
			defer sess.Logout(ctx)
			conv, err := im.Open(ctx, sess, []string{"bob@example.com"}, im.Options{})
			if err != nil {
				t.Fatal(err)
			}
			defer conv.Close(ctx)
			for i, text := range []string{"first", "second"} {
				for _, r := range conv.Send(ctx, text) {
					if r.Err != nil {
						t.Fatalf("%s: %v", text, r.Err)
					}
				}
				bob.WaitTexts(ctx, i+1)
				if i == 0 {
					bob.Leave()
					// Wait until alice's switchboard has seen the BYE.
					for len(conv.Present()) != 0 {
						if ctx.Err() != nil {
							t.Fatal("alice never saw bob leave")
						}
						time.Sleep(5 * time.Millisecond)
					}
				}
			}
			if got := bob.WaitTexts(ctx, 2); len(got) != 2 || got[1] != "second" {
				t.Fatalf("bob got %q", got)
			}
		})
	}
}

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

// sendOnce is what one `msn send` does after reading its input: log in
// (with the cached tickets), open a conversation, send, leave, log out.
func sendOnce(b *testing.B, cfg ns.Config, text string) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	sess, err := ns.Login(ctx, cfg)
	if err != nil {
		b.Fatal(err)
	}
	conv, err := im.Open(ctx, sess, []string{"bob@example.com"}, im.Options{})
	if err != nil {
		b.Fatal(err)
	}
	for _, r := range conv.Send(ctx, text) {
		if r.Err != nil || r.Offline {
			b.Fatalf("%+v", r)
		}
	}
	conv.Close(ctx)
	sess.Logout(ctx)
}

func setup(b *testing.B, delay time.Duration, d ns.Dialect) ns.Config {
	srv, err := msntest.New(msntest.Options{Delay: delay})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(srv.Close)
	srv.AddAccount("alice@example.com", "alice123", "Alice")
	srv.AddAccount("bob@example.com", "bob123", "Bob")
	srv.AddContact("alice@example.com", "bob@example.com")
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	bob, err := peer.Start(ctx, peer.Config{Server: srv.NSAddr(), Services: srv.ServicesURL(), HTTP: srv.HTTPClient(),
		Account: "bob@example.com", Password: "bob123", Dialect: ns.MSNP18})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(bob.Close)
	base, _ := url.Parse(srv.ServicesURL())
	cfg := ns.Config{Server: srv.NSAddr(), Account: "alice@example.com",
		Password: func(context.Context) (string, error) { return "alice123", nil },
		Passport: &passport.Client{SOAP: &soap.Client{HTTP: srv.HTTPClient(), Base: base}},
		Dialects: []ns.Dialect{d}}
	first, err := ns.Login(ctx, cfg)
	if err != nil {
		b.Fatal(err)
	}
	first.Logout(ctx)
	cfg.Tickets = first.Tickets // later runs use the cached ticket, as msn send does
	return cfg
}

// BenchmarkSendRoundTrips counts the round trips of a send with a cached
// ticket: every server reply is delayed by rttDelay, so wall time / delay
// is the number of waits on the server (TCP connects on loopback cost no
// delay; add the NS and SB connects to compare with the 8 of DESIGN.md).
//
//	go test ./client/im -run '^$' -bench SendRoundTrips -benchtime 10x
func BenchmarkSendRoundTrips(b *testing.B) {
	const rttDelay = 50 * time.Millisecond
	for _, d := range ns.Dialects() {
		b.Run(d.String(), func(b *testing.B) {
			cfg := setup(b, rttDelay, d)
			b.ResetTimer()
			start := time.Now()
			for i := 0; i < b.N; i++ {
				sendOnce(b, cfg, "ping")
			}
			per := time.Since(start) / time.Duration(b.N)
			b.ReportMetric(float64(per)/float64(rttDelay), "server-waits")
		})
	}
}

// BenchmarkSend is the wall time of one send against the in-process
// server, with no injected delay.
func BenchmarkSend(b *testing.B) {
	for _, d := range []ns.Dialect{ns.MSNP18, ns.MSNP15} {
		b.Run(d.String(), func(b *testing.B) {
			cfg := setup(b, 0, d)
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				sendOnce(b, cfg, "ping")
			}
		})
	}
}

package ns

import (
	"context"
	"net"
	"testing"
	"time"

	"github.com/msn-cli/msn/client/msnp"
)

// firstCommands accepts one connection and reads commands without
// answering any, until none arrives for a while, returning their names.
// A command that arrives before any answer was sent in one write with the
// ones before it (or without waiting for them), which is what pipelining
// means.
func firstCommands(t *testing.T, cfg Config) []string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	names := make(chan []string, 1)
	go func() {
		c, err := ln.Accept()
		if err != nil {
			names <- nil
			return
		}
		defer c.Close()
		r := msnp.NewReader(c, msnp.FromClient)
		var got []string
		for {
			c.SetReadDeadline(time.Now().Add(300 * time.Millisecond))
			cmd, err := r.ReadCommand()
			if err != nil {
				names <- got
				return
			}
			got = append(got, cmd.Name)
		}
	}()
	cfg.Server = ln.Addr().String()
	cfg.Password = func(context.Context) (string, error) { return "x", nil }
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	Login(ctx, cfg)
	return <-names
}

func TestHandshakeIsPipelinedWhenTheDialectIsKnown(t *testing.T) {
	for _, d := range Dialects() {
		got := firstCommands(t, Config{Account: "alice@example.com", Dialects: []Dialect{d}})
		if len(got) != 3 || got[0] != "VER" || got[1] != "CVR" || got[2] != "USR" {
			t.Errorf("%s: before any answer the server got %v, want [VER CVR USR]", d, got)
		}
	}
	// Negotiating with no remembered dialect, USR I must wait for VER:
	// its method (TWN or SSO) depends on the answer.
	got := firstCommands(t, Config{Account: "alice@example.com"})
	if len(got) != 2 {
		t.Errorf("negotiating: before any answer the server got %v, want [VER CVR]", got)
	}
	// A ticket remembered at MSNP15 makes the guess: pipelined again.
	cached := &Tickets{Dialect: 15}
	got = firstCommands(t, Config{Account: "alice@example.com", Tickets: cached})
	if len(got) != 3 {
		t.Errorf("with a remembered dialect: before any answer the server got %v, want [VER CVR USR]", got)
	}
}

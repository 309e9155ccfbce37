package ns

import (
	"errors"
	"net"
	"sync"
	"testing"
	"time"

	"github.com/msn-cli/msn/client/msnp"
	"github.com/msn-cli/msn/client/msntest"
)

// dispatchServer answers VER and CVR like a dispatch server and USR I with
// `XFR trid NS <to> 0 <to>`, as the old network did before the NS proper.
// An empty to sends the client back to the dispatch server itself.
func dispatchServer(t *testing.T, to string) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	if to == "" {
		to = ln.Addr().String()
	}
	var wg sync.WaitGroup
	t.Cleanup(func() { ln.Close(); wg.Wait() })
	wg.Add(1)
	go func() {
		defer wg.Done()
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			wg.Add(1)
			go func() {
				defer wg.Done()
				defer c.Close()
				r := msnp.NewReader(c, msnp.FromClient)
				for {
					cmd, err := r.ReadCommand()
					if err != nil {
						return
					}
					var reply msnp.Command
					switch cmd.Name {
					case "VER":
						reply = msnp.Command{Name: "VER", TrID: cmd.TrID, Params: cmd.Params[:1]}
					case "CVR":
						reply = msnp.Command{Name: "CVR", TrID: cmd.TrID, Params: []string{"1", "1", "1", "x", "x"}}
					case "USR":
						reply = msnp.Command{Name: "XFR", TrID: cmd.TrID, Params: []string{"NS", to, "0", to}}
					default:
						return
					}
					if err := msnp.Write(c, reply); err != nil {
						return
					}
				}
			}()
		}
	}()
	return ln.Addr().String()
}

func TestXFRNSRedirect(t *testing.T) {
	for _, d := range Dialects() {
		t.Run(d.String(), func(t *testing.T) {
			srv := newServer(t, msntest.Options{})
			cfg := config(t, srv, "alice@example.com", "alice123", d)
			cfg.Server = dispatchServer(t, srv.NSAddr())
			s, err := Login(ctxT(t), cfg)
			if err != nil {
				t.Fatal(err)
			}
			defer s.Logout(ctxT(t))
			if srv.Logins("alice@example.com") != 1 {
				t.Fatal("not logged in at the NS the dispatch server named")
			}
		})
	}
}

func TestRedirectLoopIsBounded(t *testing.T) {
	srv := newServer(t, msntest.Options{})
	cfg := config(t, srv, "alice@example.com", "alice123", MSNP18)
	cfg.Server = dispatchServer(t, "")
	_, err := Login(ctxT(t), cfg)
	if !errors.Is(err, ErrTooManyRedirects) {
		t.Fatalf("err = %v, want ErrTooManyRedirects", err)
	}
}

func TestKeepAlivePingsWhileLoggedIn(t *testing.T) {
	old := KeepAlive
	KeepAlive = 10 * time.Millisecond
	defer func() { KeepAlive = old }()
	srv := newServer(t, msntest.Options{})
	cfg := config(t, srv, "alice@example.com", "alice123", MSNP18)
	s, err := Login(ctxT(t), cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Logout(ctxT(t))
	for {
		s.mu.Lock()
		pongs, changed := s.pongs, s.pongChanged
		s.mu.Unlock()
		if pongs > 0 {
			break
		}
		select {
		case <-changed:
		case <-ctxT(t).Done():
			t.Fatal("no QNG: the session never pinged")
		}
	}
	// The login profile was kept.
	if s.Profile("MSPAuth") == "" {
		t.Fatal("the login profile was not kept")
	}
}

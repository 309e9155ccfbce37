package commands

import (
	"bytes"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/msn-cli/msn/client/msntest"
)

// exitCase is one row of the exit status table: a run of the real binary
// and what it must end with.
type exitCase struct {
	name   string
	env    []string // added to the test's environment
	args   []string
	signal syscall.Signal  // sent once the server has a connection...
	reach  <-chan struct{} // ...reported here
	code   int
	has    []string // in stderr
	hasNot []string // not in stderr
}

// TestExitStatusTable walks every exit status and the paths that lead to
// one, with the real binary: each case's status, and a last stderr line
// that says what happened and which setting to check.
func TestExitStatusTable(t *testing.T) {
	c := newCLI(t, msntest.Options{})
	c.startPeer("bob@example.com", "bob123", dialectOf(t, "MSNP18"))
	silent, _ := fakeNS(t, nil)
	silentINT, connectedINT := fakeNS(t, nil)
	silentTERM, connectedTERM := fakeNS(t, nil)
	longLine, _ := fakeNS(t, []byte("VER 1 "+strings.Repeat("A", 20000)+"\r\n"))
	bigPayload, _ := fakeNS(t, []byte("VER 1 MSNP18\r\nCVR 2 1 1 1 x x\r\nMSG Hotmail Hotmail 999999999\r\n"))
	bigSOAP := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Length", strconv.Itoa(9<<20))
		w.Write(bytes.Repeat([]byte(" "), 9<<20))
	}))
	t.Cleanup(bigSOAP.Close)
	refused := closedAddr(t)
	notExecutable := filepath.Join(t.TempDir(), "script")
	if err := os.WriteFile(notExecutable, []byte("#!/bin/sh\nexit 0\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	damaged := filepath.Join(t.TempDir(), "config")
	if err := os.MkdirAll(filepath.Join(damaged, "msn"), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(damaged, "msn", "accounts.json"), []byte("{"), 0o600); err != nil {
		t.Fatal(err)
	}
	wrongPassword := []string{"MSN_ACCOUNT=alice@example.com", "MSN_PASSWORD=wrong"}

	for _, tt := range []exitCase{
		{name: "done", env: alice, args: []string{"status", "--verify"}, code: ExitOK},
		{name: "other error", env: []string{"XDG_CONFIG_HOME=" + damaged}, args: []string{"status"}, code: ExitFailure, has: []string{"accounts.json is damaged"}},

		{name: "unknown flag", args: []string{"send", "--jsn"}, code: ExitUsage, has: []string{"--jsn"}},
		{name: "port out of range", env: append(alice, "MSN_SERVER=127.0.0.1:99999"), args: []string{"status", "--verify"}, code: ExitUsage, has: []string{"port from 1 to 65535"}},
		{name: "port not a number", env: append(alice, "MSN_SERVER=localhost:abc"), args: []string{"status", "--verify"}, code: ExitUsage, has: []string{"port from 1 to 65535"}},
		{name: "send --file is a directory", env: alice, args: []string{"send", "--file", t.TempDir(), "bob@example.com"}, code: ExitUsage, has: []string{"is a directory"}},
		{name: "send to yourself, signed in nowhere else", env: alice, args: []string{"send", "alice@example.com", "hi"}, code: ExitUsage, has: []string{"cannot send to yourself"}},
		{name: "unknown contacts group subcommand", env: alice, args: []string{"contacts", "group", "frob"}, code: ExitUsage, has: []string{`"frob"`, "create, rename, delete"}},

		{name: "wrong password", env: wrongPassword, args: []string{"send", "bob@example.com", "hi"}, code: ExitAuth, has: []string{"wrong account or password"}, hasNot: []string{"bob@example.com"}},

		{name: "TLS not trusted", env: append(alice, "MSN_CA_FILE="), args: []string{"status", "--verify"}, code: ExitNetwork, has: []string{"not trusted", "--ca-file"}},
		{name: "SOAP response too large", env: append(alice, "MSN_SERVICES="+bigSOAP.URL), args: []string{"status", "--verify"}, code: ExitNetwork, has: []string{"over 8388608 bytes", "--services"}},
		{name: "services down", env: append(alice, "MSN_SERVICES=http://"+refused), args: []string{"status", "--verify"}, code: ExitNetwork, has: []string{"connection refused", "--services"}, hasNot: []string{"--server"}},
		{name: "server down", env: append(alice, "MSN_SERVER="+refused), args: []string{"status", "--verify"}, code: ExitNetwork, has: []string{"connection refused", "--server"}},
		{name: "line over the codec limit", env: append(alice, "MSN_SERVER="+longLine), args: []string{"status", "--verify"}, code: ExitNetwork, has: []string{"hung up on the server", "command line longer than"}, hasNot: []string{"closed the connection"}},
		{name: "payload over the codec limit", env: append(alice, "MSN_SERVER="+bigPayload), args: []string{"status", "--verify"}, code: ExitNetwork, has: []string{"hung up on the server", "payload larger than"}, hasNot: []string{"closed the connection"}},
		{name: "timeout names no recipient", env: append(alice, "MSN_SERVER="+silent, "MSN_TIMEOUT=300ms"), args: []string{"send", "bob@example.com", "hi"}, code: ExitNetwork, has: []string{"within 300ms"}, hasNot: []string{"bob@example.com"}},

		{name: "unknown recipient is named", env: alice, args: []string{"send", "nobody@example.com", "hi"}, code: ExitRecipient, has: []string{"nobody@example.com: no such contact"}},
		{name: "some recipients failed", env: alice, args: []string{"send", "--no-offline", "bob@example.com", "nobody@example.com", "--", "hi"}, code: ExitPartial, has: []string{"msn: nobody@example.com: offline", "delivered to 1 of 2 contacts"}},

		{name: "serve: command cannot be executed", args: []string{"serve", "--user", "eve@example.com:eve123", "--", notExecutable}, code: ExitCannotExecute, has: []string{"cannot be executed"}},
		{name: "serve: no such command", args: []string{"serve", "--user", "eve@example.com:eve123", "--", "msn-no-such-command"}, code: ExitNotFound, has: []string{"msn-no-such-command: command not found"}},
		{name: "serve: a port in use", args: []string{"serve", "--user", "eve@example.com:eve123", "--port", portOf(t, silent), "--", "true"}, code: ExitNetwork, has: []string{"the port is in use", "--port"}},
		{name: "serve: a command killed by a signal", args: []string{"serve", "--user", "eve@example.com:eve123", "--", "sh", "-c", "kill -TERM $$"}, code: 128 + int(syscall.SIGTERM), has: []string{"killed"}},

		{name: "SIGINT", env: append(alice, "MSN_SERVER="+silentINT), args: []string{"status", "--verify"}, signal: syscall.SIGINT, reach: connectedINT, code: ExitInterrupted, has: []string{"msn: interrupted"}},
		{name: "SIGTERM", env: append(alice, "MSN_SERVER="+silentTERM), args: []string{"status", "--verify"}, signal: syscall.SIGTERM, reach: connectedTERM, code: ExitTerminated, has: []string{"msn: terminated"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var r result
			if tt.signal != 0 {
				r = c.runSignalled(tt.env, tt.args, tt.signal, tt.reach)
			} else {
				r = c.runEnv(tt.env, "", tt.args...)
			}
			r.expect(t, tt.code, tt.has...)
			for _, s := range tt.hasNot {
				if strings.Contains(r.stderr, s) {
					t.Errorf("stderr mentions %q:\n%s", s, r.stderr)
				}
			}
			if tt.code != ExitOK && strings.Count(strings.TrimSpace(r.stderr), "\n") > 0 && tt.code != ExitPartial {
				t.Errorf("more than one line on stderr:\n%s", r.stderr)
			}
		})
	}
}

// runSignalled runs the binary and sends it sig once the server reports
// a connection (on connected).
func (c *cliEnv) runSignalled(env, args []string, sig syscall.Signal, connected <-chan struct{}) result {
	c.t.Helper()
	return c.runStarted(env, "", args, func(p *os.Process) {
		select {
		case <-connected:
			p.Signal(sig)
		case <-time.After(30 * time.Second):
			c.t.Error("the run never connected")
			p.Kill()
		}
	})
}

// fakeNS listens on loopback and answers every connection by writing
// greeting once the client has written something (nothing: never
// answers). Each accepted connection is reported on connected.
func fakeNS(t *testing.T, greeting []byte) (addr string, connected <-chan struct{}) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	accepted := make(chan struct{}, 16)
	done := make(chan struct{})
	go func() {
		defer close(done)
		for {
			conn, err := ln.Accept()
			if err != nil {
				return
			}
			select {
			case accepted <- struct{}{}:
			default:
			}
			go func() {
				defer conn.Close()
				buf := make([]byte, 4096)
				if _, err := conn.Read(buf); err == nil && greeting != nil {
					conn.Write(greeting)
				}
				for { // hold the connection until the client leaves
					if _, err := conn.Read(buf); err != nil {
						return
					}
				}
			}()
		}
	}()
	t.Cleanup(func() {
		ln.Close()
		<-done
	})
	return ln.Addr().String(), accepted
}

// portOf is the port of a host:port address.
func portOf(t *testing.T, addr string) string {
	t.Helper()
	_, port, err := net.SplitHostPort(addr)
	if err != nil {
		t.Fatal(err)
	}
	return port
}

// closedAddr is a loopback address where nothing listens.
func closedAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	return addr
}

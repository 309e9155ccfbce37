package commands

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/msn-cli/msn/client/msntest"
	"github.com/msn-cli/msn/client/msntest/echo"
)

var serveAliceAndEchoBob = []string{"--user", "alice@example.com:alice123", "--online", "bob@example.com:bob123"}

// TestServeOnlineEchoReachesReceive: with bob online as an echo contact,
// msn send to him is delivered online (exit 0), and his echo of the text
// arrives at alice's msn receive: one already running (MSNP18, beside the
// send) or one started after the send (every dialect). serve reports the
// message and the echo on stderr.
func TestServeOnlineEchoReachesReceive(t *testing.T) {
	for _, p := range protocols {
		t.Run(p, func(t *testing.T) {
			s := startServe(t, serveAliceAndEchoBob...)
			env := append(alice, "MSN_PROTOCOL="+p)
			text := "deploy? ünïcödé " + p
			var rx *background
			if p == "MSNP18" { // already online when the send starts
				rx = s.start(t, env, "receive", "--json", "--debug")
				rx.stderr.waitLine(t, "NS S< CHG")
			}
			r := s.run(t, env, "send", "--json", "bob@example.com", text)
			r.expect(t, 0)
			var sent map[string]any
			if err := json.Unmarshal([]byte(r.stdout), &sent); err != nil || sent["status"] != "delivered" {
				t.Fatalf("send reported %q (%v)", r.stdout, err)
			}
			if rx == nil {
				rx = s.start(t, env, "receive", "--json")
			}
			var ev messageEvent
			if err := json.Unmarshal([]byte(rx.stdout.waitLine(t, `"type":"message"`)), &ev); err != nil {
				t.Fatal(err)
			}
			if ev.From != "bob@example.com" || ev.Text != text {
				t.Fatalf("receive printed %+v", ev)
			}
			if code := rx.stop(t, syscall.SIGTERM); code != ExitTerminated {
				t.Fatalf("receive exited %d: %s", code, rx.stderr)
			}
			s.stderr.waitLine(t, fmt.Sprintf("msn serve: bob@example.com got %q from alice@example.com", text))
			s.stderr.waitLine(t, fmt.Sprintf("msn serve: bob@example.com echoed %q to alice@example.com", text))
			if code := s.stop(t, syscall.SIGINT); code != ExitInterrupted {
				t.Fatalf("serve exited %d: %s", code, s.stderr)
			}
		})
	}
}

// TestEchoContactKeepsNothingOffline: msn send to an echo contact
// (started as msn serve --online does, on a server the test can inspect)
// is delivered online: the server relayed the text to bob and stored no
// offline message, and the echo stored none for alice.
func TestEchoContactKeepsNothingOffline(t *testing.T) {
	for _, p := range protocols {
		t.Run(p, func(t *testing.T) {
			c := newCLI(t, msntest.Options{})
			echoed := make(chan echo.Event, 1)
			ctx, cancel := context.WithTimeout(context.Background(), serveWait)
			defer cancel()
			bob, err := echo.Start(ctx, echo.Config{Server: c.srv.NSAddr(), Services: c.srv.ServicesURL(), HTTP: c.srv.HTTPClient(),
				Account: "bob@example.com", Password: "bob123", Files: t.TempDir(), Wait: time.Minute,
				Report: func(ev echo.Event) {
					if ev.Kind == echo.Echoed || ev.Kind == echo.EchoFailed {
						echoed <- ev
					}
				}})
			if err != nil {
				t.Fatal(err)
			}
			defer bob.Close()
			c.runEnv(append(alice, "MSN_PROTOCOL="+p), "", "send", "bob@example.com", "hi").expect(t, 0)
			if oims := c.srv.OfflineMessages("bob@example.com"); len(oims) != 0 {
				t.Fatalf("stored offline for bob: %+v", oims)
			}
			if got := c.srv.Received("bob@example.com"); len(got) == 0 || !strings.HasSuffix(string(got[len(got)-1].Payload), "\r\n\r\nhi") {
				t.Fatalf("relayed to bob: %v", got)
			}
			c.startPeer("alice@example.com", "alice123", dialectOf(t, p)) // where the echo goes
			select {
			case ev := <-echoed:
				if ev.Kind != echo.Echoed || ev.Offline {
					t.Fatalf("echo: %+v", ev)
				}
			case <-ctx.Done():
				t.Fatal("no echo")
			}
			if oims := c.srv.OfflineMessages("alice@example.com"); len(oims) != 0 {
				t.Fatalf("stored offline for alice: %+v", oims)
			}
		})
	}
}

// TestServeOnlineSavesFiles: a file msn sendfile sends to an echo contact
// arrives whole in serve's temporary folder, serve reports it with its
// SHA-256, and the folder is gone once serve has stopped.
func TestServeOnlineSavesFiles(t *testing.T) {
	s := startServe(t, serveAliceAndEchoBob...)
	path, data := writeRandomFile(t, t.TempDir(), "build log.txt", 100_000)
	r := s.run(t, alice, "sendfile", "--json", "bob@example.com", path)
	r.expect(t, 0)
	sum := sha256.Sum256(data)
	hexSum := hex.EncodeToString(sum[:])
	if !strings.Contains(r.stdout, `"sha256":"`+hexSum+`"`) {
		t.Fatalf("sendfile reported %s", r.stdout)
	}
	want := fmt.Sprintf(`msn serve: bob@example.com got file "build log.txt" from alice@example.com (100000 bytes, sha256 %s): `, hexSum)
	line := s.stderr.waitLine(t, want)
	saved := strings.TrimPrefix(line, want)
	if got, err := os.ReadFile(saved); err != nil || string(got) != string(data) {
		t.Fatalf("%s: %d bytes, %v", saved, len(got), err)
	}
	s.stop(t, syscall.SIGINT)
	if _, err := os.Stat(filepath.Dir(saved)); !os.IsNotExist(err) {
		t.Fatalf("the temporary folder %s is still there (%v)", filepath.Dir(saved), err)
	}
}

// freePort returns a port on 127.0.0.1 that was free a moment ago, with
// the next one free too.
func freePort(t *testing.T) int {
	t.Helper()
	for range 20 {
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		port := ln.Addr().(*net.TCPAddr).Port
		next, err := net.Listen("tcp", "127.0.0.1:"+strconv.Itoa(port+1))
		ln.Close()
		if err == nil {
			next.Close()
			return port
		}
	}
	t.Fatal("no two free ports in a row")
	return 0
}

// TestServeFixedPorts: --port puts the notification server there and
// the switchboard on the next port, --services-port the services; the
// settings line says so, and a client works through them.
func TestServeFixedPorts(t *testing.T) {
	ns, web := freePort(t), freePort(t)
	s := startServe(t, "--user", "alice@example.com:alice123", "--port", strconv.Itoa(ns), "--services-port", strconv.Itoa(web))
	want := []string{fmt.Sprintf("MSN_SERVER=127.0.0.1:%d", ns), fmt.Sprintf("MSN_SERVICES=http://127.0.0.1:%d", web)}
	if got := s.env[len(s.env)-2:]; got[0] != want[0] || got[1] != want[1] {
		t.Fatalf("settings %v, want %v", got, want)
	}
	if ln, err := net.Listen("tcp", "127.0.0.1:"+strconv.Itoa(ns+1)); err == nil {
		ln.Close()
		t.Fatalf("nothing listens on %d, the port after --port", ns+1)
	}
	s.run(t, alice, "status", "--verify").expect(t, 0)
}

// TestServePortInUse: a port that is taken fails msn serve with exit 5,
// naming the port and the flag that chose it, before anything runs.
func TestServePortInUse(t *testing.T) {
	c := newCLI(t, msntest.Options{})
	busy, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer busy.Close()
	port := strconv.Itoa(busy.Addr().(*net.TCPAddr).Port)
	marker := filepath.Join(t.TempDir(), "ran")
	for _, flag := range []string{"--port", "--sb-port", "--services-port"} {
		r := c.run("", "serve", "--user", "eve@example.com:eve123", flag, port, "--", "touch", marker)
		r.expect(t, ExitNetwork, "cannot listen on 127.0.0.1:"+port+": the port is in use", "another with "+flag+")")
		if _, err := os.Stat(marker); err == nil {
			t.Fatal("the command ran")
		}
	}
}

// TestServeUsageErrors: bad ports, an account given twice and echo flags
// without --online are usage errors.
func TestServeUsageErrors(t *testing.T) {
	c := newCLI(t, msntest.Options{})
	for _, tt := range []struct {
		args []string
		has  string
	}{
		{[]string{"--port", "0"}, "--port 0 is not a port from 1 to 65535"},
		{[]string{"--services-port", "70000"}, "--services-port 70000 is not a port"},
		{[]string{"--port", "65535"}, "give --sb-port"},
		{[]string{"--port", "2000", "--sb-port", "3000", "--services-port", "3000"}, "must differ"},
		{[]string{"--online", "eve@example.com:x"}, "eve@example.com is given twice"},
		{[]string{"--echo-wait", "1s"}, "go with --online"},
		{[]string{"--online", "bob@example.com:x", "--files", "/nonexistent"}, "is not a folder"},
	} {
		args := append([]string{"serve", "--user", "eve@example.com:eve123"}, tt.args...)
		c.run("", append(args, "--", "true")...).expect(t, ExitUsage, tt.has)
	}
}

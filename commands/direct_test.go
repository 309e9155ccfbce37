package commands

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/msn-cli/msn/client/msntest"
	"github.com/msn-cli/msn/client/msntest/peer"
	"github.com/msn-cli/msn/client/transfer"
)

// sendfileTransport runs msn sendfile --json of path to bob with extra
// arguments, expects code, and returns the transport the JSON line names.
func (c *cliEnv) sendfileTransport(env []string, code int, path string, extra ...string) string {
	c.t.Helper()
	args := append(append([]string{"sendfile", "--json", "--direct-timeout", "3s"}, extra...), "bob@example.com", path)
	r := c.runEnv(env, "", args...)
	r.expect(c.t, code)
	var res struct{ Transport, SHA256 string }
	if err := json.Unmarshal([]byte(strings.TrimSpace(r.stdout)), &res); err != nil {
		c.t.Fatalf("%q: %v", r.stdout, err)
	}
	if code == 0 {
		content, err := os.ReadFile(path)
		if err != nil {
			c.t.Fatal(err)
		}
		if sum := sha256.Sum256(content); res.SHA256 != hex.EncodeToString(sum[:]) {
			c.t.Fatalf("sendfile reported sha256 %s for a file whose sha256 is %x (%s)", res.SHA256, sum, res.Transport)
		}
	}
	return res.Transport
}

// loopbackPort is a loopback port nothing listens on now.
func loopbackPort(t *testing.T) int {
	t.Helper()
	port, err := msntest.FreePort()
	if err != nil {
		t.Fatal(err)
	}
	return port
}

// TestSendfileDirectConnections: through the binary at every dialect, a
// 5 MB file goes direct with the contact listening and with msn listening
// (the contact cannot); a contact whose advertised port is closed (a
// firewall) gets it through the switchboard, or with --direct-only not at
// all (exit 5); a direct connection cut half-way finishes through the
// switchboard, and the file arrives whole every time.
func TestSendfileDirectConnections(t *testing.T) {
	for _, p := range protocols {
		t.Run(p, func(t *testing.T) {
			dir := t.TempDir()
			path, data := writeRandomFile(t, dir, "five.bin", 5<<20)
			env := append(alice, "MSN_PROTOCOL="+p)
			check := func(bob *peer.Peer, n int) {
				files := waitFiles(t, bob, n)
				if len(files) != n || files[n-1].Err != nil || string(files[n-1].Data) != string(data) {
					t.Fatalf("bob's file %d did not arrive whole", n)
				}
			}

			c := newCLI(t, msntest.Options{})
			bob := c.startFilePeer(p, peer.Config{})
			if got := c.sendfileTransport(env, 0, path); got != "direct" {
				t.Fatalf("bob listening: %q", got)
			}
			check(bob, 1)

			c = newCLI(t, msntest.Options{})
			bob = c.startFilePeer(p, peer.Config{Direct: transfer.DirectOptions{NoListen: true}})
			if got := c.sendfileTransport(env, 0, path); got != "direct" {
				t.Fatalf("msn listening: %q", got)
			}
			check(bob, 1)

			c = newCLI(t, msntest.Options{})
			bob = c.startFilePeer(p, peer.Config{Direct: transfer.DirectOptions{AdvertisePort: uint16(loopbackPort(t))}})
			if got := c.sendfileTransport(env, 0, path); got != "switchboard" {
				t.Fatalf("closed port: %q", got)
			}
			check(bob, 1)
			c.runEnv(env, "", "sendfile", "--direct-only", "--direct-timeout", "3s", "bob@example.com", path).
				expect(t, ExitNetwork, "no direct connection")

			for try := 1; ; try++ {
				c = newCLI(t, msntest.Options{})
				listen := loopbackPort(t)
				proxy := cutAfter(t, "127.0.0.1:"+strconv.Itoa(listen), len(data)/2)
				bob = c.startFilePeer(p, peer.Config{Direct: transfer.DirectOptions{Listen: "127.0.0.1:" + strconv.Itoa(listen), AdvertisePort: uint16(proxy)}})
				got := c.sendfileTransport(env, 0, path)
				if got == "direct" && try < 3 {
					// Another process took bob's port first: bob could not
					// listen, msn did, and the file went around the proxy.
					t.Logf("try %d went around the proxy: again", try)
					continue
				}
				if got != "direct+switchboard" {
					t.Fatalf("cut half-way: %q", got)
				}
				break
			}
			check(bob, 1)
		})
	}
}

// cutAfter forwards connections to target, cut after limit bytes.
func cutAfter(t *testing.T, target string, limit int) int {
	t.Helper()
	port, stop, err := msntest.CuttingProxy(target, int64(limit))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(stop)
	return port
}

// TestReceiveDirectBothWays: msn receive takes a direct connection by
// listening (on any port, and when the sender fixes its own --port);
// --no-direct makes the file come through the switchboard. (Receiving by
// connecting to a sender that listens is the transfer package's
// TestSendFileDirect, "alice listens".)
func TestReceiveDirectBothWays(t *testing.T) {
	c := newCLI(t, msntest.Options{})
	dir := t.TempDir()
	rx := c.startReceive("MSNP18", "--files", dir, "--count", "2", "--json")
	path, _ := writeRandomFile(t, t.TempDir(), "a.bin", 3<<20)
	if got := c.sendfileTransport(alice, 0, path); got != "direct" {
		t.Fatalf("msn receive listening: %q", got)
	}
	if got := c.sendfileTransport(alice, 0, path, "--port", strconv.Itoa(loopbackPort(t))); got != "direct" {
		t.Fatalf("with a fixed port: %q", got)
	}
	if code := rx.wait(t); code != 0 {
		t.Fatalf("receive exited %d: %s", code, rx.stderr)
	}
	c2 := newCLI(t, msntest.Options{})
	rx2 := c2.startReceive("MSNP18", "--files", t.TempDir(), "--count", "1", "--no-direct")
	if got := c2.sendfileTransport(alice, 0, path); got != "switchboard" {
		t.Fatalf("msn receive --no-direct: %q", got)
	}
	if code := rx2.wait(t); code != 0 {
		t.Fatalf("receive exited %d: %s", code, rx2.stderr)
	}
}

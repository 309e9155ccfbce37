package commands

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/msn-cli/msn/client/msntest"
	"github.com/msn-cli/msn/client/msntest/peer"
	"github.com/msn-cli/msn/client/transfer"
)

// writeRandomFile writes n pseudo-random bytes (seeded by n) to dir/name.
func writeRandomFile(t *testing.T, dir, name string, n int) (string, []byte) {
	t.Helper()
	data := make([]byte, n)
	rand.NewChaCha8([32]byte{byte(n), byte(n >> 8), byte(n >> 16), 7}).Read(data)
	path := filepath.Join(dir, name)
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return path, data
}

func (c *cliEnv) startFilePeer(d string, cfg peer.Config) *peer.Peer {
	c.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	cfg.Server, cfg.Services, cfg.HTTP = c.srv.NSAddr(), c.srv.ServicesURL(), c.srv.HTTPClient()
	cfg.Account, cfg.Password, cfg.Dialect = "bob@example.com", "bob123", dialectOf(c.t, d)
	p, err := peer.Start(ctx, cfg)
	if err != nil {
		c.t.Fatal(err)
	}
	c.t.Cleanup(p.Close)
	return p
}

func waitFiles(t *testing.T, p *peer.Peer, n int) []peer.File {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	return p.WaitFiles(ctx, n)
}

// TestSendfileArrivesExactly: through the binary, at every dialect, over
// the switchboard (--no-direct) and over a direct connection, files of 1
// byte, around the switchboard's 1202-byte chunk, and 5 MB arrive byte
// for byte at a peer that receives as libpurple does; --json reports
// each, with the transport it took.
func TestSendfileArrivesExactly(t *testing.T) {
	sizes := []int{1, 1201, 1202, 1203, 5 << 20}
	for _, p := range protocols {
		for _, transport := range []string{"switchboard", "direct"} {
			t.Run(p+"/"+transport, func(t *testing.T) {
				sendfileArrivesExactly(t, p, transport, sizes)
			})
		}
	}
}

func sendfileArrivesExactly(t *testing.T, p, transport string, sizes []int) {
	c := newCLI(t, msntest.Options{})
	bob := c.startFilePeer(p, peer.Config{})
	dir := t.TempDir()
	args := []string{"sendfile", "--json", "bob@example.com"}
	if transport == "switchboard" {
		args = []string{"sendfile", "--json", "--no-direct", "bob@example.com"}
	}
	var want [][]byte
	for _, n := range sizes {
		path, data := writeRandomFile(t, dir, "f"+itoaT(n)+".bin", n)
		args = append(args, path)
		want = append(want, data)
	}
	r := c.runEnv(append(alice, "MSN_PROTOCOL="+p), "", args...)
	r.expect(t, 0)
	files := waitFiles(t, bob, len(sizes))
	if len(files) != len(sizes) {
		t.Fatalf("bob got %d files", len(files))
	}
	lines := strings.Split(strings.TrimSpace(r.stdout), "\n")
	if len(lines) != len(sizes) {
		t.Fatalf("--json printed %d lines:\n%s", len(lines), r.stdout)
	}
	for i, f := range files {
		sum := sha256.Sum256(want[i])
		if f.Err != nil || f.SHA256 != sum || f.Name != "f"+itoaT(sizes[i])+".bin" || !bytes.Equal(f.Data, want[i]) {
			t.Errorf("file %d (%d bytes) arrived as %q, %d bytes, err %v", i, sizes[i], f.Name, f.Received, f.Err)
		}
		var res map[string]any
		if err := json.Unmarshal([]byte(lines[i]), &res); err != nil {
			t.Fatal(err)
		}
		if res["status"] != "sent" || res["sha256"] != hex.EncodeToString(sum[:]) || res["size"] != float64(sizes[i]) ||
			res["transport"] != transport || res["name"] != f.Name {
			t.Errorf("json line %d: %s", i, lines[i])
		}
	}
}

func itoaT(n int) string { return strings.TrimSpace(strings.Replace(jsonNumber(n), "\n", "", -1)) }

func jsonNumber(n int) string {
	b, _ := json.Marshal(n)
	return string(b)
}

func TestSendfileFailures(t *testing.T) {
	cases := []struct {
		name   string
		cfg    peer.Config
		code   int
		stderr string
	}{
		{"declined", peer.Config{Files: peer.DeclineFiles}, ExitTransfer, "declined"},
		{"cancelled", peer.Config{Files: peer.CancelFiles, After: 200 << 10}, ExitTransfer, "cancelled"},
		// Over a direct connection a sender leaving the switchboard
		// changes nothing (libpurple's too): this is the relayed case.
		{"left", peer.Config{Files: peer.LeaveMidFile, After: 200 << 10, Direct: transfer.DirectOptions{Mode: transfer.DirectOff}}, ExitTransfer, "left the conversation"},
		{"not accepted", peer.Config{Files: peer.IgnoreFiles}, ExitTransfer, "not accepted in time"},
	}
	for _, p := range protocols {
		for _, tc := range cases {
			t.Run(p+"/"+tc.name, func(t *testing.T) {
				c := newCLI(t, msntest.Options{})
				bob := c.startFilePeer(p, tc.cfg)
				path, _ := writeRandomFile(t, t.TempDir(), "big.bin", 1<<20)
				c.runEnv(append(alice, "MSN_PROTOCOL="+p), "", "sendfile", "--accept-timeout", "1s", "bob@example.com", path).
					expect(t, tc.code, "bob@example.com: big.bin: "+tc.stderr)
				if tc.cfg.Files == peer.CancelFiles || tc.cfg.Files == peer.LeaveMidFile {
					if files := waitFiles(t, bob, 1); len(files) != 1 || files[0].Err == nil {
						t.Fatalf("bob's side: %+v", files)
					}
				}
			})
		}
	}
}

func TestSendfileToOfflineContactExits6(t *testing.T) {
	for _, p := range protocols {
		t.Run(p, func(t *testing.T) {
			c := newCLI(t, msntest.Options{})
			path, _ := writeRandomFile(t, t.TempDir(), "a.bin", 10)
			c.runEnv(append(alice, "MSN_PROTOCOL="+p), "", "sendfile", "bob@example.com", path).
				expect(t, ExitRecipient, "bob@example.com: offline")
		})
	}
}

func TestSendfileEmptyFileArrivesEmpty(t *testing.T) {
	c := newCLI(t, msntest.Options{})
	bob := c.startFilePeer("MSNP18", peer.Config{})
	path, _ := writeRandomFile(t, t.TempDir(), "empty.txt", 0)
	c.runEnv(alice, "", "sendfile", "bob@example.com", path).expect(t, 0)
	if files := waitFiles(t, bob, 1); len(files) != 1 || files[0].Err != nil || files[0].Received != 0 || files[0].Name != "empty.txt" {
		t.Fatalf("bob got %+v", files)
	}
}

func TestSendfileUsageErrors(t *testing.T) {
	c := newCLI(t, msntest.Options{})
	dir := t.TempDir()
	path, _ := writeRandomFile(t, dir, "ok.bin", 10)
	for _, args := range [][]string{
		{"sendfile", "bob@example.com"},
		{"sendfile", "bob@example.com", filepath.Join(dir, "missing.bin")},
		{"sendfile", "bob@example.com", dir},
		{"sendfile", "bob@example.com", path, dir},
		{"sendfile", "not-an-address", path},
		{"sendfile", "alice@example.com", path},
		{"sendfile", "--accept-timeout", "0s", "bob@example.com", path},
	} {
		r := c.runEnv(alice, "", args...)
		r.expect(t, ExitUsage)
		if n := len(c.srv.Received("bob@example.com")); n != 0 {
			t.Fatalf("%v: something reached bob", args)
		}
	}
}

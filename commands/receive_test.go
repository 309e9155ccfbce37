package commands

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/msn-cli/msn/client/msntest"
	"github.com/msn-cli/msn/client/msntest/peer"
	"github.com/msn-cli/msn/client/ns"
	"github.com/msn-cli/msn/client/transfer"
)

// receiving is msn receive running in the background as bob.
type receiving struct {
	cmd            *exec.Cmd
	stdout, stderr *lines
	done           chan struct{}
}

// startReceive runs msn receive with args as bob and waits until bob is
// online (so that a sender finds him).
func (c *cliEnv) startReceive(protocol string, args ...string) *receiving {
	c.t.Helper()
	return c.startReceiveEnv(nil, protocol, args...)
}

// startReceiveEnv is startReceive with extra VAR=value entries in the
// environment of msn receive (and so of its --exec commands).
func (c *cliEnv) startReceiveEnv(extra []string, protocol string, args ...string) *receiving {
	c.t.Helper()
	env := append(append([]string{}, c.env...), "MSN_PASSWORD=bob123", "MSN_ACCOUNT=bob@example.com", "MSN_PROTOCOL="+protocol)
	env = append(env, extra...)
	cmd := exec.Command(msnBin, append([]string{"receive"}, args...)...)
	cmd.Env = env
	r := &receiving{cmd: cmd, stdout: newLines(), stderr: newLines(), done: make(chan struct{})}
	cmd.Stdout, cmd.Stderr = r.stdout, r.stderr
	if err := cmd.Start(); err != nil {
		c.t.Fatal(err)
	}
	go func() { cmd.Wait(); close(r.done) }()
	c.t.Cleanup(func() {
		cmd.Process.Kill()
		<-r.done
	})
	deadline := time.Now().Add(10 * time.Second)
	for c.srv.Status("bob@example.com") == "" {
		select {
		case <-r.done:
			c.t.Fatalf("msn receive exited early: %s", r.stderr)
		case <-time.After(5 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			c.t.Fatalf("bob never came online; stderr: %s", r.stderr)
		}
	}
	return r
}

// wait waits for msn receive to exit and returns its status.
func (r *receiving) wait(t *testing.T) int {
	t.Helper()
	select {
	case <-r.done:
	case <-time.After(30 * time.Second):
		t.Fatalf("msn receive did not exit; stderr: %s", r.stderr)
	}
	return r.cmd.ProcessState.ExitCode()
}

func (r *receiving) events(t *testing.T) []map[string]any {
	t.Helper()
	var out []map[string]any
	sc := bufio.NewScanner(strings.NewReader(r.stdout.String()))
	for sc.Scan() {
		var ev map[string]any
		if err := json.Unmarshal(sc.Bytes(), &ev); err != nil {
			t.Fatalf("not a JSON line: %q", sc.Text())
		}
		out = append(out, ev)
	}
	return out
}

// TestSendfileToReceive: a file sent by msn sendfile arrives byte for
// byte at msn receive, at every dialect, with a text message printed
// meanwhile, and receive exits 0 after --count files.
func TestSendfileToReceive(t *testing.T) {
	for _, p := range protocols {
		t.Run(p, func(t *testing.T) {
			c := newCLI(t, msntest.Options{})
			dir := t.TempDir()
			rx := c.startReceive(p, "--files", dir, "--count", "3", "--json")
			src := t.TempDir()
			small, smallData := writeRandomFile(t, src, "small.txt", 1203)
			big, bigData := writeRandomFile(t, src, "big.bin", 5<<20)
			env := append(alice, "MSN_PROTOCOL="+p)
			c.runEnv(env, "", "send", "bob@example.com", "files coming").expect(t, 0)
			if r := c.runEnv(env, "", "sendfile", "bob@example.com", small, big); r.code != 0 {
				t.Fatalf("sendfile exited %d: %s\nreceive: %s %s", r.code, r.stderr, rx.stderr, rx.stdout)
			}
			if code := rx.wait(t); code != 0 {
				t.Fatalf("receive exited %d: %s", code, rx.stderr)
			}
			events := rx.events(t)
			if len(events) != 3 || events[0]["type"] != "message" || events[0]["text"] != "files coming" || events[0]["from"] != "alice@example.com" {
				t.Fatalf("events: %v", events)
			}
			for i, want := range []struct {
				name string
				data []byte
			}{{"small.txt", smallData}, {"big.bin", bigData}} {
				ev := events[i+1]
				path := filepath.Join(dir, want.name)
				got, err := os.ReadFile(path)
				sum := sha256.Sum256(want.data)
				if err != nil || !bytes.Equal(got, want.data) {
					t.Fatalf("%s: %v (%d bytes)", want.name, err, len(got))
				}
				if ev["type"] != "file" || ev["path"] != path || ev["sha256"] != hex.EncodeToString(sum[:]) || ev["size"] != float64(len(want.data)) || ev["from"] != "alice@example.com" {
					t.Errorf("event %v", ev)
				}
			}
			entries, _ := os.ReadDir(dir)
			if len(entries) != 2 {
				t.Errorf("the folder holds %d entries (temporary files left?)", len(entries))
			}
		})
	}
}

// TestReceiveNeverOverwrites: a second file of the same name is numbered.
func TestReceiveNeverOverwrites(t *testing.T) {
	c := newCLI(t, msntest.Options{})
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "a.txt"), []byte("mine"), 0o644); err != nil {
		t.Fatal(err)
	}
	rx := c.startReceive("MSNP18", "--files", dir, "--count", "1")
	path, data := writeRandomFile(t, t.TempDir(), "a.txt", 100)
	c.runEnv(alice, "", "sendfile", "bob@example.com", path).expect(t, 0)
	if code := rx.wait(t); code != 0 {
		t.Fatalf("receive exited %d: %s", code, rx.stderr)
	}
	if b, _ := os.ReadFile(filepath.Join(dir, "a.txt")); string(b) != "mine" {
		t.Fatal("an existing file was replaced")
	}
	if b, _ := os.ReadFile(filepath.Join(dir, "a (1).txt")); !bytes.Equal(b, data) {
		t.Fatal("the new file is not at a (1).txt")
	}
	if !strings.Contains(rx.stdout.String(), "file\talice@example.com\t"+filepath.Join(dir, "a (1).txt")+"\t100\t") {
		t.Fatalf("output: %q", rx.stdout)
	}
}

// TestReceiveDeclinesOverMaxSize: a file over --max-size is declined
// (the sender exits 7) and nothing is written.
func TestReceiveDeclinesOverMaxSize(t *testing.T) {
	c := newCLI(t, msntest.Options{})
	dir := t.TempDir()
	c.startReceive("MSNP15", "--files", dir, "--max-size", "1K")
	path, _ := writeRandomFile(t, t.TempDir(), "big.bin", 2000)
	c.runEnv(append(alice, "MSN_PROTOCOL=MSNP15"), "", "sendfile", "bob@example.com", path).expect(t, ExitTransfer, "declined")
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Fatalf("the folder holds %v", entries)
	}
}

// TestReceiveInterruptedRemovesThePartialFile: SIGTERM during a
// transfer exits 143 and leaves nothing in the folder; the sender is told.
func TestReceiveInterruptedRemovesThePartialFile(t *testing.T) {
	c := newCLI(t, msntest.Options{Delay: 2 * time.Millisecond})
	dir := t.TempDir()
	rx := c.startReceive("MSNP18", "--files", dir)
	path, _ := writeRandomFile(t, t.TempDir(), "big.bin", 20<<20)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	sender, senderErr := c.sendfileUntilPartial(ctx, dir, path)
	rx.cmd.Process.Signal(syscall.SIGTERM)
	if code := rx.wait(t); code != 143 {
		t.Fatalf("receive exited %d, want 143: %s", code, rx.stderr)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Fatalf("left behind: %v", entries)
	}
	err := sender.Wait()
	if ee, ok := err.(*exec.ExitError); !ok || ee.ExitCode() != ExitTransfer {
		t.Fatalf("sendfile: %v, %s", err, senderErr.String())
	}
}

// TestReceiveSanitisesNetworkNames: a hostile client offers files named
// to climb out of the folder or hide; they land as plain files inside it.
func TestReceiveSanitisesNetworkNames(t *testing.T) {
	c := newCLI(t, msntest.Options{})
	dir := t.TempDir()
	names := map[string]string{
		"../../etc/passwd": "_.._etc_passwd",
		".bashrc":          "bashrc",
		"a\x1b[2Jb.txt":    "a_[2Jb.txt",
	}
	rx := c.startReceive("MSNP18", "--files", dir, "--count", itoaT(len(names)), "--json")
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	alice := loginAlice(t, c.srv)
	peer, err := transfer.Dial(ctx, alice, "bob@example.com", transfer.PeerOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer peer.Close(ctx)
	for offered := range names {
		body := []byte("content of " + offered)
		if _, err := peer.SendFile(ctx, bytes.NewReader(body), offered, uint64(len(body)), transfer.SendOptions{}); err != nil {
			t.Fatalf("%q: %v", offered, err)
		}
	}
	if code := rx.wait(t); code != 0 {
		t.Fatalf("receive exited %d: %s", code, rx.stderr)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != len(names) {
		t.Fatalf("the folder holds %v", entries)
	}
	for offered, safe := range names {
		b, err := os.ReadFile(filepath.Join(dir, safe))
		if err != nil || string(b) != "content of "+offered {
			t.Errorf("%q: not at %q (%v)", offered, safe, err)
		}
	}
	for _, ev := range rx.events(t) {
		if !strings.HasPrefix(ev["path"].(string), dir+string(filepath.Separator)) {
			t.Errorf("reported outside the folder: %v", ev)
		}
	}
}

// loginAlice logs alice in, in this process, at MSNP18.
func loginAlice(t *testing.T, srv *msntest.Server) *ns.Session {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	sess, err := peer.Login(ctx, peer.Config{Server: srv.NSAddr(), Services: srv.ServicesURL(), HTTP: srv.HTTPClient(),
		Account: "alice@example.com", Password: "alice123", Dialect: ns.MSNP18})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { sess.Logout(context.Background()) })
	return sess
}

// TestSendfileInterruptedLeavesNothingAtReceive: Ctrl-C on msn sendfile
// part-way exits 130 and tells the receiver (BYE), which removes the
// partial file and keeps running.
func TestSendfileInterruptedLeavesNothingAtReceive(t *testing.T) {
	c := newCLI(t, msntest.Options{Delay: 2 * time.Millisecond})
	dir := t.TempDir()
	rx := c.startReceive("MSNP18", "--files", dir)
	path, _ := writeRandomFile(t, t.TempDir(), "big.bin", 20<<20)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	sender, _ := c.sendfileUntilPartial(ctx, dir, path)
	sender.Process.Signal(os.Interrupt)
	err := sender.Wait()
	if ee, ok := err.(*exec.ExitError); !ok || ee.ExitCode() != ExitInterrupted {
		t.Fatalf("sendfile: %v", err)
	}
	waitFor(t, ctx, "the partial file to go", func() bool { entries, _ := os.ReadDir(dir); return len(entries) == 0 })
	select {
	case <-rx.done:
		t.Fatalf("msn receive exited: %s", rx.stderr)
	default:
	}
}

// sendfileUntilPartial starts msn sendfile of path to bob, through the
// server (a partial file in a receiving folder shows the data flowing),
// and returns once a partial file is in dir.
func (c *cliEnv) sendfileUntilPartial(ctx context.Context, dir, path string) (*exec.Cmd, *bytes.Buffer) {
	c.t.Helper()
	sender := exec.CommandContext(ctx, msnBin, "sendfile", "--no-direct", "bob@example.com", path)
	sender.Env = append(append([]string{}, c.env...), alice...)
	var stderr bytes.Buffer
	sender.Stderr = &stderr
	if err := sender.Start(); err != nil {
		c.t.Fatal(err)
	}
	waitFor(c.t, ctx, "a partial file", func() bool { entries, _ := os.ReadDir(dir); return len(entries) > 0 })
	return sender, &stderr
}

// waitFor polls cond until it holds, failing the test at ctx's end.
func waitFor(t *testing.T, ctx context.Context, what string, cond func() bool) {
	t.Helper()
	for !cond() {
		if ctx.Err() != nil {
			t.Fatalf("waited in vain for %s", what)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

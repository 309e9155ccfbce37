package commands

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/msn-cli/msn/client/msntest"
)

// TestPasswordFileOpenToOthersIsRefused: like ssh with a private key, a
// password file that group or others may read or write is not used (exit
// 2, saying the mode and the chmod that fixes it), and nothing is sent.
func TestPasswordFileOpenToOthersIsRefused(t *testing.T) {
	c := newCLI(t, msntest.Options{})
	for _, mode := range []os.FileMode{0o644, 0o640, 0o604, 0o620} {
		t.Run(fmt.Sprintf("%04o", mode), func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "pw")
			if err := os.WriteFile(path, []byte("alice123\n"), 0o600); err != nil {
				t.Fatal(err)
			}
			if err := os.Chmod(path, mode); err != nil { // not subject to the umask
				t.Fatal(err)
			}
			r := c.run("", "-a", "alice@example.com", "--password-file", path, "status", "--verify")
			r.expect(t, 2, fmt.Sprintf("mode %04o", mode), "chmod 600 "+path)
			if n := c.srv.Logins("alice@example.com"); n != 0 {
				t.Fatalf("%d logins with a refused password file", n)
			}
		})
	}
}

// TestPasswordFilePrivateOrAPipe: a 0600 file is used, and so is a pipe
// (/dev/stdin, or a shell's <(command)), which has no owner's mode to
// check.
func TestPasswordFilePrivateOrAPipe(t *testing.T) {
	c := newCLI(t, msntest.Options{})
	path := filepath.Join(t.TempDir(), "pw")
	if err := os.WriteFile(path, []byte("alice123\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	c.run("", "-a", "alice@example.com", "--password-file", path, "status", "--verify").expect(t, 0, "logged in")
	c.run("alice123\n", "-a", "alice@example.com", "--password-file", "/dev/stdin", "status", "--verify").expect(t, 0, "logged in")
}

// TestPasswordCommandPrintingTooMuchIsStopped: a --password-command that
// prints far more than a password is read only up to the limit, then
// killed (the marker its shell would touch afterwards never appears) and
// refused with exit 2, without logging in.
func TestPasswordCommandPrintingTooMuchIsStopped(t *testing.T) {
	c := newCLI(t, msntest.Options{})
	marker := filepath.Join(t.TempDir(), "finished")
	command := "head -c 100000000 /dev/zero 2>/dev/null; touch " + marker
	r := c.run("", "-a", "alice@example.com", "--password-command", command, "status", "--verify")
	r.expect(t, 2, "--password-command is longer than 4096 bytes")
	if _, err := os.Stat(marker); err == nil {
		t.Fatal("the command ran to its end: it was not stopped at the limit")
	}
	if n := c.srv.Logins("alice@example.com"); n != 0 {
		t.Fatalf("%d logins", n)
	}
}

// TestPasswordLimits: the longest password allowed, with either line
// ending, is accepted from every source; one byte more is refused, also
// when the extra byte follows a line ending (never truncated to fit).
func TestPasswordLimits(t *testing.T) {
	c := newCLI(t, msntest.Options{})
	longest := strings.Repeat("p", maxPasswordLen)
	c.srv.AddAccount("long@example.com", longest, "Long")
	file := func(content string) string {
		path := filepath.Join(t.TempDir(), "pw")
		if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
		return path
	}
	for _, tc := range []struct {
		content string
		code    int
	}{
		{longest, 0},
		{longest + "\n", 0},
		{longest + "\r\n", 0},
		{longest + "p", 2},
		{longest + "\r\nX", 2},
	} {
		for _, source := range [][]string{
			{"--password-stdin"},
			{"--password-file", file(tc.content)},
			{"--password-command", "cat " + file(tc.content)},
		} {
			args := append([]string{"-a", "long@example.com"}, source...)
			r := c.run(tc.content, append(args, "status", "--verify")...)
			if r.code != tc.code {
				t.Errorf("%s with %d bytes: exit %d, want %d (%s)", source[0], len(tc.content), r.code, tc.code, strings.TrimSpace(r.stderr))
			}
		}
	}
}

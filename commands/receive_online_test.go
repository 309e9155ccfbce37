package commands

import (
	"os"
	"strings"
	"syscall"
	"testing"

	"github.com/msn-cli/msn/client/msntest"
)

// TestReceiveSurvivesADroppedConnection: at every dialect, when the
// server's connection drops, msn receive says so, signs in again, and the
// next message still arrives online.
func TestReceiveSurvivesADroppedConnection(t *testing.T) {
	for _, p := range protocols {
		t.Run(p, func(t *testing.T) {
			c := newCLI(t, msntest.Options{})
			rx := c.startReceive(p, "--json", "--count", "2")
			env := append(alice, "MSN_PROTOCOL="+p)
			c.runEnv(env, "", "send", "bob@example.com", "one").expect(t, 0)
			rx.stdout.waitLine(t, `"text":"one"`)
			logins := c.srv.Logins("bob@example.com")
			c.srv.Drop("bob@example.com")
			rx.stderr.waitLine(t, "signed in again")
			c.runEnv(env, "", "send", "--json", "bob@example.com", "two").expect(t, 0)
			if code := rx.wait(t); code != 0 {
				t.Fatalf("receive exited %d: %s", code, rx.stderr)
			}
			events := rx.events(t)
			if len(events) != 2 || events[1]["type"] != "message" || events[1]["text"] != "two" {
				t.Fatalf("events:\n%s", rx.stdout)
			}
			if !strings.Contains(rx.stderr.String(), "msn: the connection to the server dropped; signing in again in 1s (attempt 1 of 8)\n") {
				t.Fatalf("stderr:\n%s", rx.stderr)
			}
			if got := c.srv.Logins("bob@example.com"); got != logins+1 {
				t.Fatalf("%d logins after the drop, want 1", got-logins)
			}
		})
	}
}

// TestReceiveStoppedBySignal: SIGTERM (at every dialect) and SIGINT end
// msn receive with a logout (OUT on the NS) and exit 143 or 130; --for
// ends it with a logout and exit 0.
func TestReceiveStoppedBySignal(t *testing.T) {
	cases := []struct {
		protocol string
		signal   os.Signal // nil: --for
		code     int
		said     string
	}{
		{"MSNP18", syscall.SIGTERM, ExitTerminated, "msn: terminated\n"},
		{"MSNP15", syscall.SIGTERM, ExitTerminated, "msn: terminated\n"},
		{"MSNP12", syscall.SIGTERM, ExitTerminated, "msn: terminated\n"},
		{"MSNP18", os.Interrupt, ExitInterrupted, "msn: interrupted\n"},
		{"MSNP15", nil, 0, ""},
	}
	for _, tc := range cases {
		name := "for"
		if tc.signal != nil {
			name = tc.signal.String()
		}
		t.Run(tc.protocol+" "+name, func(t *testing.T) {
			trace := newLines()
			c := newCLI(t, msntest.Options{Trace: trace})
			var rx *receiving
			if tc.signal == nil {
				rx = c.startReceive(tc.protocol, "--for", "1s")
			} else {
				rx = c.startReceive(tc.protocol)
				if strings.Contains(trace.String(), "NS C> OUT") {
					t.Fatal("logged out before the signal")
				}
				rx.cmd.Process.Signal(tc.signal)
			}
			if code := rx.wait(t); code != tc.code {
				t.Fatalf("receive exited %d, want %d: %s", code, tc.code, rx.stderr)
			}
			if !strings.HasSuffix(rx.stderr.String(), tc.said) {
				t.Fatalf("stderr:\n%s", rx.stderr)
			}
			trace.waitLine(t, "NS C> OUT")
		})
	}
}

// TestReceiveSignedInElsewhere: at MSNP12 and MSNP15, where a second
// login signs the first out, msn receive says so and exits 5; at MSNP18
// the second login coexists and messages still arrive.
func TestReceiveSignedInElsewhere(t *testing.T) {
	bob := []string{"MSN_PASSWORD=bob123", "MSN_ACCOUNT=bob@example.com"}
	for _, p := range protocols {
		t.Run(p, func(t *testing.T) {
			c := newCLI(t, msntest.Options{})
			c.srv.AddContact("bob@example.com", "alice@example.com")
			rx := c.startReceive(p, "--json", "--count", "1")
			c.runEnv(append(bob, "MSN_PROTOCOL="+p), "", "send", "alice@example.com", "I am elsewhere").expect(t, 0)
			if p != "MSNP18" {
				if code := rx.wait(t); code != ExitNetwork {
					t.Fatalf("receive exited %d, want %d: %s", code, ExitNetwork, rx.stderr)
				}
				if !strings.HasSuffix(rx.stderr.String(), "msn: signed out by the server: the account signed in from another location\n") {
					t.Fatalf("stderr:\n%s", rx.stderr)
				}
				return
			}
			c.runEnv(append(alice, "MSN_PROTOCOL="+p), "", "send", "bob@example.com", "still there?").expect(t, 0)
			if code := rx.wait(t); code != 0 {
				t.Fatalf("receive exited %d: %s", code, rx.stderr)
			}
			if events := rx.events(t); len(events) != 1 || events[0]["text"] != "still there?" {
				t.Fatalf("events:\n%s", rx.stdout)
			}
		})
	}
}

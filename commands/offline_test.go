package commands

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/msn-cli/msn/client/msntest"
	"github.com/msn-cli/msn/client/ns"
)

var bob = []string{"MSN_PASSWORD=bob123", "MSN_ACCOUNT=bob@example.com"}

func TestOfflineMessagesFromSendComeOutInOrderAndAreDeleted(t *testing.T) {
	texts := []string{"first", "zweite Nachricht ü", "третье 🚀", "tab\there\nand a second line"}
	for _, p := range protocols {
		t.Run(p, func(t *testing.T) {
			c := newCLI(t, msntest.Options{})
			for _, text := range texts {
				c.runEnv(append(alice, "MSN_PROTOCOL="+p), "", "send", "bob@example.com", "--", text).expect(t, 0, "stored as an offline message")
			}
			r := c.runEnv(append(bob, "MSN_PROTOCOL="+p), "", "offline", "--json")
			r.expect(t, 0)
			lines := strings.Split(strings.TrimSpace(r.stdout), "\n")
			if len(lines) != len(texts) {
				t.Fatalf("%d lines:\n%s", len(lines), r.stdout)
			}
			var last time.Time
			for i, line := range lines {
				var m map[string]any
				if err := json.Unmarshal([]byte(line), &m); err != nil {
					t.Fatalf("line %d is not JSON: %v", i, err)
				}
				for _, field := range []string{"id", "from", "name", "time", "sequence", "text"} {
					if _, ok := m[field]; !ok {
						t.Errorf("line %d lacks %q", i, field)
					}
				}
				if m["text"] != texts[i] || m["from"] != "alice@example.com" {
					t.Errorf("message %d: %v", i, m)
				}
				when, err := time.Parse(time.RFC3339, m["time"].(string))
				if err != nil || when.Before(last) {
					t.Errorf("message %d time %v (previous %v)", i, m["time"], last)
				}
				last = when
			}
			if n := len(c.srv.OfflineMessages("bob@example.com")); n != 0 {
				t.Fatalf("%d messages left on the server", n)
			}
			c.runEnv(bob, "", "offline").expect(t, 0)
		})
	}
}

func TestOfflineTextFormatAndKeep(t *testing.T) {
	c := newCLI(t, msntest.Options{})
	c.srv.StoreOffline("bob@example.com", msntest.OIM{From: "alice@example.com", FromName: "Alice", Text: "a\tb\nc\\d", Sequence: 1})
	r := c.runEnv(bob, "", "offline", "--keep")
	r.expect(t, 0)
	fields := strings.Split(strings.TrimSuffix(r.stdout, "\n"), "\t")
	if len(fields) != 3 || fields[1] != "alice@example.com" || fields[2] != `a\tb\nc\\d` {
		t.Fatalf("output %q", r.stdout)
	}
	if _, err := time.Parse(time.RFC3339, fields[0]); err != nil {
		t.Fatalf("time %q: %v", fields[0], err)
	}
	if n := len(c.srv.OfflineMessages("bob@example.com")); n != 1 {
		t.Fatalf("--keep left %d messages", n)
	}
}

func TestOfflineNothingWaiting(t *testing.T) {
	c := newCLI(t, msntest.Options{})
	r := c.runEnv(bob, "", "offline")
	r.expect(t, 0)
	if r.stdout != "" {
		t.Fatalf("output %q", r.stdout)
	}
}

func TestOfflineMoreThan25(t *testing.T) {
	c := newCLI(t, msntest.Options{})
	for i := 30; i >= 1; i-- { // stored in reverse: the output must not follow the server's order
		c.srv.StoreOffline("bob@example.com", msntest.OIM{From: "alice@example.com", Text: fmt.Sprintf("message %02d", i), Sequence: i, RunID: "{11111111-2222-4333-8444-555555555555}"})
	}
	r := c.runEnv(bob, "", "offline")
	r.expect(t, 0)
	lines := strings.Split(strings.TrimSpace(r.stdout), "\n")
	if len(lines) != 30 {
		t.Fatalf("%d lines", len(lines))
	}
	for i, line := range lines {
		if !strings.HasSuffix(line, fmt.Sprintf("\tmessage %02d", i+1)) {
			t.Fatalf("line %d: %q", i, line)
		}
	}
	if c.srv.SOAPRequests("/rsi/rsi.asmx") < 30 {
		t.Fatal("the messages were not fetched through rsi")
	}
	if n := len(c.srv.OfflineMessages("bob@example.com")); n != 0 {
		t.Fatalf("%d left", n)
	}
}

// TestOfflineReaderStopsEarly is `msn offline | head -1`: only the message
// the reader took is deleted.
func TestOfflineReaderStopsEarly(t *testing.T) {
	c := newCLI(t, msntest.Options{})
	for i := 1; i <= 5; i++ {
		c.srv.StoreOffline("bob@example.com", msntest.OIM{From: "alice@example.com", Text: fmt.Sprintf("m%d", i), Sequence: i, RunID: "{11111111-2222-4333-8444-555555555555}"})
	}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, msnBin, "offline")
	cmd.Env = append(append([]string{}, c.env...), bob...)
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	first, err := bufio.NewReader(stdout).ReadString('\n')
	if err != nil {
		t.Fatal(err)
	}
	stdout.Close()
	if err := cmd.Wait(); err != nil {
		t.Fatalf("msn offline: %v", err)
	}
	if !strings.HasSuffix(first, "\tm1\n") {
		t.Fatalf("first line %q", first)
	}
	left := c.srv.OfflineMessages("bob@example.com")
	if len(left) != 4 || left[0].Text != "m2" {
		t.Fatalf("left on the server: %+v", left)
	}
}

// TestOfflineAtMSNP18LeavesTheAccountStatusAlone: the status is the
// account's, shared with the user's other sign-ins; msn offline must not
// hide a desktop client that is online.
func TestOfflineAtMSNP18LeavesTheAccountStatusAlone(t *testing.T) {
	c := newCLI(t, msntest.Options{})
	c.startPeer("bob@example.com", "bob123", ns.MSNP18)     // bob's desktop, online
	c.startPeer("alice@example.com", "alice123", ns.MSNP18) // alice, watching
	c.srv.StoreOffline("bob@example.com", msntest.OIM{From: "alice@example.com", Text: "hi", Sequence: 1})
	c.runEnv(append(bob, "MSN_PROTOCOL=MSNP18"), "", "offline").expect(t, 0)
	for _, seen := range c.srv.PresenceSeenBy("alice@example.com") {
		if seen == "FLN bob@example.com" {
			t.Fatalf("alice saw bob go offline while msn offline ran: %v", c.srv.PresenceSeenBy("alice@example.com"))
		}
	}
}

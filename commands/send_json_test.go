package commands

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	"github.com/msn-cli/msn/client/msntest"
	"github.com/msn-cli/msn/client/ns"
)

// jsonLines decodes msn's JSON lines output, each line an object.
func jsonLines(t *testing.T, stdout string) []map[string]any {
	t.Helper()
	var out []map[string]any
	for _, line := range strings.Split(strings.TrimSuffix(stdout, "\n"), "\n") {
		if line == "" {
			continue
		}
		var m map[string]any
		if err := json.Unmarshal([]byte(line), &m); err != nil {
			t.Fatalf("not a JSON line: %q: %v", line, err)
		}
		out = append(out, m)
	}
	return out
}

// wantJSONLines compares decoded lines with want, field by field (JSON
// numbers decode as float64).
func wantJSONLines(t *testing.T, stdout string, want []map[string]any) {
	t.Helper()
	got := jsonLines(t, stdout)
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("JSON lines:\n%s\nwant %v", stdout, want)
	}
}

func sendLine(contact, status string, parts int, reason string) map[string]any {
	return map[string]any{"contact": contact, "status": status, "parts": float64(parts), "reason": reason}
}

func atLine(n int, m map[string]any) map[string]any {
	m["line"] = float64(n)
	return m
}

const (
	noSuchContact = "no such contact on this server, or one who does not take your offline messages"
	notUTF8       = "not valid UTF-8 (at byte 0): skipped"
)

// TestSendJSON: one JSON line per contact, in the order given, with the
// reason stderr gives for each that failed; the exit status is the same
// as without --json.
func TestSendJSON(t *testing.T) {
	c := newCLI(t, msntest.Options{})
	c.srv.AddContact("alice@example.com", "carol@example.com")
	c.startPeer("bob@example.com", "bob123", ns.MSNP18)
	long := strings.Repeat("x", 3000)
	r := c.runEnv(alice, "", "send", "--json", "nobody@example.com", "carol@example.com", "bob@example.com", "--", long)
	r.expect(t, 8, "msn: nobody@example.com: "+noSuchContact, "delivered to 2 of 3 contacts")
	wantJSONLines(t, r.stdout, []map[string]any{
		sendLine("nobody@example.com", "failed", 0, noSuchContact),
		sendLine("carol@example.com", "stored-offline", 2, ""),
		sendLine("bob@example.com", "delivered", 2, ""),
	})

	// A failed login fails every contact: a line each, then exit 4.
	r = c.runEnv([]string{"MSN_ACCOUNT=alice@example.com", "MSN_PASSWORD=wrong"}, "", "send", "--json", "--to", "bob@example.com", "--to", "carol@example.com", "hi")
	r.expect(t, 4, "wrong account or password")
	reason := strings.TrimPrefix(strings.TrimSpace(r.stderr), "msn: ")
	wantJSONLines(t, r.stdout, []map[string]any{
		sendLine("bob@example.com", "failed", 0, reason),
		sendLine("carol@example.com", "failed", 0, reason),
	})
}

// TestSendLinesJSON: with --lines, one JSON line per contact and input
// line, saying which line; a skipped line fails for every contact.
func TestSendLinesJSON(t *testing.T) {
	c := newCLI(t, msntest.Options{})
	c.srv.AddContact("alice@example.com", "carol@example.com")
	c.startPeer("bob@example.com", "bob123", ns.MSNP18)
	r := c.runEnv(alice, "one\n\n\xff\ntwo\n", "send", "--lines", "--json", "--to", "bob@example.com", "--to", "carol@example.com")
	r.expect(t, 8, "line 3 of standard input is "+notUTF8)
	wantJSONLines(t, r.stdout, []map[string]any{
		atLine(1, sendLine("bob@example.com", "delivered", 1, "")),
		atLine(1, sendLine("carol@example.com", "stored-offline", 1, "")),
		atLine(3, sendLine("bob@example.com", "failed", 0, notUTF8)),
		atLine(3, sendLine("carol@example.com", "failed", 0, notUTF8)),
		atLine(4, sendLine("bob@example.com", "delivered", 1, "")),
		atLine(4, sendLine("carol@example.com", "stored-offline", 1, "")),
	})

	r = c.runEnv([]string{"MSN_ACCOUNT=alice@example.com", "MSN_PASSWORD=wrong"}, "one\n", "send", "--lines", "--json", "bob@example.com")
	r.expect(t, 4, "wrong account or password")
	wantJSONLines(t, r.stdout, []map[string]any{sendLine("bob@example.com", "failed", 0, strings.TrimPrefix(strings.TrimSpace(r.stderr), "msn: "))})
}

package commands

import (
	"regexp"
	"strings"
	"testing"

	"github.com/msn-cli/msn/client/msntest"
)

// TestDebugTraceKeepsOrdinaryText: the --debug trace of a real session, a
// send with the cached ticket to a contact who is online, redacts the
// secrets (the ticket, the profile's MSPAuth, the switchboard cookies) and
// nothing else: "charset=UTF-8" in the headers and header-like lines in the
// message's text are shown as they are.
func TestDebugTraceKeepsOrdinaryText(t *testing.T) {
	for _, p := range protocols {
		t.Run(p, func(t *testing.T) {
			c := newCLI(t, msntest.Options{})
			bob := c.startPeer("bob@example.com", "bob123", dialectOf(t, p))
			const password = "alice123"
			c.run(password, "-a", "alice@example.com", "--protocol", p, "login", "--password-stdin", "--insecure-storage").expect(t, 0)

			text := "charset=UTF-8 and t=5 stay\nTicket: 42\nMSPAuth: is a cookie"
			r := c.run(text, "-a", "alice@example.com", "--protocol", p, "--debug", "send", "bob@example.com")
			r.expect(t, 0)
			if got := waitTexts(t, bob, 1); len(got) != 1 {
				t.Fatalf("bob got %q", got)
			}
			for _, kept := range []string{
				"text/x-msmsgsprofile; charset=UTF-8", // the profile, from the server
				"Content-Type: text/plain; charset=UTF-8",
				"charset=UTF-8 and t=5 stay",
				"Ticket: 42",
				"MSPAuth: is a cookie",
				"MSPAuth: [redacted]", // the profile's
			} {
				if !strings.Contains(r.stderr, kept) {
					t.Errorf("the trace lacks %q", kept)
				}
			}
			if strings.Contains(r.stderr, "[redacted]-8") || strings.Contains(r.stderr, "charse[redacted]") {
				t.Error("the trace redacted part of charset=UTF-8")
			}
			wantNoSecret(t, r.stderr, append(storedTokens(t, c), password))
			if m := regexp.MustCompile(`(CKI|USR \d+ \S+@\S+|ANS \d+ \S+) ([0-9a-f]{20})`).FindString(r.stderr); m != "" {
				t.Fatalf("the trace shows a switchboard cookie: %q", m)
			}
			if regexp.MustCompile(`[A-Za-z0-9+/]{100,}`).MatchString(r.stderr) {
				t.Fatal("the trace contains a long base64 blob (a ticket's tail or an MBI response)")
			}
		})
	}
}

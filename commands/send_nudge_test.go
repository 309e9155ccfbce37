package commands

import (
	"testing"

	"github.com/msn-cli/msn/client/msntest"
)

// TestSendNudgeToAnOfflineContact: a nudge cannot be stored offline. A
// lone nudge fails (exit 6) saying so; with a text, the text is stored
// and the run is partly done (exit 8), naming the nudge.
func TestSendNudgeToAnOfflineContact(t *testing.T) {
	const cannot = "carol@example.com: offline (or not accepting messages from you), and a nudge cannot be stored as an offline message"
	const short = "carol@example.com: offline: the text was stored as an offline message, but a nudge cannot be"
	for _, p := range protocols {
		t.Run(p, func(t *testing.T) {
			c := newCLI(t, msntest.Options{})
			c.srv.AddContact("alice@example.com", "carol@example.com")
			env := append(alice, "MSN_PROTOCOL="+p)
			r := c.runEnv(env, "", "send", "--json", "--nudge", "carol@example.com")
			r.expect(t, 6, "msn: "+cannot+"\n")
			wantJSONLines(t, r.stdout, []map[string]any{sendLine("carol@example.com", "failed", 0, cannot[len("carol@example.com: "):])})

			r = c.runEnv(env, "", "send", "--json", "--nudge", "carol@example.com", "wake up")
			r.expect(t, 8, "carol@example.com is offline: stored as an offline message", "msn: "+short+"\n")
			wantJSONLines(t, r.stdout, []map[string]any{sendLine("carol@example.com", "stored-offline", 1, short[len("carol@example.com: "):])})
			if oims := c.srv.OfflineMessages("carol@example.com"); len(oims) != 1 || oims[0].Text != "wake up" {
				t.Fatalf("stored %+v", oims)
			}

			// With a contact online too: the run is partly done.
			bob := c.startPeer("bob@example.com", "bob123", dialectOf(t, p))
			r = c.runEnv(env, "", "send", "--nudge", "--to", "bob@example.com", "--to", "carol@example.com", "wake up")
			r.expect(t, 8, "msn: "+short+"\n", "msn: delivered to 2 of 2 contacts (1 of them offline, without the nudge, which cannot be stored)\n")
			if got := waitTexts(t, bob, 1); len(got) != 1 || got[0] != "wake up" {
				t.Fatalf("bob got %q", got)
			}
			if n := len(bob.Messages()); n != 2 {
				t.Fatalf("bob got %d messages, want the nudge and the text", n)
			}
		})
	}
}

package commands

import (
	"testing"

	"github.com/msn-cli/msn/client/msntest"
	"github.com/msn-cli/msn/client/ns"
)

// TestSendToAContactWhoBlocksYou pins what the README says: a contact who
// blocks you looks offline (the switchboard answers 217, presence shows
// them offline), so the text is stored as an offline message, which the
// server accepts as Escargot does (it refuses only an unknown account, or
// a contact you block too); with --no-offline it is exit 6.
func TestSendToAContactWhoBlocksYou(t *testing.T) {
	c := newCLI(t, msntest.Options{})
	c.runEnv(append(bob, "MSN_PROTOCOL=MSNP18"), "", "contacts", "block", "alice@example.com").expect(t, ExitOK)
	peer := c.startPeer("bob@example.com", "bob123", ns.MSNP18)
	for i, p := range protocols {
		t.Run(p, func(t *testing.T) {
			env := append(alice, "MSN_PROTOCOL="+p)
			c.runEnv(env, "", "send", "bob@example.com", "let me in").expect(t, ExitOK, "bob@example.com is offline: stored as an offline message")
			if n := len(c.srv.OfflineMessages("bob@example.com")); n != i+1 {
				t.Fatalf("%d offline messages stored, want %d", n, i+1)
			}
			c.runEnv(env, "", "send", "--no-offline", "bob@example.com", "let me in").expect(t, ExitRecipient, "bob@example.com: offline, or not accepting messages from you")
		})
	}
	if got := peer.Texts(); len(got) != 0 {
		t.Fatalf("bob, who blocks alice, got %q", got)
	}
	// Blocking each other: the offline message is refused too.
	c.runEnv(alice, "", "contacts", "block", "bob@example.com").expect(t, ExitOK)
	c.runEnv(alice, "", "send", "bob@example.com", "hello?").expect(t, ExitRecipient, "bob@example.com: no such contact on this server, or one who does not take your offline messages")
}

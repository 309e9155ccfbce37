package commands

import (
	"testing"

	"github.com/msn-cli/msn/client/msntest"
	"github.com/msn-cli/msn/client/ns"
)

// TestSendToYourself: one behaviour at every dialect. With no other
// sign-in of the account online (always so at MSNP12 and 15, where a
// login signs the others out) it is a usage error at once, not a wait
// for --timeout, a server refusal or an offline message to oneself.
func TestSendToYourself(t *testing.T) {
	for _, p := range protocols {
		t.Run(p, func(t *testing.T) {
			c := newCLI(t, msntest.Options{})
			// A wait for the timeout would end in exit 5 or 6, not 2.
			env := append(alice, "MSN_PROTOCOL="+p, "MSN_TIMEOUT=3s")
			c.runEnv(env, "", "send", "alice@example.com", "note to self").
				expect(t, 2, "alice@example.com: cannot send to yourself")
			c.runEnv(env, "", "send", "--nudge", "ALICE@example.com").
				expect(t, 2, "alice@example.com: cannot send to yourself")
			if oims := c.srv.OfflineMessages("alice@example.com"); len(oims) != 0 {
				t.Fatalf("stored an offline message to oneself: %+v", oims)
			}
		})
	}
}

// TestSendToYourOtherSignIn: at MSNP18 an account may be signed in more
// than once; a message to yourself reaches your other sign-ins.
func TestSendToYourOtherSignIn(t *testing.T) {
	c := newCLI(t, msntest.Options{})
	desktop := c.startPeer("alice@example.com", "alice123", ns.MSNP18)
	c.runEnv(append(alice, "MSN_PROTOCOL=MSNP18"), "", "send", "alice@example.com", "note to self").expect(t, 0)
	if got := waitTexts(t, desktop, 1); len(got) != 1 || got[0] != "note to self" {
		t.Fatalf("the other sign-in got %q", got)
	}
}

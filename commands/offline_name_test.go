package commands

import (
	"encoding/json"
	"testing"

	"github.com/msn-cli/msn/client/msntest"
)

// An offline message sent by msn carries the sender's display name, as
// the server has it (MSNP12's PRP MFN, the address book's Me entry at
// MSNP15/18), to the reader's `name`; non-ASCII and XML-special
// characters included.
func TestOfflineMessageCarriesTheSenderName(t *testing.T) {
	const name = "Zoë ☃ <Alice> & \"co\" — ein sehr langer Anzeigename, über mehrere Wörter verteilt 🚀"
	for _, p := range protocols {
		t.Run(p, func(t *testing.T) {
			c := newCLI(t, msntest.Options{})
			c.srv.AddAccount("alice@example.com", "alice123", name)
			c.runEnv(append(alice, "MSN_PROTOCOL="+p), "", "send", "bob@example.com", "hello").expect(t, 0, "stored as an offline message")
			if stored := c.srv.OfflineMessages("bob@example.com"); len(stored) != 1 || stored[0].FromName != name {
				t.Fatalf("the server stored %+v, want one message from %q", stored, name)
			}
			r := c.runEnv(append(bob, "MSN_PROTOCOL="+p), "", "offline", "--json")
			r.expect(t, 0)
			var m offlineJSON
			if err := json.Unmarshal([]byte(r.stdout), &m); err != nil {
				t.Fatalf("not one JSON line: %v\n%s", err, r.stdout)
			}
			if m.Name != name || m.From != "alice@example.com" || m.Text != "hello" {
				t.Errorf("read %+v, want name %q", m, name)
			}
		})
	}
}

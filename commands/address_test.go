package commands

import (
	"encoding/json"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/msn-cli/msn/client/msntest"
)

// The server knows its accounts in lower case and compares addresses as
// they are sent; msn takes them in any case.

// TestAccountInAnyCase: the account logs in however it is written: -a,
// MSN_ACCOUNT, or the config file (whose sections match in any case).
func TestAccountInAnyCase(t *testing.T) {
	c := newCLI(t, msntest.Options{})
	pw := []string{"MSN_PASSWORD=alice123"}
	c.runEnv(pw, "", "-a", "ALICE@EXAMPLE.COM", "status", "--verify").expect(t, 0, "logged in as alice@example.com")
	c.runEnv(append(pw, "MSN_ACCOUNT=Alice@Example.com"), "", "status", "--verify").expect(t, 0, "logged in as alice@example.com")
	cfg := filepath.Join(c.home, "msn.conf")
	body := "account = Alice@Example.COM\n[ALICE@example.com]\nprotocol = MSNP15\n"
	if err := os.WriteFile(cfg, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	c.runEnv(pw, "", "--config", cfg, "status", "--verify").expect(t, 0, "logged in as alice@example.com (MSNP15)")
	if n := c.srv.Logins("alice@example.com"); n != 3 {
		t.Fatalf("the server counted %d logins of alice@example.com, want 3", n)
	}
}

// TestLoginInAnyCaseStoresOneAccount: the password and tickets stored by
// `msn -a Alice@... login` are found by a later run given the account in
// another case, and the index lists the account once, in lower case.
func TestLoginInAnyCaseStoresOneAccount(t *testing.T) {
	c := newCLI(t, msntest.Options{})
	c.run("alice123", "-a", "Alice@Example.com", "login", "--password-stdin", "--insecure-storage").
		expect(t, 0, "logged in as alice@example.com")
	c.run("", "-a", "ALICE@EXAMPLE.COM", "status", "--verify").expect(t, 0, "with the cached ticket")
	out := c.run("", "status")
	out.expect(t, 0)
	if lines := strings.Split(strings.TrimSpace(out.stdout), "\n"); len(lines) != 1 || !strings.HasPrefix(lines[0], "alice@example.com\t") {
		t.Fatalf("status lists:\n%s", out.stdout)
	}
}

// TestSendToAContactInAnyCase: BOB@EXAMPLE.COM is bob, online (the
// message arrives) or offline (it is stored for him), and a contact named
// twice in different cases gets one message.
func TestSendToAContactInAnyCase(t *testing.T) {
	for _, p := range protocols {
		t.Run(p, func(t *testing.T) {
			c := newCLI(t, msntest.Options{})
			env := append(alice, "MSN_PROTOCOL="+p)
			c.runEnv(env, "", "send", "Bob@Example.COM", "while you were out").expect(t, 0, "stored as an offline message")
			if oims := c.srv.OfflineMessages("bob@example.com"); len(oims) != 1 || oims[0].Text != "while you were out" {
				t.Fatalf("stored for bob: %+v", oims)
			}
			bob := c.startPeer("bob@example.com", "bob123", dialectOf(t, p))
			c.runEnv(env, "", "send", "BOB@EXAMPLE.COM", "hello").expect(t, 0)
			c.runEnv(env, "", "send", "--to", "bob@example.com", "--to", "BOB@example.com", "once").expect(t, 0)
			if got := waitTexts(t, bob, 2); strings.Join(got, "|") != "hello|once" {
				t.Fatalf("bob got %q", got)
			}
		})
	}
}

// TestContactsEditInAnyCase: add, block, unblock and remove reach the
// contact however the address is written.
func TestContactsEditInAnyCase(t *testing.T) {
	for _, p := range protocols {
		t.Run(p, func(t *testing.T) {
			c := newCLI(t, msntest.Options{})
			c.srv.AddAccount("dave@example.com", "dave123", "Dave")
			env := append(alice, "MSN_PROTOCOL="+p)
			c.runEnv(env, "", "contacts", "add", "DAVE@Example.com").expect(t, 0)
			if d, ok := listContacts(t, c, p)["dave@example.com"]; !ok || !hasAll(d.Lists, "forward") {
				t.Fatalf("after add: %+v", listContacts(t, c, p))
			}
			c.runEnv(env, "", "contacts", "block", "Dave@EXAMPLE.com").expect(t, 0)
			if d := listContacts(t, c, p)["dave@example.com"]; !hasAll(d.Lists, "block") {
				t.Fatalf("after block: %+v", d)
			}
			c.runEnv(env, "", "contacts", "unblock", "DAVE@EXAMPLE.COM").expect(t, 0)
			if d := listContacts(t, c, p)["dave@example.com"]; hasAll(d.Lists, "block") {
				t.Fatalf("after unblock: %+v", d)
			}
			c.runEnv(env, "", "contacts", "remove", "dAVE@example.com").expect(t, 0)
			if d, ok := listContacts(t, c, p)["dave@example.com"]; ok && hasAll(d.Lists, "forward") {
				t.Fatalf("after remove: %+v", d)
			}
		})
	}
}

// writeLegacyStore writes what an earlier msn left: the password of the
// account as the user wrote it then, in the file store and the index.
func writeLegacyStore(t *testing.T, c *cliEnv, account string, indexed bool) {
	t.Helper()
	dir := filepath.Join(c.home, "config", "msn")
	if err := os.MkdirAll(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	creds, _ := json.Marshal(map[string]map[string]string{account: {"password": "alice123"}})
	if err := os.WriteFile(filepath.Join(dir, "credentials.json"), creds, 0o600); err != nil {
		t.Fatal(err)
	}
	if indexed {
		idx, _ := json.Marshal(map[string]any{"accounts": map[string]any{account: map[string]string{"store": "file", "server": c.srv.NSAddr()}}})
		if err := os.WriteFile(filepath.Join(dir, "accounts.json"), idx, 0o600); err != nil {
			t.Fatal(err)
		}
	}
}

// storedAccounts returns the accounts in the file store.
func storedAccounts(t *testing.T, c *cliEnv) []string {
	t.Helper()
	return slices.Sorted(maps.Keys(storedFile(t, c)))
}

// TestPasswordStoredUnderAMixedCaseKeyIsFound: a password an earlier msn
// stored under the account as written (Alice@Example.com) is found whether
// the account is now given in that case (no index needed) or another (the
// index names the old key), then moved to the lower-case key; logout
// forgets it either way.
func TestPasswordStoredUnderAMixedCaseKeyIsFound(t *testing.T) {
	for _, tc := range []struct {
		name, given string
		indexed     bool
	}{
		{"given as stored", "Alice@Example.com", false},
		{"found by the index", "alice@example.com", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := newCLI(t, msntest.Options{})
			writeLegacyStore(t, c, "Alice@Example.com", tc.indexed)
			c.run("", "-a", tc.given, "status", "--verify").expect(t, 0, "logged in as alice@example.com", "with the password")
			if got := storedAccounts(t, c); len(got) != 1 || got[0] != "alice@example.com" {
				t.Fatalf("the file store holds %q, want only alice@example.com", got)
			}
			c.run("", "-a", "alice@example.com", "status", "--verify").expect(t, 0, "with the cached ticket")
			if tc.indexed {
				out := c.run("", "status")
				if !strings.HasPrefix(out.stdout, "alice@example.com\t") || strings.Count(out.stdout, "\n") != 1 {
					t.Fatalf("status lists:\n%s", out.stdout)
				}
			}
		})
	}
	t.Run("logout", func(t *testing.T) {
		c := newCLI(t, msntest.Options{})
		writeLegacyStore(t, c, "Alice@Example.com", true)
		c.run("", "-a", "alice@example.com", "logout").expect(t, 0, "forgot alice@example.com")
		if got := storedAccounts(t, c); len(got) != 0 {
			t.Fatalf("the file store still holds %q", got)
		}
		c.run("", "-a", "alice@example.com", "status", "--verify").expect(t, 4)
	})
}

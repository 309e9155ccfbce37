package commands

import (
	"encoding/json"
	"fmt"
	"os/exec"
	"strings"
	"testing"

	"github.com/msn-cli/msn/client/msntest"
	"github.com/msn-cli/msn/client/ns"
)

type contactJSON struct {
	Email        string   `json:"email"`
	Name         string   `json:"name"`
	Status       string   `json:"status"`
	Message      string   `json:"message"`
	Groups       []string `json:"groups"`
	Lists        []string `json:"lists"`
	Capabilities string   `json:"capabilities"`
}

func listContacts(t *testing.T, c *cliEnv, protocol string, args ...string) map[string]contactJSON {
	t.Helper()
	r := c.runEnv(append(alice, "MSN_PROTOCOL="+protocol), "", append([]string{"contacts", "--json"}, args...)...)
	r.expect(t, 0)
	var raw []map[string]any
	if err := json.Unmarshal([]byte(r.stdout), &raw); err != nil {
		t.Fatalf("not a JSON array: %v\n%s", err, r.stdout)
	}
	for _, m := range raw {
		for _, field := range []string{"email", "name", "status", "message", "groups", "lists", "capabilities"} {
			if _, ok := m[field]; !ok {
				t.Fatalf("a contact lacks %q: %v", field, m)
			}
		}
	}
	var list []contactJSON
	json.Unmarshal([]byte(r.stdout), &list)
	out := map[string]contactJSON{}
	for _, ct := range list {
		out[ct.Email] = ct
	}
	return out
}

func TestContactsListWithPresenceAtEveryDialect(t *testing.T) {
	for _, p := range protocols {
		t.Run(p, func(t *testing.T) {
			c := newCLI(t, msntest.Options{})
			c.srv.AddContact("alice@example.com", "carol@example.com")
			c.srv.AddGroup("alice@example.com", "Friends", "bob@example.com")
			c.startPeer("bob@example.com", "bob123", ns.MSNP18)
			list := listContacts(t, c, p)
			if len(list) != 2 {
				t.Fatalf("list %+v", list)
			}
			bob, carol := list["bob@example.com"], list["carol@example.com"]
			if bob.Status != "online" || bob.Name != "Bob" || strings.Join(bob.Groups, ",") != "Friends" || !hasAll(bob.Lists, "forward", "allow", "reverse") {
				t.Errorf("bob %+v", bob)
			}
			if carol.Status != "offline" || len(carol.Groups) != 0 || !hasAll(carol.Lists, "forward", "allow") {
				t.Errorf("carol %+v", carol)
			}
			online := listContacts(t, c, p, "--online")
			if len(online) != 1 || online["bob@example.com"].Email == "" {
				t.Errorf("--online gave %+v", online)
			}
			friends := listContacts(t, c, p, "--group", "friends")
			if len(friends) != 1 {
				t.Errorf("--group gave %+v", friends)
			}
			// Listing never showed alice online to bob.
			for _, seen := range c.srv.PresenceSeenBy("bob@example.com") {
				if strings.Contains(seen, "alice@example.com") {
					t.Fatalf("bob saw %q", seen)
				}
			}
			r := c.runEnv(append(alice, "MSN_PROTOCOL="+p), "", "contacts")
			r.expect(t, 0)
			if !strings.Contains(r.stdout, "bob@example.com\tBob\tonline\t\tFriends\t") {
				t.Errorf("tab-separated output:\n%s", r.stdout)
			}
		})
	}
}

func hasAll(list []string, want ...string) bool {
	have := map[string]bool{}
	for _, v := range list {
		have[v] = true
	}
	for _, w := range want {
		if !have[w] {
			return false
		}
	}
	return true
}

// TestContactsChangesRoundTripAcrossDialects: a change made at one dialect
// is what another dialect lists.
func TestContactsChangesRoundTripAcrossDialects(t *testing.T) {
	c := newCLI(t, msntest.Options{})
	c.srv.AddAccount("dave@example.com", "dave123", "Dave")
	run := func(p string, args ...string) result {
		return c.runEnv(append(alice, "MSN_PROTOCOL="+p), "", append([]string{"contacts"}, args...)...)
	}
	run("MSNP18", "group", "create", "Work").expect(t, 0)
	run("MSNP18", "add", "dave@example.com", "--group", "Work").expect(t, 0)
	dave := listContacts(t, c, "MSNP12")["dave@example.com"]
	if !hasAll(dave.Lists, "forward", "allow") || strings.Join(dave.Groups, ",") != "Work" {
		t.Fatalf("after add at 18, MSNP12 lists dave as %+v", dave)
	}
	run("MSNP12", "add", "dave@example.com").expect(t, 0, "nothing to change")
	run("MSNP12", "block", "dave@example.com").expect(t, 0)
	dave = listContacts(t, c, "MSNP15")["dave@example.com"]
	if !hasAll(dave.Lists, "block") || hasAll(dave.Lists, "allow") {
		t.Fatalf("after block at 12, MSNP15 lists dave as %+v", dave)
	}
	run("MSNP15", "unblock", "dave@example.com").expect(t, 0)
	run("MSNP15", "unblock", "dave@example.com").expect(t, 0, "nothing to change")
	dave = listContacts(t, c, "MSNP18")["dave@example.com"]
	if !hasAll(dave.Lists, "allow") || hasAll(dave.Lists, "block") {
		t.Fatalf("after unblock at 15, MSNP18 lists dave as %+v", dave)
	}
	run("MSNP12", "group", "rename", "Work", "Office").expect(t, 0)
	if g := listContacts(t, c, "MSNP18")["dave@example.com"].Groups; strings.Join(g, ",") != "Office" {
		t.Fatalf("after rename at 12, groups %v", g)
	}
	run("MSNP18", "remove", "dave@example.com").expect(t, 0)
	run("MSNP12", "remove", "dave@example.com").expect(t, 0, "nothing to change")
	if d, ok := listContacts(t, c, "MSNP12")["dave@example.com"]; ok && hasAll(d.Lists, "forward") {
		t.Fatalf("dave still on the forward list: %+v", d)
	}
	run("MSNP15", "group", "delete", "Office").expect(t, 0)
	run("MSNP12", "group", "delete", "Office").expect(t, 0, "nothing to change")
	run("MSNP12", "group", "rename", "Nope", "X").expect(t, 1, "no such group")
}

func TestContactsUsageErrors(t *testing.T) {
	c := newCLI(t, msntest.Options{})
	for _, args := range [][]string{
		{"contacts", "add", "not-an-address"},
		{"contacts", "add"},
		{"contacts", "block", "a@b.c", "extra"},
		{"contacts", "frob"},
		{"contacts", "group", "rename", "only-one"},
	} {
		if r := c.runEnv(alice, "", args...); r.code != 2 {
			t.Errorf("msn %s: exit %d (%s), want 2", strings.Join(args, " "), r.code, r.stderr)
		}
	}
	if c.srv.Logins("alice@example.com") != 0 {
		t.Fatal("a usage error logged in")
	}
}

// TestContactsThousand lists a 1000-contact list (the old network's
// limit) at MSNP12 and MSNP18: the SYN burst, and the address book with
// its ADL split into several commands.
func TestContactsThousand(t *testing.T) {
	c := newCLI(t, msntest.Options{})
	for i := 0; i < 1000; i++ {
		email := fmt.Sprintf("user%04d@example.com", i)
		c.srv.AddAccount(email, "x", fmt.Sprintf("User %d", i))
		c.srv.AddContact("alice@example.com", email)
	}
	for _, p := range []string{"MSNP12", "MSNP18"} {
		list := listContacts(t, c, p)
		if len(list) != 1001 { // bob too
			t.Fatalf("%s: %d contacts", p, len(list))
		}
		if u := list["user0999@example.com"]; u.Name != "User 999" || u.Status != "offline" {
			t.Fatalf("%s: %+v", p, u)
		}
	}
}

func TestContactsMistakesAndStrangers(t *testing.T) {
	for _, p := range protocols {
		t.Run(p, func(t *testing.T) {
			c := newCLI(t, msntest.Options{})
			c.srv.AddAccount("erin@example.com", "x", "Erin")
			run := func(args ...string) result {
				return c.runEnv(append(alice, "MSN_PROTOCOL="+p), "", append([]string{"contacts"}, args...)...)
			}
			run("add", "nobody@example.com").expect(t, 6, "no such account")
			// Blocking someone on none of the lists, then adding them:
			// they stay blocked.
			run("block", "erin@example.com").expect(t, 0)
			run("add", "erin@example.com").expect(t, 0)
			erin := listContacts(t, c, p)["erin@example.com"]
			if !hasAll(erin.Lists, "forward", "block") || hasAll(erin.Lists, "allow") {
				t.Fatalf("erin %+v", erin)
			}
			run("add", "--name", "bad\x01name", "erin@example.com").expect(t, 2, "printable")
			run("group", "create", "bad\x01").expect(t, 2, "printable")
		})
	}
}

func TestContactsOutputClosedEarly(t *testing.T) {
	c := newCLI(t, msntest.Options{})
	for i := 0; i < 1500; i++ { // more output than a pipe buffers
		email := fmt.Sprintf("user%04d@example.com", i)
		c.srv.AddAccount(email, "x", "")
		c.srv.AddContact("alice@example.com", email)
	}
	cmd := exec.Command("sh", "-c", msnBin+" contacts | head -1")
	cmd.Env = append(append([]string{}, c.env...), alice...)
	out, err := cmd.CombinedOutput()
	if err != nil || strings.Count(string(out), "\n") != 1 || strings.Contains(string(out), "msn:") {
		t.Fatalf("err %v, output %q", err, out)
	}
}

// TestContactsPendingIsAcknowledgedByAdd: a contact who added you shows
// as pending (and watching you) until you add them back.
func TestContactsPendingIsAcknowledgedByAdd(t *testing.T) {
	for _, p := range protocols {
		t.Run(p, func(t *testing.T) {
			c := newCLI(t, msntest.Options{})
			c.srv.AddAccount("erin@example.com", "erin123", "Erin")
			erin := []string{"MSN_PASSWORD=erin123", "MSN_ACCOUNT=erin@example.com", "MSN_PROTOCOL=" + p}
			c.runEnv(erin, "", "contacts", "add", "alice@example.com").expect(t, 0)
			got := listContacts(t, c, p)["erin@example.com"]
			if !hasAll(got.Lists, "pending", "reverse") || hasAll(got.Lists, "forward") {
				t.Fatalf("before: %+v", got)
			}
			c.runEnv(append(alice, "MSN_PROTOCOL="+p), "", "contacts", "add", "erin@example.com").expect(t, 0)
			got = listContacts(t, c, p)["erin@example.com"]
			if !hasAll(got.Lists, "forward", "allow", "reverse") || hasAll(got.Lists, "pending") {
				t.Fatalf("after: %+v", got)
			}
		})
	}
}

// TestContactsAtMSNP18LeavesADesktopSignInVisible: as for send, the
// hidden status the listing needs is put back for the other sign-in.
func TestContactsAtMSNP18LeavesADesktopSignInVisible(t *testing.T) {
	c := newCLI(t, msntest.Options{})
	c.startPeer("alice@example.com", "alice123", ns.MSNP18)
	c.startPeer("bob@example.com", "bob123", ns.MSNP18)
	listContacts(t, c, "MSNP18")
	var last string
	for _, seen := range c.srv.PresenceSeenBy("bob@example.com") {
		if strings.HasSuffix(seen, " alice@example.com") {
			last = seen
		}
	}
	if last != "NLN alice@example.com" {
		t.Fatalf("bob's last view of alice is %q", last)
	}
}

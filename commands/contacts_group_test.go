package commands

import (
	"testing"

	"github.com/msn-cli/msn/client/msntest"
)

// `contacts --group` with a group the user does not have is a usage error
// naming the groups there are, not an empty list a script takes for "no
// one in it".
func TestContactsUnknownGroupIsAUsageError(t *testing.T) {
	for _, p := range protocols {
		t.Run(p, func(t *testing.T) {
			c := newCLI(t, msntest.Options{})
			env := append(alice, "MSN_PROTOCOL="+p)
			c.runEnv(env, "", "contacts", "--group", "Work").expect(t, 2, `no group "Work"`, "you have no groups")
			c.srv.AddGroup("alice@example.com", "Friends", "bob@example.com")
			c.srv.AddGroup("alice@example.com", "Family")
			r := c.runEnv(env, "", "contacts", "--json", "--group", "Work")
			r.expect(t, 2, `no group "Work"`, "Family, Friends")
			if r.stdout != "" {
				t.Errorf("stdout %q, want nothing", r.stdout)
			}
			// An empty group is no error: it lists nobody.
			c.runEnv(env, "", "contacts", "--json", "--group", "family").expect(t, 0)
		})
	}
}

package commands

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/msn-cli/msn/client/msntest"
)

const (
	profileName    = `Alice ✨ <&> 100% "q"`
	profileMessage = `in a meeting <b> & ✨`
)

// profileJSONOf runs `msn profile --json` as alice at protocol p and
// decodes it, checking that every documented field is there.
func profileJSONOf(t *testing.T, c *cliEnv, p string) (profileJSON, result) {
	t.Helper()
	r := c.runEnv(append(alice, "MSN_PROTOCOL="+p), "", "profile", "--json")
	r.expect(t, 0)
	var raw map[string]any
	if err := json.Unmarshal([]byte(r.stdout), &raw); err != nil {
		t.Fatalf("not a JSON object: %v\n%s", err, r.stdout)
	}
	for _, f := range []string{"name", "message", "account"} {
		if _, ok := raw[f]; !ok {
			t.Fatalf("--json lacks %q: %s", f, r.stdout)
		}
	}
	var out profileJSON
	json.Unmarshal([]byte(r.stdout), &out)
	return out, r
}

// At every dialect: set a name and a message with non-ASCII, `<` and `&`
// without a watching contact hearing of the run; a later login reads the
// name back exactly (and the message at MSNP18, where the server tells
// it); and a contact sees both once alice is online.
func TestProfileRoundTripAtEveryDialect(t *testing.T) {
	for _, p := range protocols {
		t.Run(p, func(t *testing.T) {
			c := newCLI(t, msntest.Options{})
			watcher := c.startPeer("bob@example.com", "bob123", dialectOf(t, "MSNP18"))

			r := c.runEnv(append(alice, "MSN_PROTOCOL="+p), "", "profile", "--name", profileName, "--message", profileMessage)
			r.expect(t, 0, "in memory only")
			if want := profileName + "\t" + profileMessage + "\n"; r.stdout != want {
				t.Fatalf("stdout %q, want %q", r.stdout, want)
			}

			got, r := profileJSONOf(t, c, p)
			if got.Name != profileName || got.Account != "alice@example.com" {
				t.Errorf("a later login reads %+v", got)
			}
			if p == "MSNP18" {
				if got.Message == nil || *got.Message != profileMessage {
					t.Errorf("MSNP18 reads the message back as %v", got.Message)
				}
			} else if got.Message != nil || !strings.Contains(r.stderr, p+" does not tell a client its own personal message") {
				t.Errorf("%s message %v, stderr %q: want null and a note", p, got.Message, r.stderr)
			}
			for _, seen := range c.srv.PresenceSeenBy("bob@example.com") {
				if strings.HasSuffix(seen, " alice@example.com") {
					t.Fatalf("bob heard of alice's profile runs: %q", seen)
				}
			}

			// bob, at the same dialect (his watcher would be signed out
			// by it at MSNP12 and 15), sees both once alice is online.
			watcher.Close()
			c.startPeer("alice@example.com", "alice123", dialectOf(t, p))
			r = c.runEnv([]string{"MSN_PASSWORD=bob123", "MSN_ACCOUNT=bob@example.com", "MSN_PROTOCOL=" + p}, "", "contacts", "--json")
			r.expect(t, 0)
			var list []contactJSON
			if err := json.Unmarshal([]byte(r.stdout), &list); err != nil || len(list) != 1 {
				t.Fatalf("bob's contacts: %v\n%s", err, r.stdout)
			}
			if a := list[0]; a.Email != "alice@example.com" || a.Status != "online" || a.Name != profileName || a.Message != profileMessage {
				t.Errorf("bob sees %+v", a)
			}
		})
	}
}

// --message "" clears the message; setting only the name keeps it (read
// back at MSNP18), and setting only the message keeps the name.
func TestProfileChangesOnlyWhatIsGiven(t *testing.T) {
	c := newCLI(t, msntest.Options{})
	run := func(args ...string) string {
		t.Helper()
		r := c.runEnv(append(alice, "MSN_PROTOCOL=MSNP18"), "", append([]string{"profile"}, args...)...)
		r.expect(t, 0)
		return r.stdout
	}
	run("--message", "busy")
	if out := run("--name", "Al"); out != "Al\tbusy\n" {
		t.Errorf("after --name: %q", out)
	}
	if out := run("--message", ""); out != "Al\t\n" {
		t.Errorf("after --message \"\": %q", out)
	}
	if out := run(); out != "Al\t\n" {
		t.Errorf("shown: %q", out)
	}
	if c.srv.Status("alice@example.com") != "" {
		t.Error("alice was left visible")
	}
}

// Over-long or unprintable values, an empty name and stray arguments are
// usage errors (exit 2) before any login.
func TestProfileRefusesBadValuesBeforeLogin(t *testing.T) {
	c := newCLI(t, msntest.Options{})
	for _, tt := range []struct {
		args []string
		has  string
	}{
		{[]string{"--name", strings.Repeat("a", 388)}, "the limit is 387"},
		{[]string{"--name", strings.Repeat("☃", 44)}, "URL-encoded"},
		{[]string{"--message", strings.Repeat("✨", 130)}, "the limit is 129"},
		{[]string{"--name", "two\nlines"}, "not printable"},
		{[]string{"--name", ""}, "--name cannot be empty"},
		{[]string{"Alice"}, "takes no arguments"},
	} {
		r := c.runEnv(alice, "", append([]string{"profile"}, tt.args...)...)
		r.expect(t, 2, tt.has)
	}
	if n := c.srv.Logins("alice@example.com"); n != 0 {
		t.Errorf("%d logins for refused changes", n)
	}
	// At the limits the values go through.
	r := c.runEnv(alice, "", "profile", "--name", strings.Repeat("☃", 43), "--message", strings.Repeat("✨", 129))
	r.expect(t, 0)
}

// A server that never answers the change: the run ends at --timeout with
// exit 5.
func TestProfileTimeout(t *testing.T) {
	c := newCLI(t, msntest.Options{})
	c.srv.Inject(msntest.Fault{Server: "NS", Command: "PRP", Action: msntest.Silence})
	r := c.runEnv(append(alice, "MSN_TIMEOUT=1s"), "", "profile", "--name", "Al")
	r.expect(t, 5, "within 1s")
}

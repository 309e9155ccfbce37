package commands

import (
	"encoding/json"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/msn-cli/msn/client/msntest"
)

// runAll runs the binary once per argument list, all at the same time,
// each with its own extra environment, and returns the results in order.
func (c *cliEnv) runAll(envs [][]string, stdin string, args ...string) []result {
	results := make([]result, len(envs))
	var wg sync.WaitGroup
	for i, extra := range envs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			results[i] = c.runEnv(extra, stdin, args...)
		}()
	}
	wg.Wait()
	return results
}

// moreServers starts n plain-HTTP test servers, each with alice, and
// returns the environment that points msn at each.
func moreServers(t *testing.T, n int) [][]string {
	var envs [][]string
	for range n {
		srv, err := msntest.New(msntest.Options{PlainHTTP: true})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(srv.Close)
		srv.AddAccount("alice@example.com", "alice123", "Alice")
		envs = append(envs, []string{"MSN_SERVER=" + srv.NSAddr(), "MSN_SERVICES=" + srv.ServicesURL()})
	}
	return envs
}

// cachedServers returns the servers that account's cached tickets in the
// file store are for.
func cachedServers(t *testing.T, c *cliEnv, account string) []string {
	t.Helper()
	creds := storedFile(t, c)
	var cache map[string]json.RawMessage
	if err := json.Unmarshal([]byte(creds[account]["tickets"]), &cache); err != nil {
		t.Fatalf("the tickets cache is damaged: %v", err)
	}
	return slices.Sorted(maps.Keys(cache))
}

// TestConcurrentLoginsKeepEachOthersTickets: runs of msn that log in at
// the same time, to different servers, each add their ticket to the
// account's cache; none overwrites another's. First three msn login, then
// three commands that log in with the stored password.
func TestConcurrentLoginsKeepEachOthersTickets(t *testing.T) {
	c := newCLI(t, msntest.Options{})
	envs := moreServers(t, 6)
	logins, runs := envs[:3], envs[3:]
	for _, r := range c.runAll(logins, "alice123", "-a", "alice@example.com", "login", "--password-stdin", "--insecure-storage") {
		r.expect(t, 0)
	}
	for _, r := range c.runAll(runs, "", "-a", "alice@example.com", "status", "--verify") {
		r.expect(t, 0, "with the password")
	}
	var want []string
	for _, env := range envs {
		want = append(want, strings.TrimPrefix(env[0], "MSN_SERVER="))
	}
	sort.Strings(want)
	if got := cachedServers(t, c, "alice@example.com"); strings.Join(got, " ") != strings.Join(want, " ") {
		t.Fatalf("tickets cached for %d servers %v, want all %d", len(got), got, len(want))
	}
	for _, r := range c.runAll(envs, "", "-a", "alice@example.com", "status", "--verify") {
		r.expect(t, 0, "with the cached ticket")
	}
}

// TestConcurrentLoginsKeepEachOthersAccounts: msn login of several
// accounts at once records every one in the account index, and leaves no
// temporary file behind.
func TestConcurrentLoginsKeepEachOthersAccounts(t *testing.T) {
	c := newCLI(t, msntest.Options{})
	accounts := []string{"alice", "bob", "carol"}
	envs := make([][]string, len(accounts))
	for i, name := range accounts {
		envs[i] = []string{"MSN_ACCOUNT=" + name + "@example.com", "MSN_PASSWORD=" + name + "123"}
	}
	for _, r := range c.runAll(envs, "", "login", "--insecure-storage") {
		r.expect(t, 0)
	}
	out := c.run("", "status", "--json")
	out.expect(t, 0)
	var list []accountStatus
	if err := json.Unmarshal([]byte(out.stdout), &list); err != nil {
		t.Fatal(err)
	}
	if len(list) != len(accounts) {
		t.Fatalf("status lists %d accounts, want %d:\n%s", len(list), len(accounts), out.stdout)
	}
	entries, err := os.ReadDir(filepath.Join(c.home, "config", "msn"))
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if strings.Contains(e.Name(), "tmp") {
			t.Errorf("temporary file %s left behind", e.Name())
		}
	}
}

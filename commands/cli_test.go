package commands

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/msn-cli/msn/client/msntest"
)

// msnBin is the real binary, built once for the command tests.
var msnBin string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "msn-bin-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	msnBin = filepath.Join(dir, "msn")
	build := exec.Command("go", "build", "-o", msnBin, "github.com/msn-cli/msn")
	build.Stderr = os.Stderr
	if err := build.Run(); err != nil {
		fmt.Fprintln(os.Stderr, "building msn:", err)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// cli is one test's world: an msntest server, an empty home, and the
// environment the binary runs in (no D-Bus session, so the system keyring
// is unavailable and credentials go to the file store when asked).
type cliEnv struct {
	t    *testing.T
	srv  *msntest.Server
	home string
	env  []string
}

func newCLI(t *testing.T, opts msntest.Options) *cliEnv {
	t.Helper()
	srv, err := msntest.New(opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := srv.HandlerPanics(); err != nil {
			t.Error(err) // a server bug, which closed a connection of this test
		}
	})
	t.Cleanup(srv.Close) // runs first
	for _, u := range []string{"alice", "bob", "carol"} {
		srv.AddAccount(u+"@example.com", u+"123", strings.ToUpper(u[:1])+u[1:])
	}
	srv.AddContact("alice@example.com", "bob@example.com")
	home := t.TempDir()
	env := []string{
		"PATH=" + os.Getenv("PATH"),
		"HOME=" + home,
		"XDG_CONFIG_HOME=" + filepath.Join(home, "config"),
		"XDG_RUNTIME_DIR=" + filepath.Join(home, "run"),
		"MSN_SERVER=" + srv.NSAddr(),
		"MSN_SERVICES=" + srv.ServicesURL(),
		"MSN_TIMEOUT=10s",
	}
	if !opts.PlainHTTP {
		ca := filepath.Join(home, "ca.pem")
		if err := os.WriteFile(ca, srv.CACertPEM(), 0o644); err != nil {
			t.Fatal(err)
		}
		env = append(env, "MSN_CA_FILE="+ca)
	}
	return &cliEnv{t: t, srv: srv, home: home, env: env}
}

type result struct {
	code           int
	stdout, stderr string
}

// run runs the binary with stdin and args (and extra VAR=value entries
// before a "--" marker are not needed: use withEnv).
func (c *cliEnv) run(stdin string, args ...string) result {
	return c.runEnv(nil, stdin, args...)
}

func (c *cliEnv) runEnv(extra []string, stdin string, args ...string) result {
	c.t.Helper()
	return c.runStarted(extra, stdin, args, nil)
}

// runStarted is runEnv that hands the running process to started, when
// not nil, before waiting for it to end.
func (c *cliEnv) runStarted(extra []string, stdin string, args []string, started func(*os.Process)) result {
	c.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, msnBin, args...)
	cmd.Env = append(append([]string{}, c.env...), extra...)
	cmd.Stdin = strings.NewReader(stdin)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	if err := cmd.Start(); err != nil {
		c.t.Fatalf("running msn: %v", err)
	}
	if started != nil {
		started(cmd.Process)
	}
	err := cmd.Wait()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		c.t.Fatalf("running msn: %v", err)
	}
	return result{code: code, stdout: out.String(), stderr: errb.String()}
}

func (r result) expect(t *testing.T, code int, stderrHas ...string) {
	t.Helper()
	if r.code != code {
		t.Fatalf("exit %d, want %d\nstdout: %s\nstderr: %s", r.code, code, r.stdout, r.stderr)
	}
	for _, s := range stderrHas {
		if !strings.Contains(r.stderr, s) {
			t.Fatalf("stderr lacks %q:\n%s", s, r.stderr)
		}
	}
	if code != 0 && strings.Count(strings.TrimSpace(r.stderr), "\n") > 0 && !strings.Contains(r.stderr, "C>") {
		// One line per failure, unless a trace was asked for.
		lines := strings.Split(strings.TrimSpace(r.stderr), "\n")
		if !strings.HasPrefix(lines[len(lines)-1], "msn: ") {
			t.Fatalf("last stderr line is not the error line:\n%s", r.stderr)
		}
	}
}

var protocols = []string{"MSNP18", "MSNP15", "MSNP12"}

func TestLoginStoresCredentialsAndNextRunUsesTheTicket(t *testing.T) {
	for _, p := range protocols {
		t.Run(p, func(t *testing.T) {
			c := newCLI(t, msntest.Options{})
			c.run("alice123\n", "-a", "alice@example.com", "--protocol", p, "login", "--password-stdin", "--insecure-storage").
				expect(t, 0, "logged in as alice@example.com ("+p+")")
			creds := filepath.Join(c.home, "config", "msn", "credentials.json")
			st, err := os.Stat(creds)
			if err != nil {
				t.Fatal(err)
			}
			if st.Mode().Perm() != 0o600 {
				t.Fatalf("credentials file mode %v", st.Mode().Perm())
			}
			soap := c.srv.SOAPTotal()
			if soap == 0 {
				t.Fatal("login made no SOAP request: the password was not checked with Passport")
			}
			// The next command: no password given, no SOAP request made.
			c.run("", "--protocol", p, "status", "--verify").expect(t, 0, "with the cached ticket")
			if got := c.srv.SOAPTotal(); got != soap {
				t.Fatalf("second command made %d SOAP requests", got-soap)
			}
			if got := c.srv.Logins("alice@example.com"); got != 2 {
				t.Fatalf("server counted %d logins, want 2", got)
			}
			out := c.run("", "status")
			out.expect(t, 0)
			if !regexp.MustCompile(`(?m)^alice@example\.com\tfile\t` + regexp.QuoteMeta(c.srv.NSAddr()) + `\t\d{4}-`).MatchString(out.stdout) {
				t.Fatalf("status output:\n%s", out.stdout)
			}
		})
	}
}

func TestWrongPasswordExits4(t *testing.T) {
	for _, p := range protocols {
		t.Run(p, func(t *testing.T) {
			c := newCLI(t, msntest.Options{})
			r := c.run("wrong\n", "-a", "alice@example.com", "--protocol", p, "login", "--password-stdin", "--insecure-storage")
			r.expect(t, 4, "wrong account or password")
			if _, err := os.Stat(filepath.Join(c.home, "config", "msn", "credentials.json")); err == nil {
				t.Fatal("a wrong password was stored")
			}
			if strings.Contains(r.stderr, "wrong\n") || strings.Contains(r.stdout, "wrong\n") {
				t.Fatal("the password was echoed")
			}
		})
	}
}

func TestUnreachableServerExits5(t *testing.T) {
	c := newCLI(t, msntest.Options{})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	closed := ln.Addr().String()
	ln.Close()
	c.runEnv([]string{"MSN_SERVER=" + closed, "MSN_PASSWORD=alice123"}, "", "-a", "alice@example.com", "status", "--verify").
		expect(t, 5, "connection refused", "--server")
}

func TestServerThatNeverAnswersExits5AtTimeout(t *testing.T) {
	for _, p := range protocols {
		t.Run(p, func(t *testing.T) {
			c := newCLI(t, msntest.Options{})
			c.srv.Inject(msntest.Fault{Server: "NS", Command: "USR", Nth: 2, Action: msntest.Silence})
			c.runEnv([]string{"MSN_PASSWORD=alice123"}, "", "-a", "alice@example.com", "--protocol", p, "--timeout", "300ms", "status", "--verify").
				expect(t, 5, "did not answer within 300ms")
		})
	}
}

func TestRejectedCachedTicketFallsBackToThePassword(t *testing.T) {
	c := newCLI(t, msntest.Options{})
	c.run("alice123", "-a", "alice@example.com", "login", "--password-stdin", "--insecure-storage").expect(t, 0)
	creds := filepath.Join(c.home, "config", "msn", "credentials.json")
	b, err := os.ReadFile(creds)
	if err != nil {
		t.Fatal(err)
	}
	// Make every cached ticket one the server never issued.
	forged := regexp.MustCompile(`t=[0-9a-f]{20}`).ReplaceAll(b, []byte("t=00000000000000000000"))
	if bytes.Equal(forged, b) {
		t.Fatal("no ticket found in the credentials file")
	}
	if err := os.WriteFile(creds, forged, 0o600); err != nil {
		t.Fatal(err)
	}
	soap := c.srv.SOAPTotal()
	c.run("", "status", "--verify").expect(t, 0, "with the password")
	if c.srv.SOAPTotal() != soap+1 {
		t.Fatalf("%d SOAP requests, want exactly one new ticket request", c.srv.SOAPTotal()-soap)
	}
	// And the new ticket was cached: the next run needs no SOAP.
	c.run("", "status", "--verify").expect(t, 0, "with the cached ticket")
	if c.srv.SOAPTotal() != soap+1 {
		t.Fatal("the ticket from the fallback login was not cached")
	}
}

func TestDebugTraceHasNoSecrets(t *testing.T) {
	for _, p := range protocols {
		t.Run(p, func(t *testing.T) {
			c := newCLI(t, msntest.Options{})
			const password = "s3cret-Passw0rd"
			c.srv.AddAccount("dave@example.com", password, "Dave")
			r := c.run(password, "-a", "dave@example.com", "--protocol", p, "--debug", "login", "--password-stdin", "--insecure-storage")
			r.expect(t, 0, "NS C> VER", "NS C> USR", "SOAP> POST")
			wantNoSecret(t, r.stderr, append(storedTokens(t, c), password))
			// The USR S line keeps only what is not secret: the MBI blob
			// (172 base64 characters) and the ticket are gone.
			usr := regexp.MustCompile(`NS C> USR \d+ (TWN|SSO) S (.*)`).FindStringSubmatch(r.stderr)
			if usr == nil {
				t.Fatalf("no USR S line in the trace:\n%s", r.stderr)
			}
			if !regexp.MustCompile(`^\[redacted\]( \[redacted\])?( \{[0-9A-F-]{36}\})?$`).MatchString(usr[2]) {
				t.Fatalf("USR S traced as %q", usr[0])
			}
			if regexp.MustCompile(`[A-Za-z0-9+/]{100,}`).MatchString(r.stderr) {
				t.Fatal("--debug output contains a long base64 blob")
			}
		})
	}
}

func TestNoCredentialsExits4NamingTheWays(t *testing.T) {
	c := newCLI(t, msntest.Options{})
	c.run("", "-a", "alice@example.com", "status", "--verify").
		expect(t, 4, "no password stored for alice@example.com", "MSN_PASSWORD", "--password-stdin")
}

func TestLoginWithoutKeyringNamesTheAlternatives(t *testing.T) {
	c := newCLI(t, msntest.Options{})
	c.run("alice123", "-a", "alice@example.com", "login", "--password-stdin").
		expect(t, 4, "--insecure-storage", "MSN_PASSWORD")
	if c.srv.Logins("alice@example.com") != 0 {
		t.Fatal("logged in although the password could not be stored")
	}
}

func TestLoginWithoutTerminalOrPasswordIsAUsageError(t *testing.T) {
	c := newCLI(t, msntest.Options{})
	c.run("", "-a", "alice@example.com", "login", "--insecure-storage").
		expect(t, 2, "no terminal", "--password-stdin")
}

func TestUsageErrors(t *testing.T) {
	c := newCLI(t, msntest.Options{})
	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"-a", "alice@example.com", "--protocol", "MSNP9", "status", "--verify"}, "unsupported protocol"},
		{[]string{"-a", "not-an-address", "status", "--verify"}, "not an email address"},
		{[]string{"-a", "alice@example.com", "login", "extra"}, "takes no arguments"},
		{[]string{"status", "--no-such-flag"}, "no-such-flag"},
		{[]string{"frobnicate"}, "frobnicate"},
		{[]string{"--server", "no-port", "-a", "alice@example.com", "status", "--verify"}, "host:port"},
		{[]string{"--timeout", "-1s", "-a", "alice@example.com", "status", "--verify"}, "positive"},
		{[]string{"completion", "tcsh"}, "tcsh"},
	} {
		r := c.run("", tt.args...)
		if r.code != 2 || !strings.Contains(r.stderr, tt.want) {
			t.Errorf("msn %s: exit %d, stderr %q; want 2 and %q", strings.Join(tt.args, " "), r.code, r.stderr, tt.want)
		}
	}
}

func TestGlobalFlagsAfterTheCommand(t *testing.T) {
	c := newCLI(t, msntest.Options{})
	c.runEnv([]string{"MSN_PASSWORD=alice123"}, "", "status", "--verify", "-a", "alice@example.com", "--protocol", "MSNP12").
		expect(t, 0, "logged in as alice@example.com (MSNP12)")
}

func TestConfigFileSection(t *testing.T) {
	c := newCLI(t, msntest.Options{})
	cfg := filepath.Join(c.home, "msn.conf")
	body := "account = alice@example.com\n[alice@example.com]\nprotocol = MSNP15\nserver = " + c.srv.NSAddr() + "\n"
	if err := os.WriteFile(cfg, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	c.runEnv([]string{"MSN_PASSWORD=alice123", "MSN_SERVER="}, "", "--config", cfg, "status", "--verify").
		expect(t, 0, "logged in as alice@example.com (MSNP15)")
}

func TestLogoutForgetsAndIsIdempotent(t *testing.T) {
	c := newCLI(t, msntest.Options{})
	c.run("alice123", "-a", "alice@example.com", "login", "--password-stdin", "--insecure-storage").expect(t, 0)
	c.run("", "-a", "alice@example.com", "logout").expect(t, 0, "forgot alice@example.com")
	if out := c.run("", "status", "--json"); out.code != 0 || strings.TrimSpace(out.stdout) != "[]" {
		t.Fatalf("status after logout: %+v", out)
	}
	c.run("", "-a", "alice@example.com", "status", "--verify").expect(t, 4)
	c.run("", "-a", "alice@example.com", "logout").expect(t, 0, "nothing stored")
}

func TestServeRunsACommandAndPassesItsStatus(t *testing.T) {
	c := newCLI(t, msntest.Options{})
	r := c.run("", "serve", "--user", "eve@example.com:eve123", "--", msnBin, "-a", "eve@example.com", "--password-file", "/dev/null", "status", "--verify")
	if r.code != 2 || !strings.Contains(r.stderr, "is empty") {
		t.Fatalf("empty password file: %+v", r)
	}
	r = c.runEnv([]string{"MSN_PASSWORD=eve123"}, "", "serve", "--user", "eve@example.com:eve123", "--", msnBin, "-a", "eve@example.com", "status", "--verify")
	r.expect(t, 0, "logged in as eve@example.com (MSNP18)")
	r = c.run("", "serve", "--user", "eve@example.com:eve123", "--", "sh", "-c", "exit 3")
	if r.code != 3 {
		t.Fatalf("exit %d, want the command's 3", r.code)
	}
}

// TestLoginWithTheSystemKeyringReal runs msn login and a second command
// against a real Secret Service (see .ci/keyring-test): the password and
// ticket go to the system keyring, the next run finds them there and
// makes no SOAP request, and logout removes them.
func TestLoginWithTheSystemKeyringReal(t *testing.T) {
	if os.Getenv("MSN_TEST_REAL_KEYRING") != "1" {
		t.Skip("set MSN_TEST_REAL_KEYRING=1 inside a D-Bus session with a Secret Service (.ci/keyring-test does)")
	}
	c := newCLI(t, msntest.Options{})
	c.env = append(c.env, "DBUS_SESSION_BUS_ADDRESS="+os.Getenv("DBUS_SESSION_BUS_ADDRESS"), "XDG_RUNTIME_DIR="+os.Getenv("XDG_RUNTIME_DIR"))
	account := fmt.Sprintf("real%d@example.com", time.Now().UnixNano())
	c.srv.AddAccount(account, "real-pass", "Real")
	c.run("real-pass", "-a", account, "login", "--password-stdin").expect(t, 0, "system keyring")
	if _, err := os.Stat(filepath.Join(c.home, "config", "msn", "credentials.json")); err == nil {
		t.Fatal("the password went to the file store")
	}
	soap := c.srv.SOAPTotal()
	c.run("", "-a", account, "status", "--verify").expect(t, 0, "with the cached ticket")
	if c.srv.SOAPTotal() != soap {
		t.Fatal("the cached ticket was not found in the system keyring")
	}
	c.run("", "-a", account, "logout").expect(t, 0, "forgot")
	c.run("", "-a", account, "status", "--verify").expect(t, 4)
}

// storedFile returns the file store's content: account, item, secret.
func storedFile(t *testing.T, c *cliEnv) map[string]map[string]string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(c.home, "config", "msn", "credentials.json"))
	if err != nil {
		t.Fatal(err)
	}
	var creds map[string]map[string]string
	if err := json.Unmarshal(b, &creds); err != nil {
		t.Fatal(err)
	}
	return creds
}

// storedTokens returns the login tokens (the secret part of each ticket)
// cached in the file store.
func storedTokens(t *testing.T, c *cliEnv) []string {
	t.Helper()
	var tokens []string
	for _, items := range storedFile(t, c) {
		for _, m := range regexp.MustCompile(`t=([0-9a-f]{20})`).FindAllStringSubmatch(items["tickets"], -1) {
			tokens = append(tokens, m[1])
		}
	}
	if len(tokens) == 0 {
		t.Fatal("no ticket stored")
	}
	return tokens
}

// wantNoSecret fails if out contains any of secrets; it never prints them.
func wantNoSecret(t *testing.T, out string, secrets []string) {
	t.Helper()
	for _, s := range secrets {
		if strings.Contains(out, s) {
			t.Fatalf("the output contains a secret (%d chars)", len(s))
		}
	}
}

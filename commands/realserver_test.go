package commands

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/msn-cli/msn/client/msntest/peer"
	"github.com/msn-cli/msn/client/ns"
)

// The tests in this file run against a real server, as go-imap runs its
// suite against Dovecot, when these are set (they skip otherwise):
//
//	MSN_TEST_SERVER    notification server host:port
//	MSN_TEST_SERVICES  base URL of its SOAP services
//	MSN_TEST_ACCOUNTS  two test accounts "a@x:pw,b@x:pw" on each other's lists
//	MSN_TEST_CA_FILE   optional, a PEM root for the services
//
// They check only what any server shows a client (no server-side
// records): the first account sends to the second, online through a real
// receiving session and offline through msn offline, and lists it; and
// sends it a file, received by msn receive, through the switchboard and
// over a direct connection.
// `msn serve` is such a server:
//
//	msn serve --user a@example.com:a --user b@example.com:b -- sh -c \
//	  'MSN_TEST_SERVER=$MSN_SERVER MSN_TEST_SERVICES=$MSN_SERVICES \
//	   MSN_TEST_ACCOUNTS=a@example.com:a,b@example.com:b go test ./commands -run Real'
type realServer struct {
	server, services, caFile string
	a, aPass, b, bPass       string
}

func realServerFromEnv(t *testing.T) *realServer {
	t.Helper()
	rs := &realServer{server: os.Getenv("MSN_TEST_SERVER"), services: os.Getenv("MSN_TEST_SERVICES"), caFile: os.Getenv("MSN_TEST_CA_FILE")}
	accounts := strings.Split(os.Getenv("MSN_TEST_ACCOUNTS"), ",")
	if rs.server == "" || rs.services == "" || len(accounts) != 2 {
		t.Skip("set MSN_TEST_SERVER, MSN_TEST_SERVICES and MSN_TEST_ACCOUNTS to run against a real server")
	}
	var ok1, ok2 bool
	rs.a, rs.aPass, ok1 = strings.Cut(accounts[0], ":")
	rs.b, rs.bPass, ok2 = strings.Cut(accounts[1], ":")
	if !ok1 || !ok2 {
		t.Fatal("MSN_TEST_ACCOUNTS is email:password,email:password")
	}
	return rs
}

// run runs the binary as account (password given), in a fresh home.
func (rs *realServer) run(t *testing.T, account, password, stdin string, args ...string) result {
	t.Helper()
	home := t.TempDir()
	env := []string{"PATH=" + os.Getenv("PATH"), "HOME=" + home, "XDG_CONFIG_HOME=" + filepath.Join(home, "config"),
		"MSN_SERVER=" + rs.server, "MSN_SERVICES=" + rs.services, "MSN_ACCOUNT=" + account, "MSN_PASSWORD=" + password, "MSN_TIMEOUT=30s"}
	if rs.caFile != "" {
		env = append(env, "MSN_CA_FILE="+rs.caFile)
	}
	c := &cliEnv{t: t, home: home, env: env}
	return c.run(stdin, args...)
}

func TestRealServerSendOnlineAndOffline(t *testing.T) {
	rs := realServerFromEnv(t)
	for _, p := range protocols {
		t.Run(p, func(t *testing.T) {
			rs.run(t, rs.a, rs.aPass, "", "--protocol", p, "status", "--verify").expect(t, 0, "logged in as")
			// Offline: b is not signed in.
			text := fmt.Sprintf("real-server offline test %s %d ✓", p, time.Now().UnixNano())
			rs.run(t, rs.a, rs.aPass, "", "--protocol", p, "send", rs.b, text).expect(t, 0, "stored as an offline message")
			r := rs.run(t, rs.b, rs.bPass, "", "--protocol", p, "offline", "--json")
			r.expect(t, 0)
			found := false
			for _, line := range strings.Split(strings.TrimSpace(r.stdout), "\n") {
				var m offlineJSON
				if json.Unmarshal([]byte(line), &m) == nil && m.Text == text && strings.EqualFold(m.From, rs.a) {
					found = true
				}
			}
			if !found {
				t.Fatalf("the offline message did not come out:\n%s", r.stdout)
			}
			// Online: b signed in with a real session that answers.
			d, _ := ns.ParseDialect(p)
			ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
			defer cancel()
			httpClient := (&settings{CAFile: rs.caFile, Timeout: 30 * time.Second})
			pc, err := httpClient.passportClient()
			if err != nil {
				t.Fatal(err)
			}
			b, err := peer.Start(ctx, peer.Config{Server: rs.server, Services: rs.services, HTTP: pc.SOAP.HTTP,
				Account: rs.b, Password: rs.bPass, Dialect: d})
			if err != nil {
				t.Fatal(err)
			}
			defer b.Close()
			online := "real-server online test " + text
			rs.run(t, rs.a, rs.aPass, "", "--protocol", p, "send", rs.b, online).expect(t, 0)
			if got := b.WaitTexts(ctx, 1); len(got) == 0 || got[len(got)-1] != online {
				t.Fatalf("b got %q", got)
			}
			r = rs.run(t, rs.a, rs.aPass, "", "--protocol", p, "contacts", "--json")
			r.expect(t, 0)
			if !strings.Contains(strings.ToLower(r.stdout), `"email": "`+strings.ToLower(rs.b)+`"`) {
				t.Fatalf("b is not in a's list:\n%s", r.stdout)
			}
		})
	}
}

// TestRealServerSendfile: the first account sends a file to the second,
// who runs msn receive, through the server and directly, at every dialect;
// the file arrives byte for byte.
func TestRealServerSendfile(t *testing.T) {
	rs := realServerFromEnv(t)
	for _, p := range protocols {
		for _, how := range []string{"--no-direct", "--direct-timeout=10s"} {
			t.Run(p+how, func(t *testing.T) {
				dir := t.TempDir()
				path, data := writeRandomFile(t, t.TempDir(), "real.bin", 3<<20)
				home := t.TempDir()
				rx := exec.Command(msnBin, "--protocol", p, "receive", "--files", dir, "--count", "1", "--json", "--for", "2m")
				rx.Env = []string{"PATH=" + os.Getenv("PATH"), "HOME=" + home, "XDG_CONFIG_HOME=" + filepath.Join(home, "config"),
					"MSN_SERVER=" + rs.server, "MSN_SERVICES=" + rs.services, "MSN_ACCOUNT=" + rs.b, "MSN_PASSWORD=" + rs.bPass}
				if rs.caFile != "" {
					rx.Env = append(rx.Env, "MSN_CA_FILE="+rs.caFile)
				}
				var out, errb strings.Builder
				rx.Stdout, rx.Stderr = &out, &errb
				if err := rx.Start(); err != nil {
					t.Fatal(err)
				}
				done := make(chan error, 1)
				go func() { done <- rx.Wait() }()
				defer func() { rx.Process.Kill() }()
				// Wait until b shows online to a.
				deadline := time.Now().Add(30 * time.Second)
				for {
					r := rs.run(t, rs.a, rs.aPass, "", "--protocol", p, "contacts", "--online", "--json")
					if strings.Contains(strings.ToLower(r.stdout), strings.ToLower(rs.b)) {
						break
					}
					if time.Now().After(deadline) {
						t.Fatalf("b never came online: %s", errb.String())
					}
					time.Sleep(200 * time.Millisecond)
				}
				rs.run(t, rs.a, rs.aPass, "", "--protocol", p, "sendfile", how, rs.b, path).expect(t, 0)
				select {
				case err := <-done:
					if err != nil {
						t.Fatalf("receive: %v: %s", err, errb.String())
					}
				case <-time.After(60 * time.Second):
					t.Fatal("receive did not end after the file")
				}
				got, err := os.ReadFile(filepath.Join(dir, "real.bin"))
				if err != nil || string(got) != string(data) {
					t.Fatalf("the file did not arrive whole (%v): %s", err, out.String())
				}
			})
		}
	}
}

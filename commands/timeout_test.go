package commands

import (
	"strings"
	"testing"
	"time"

	"github.com/msn-cli/msn/client/msntest"
	"github.com/msn-cli/msn/client/ns"
)

// TestSendTimeoutBoundsTheSignOutRetries: a server that signs every login
// out (OUT OTH, as another login of the account does at MSNP12 and 15)
// makes send retry; the retries end with the run's --timeout, reported as
// such, instead of running their own course.
func TestSendTimeoutBoundsTheSignOutRetries(t *testing.T) {
	c := newCLI(t, msntest.Options{})
	c.startPeer("bob@example.com", "bob123", ns.MSNP18)
	c.srv.Inject(msntest.Fault{Server: "NS", Command: "XFR", Action: msntest.SignOut})
	r := c.runEnv(append(alice, "MSN_PROTOCOL=MSNP15", "MSN_TIMEOUT=1s"), "", "send", "bob@example.com", "never")
	r.expect(t, ExitNetwork, "within --timeout 1s", "signed out by another login")
	if n := c.srv.Logins("alice@example.com"); n < 2 {
		t.Fatalf("%d logins: the sign-out was not retried", n)
	}
}

// slowServer is a server that delays every reply by delay, so that a run
// takes a known number of round trips of it at least.
func slowServer(t *testing.T, delay time.Duration) *cliEnv {
	return newCLI(t, msntest.Options{Delay: delay, PlainHTTP: true})
}

// TestContactsTimeoutCoversLoginAndListing: at MSNP12 with 200 ms per
// reply, logging in takes about 3 round trips (0.6 s) and listing about 4
// more (0.8 s); each fits in 1.2 s, both do not. The run has one deadline.
func TestContactsTimeoutCoversLoginAndListing(t *testing.T) {
	c := slowServer(t, 200*time.Millisecond)
	r := c.runEnv(append(alice, "MSN_PROTOCOL=MSNP12", "MSN_TIMEOUT=1200ms"), "", "contacts")
	r.expect(t, ExitNetwork, "within 1.2s")
}

// TestOfflineTimeoutCoversEveryExchange: at MSNP18 with 200 ms per reply,
// msn offline logs in (about 3 round trips), lists, fetches and lists
// again (one each): every exchange fits in 1 s, together they do not.
func TestOfflineTimeoutCoversEveryExchange(t *testing.T) {
	c := slowServer(t, 200*time.Millisecond)
	for _, text := range []string{"one", "two"} {
		c.srv.StoreOffline("alice@example.com", msntest.OIM{From: "bob@example.com", Text: text})
	}
	r := c.runEnv(append(alice, "MSN_PROTOCOL=MSNP18", "MSN_TIMEOUT=1s"), "", "offline")
	r.expect(t, ExitNetwork, "within 1s")
	if strings.Count(r.stdout, "\n") > 2 {
		t.Fatalf("printed more than was stored:\n%s", r.stdout)
	}
}

package keyring

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"
)

// TestSystemKeyringReal runs against the real system keyring (the Secret
// Service on Linux) when MSN_TEST_REAL_KEYRING=1; .ci/keyring-test provides
// one. It uses a throw-away account and removes what it stored.
func TestSystemKeyringReal(t *testing.T) {
	if os.Getenv("MSN_TEST_REAL_KEYRING") != "1" {
		t.Skip("set MSN_TEST_REAL_KEYRING=1 to run against the real system keyring (see .ci/keyring-test)")
	}
	if mockInstalled.Load() {
		// An earlier test replaced go-keyring's provider with its mock for
		// the rest of this process: run this test again in a fresh one.
		cmd := exec.Command(os.Args[0], "-test.run=^TestSystemKeyringReal$", "-test.count=1", "-test.v")
		out, err := cmd.CombinedOutput()
		if err != nil || !strings.Contains(string(out), "--- PASS: TestSystemKeyringReal") {
			t.Fatalf("in a fresh process: %v\n%s", err, out)
		}
		return
	}

	s := NewSystem(30 * time.Second)
	t.Logf("store: %s", s.Name())
	account := fmt.Sprintf("msn-keyring-test-%d-%d@example.invalid", os.Getpid(), time.Now().UnixNano())
	t.Cleanup(func() {
		s.Delete(account, ItemPassword)
		s.Delete(account, ItemTickets)
	})
	password := fmt.Sprintf("pw-%d", time.Now().UnixNano())
	tickets := ticketsBlob(4 << 10)

	for _, item := range []string{ItemPassword, ItemTickets} {
		wantNotFound(t, s, account, item)
	}
	if err := s.Set(account, ItemPassword, password); err != nil {
		t.Fatalf("Set password: %v", err)
	}
	if err := s.Set(account, ItemTickets, tickets); err != nil {
		t.Fatalf("Set tickets: %v", err)
	}
	wantSecret(t, s, account, ItemPassword, password)
	wantSecret(t, s, account, ItemTickets, tickets)

	// Set replaces, and does not add a second item.
	if err := s.Set(account, ItemPassword, password+"-2"); err != nil {
		t.Fatalf("Set password again: %v", err)
	}
	wantSecret(t, s, account, ItemPassword, password+"-2")

	for _, item := range []string{ItemPassword, ItemTickets} {
		if err := s.Delete(account, item); err != nil {
			t.Fatalf("Delete %s: %v", item, err)
		}
		wantNotFound(t, s, account, item)
		if err := s.Delete(account, item); !errors.Is(err, ErrNotFound) {
			t.Fatalf("second Delete %s = %v, want ErrNotFound", item, err)
		}
	}
}

package keyring

import (
	"errors"
	"os"
	"os/exec"
	"strings"
	"sync"
	"testing"
)

// ticketsBlob returns an opaque tickets-like blob of about n bytes.
func ticketsBlob(n int) string {
	var b strings.Builder
	for i := 0; b.Len() < n; i++ {
		b.WriteString("t=")
		b.WriteByte('A' + byte(i%26))
		b.WriteString("&p=0123456789abcdef0123456789abcdef;")
	}
	return b.String()
}

// wantSecret fails unless s holds want for account and item. It never prints
// secrets, only their lengths.
func wantSecret(t *testing.T, s Store, account, item, want string) {
	t.Helper()
	got, err := s.Get(account, item)
	if err != nil {
		t.Fatalf("%s: Get(%q, %q): %v", s.Name(), account, item, err)
	}
	if got != want {
		t.Fatalf("%s: Get(%q, %q) returned a different secret (%d bytes, want %d bytes)", s.Name(), account, item, len(got), len(want))
	}
}

// wantNotFound fails unless Get returns ErrNotFound.
func wantNotFound(t *testing.T, s Store, account, item string) {
	t.Helper()
	if _, err := s.Get(account, item); !errors.Is(err, ErrNotFound) {
		t.Fatalf("%s: Get(%q, %q) = %v, want ErrNotFound", s.Name(), account, item, err)
	}
}

// exerciseStore runs the behaviour every Store shares.
func exerciseStore(t *testing.T, s Store) {
	const alice, bob = "alice@example.com", "bob@example.com"
	blob := ticketsBlob(4 << 10)

	wantNotFound(t, s, alice, ItemPassword)
	wantNotFound(t, s, alice, ItemTickets)

	for _, set := range []struct{ account, item, secret string }{
		{alice, ItemPassword, "alice-pass"},
		{alice, ItemTickets, blob},
		{bob, ItemPassword, "bob-pass"},
	} {
		if err := s.Set(set.account, set.item, set.secret); err != nil {
			t.Fatalf("Set(%q, %q): %v", set.account, set.item, err)
		}
	}
	wantSecret(t, s, alice, ItemPassword, "alice-pass")
	wantSecret(t, s, alice, ItemTickets, blob)
	wantSecret(t, s, bob, ItemPassword, "bob-pass")
	wantNotFound(t, s, bob, ItemTickets) // items and accounts are kept apart

	if err := s.Set(alice, ItemPassword, "alice-new"); err != nil {
		t.Fatal(err)
	}
	wantSecret(t, s, alice, ItemPassword, "alice-new")
	wantSecret(t, s, bob, ItemPassword, "bob-pass")

	if err := s.Delete(alice, ItemPassword); err != nil {
		t.Fatalf("Delete: %v", err)
	}
	wantNotFound(t, s, alice, ItemPassword)
	wantSecret(t, s, alice, ItemTickets, blob)
	if err := s.Delete(alice, ItemPassword); !errors.Is(err, ErrNotFound) {
		t.Fatalf("second Delete = %v, want ErrNotFound", err)
	}
	if err := s.Delete(alice, ItemTickets); err != nil {
		t.Fatal(err)
	}
	wantNotFound(t, s, alice, ItemTickets)
	wantSecret(t, s, bob, ItemPassword, "bob-pass")

	for _, bad := range []struct{ account, item string }{{"", ItemPassword}, {alice, "pin"}} {
		if _, err := s.Get(bad.account, bad.item); err == nil || !strings.HasPrefix(err.Error(), "keyring: ") {
			t.Errorf("Get(%q, %q) = %v, want a keyring: error", bad.account, bad.item, err)
		}
		if err := s.Set(bad.account, bad.item, "x"); err == nil {
			t.Errorf("Set(%q, %q) succeeded", bad.account, bad.item)
		}
	}
}

// runWriterProcesses runs the test named helper in n processes of this test
// binary at once, writer w with the extra environment env(w), and fails
// when any of them fails.
func runWriterProcesses(t *testing.T, helper string, n int, env func(w int) []string) {
	t.Helper()
	outs := make([][]byte, n)
	errs := make([]error, n)
	var wg sync.WaitGroup
	for w := range n {
		cmd := exec.Command(os.Args[0], "-test.run=^"+helper+"$", "-test.count=1")
		cmd.Env = append(os.Environ(), env(w)...)
		wg.Add(1)
		go func() {
			defer wg.Done()
			outs[w], errs[w] = cmd.CombinedOutput()
		}()
	}
	wg.Wait()
	for w := range n {
		if errs[w] != nil {
			t.Fatalf("writer process %d: %v\n%s", w, errs[w], outs[w])
		}
	}
}

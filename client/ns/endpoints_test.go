package ns

import (
	"slices"
	"strings"
	"testing"

	"github.com/msn-cli/msn/client/msntest"
)

// TestOtherEndpoints: the account's other sign-ins come from its own UBX
// after the first CHG (the empty UBX of the login burst says nothing);
// below MSNP16 there are none.
func TestOtherEndpoints(t *testing.T) {
	srv := newServer(t, msntest.Options{})
	alone, err := Login(ctxT(t), config(t, srv, "alice@example.com", "alice123", MSNP18))
	if err != nil {
		t.Fatal(err)
	}
	defer alone.Logout(ctxT(t))
	if others, err := alone.OtherEndpoints(ctxT(t)); err != nil || len(others) != 0 {
		t.Fatalf("alone: %v, %v", others, err)
	}

	second, err := Login(ctxT(t), config(t, srv, "alice@example.com", "alice123", MSNP18))
	if err != nil {
		t.Fatal(err)
	}
	defer second.Logout(ctxT(t))
	others, err := second.OtherEndpoints(ctxT(t))
	if err != nil || !slices.Equal(others, []string{strings.ToUpper(alone.MachineGUID())}) {
		t.Fatalf("second sign-in sees %v, %v; want the first, %s", others, err, alone.MachineGUID())
	}

	old, err := Login(ctxT(t), config(t, srv, "bob@example.com", "bob123", MSNP15))
	if err != nil {
		t.Fatal(err)
	}
	defer old.Logout(ctxT(t))
	if others, err := old.OtherEndpoints(ctxT(t)); err != nil || others != nil {
		t.Fatalf("MSNP15: %v, %v", others, err)
	}
}

// TestVisibleSignInIsRestoredAfterAHiddenRun: a sign-in that only set
// its status (as msn receive does) must be put back online when a hidden
// run of the same account leaves (MSNP18 shares the status): the visible
// sign-in tells the server its state, so the hidden one can restore it.
func TestVisibleSignInIsRestoredAfterAHiddenRun(t *testing.T) {
	srv := newServer(t, msntest.Options{})
	visible, err := Login(ctxT(t), config(t, srv, "alice@example.com", "alice123", MSNP18))
	if err != nil {
		t.Fatal(err)
	}
	defer visible.Logout(ctxT(t))
	if err := visible.SetPresence(ctxT(t), StatusOnline); err != nil {
		t.Fatal(err)
	}
	hidden, err := Login(ctxT(t), config(t, srv, "alice@example.com", "alice123", MSNP18))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := hidden.OtherEndpoints(ctxT(t)); err != nil { // hides the account
		t.Fatal(err)
	}
	if got := srv.Status("alice@example.com"); got != "" {
		t.Fatalf("while the hidden run is signed in, alice shows %q", got)
	}
	if err := hidden.Logout(ctxT(t)); err != nil {
		t.Fatal(err)
	}
	if got := srv.Status("alice@example.com"); got != StatusOnline {
		t.Fatalf("after the hidden run left, alice shows %q, want %s", got, StatusOnline)
	}
}

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

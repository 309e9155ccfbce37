package ns

import (
	"errors"
	"strings"
	"testing"

	"github.com/msn-cli/msn/client/msntest"
)

// SetProfile renames and publishes the message in one round trip and
// returns the name as echoed; a later login reads the name back (SYN at
// MSNP12) and, at MSNP18 only, the message (the own UBX after a hidden
// CHG).
func TestSetProfileThenAnotherLoginReadsItBack(t *testing.T) {
	const name, psm = "Zoë <&> 100%+1 ☃", `in a meeting <b> & "x" ✨`
	for _, d := range Dialects() {
		t.Run(d.String(), func(t *testing.T) {
			srv := newServer(t, msntest.Options{})
			s, err := Login(ctxT(t), config(t, srv, "alice@example.com", "alice123", d))
			if err != nil {
				t.Fatal(err)
			}
			n, p := name, psm
			echoed, err := s.SetProfile(ctxT(t), &n, &p)
			if err != nil || echoed != name {
				t.Fatalf("SetProfile = %q, %v; want %q", echoed, err, name)
			}
			if err := s.Logout(ctxT(t)); err != nil {
				t.Fatal(err)
			}

			later, err := Login(ctxT(t), config(t, srv, "alice@example.com", "alice123", d))
			if err != nil {
				t.Fatal(err)
			}
			defer later.Logout(ctxT(t))
			gotName, gotPSM, err := later.OwnView(ctxT(t))
			if !d.SelfPresence {
				if !errors.Is(err, ErrNoSelfView) {
					t.Fatalf("OwnView at %s = %v, want ErrNoSelfView", d, err)
				}
				if d.AddressBook {
					return // the name comes from the address book there
				}
				gotName, err = later.DisplayName(ctxT(t))
				if err != nil || gotName != name {
					t.Fatalf("DisplayName = %q, %v; want %q", gotName, err, name)
				}
				return
			}
			if err != nil || gotName != name || gotPSM != psm {
				t.Fatalf("OwnView = %q, %q, %v; want %q, %q", gotName, gotPSM, err, name, psm)
			}
			if srv.Status("alice@example.com") != "" {
				t.Errorf("reading the own view made alice visible")
			}
		})
	}
}

// Values past the limits are refused before anything is written.
func TestSetProfileRefusesOverLongValues(t *testing.T) {
	trace := &lockedBuffer{}
	srv := newServer(t, msntest.Options{Trace: trace})
	s, err := Login(ctxT(t), config(t, srv, "alice@example.com", "alice123", MSNP18))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Logout(ctxT(t))
	name, psm := strings.Repeat("a", MaxDisplayName+1), "fine"
	if _, err := s.SetProfile(ctxT(t), &name, &psm); !errors.Is(err, ErrTooLong) {
		t.Fatalf("SetProfile = %v, want ErrTooLong", err)
	}
	if n := trace.count("NS C> PRP") + trace.count("NS C> UUX"); n != 0 {
		t.Errorf("%d PRP/UUX sent for a refused change", n)
	}
}

package p2p

import (
	"errors"
	"regexp"
	"testing"
)

func TestGUIDLayout(t *testing.T) {
	g, err := ParseGUID(capNonce)
	want := GUID{0x79, 0x11, 0xFB, 0x5F, 0x86, 0x1D, 0xB5, 0x7B, 0x11, 0x39, 0xDC, 0x1B, 0x43, 0x3E, 0x9B, 0x23}
	if err != nil || g != want {
		t.Fatalf("ParseGUID = % X, %v; want % X", g, err, want)
	}
	if g.String() != capNonce {
		t.Fatalf("String = %s", g)
	}
	for _, form := range []string{"5ffb1179-1d86-7bb5-1139-dc1b433e9b23", "{5ffb1179-1D86-7bb5-1139-DC1B433E9B23}"} {
		if h, err := ParseGUID(form); err != nil || h != g {
			t.Errorf("ParseGUID(%q) = %v, %v", form, h, err)
		}
	}
}

func TestParseGUIDRefuses(t *testing.T) {
	for _, s := range []string{"", "{}", "{5FFB1179-1D86-7BB5-1139-DC1B433E9B2}", "{5FFB1179-1D86-7BB5-1139-DC1B433E9B233}",
		"{5FFB1179+1D86-7BB5-1139-DC1B433E9B23}", "{5FFB1179-1D86-7BB5-1139-DC1B433E9BZZ}", "{5FFB1179-1D86-7BB5-1139-DC1B433E9B23",
		"5FFB11791D867BB51139DC1B433E9B23"} {
		if _, err := ParseGUID(s); !errors.Is(err, ErrMalformed) {
			t.Errorf("ParseGUID(%q) err = %v", s, err)
		}
	}
}

func TestNewGUID(t *testing.T) {
	form := regexp.MustCompile(`^\{[0-9A-F]{8}-[0-9A-F]{4}-4[0-9A-F]{3}-[89AB][0-9A-F]{3}-[0-9A-F]{12}\}$`)
	a, b := NewGUID(), NewGUID()
	if !form.MatchString(a.String()) || !form.MatchString(b.String()) || a == b {
		t.Fatalf("NewGUID gave %s and %s", a, b)
	}
	if back, err := ParseGUID(a.String()); err != nil || back != a {
		t.Fatalf("round trip of %s: %s, %v", a, back, err)
	}
}

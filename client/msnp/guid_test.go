package msnp

import (
	"regexp"
	"testing"
)

func TestNewGUID(t *testing.T) {
	form := regexp.MustCompile(`^\{[0-9A-F]{8}-[0-9A-F]{4}-4[0-9A-F]{3}-[89AB][0-9A-F]{3}-[0-9A-F]{12}\}$`)
	a, b := NewGUID(), NewGUID()
	if !form.MatchString(a) || !form.MatchString(b) || a == b {
		t.Fatalf("NewGUID gave %q and %q", a, b)
	}
}

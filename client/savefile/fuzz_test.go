package savefile

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzSafeName checks that whatever the network sends, SafeName returns
// one harmless path element, stable under SafeName, and that its numbered
// forms are too.
func FuzzSafeName(f *testing.F) {
	for _, tc := range nastyNames {
		f.Add(tc.in, uint16(1))
	}
	f.Fuzz(func(t *testing.T, name string, n uint16) {
		safe := SafeName(name)
		checkSafeName(t, name, safe)
		checkSafeName(t, name, numberedName(safe, int(n%(maxNumber+1))))
	})
}

// checkSafeName fails t unless out, made from in, is a safe name: one
// valid UTF-8 path element, not empty, "." or "..", no separator, control
// or bidi character, not hidden, no trailing dot or space, not a Windows
// device, at most MaxNameBytes, and unchanged by SafeName.
func checkSafeName(t *testing.T, in, out string) {
	t.Helper()
	switch {
	case !utf8.ValidString(out):
		t.Fatalf("SafeName(%q) = %q: invalid UTF-8", in, out)
	case out == "" || out == "." || out == "..":
		t.Fatalf("SafeName(%q) = %q", in, out)
	case len(out) > MaxNameBytes:
		t.Fatalf("SafeName(%q) is %d bytes, over %d", in, len(out), MaxNameBytes)
	case strings.ContainsAny(out, `/\`):
		t.Fatalf("SafeName(%q) = %q: has a separator", in, out)
	case strings.IndexFunc(out, func(r rune) bool { return safeRune(r) != r }) >= 0:
		t.Fatalf("SafeName(%q) = %q: has an unsafe character", in, out)
	case out != trimEnds(out):
		t.Fatalf("SafeName(%q) = %q: starts or ends with a space or dot", in, out)
	case isReserved(out):
		t.Fatalf("SafeName(%q) = %q: a Windows device name", in, out)
	case strings.HasPrefix(out, "-"):
		t.Fatalf("SafeName(%q) = %q: reads as an option to a command", in, out)
	}
	if again := SafeName(out); again != out {
		t.Fatalf("SafeName(%q) = %q, but SafeName(%q) = %q", in, out, out, again)
	}
}

package transcript

import (
	"testing"
)

// Capture reads a captured file under shared/reference/escargot, as
// ReadCapture does, for a test: the test is skipped when the captures are
// absent and fails when the file cannot be read.
func Capture(t testing.TB, rel string) []byte {
	t.Helper()
	if _, err := Escargot(); err != nil {
		t.Skip(err)
	}
	b, err := ReadCapture(rel)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

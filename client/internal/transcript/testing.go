package transcript

import (
	"path/filepath"
	"testing"
)

// The helpers below fail the test (never skip it) when a capture is
// missing: the captures are part of the repository.

// Capture reads a captured file under testdata/escargot, as ReadCapture
// does, failing the test when it cannot.
func Capture(t testing.TB, rel string) []byte {
	t.Helper()
	b, err := ReadCapture(rel)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// EscargotDir returns testdata/escargot, failing the test when it is
// missing.
func EscargotDir(t testing.TB) string {
	t.Helper()
	dir, err := Escargot()
	if err != nil {
		t.Fatal(err)
	}
	return dir
}

// Transcript parses the captured session file testdata/escargot/transcripts/name
// (e.g. "c_oim.txt"), failing the test when it cannot.
func Transcript(t testing.TB, name string) []Line {
	t.Helper()
	dir, err := Dir()
	if err != nil {
		t.Fatal(err)
	}
	lines, err := Parse(filepath.Join(dir, name))
	if err != nil {
		t.Fatal(err)
	}
	return lines
}

// Captures lists the files under testdata/escargot matching pattern
// (filepath.Glob syntax, e.g. "soap/*/*.xml" or "transcripts/*.txt"),
// failing the test when none does.
func Captures(t testing.TB, pattern string) []string {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(EscargotDir(t), filepath.FromSlash(pattern)))
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 {
		t.Fatalf("transcript: no capture matches testdata/escargot/%s", pattern)
	}
	return files
}

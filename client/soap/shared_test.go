package soap

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

// escargotDir returns the directory of the captured Escargot sessions
// (shared/reference/escargot), found by walking up from the working
// directory; next to the repository root it is ../shared. The test is
// skipped when it is absent.
func escargotDir(t testing.TB) string {
	t.Helper()
	const rel = "shared/reference/escargot"
	dir, err := os.Getwd()
	if err != nil {
		t.Skipf("no working directory: %v", err)
	}
	for {
		for _, cand := range []string{filepath.Join(dir, rel), filepath.Join(dir, "..", rel)} {
			if fi, err := os.Stat(cand); err == nil && fi.IsDir() {
				return cand
			}
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Skipf("%s not found above the working directory", rel)
		}
		dir = parent
	}
}

// readCaptured reads a captured file under soap/, dropping the
// "POST /path" header block that the request captures start with.
func readCaptured(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(escargotDir(t), "soap", name))
	if err != nil {
		t.Fatal(err)
	}
	return stripCaptureHeader(b)
}

func stripCaptureHeader(b []byte) []byte {
	if bytes.HasPrefix(b, []byte("POST ")) {
		if i := bytes.Index(b, []byte("\n\n")); i >= 0 {
			return b[i+2:]
		}
	}
	return b
}

package soap

import (
	"path/filepath"
	"testing"

	"github.com/msn-cli/msn/client/internal/transcript"
)

// escargotDir returns shared/reference/escargot beside the repository,
// skipping the test when it is absent.
func escargotDir(t testing.TB) string {
	t.Helper()
	dir, err := transcript.Escargot()
	if err != nil {
		t.Skip(err)
	}
	return dir
}

// readCaptured reads a captured file (request header block dropped),
// skipping the test when the captures are absent.
func readCaptured(t testing.TB, name string) []byte {
	t.Helper()
	return transcript.Capture(t, filepath.Join("soap", name))
}

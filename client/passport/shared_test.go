package passport

import (
	"path/filepath"
	"testing"

	"github.com/msn-cli/msn/client/internal/transcript"
)

// readCaptured reads a captured file (request header block dropped),
// failing the test when it is missing.
func readCaptured(t testing.TB, name string) []byte {
	t.Helper()
	return transcript.Capture(t, filepath.Join(name))
}

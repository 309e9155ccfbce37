package transcript

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// Root returns the module root: the nearest directory holding go.mod at
// or above the working directory (a test runs in its package's directory).
func Root() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", fmt.Errorf("transcript: %w", err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", fmt.Errorf("transcript: no go.mod at or above the working directory")
		}
		dir = parent
	}
}

// Testdata returns the path of rel (slash-separated, e.g.
// "escargot/soap") under the module's testdata/, or an error when it does
// not exist.
func Testdata(rel string) (string, error) {
	root, err := Root()
	if err != nil {
		return "", err
	}
	p := filepath.Join(root, "testdata", filepath.FromSlash(rel))
	if _, err := os.Stat(p); err != nil {
		return "", fmt.Errorf("transcript: testdata/%s is missing (copy it from ../shared/reference, see testdata/README.md): %w", rel, err)
	}
	return p, nil
}

// Escargot returns testdata/escargot, the captured Escargot material.
func Escargot() (string, error) { return Testdata("escargot") }

// Dir returns testdata/escargot/transcripts, the captured sessions.
func Dir() (string, error) { return Testdata("escargot/transcripts") }

// SharedPath returns the copy under testdata/ of rel, a capture named as
// under ../shared (e.g. "reference/libpurple-p2p/file-transfer.txt").
func SharedPath(rel string) (string, error) {
	inside, ok := strings.CutPrefix(filepath.ToSlash(rel), "reference/")
	if !ok {
		return "", fmt.Errorf("transcript: %s is not under reference/, the only part of ../shared copied to testdata/", rel)
	}
	return Testdata(inside)
}

// ReadCapture reads a captured file under testdata/escargot
// (e.g. "soap/msnp12-login/01-RST.srf.request.xml"). Captured requests
// start with a "POST /path" header block, which is dropped.
func ReadCapture(rel string) ([]byte, error) {
	dir, err := Escargot()
	if err != nil {
		return nil, err
	}
	b, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(rel)))
	if err != nil {
		return nil, fmt.Errorf("transcript: %w", err)
	}
	return StripHeader(b), nil
}

package commands

import (
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// belowTheCommandLine are the packages commands/ must not import: the wire
// codec and the connection. A command consumes typed events and errors of
// the sessions (ns, sb, im, transfer...), never raw protocol commands or
// codes.
var belowTheCommandLine = []string{
	"github.com/msn-cli/msn/client/msnp",
	"github.com/msn-cli/msn/client/conn",
}

// TestCommandsImportNoProtocolPackages: no file of commands/ but tests
// imports msnp or conn.
func TestCommandsImportNoProtocolPackages(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	checked := 0
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		checked++
		for _, imp := range forbiddenImports(t, f) {
			t.Errorf("%s imports %s: use the typed events and errors of the session packages", f, imp)
		}
	}
	if checked < 10 {
		t.Fatalf("checked only %d files: run from commands/", checked)
	}
}

// TestForbiddenImportsAreFound: the check above sees an import of either
// package, renamed or not.
func TestForbiddenImportsAreFound(t *testing.T) {
	path := filepath.Join(t.TempDir(), "x.go")
	src := "package x\n\nimport (\n\t\"fmt\"\n\twire \"github.com/msn-cli/msn/client/msnp\"\n\t\"github.com/msn-cli/msn/client/conn\"\n)\n"
	if err := os.WriteFile(path, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	if got := forbiddenImports(t, path); len(got) != 2 {
		t.Fatalf("found %v, want msnp and conn", got)
	}
}

// forbiddenImports lists the imports of a file that are in
// belowTheCommandLine.
func forbiddenImports(t *testing.T, path string) []string {
	t.Helper()
	f, err := parser.ParseFile(token.NewFileSet(), path, nil, parser.ImportsOnly)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, imp := range f.Imports {
		p, err := strconv.Unquote(imp.Path.Value)
		if err != nil {
			t.Fatal(err)
		}
		for _, bad := range belowTheCommandLine {
			if p == bad {
				out = append(out, p)
			}
		}
	}
	return out
}

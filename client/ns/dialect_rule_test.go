package ns

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestNoVersionComparisons: what differs between dialects is a field of
// Dialect, so no code outside dialect.go compares a dialect's Version
// (`sess.Dialect.Version >= 18`, `d.Version < 16`, `switch d.Version`).
// Test files may check which dialect was negotiated.
func TestNoVersionComparisons(t *testing.T) {
	root := filepath.Join("..", "..")
	var found []string
	err := filepath.WalkDir(root, func(path string, e fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if e.IsDir() && (strings.HasPrefix(e.Name(), ".") && path != root || e.Name() == "testdata") {
			return filepath.SkipDir
		}
		if e.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		if filepath.ToSlash(path) == "../../client/ns/dialect.go" {
			return nil
		}
		found = append(found, versionComparisons(t, path)...)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range found {
		t.Errorf("%s: compares a dialect's Version; add a Dialect field instead", f)
	}
}

// TestVersionComparisonsAreFound: the scanner of the rule above sees the
// forms it is meant to refuse, and leaves other Version fields alone.
func TestVersionComparisonsAreFound(t *testing.T) {
	src := `package x
func f(sess *Session, d Dialect, dd ns.Dialect, c FileContext) {
	_ = sess.Dialect.Version >= 18
	_ = 16 > d.Version
	_ = dd.Version == 15
	switch s.Dialect.Version {
	}
	_ = c.Version != 0
	_ = Tickets{Dialect: d.Version}
}`
	path := filepath.Join(t.TempDir(), "x.go")
	if err := os.WriteFile(path, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	got := versionComparisons(t, path)
	if len(got) != 4 {
		t.Fatalf("found %d comparisons, want 4: %v", len(got), got)
	}
}

// versionComparisons lists the positions in a file where a dialect's
// Version is compared: an operand `X.Dialect.Version`, or `v.Version`
// where v was declared of type Dialect or ns.Dialect in the file.
func versionComparisons(t *testing.T, path string) []string {
	t.Helper()
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, path, nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	dialects := map[string]bool{}
	ast.Inspect(f, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.Field:
			if isDialectType(n.Type) {
				for _, name := range n.Names {
					dialects[name.Name] = true
				}
			}
		case *ast.ValueSpec:
			if isDialectType(n.Type) {
				for _, name := range n.Names {
					dialects[name.Name] = true
				}
			}
		}
		return true
	})
	isVersion := func(e ast.Expr) bool {
		sel, ok := ast.Unparen(e).(*ast.SelectorExpr)
		if !ok || sel.Sel.Name != "Version" {
			return false
		}
		switch x := sel.X.(type) {
		case *ast.SelectorExpr:
			return x.Sel.Name == "Dialect"
		case *ast.Ident:
			return dialects[x.Name]
		}
		return false
	}
	var out []string
	ast.Inspect(f, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.BinaryExpr:
			switch n.Op {
			case token.EQL, token.NEQ, token.LSS, token.LEQ, token.GTR, token.GEQ:
				if isVersion(n.X) || isVersion(n.Y) {
					out = append(out, fset.Position(n.Pos()).String())
				}
			}
		case *ast.SwitchStmt:
			if n.Tag != nil && isVersion(n.Tag) {
				out = append(out, fset.Position(n.Pos()).String())
			}
		}
		return true
	})
	return out
}

func isDialectType(e ast.Expr) bool {
	switch t := e.(type) {
	case *ast.Ident:
		return t.Name == "Dialect"
	case *ast.SelectorExpr:
		return t.Sel.Name == "Dialect"
	case *ast.StarExpr:
		return isDialectType(t.X)
	}
	return false
}

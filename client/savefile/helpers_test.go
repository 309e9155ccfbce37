package savefile

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"testing"
)

// receive saves content under name in d, written in pieces of chunk bytes,
// and returns what Commit says.
func receive(t *testing.T, d Dir, name string, content []byte, chunk int) Saved {
	t.Helper()
	f, err := d.Create(name, uint64(len(content)))
	if err != nil {
		t.Fatalf("Create(%q): %v", name, err)
	}
	defer f.Abort()
	for rest := content; len(rest) > 0; {
		n := min(chunk, len(rest))
		if _, err := f.Write(rest[:n]); err != nil {
			t.Fatalf("Write: %v", err)
		}
		rest = rest[n:]
	}
	saved, err := f.Commit()
	if err != nil {
		t.Fatalf("Commit(%q): %v", name, err)
	}
	return saved
}

// create starts a File of size bytes under name in a new folder, and
// returns it with the folder.
func create(t *testing.T, name string, size uint64) (*File, string) {
	t.Helper()
	folder := t.TempDir()
	f, err := Dir{Path: folder}.Create(name, size)
	if err != nil {
		t.Fatalf("Create(%q): %v", name, err)
	}
	return f, folder
}

// entries lists the names in folder, sorted.
func entries(t *testing.T, folder string) []string {
	t.Helper()
	list, err := os.ReadDir(folder)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range list {
		names = append(names, e.Name())
	}
	slices.Sort(names)
	return names
}

// writeFile creates folder/name with content.
func writeFile(t *testing.T, folder, name, content string) string {
	t.Helper()
	path := filepath.Join(folder, name)
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// wantContent fails t unless the file at path holds want.
func wantContent(t *testing.T, path string, want []byte) {
	t.Helper()
	got, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Fatalf("%s holds %d bytes %.40q, want %d bytes %.40q", path, len(got), got, len(want), want)
	}
}

// wantEntries fails t unless folder holds exactly names.
func wantEntries(t *testing.T, folder string, names ...string) {
	t.Helper()
	slices.Sort(names)
	if got := entries(t, folder); !slices.Equal(got, names) {
		t.Fatalf("%s holds %q, want %q", folder, got, names)
	}
}

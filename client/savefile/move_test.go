package savefile

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
)

func TestExistingNamesAreNumbered(t *testing.T) {
	folder := t.TempDir()
	writeFile(t, folder, "report.pdf", "first")
	writeFile(t, folder, "report (1).pdf", "second")
	saved := receive(t, Dir{Path: folder}, "report.pdf", []byte("third"), 1202)
	if saved.Name != "report (2).pdf" || saved.Path != filepath.Join(folder, "report (2).pdf") {
		t.Fatalf("saved as %q at %q, want report (2).pdf", saved.Name, saved.Path)
	}
	wantContent(t, filepath.Join(folder, "report.pdf"), []byte("first"))
	wantContent(t, filepath.Join(folder, "report (1).pdf"), []byte("second"))
	wantContent(t, saved.Path, []byte("third"))
	wantEntries(t, folder, "report.pdf", "report (1).pdf", "report (2).pdf")
}

func TestOverwriteReplacesARegularFile(t *testing.T) {
	folder := t.TempDir()
	writeFile(t, folder, "report.pdf", "old")
	saved := receive(t, Dir{Path: folder, Overwrite: true}, "report.pdf", []byte("new"), 1202)
	if saved.Name != "report.pdf" {
		t.Fatalf("saved as %q, want report.pdf", saved.Name)
	}
	wantContent(t, saved.Path, []byte("new"))
	wantEntries(t, folder, "report.pdf")
}

func TestOverwriteNeverReplacesAFolder(t *testing.T) {
	folder := t.TempDir()
	sub := filepath.Join(folder, "report.pdf")
	if err := os.Mkdir(sub, 0o755); err != nil {
		t.Fatal(err)
	}
	writeFile(t, sub, "inside", "kept")
	saved := receive(t, Dir{Path: folder, Overwrite: true}, "report.pdf", []byte("new"), 1202)
	if saved.Name != "report (1).pdf" {
		t.Fatalf("saved as %q, want report (1).pdf beside the folder", saved.Name)
	}
	wantContent(t, filepath.Join(sub, "inside"), []byte("kept"))
	wantEntries(t, folder, "report.pdf", "report (1).pdf")
}

// TestSymlinkAtTheNameIsNotFollowed plants links under the offered name,
// to a file outside the folder and to nowhere: neither is followed nor
// replaced, with or without Overwrite.
func TestSymlinkAtTheNameIsNotFollowed(t *testing.T) {
	for _, overwrite := range []bool{false, true} {
		outside := t.TempDir()
		target := writeFile(t, outside, "precious", "do not touch")
		folder := t.TempDir()
		link := filepath.Join(folder, "report.pdf")
		dangling := filepath.Join(folder, "notes.txt")
		if err := os.Symlink(target, link); err != nil {
			t.Skipf("no symbolic links here: %v", err)
		}
		if err := os.Symlink(filepath.Join(outside, "created"), dangling); err != nil {
			t.Fatal(err)
		}
		d := Dir{Path: folder, Overwrite: overwrite}
		if saved := receive(t, d, "report.pdf", []byte("evil"), 1202); saved.Name != "report (1).pdf" {
			t.Fatalf("Overwrite %v: saved as %q, want report (1).pdf", overwrite, saved.Name)
		}
		if saved := receive(t, d, "notes.txt", []byte("evil"), 1202); saved.Name != "notes (1).txt" {
			t.Fatalf("Overwrite %v: saved as %q, want notes (1).txt", overwrite, saved.Name)
		}
		wantContent(t, target, []byte("do not touch"))
		wantEntries(t, outside, "precious")
		for path, want := range map[string]string{link: target, dangling: filepath.Join(outside, "created")} {
			if got, err := os.Readlink(path); err != nil || got != want {
				t.Fatalf("Overwrite %v: the link %s now reads %q, %v; want %q", overwrite, path, got, err, want)
			}
		}
		wantEntries(t, folder, "report.pdf", "report (1).pdf", "notes.txt", "notes (1).txt")
	}
}

// fixedRandom yields the same bytes for every temporary name until it has
// given times names, then other bytes.
type fixedRandom struct{ times int }

func (r *fixedRandom) Read(p []byte) (int, error) {
	fill := byte(0)
	if r.times <= 0 {
		fill = 0xff
	}
	r.times--
	for i := range p {
		p[i] = fill
	}
	return len(p), nil
}

// TestSymlinkAtTheTempNameIsNotFollowed plants a link under the temporary
// name Create will pick first: Create picks another and the link's target
// is untouched.
func TestSymlinkAtTheTempNameIsNotFollowed(t *testing.T) {
	outside := t.TempDir()
	target := writeFile(t, outside, "precious", "do not touch")
	folder := t.TempDir()
	first, _ := randomSuffix(&fixedRandom{times: 1})
	planted := tempName("report.pdf", first)
	if err := os.Symlink(target, filepath.Join(folder, planted)); err != nil {
		t.Skipf("no symbolic links here: %v", err)
	}
	d := Dir{Path: folder, hooks: &hooks{random: &fixedRandom{times: 1}}}
	saved := receive(t, d, "report.pdf", []byte("evil"), 1202)
	wantContent(t, target, []byte("do not touch"))
	wantContent(t, saved.Path, []byte("evil"))
	wantEntries(t, folder, planted, "report.pdf")
}

func TestNoFreeTempName(t *testing.T) {
	folder := t.TempDir()
	first, _ := randomSuffix(&fixedRandom{times: 1})
	writeFile(t, folder, tempName("a.txt", first), "")
	d := Dir{Path: folder, hooks: &hooks{random: &fixedRandom{times: tempTries + 1}}}
	if _, err := d.Create("a.txt", 1); err == nil {
		t.Fatal("Create succeeded with every temporary name taken")
	}
	wantEntries(t, folder, tempName("a.txt", first))
}

// noReplacers are the ways to move a file without replacing, one at a time.
var noReplacers = map[string]func(tmp, path string) error{
	"renameNoReplace":   renameNoReplace,
	"linkThenRemove":    linkThenRemove,
	"reserveThenRename": reserveThenRename,
}

// supported reports whether move works on this system and filesystem.
func supported(t *testing.T, move func(tmp, path string) error) bool {
	folder := t.TempDir()
	tmp := writeFile(t, folder, "tmp", "")
	return !errors.Is(move(tmp, filepath.Join(folder, "probe")), errors.ErrUnsupported)
}

// TestNameTakenJustBeforeTheMove creates a file under the final name after
// Commit chose it and before the move: each way of moving, and the chain
// of them, leaves that file alone and takes the next number.
func TestNameTakenJustBeforeTheMove(t *testing.T) {
	cases := map[string][]func(tmp, path string) error{"chain": nil}
	for name, move := range noReplacers {
		cases[name] = []func(tmp, path string) error{move}
	}
	for name, moves := range cases {
		t.Run(name, func(t *testing.T) {
			if len(moves) == 1 && !supported(t, moves[0]) {
				t.Skipf("%s is not supported here", name)
			}
			folder := t.TempDir()
			raced := false
			beforeMove := func(path string) {
				if !raced {
					raced = true
					writeFile(t, folder, filepath.Base(path), "theirs")
				}
			}
			d := Dir{Path: folder, hooks: &hooks{beforeMove: beforeMove, noReplacers: moves}}
			saved := receive(t, d, "report.pdf", []byte("ours"), 1202)
			if saved.Name != "report (1).pdf" {
				t.Fatalf("saved as %q, want report (1).pdf", saved.Name)
			}
			wantContent(t, filepath.Join(folder, "report.pdf"), []byte("theirs"))
			wantContent(t, saved.Path, []byte("ours"))
			wantEntries(t, folder, "report.pdf", "report (1).pdf")
		})
	}
}

// TestFolderTakenJustBeforeTheOverwrite makes a folder appear under the
// name between Commit's look and its rename: the folder stays.
func TestFolderTakenJustBeforeTheOverwrite(t *testing.T) {
	folder := t.TempDir()
	raced := false
	beforeMove := func(path string) {
		if !raced {
			raced = true
			if err := os.Mkdir(path, 0o755); err != nil {
				t.Fatal(err)
			}
		}
	}
	d := Dir{Path: folder, Overwrite: true, hooks: &hooks{beforeMove: beforeMove}}
	saved := receive(t, d, "report.pdf", []byte("ours"), 1202)
	if saved.Name != "report (1).pdf" {
		t.Fatalf("saved as %q, want report (1).pdf", saved.Name)
	}
	if info, err := os.Lstat(filepath.Join(folder, "report.pdf")); err != nil || !info.IsDir() {
		t.Fatalf("the folder that appeared is gone: %v", err)
	}
}

func TestAllNumbersTaken(t *testing.T) {
	folder := t.TempDir()
	taken := func(tmp, path string) error { return os.ErrExist }
	d := Dir{Path: folder, hooks: &hooks{noReplacers: []func(tmp, path string) error{taken}}}
	f, err := d.Create("a.txt", 0)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.Commit(); err == nil {
		t.Fatal("Commit succeeded with every name taken")
	}
	if len(entries(t, folder)) != 1 {
		t.Fatalf("after a failed Commit the folder holds %q, want the temporary file", entries(t, folder))
	}
	f.Abort()
	wantEntries(t, folder)
}

func TestUnsupportedMovesFallBack(t *testing.T) {
	unsupported := func(tmp, path string) error { return errors.ErrUnsupported }
	folder := t.TempDir()
	writeFile(t, folder, "a.txt", "theirs")
	d := Dir{Path: folder, hooks: &hooks{noReplacers: []func(tmp, path string) error{unsupported, reserveThenRename}}}
	if saved := receive(t, d, "a.txt", []byte("ours"), 1202); saved.Name != "a (1).txt" {
		t.Fatalf("saved as %q, want a (1).txt", saved.Name)
	}
	wantContent(t, filepath.Join(folder, "a.txt"), []byte("theirs"))

	d.hooks.noReplacers = []func(tmp, path string) error{unsupported, unsupported}
	f, err := d.Create("b.txt", 0)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Abort()
	if _, err := f.Commit(); !errors.Is(err, errors.ErrUnsupported) {
		t.Fatalf("Commit with no way to move: %v, want ErrUnsupported", err)
	}
}

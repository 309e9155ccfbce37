package transcript

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"
)

// copiedCaptures are the captures testdata/ holds, as paths under
// ../shared/reference and under testdata/ alike.
var copiedCaptures = []string{"escargot/soap", "escargot/transcripts", "libpurple-p2p/file-transfer.txt"}

// sharedReference returns ../shared/reference beside the module root (or
// $MSN_SHARED/reference), and false when there is none.
func sharedReference(t *testing.T) (string, bool) {
	t.Helper()
	shared := os.Getenv("MSN_SHARED")
	if shared == "" {
		root, err := Root()
		if err != nil {
			t.Fatal(err)
		}
		shared = filepath.Join(root, "..", "shared")
	}
	ref := filepath.Join(shared, "reference")
	st, err := os.Stat(ref)
	return ref, err == nil && st.IsDir()
}

// readTree reads every file of the copied captures under base, keyed by
// slash-separated path relative to base. A capture that is absent has no
// files.
func readTree(t *testing.T, base string) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	for _, top := range copiedCaptures {
		err := filepath.WalkDir(filepath.Join(base, top), func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			b, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			rel, _ := filepath.Rel(base, p)
			out[filepath.ToSlash(rel)] = b
			return nil
		})
		if err != nil && !os.IsNotExist(err) {
			t.Fatal(err)
		}
	}
	return out
}

// treeDifferences says how copy differs from source, one line per file,
// sorted.
func treeDifferences(source, copy map[string][]byte) []string {
	var out []string
	for name, b := range source {
		c, ok := copy[name]
		switch {
		case !ok:
			out = append(out, name+": in ../shared/reference, missing from testdata/")
		case !bytes.Equal(b, c):
			out = append(out, name+": testdata/ differs from ../shared/reference")
		}
	}
	for name := range copy {
		if _, ok := source[name]; !ok {
			out = append(out, name+": in testdata/, gone from ../shared/reference")
		}
	}
	sort.Strings(out)
	return out
}

// The copies in testdata/ equal the captures in ../shared, the source of
// truth, whenever ../shared is there to compare with.
func TestTestdataMatchesShared(t *testing.T) {
	ref, ok := sharedReference(t)
	if !ok {
		t.Skipf("no %s to compare testdata/ with", ref)
	}
	source := readTree(t, ref)
	if len(source) == 0 {
		t.Fatalf("%s holds none of %s", ref, strings.Join(copiedCaptures, ", "))
	}
	root, err := Root()
	if err != nil {
		t.Fatal(err)
	}
	if diff := treeDifferences(source, readTree(t, filepath.Join(root, "testdata"))); len(diff) > 0 {
		t.Errorf("testdata/ is stale; copy the captures again (testdata/README.md says how):\n%s", strings.Join(diff, "\n"))
	}
}

func TestTreeDifferences(t *testing.T) {
	source := map[string][]byte{"a": []byte("1"), "b": []byte("2\r\n"), "c": []byte("3")}
	copy := map[string][]byte{"a": []byte("1"), "b": []byte("2\n"), "d": []byte("4")}
	want := []string{
		"b: testdata/ differs from ../shared/reference",
		"c: in ../shared/reference, missing from testdata/",
		"d: in testdata/, gone from ../shared/reference",
	}
	if got := treeDifferences(source, copy); !reflect.DeepEqual(got, want) {
		t.Errorf("got %q\nwant %q", got, want)
	}
	if got := treeDifferences(source, source); got != nil {
		t.Errorf("a tree differs from itself: %q", got)
	}
}

// Every copied capture is in testdata/ and readable through the package,
// whether or not ../shared is beside the repository.
func TestCapturesInTestdata(t *testing.T) {
	for _, rel := range copiedCaptures {
		if _, err := SharedPath("reference/" + rel); err != nil {
			t.Error(err)
		}
	}
	if lines := Transcript(t, "c_oim.txt"); len(MSNP(lines)) == 0 {
		t.Error("c_oim.txt has no MSNP lines")
	}
	if b := Capture(t, "soap/msnp12-login/01-RST.srf.request.xml"); !bytes.HasPrefix(b, []byte("<")) {
		t.Errorf("the captured request still starts with its header block: %.40q", b)
	}
}

// A capture that is not there is an error naming it, never an empty
// result a test could take for "nothing to check".
func TestMissingCaptureIsAnError(t *testing.T) {
	if _, err := ReadCapture("soap/no-such-session/01.xml"); err == nil || !strings.Contains(err.Error(), "no-such-session") {
		t.Errorf("ReadCapture of a missing file: %v", err)
	}
	if _, err := Testdata("escargot/no-such-dir"); err == nil || !strings.Contains(err.Error(), "testdata/escargot/no-such-dir") {
		t.Errorf("Testdata of a missing dir: %v", err)
	}
	if _, err := SharedPath("seed/protocol.md"); err == nil {
		t.Error("SharedPath accepted a path outside reference/")
	}
}

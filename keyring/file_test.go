package keyring

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"
	"testing"
)

// credPath returns a credentials path in a directory that does not exist yet.
func credPath(t *testing.T) string {
	return filepath.Join(t.TempDir(), "msn", "credentials.json")
}

// fileContent reads the credentials file as the store wrote it.
func fileContent(t *testing.T, path string) credentials {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var c credentials
	if err := json.Unmarshal(data, &c); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return c
}

func TestFileStore(t *testing.T) {
	path := credPath(t)
	s := NewFile(path)
	if s.Name() != "file "+path {
		t.Errorf("Name() = %q", s.Name())
	}
	exerciseStore(t, s)
}

func TestFileModes(t *testing.T) {
	path := credPath(t)
	if err := NewFile(path).Set("alice@example.com", ItemPassword, "p"); err != nil {
		t.Fatal(err)
	}
	for p, want := range map[string]os.FileMode{path: 0o600, filepath.Dir(path): 0o700 | os.ModeDir} {
		fi, err := os.Stat(p)
		if err != nil {
			t.Fatal(err)
		}
		if fi.Mode() != want {
			t.Errorf("%s: mode %v, want %v", p, fi.Mode(), want)
		}
	}
}

func TestFileRefusesOpenModes(t *testing.T) {
	for _, tc := range []struct {
		mode os.FileMode
		what string
	}{{0o644, "readable by others"}, {0o640, "readable by others"}, {0o620, "writable by others"}, {0o604, "readable by others"}} {
		t.Run(fmt.Sprintf("%04o", tc.mode), func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "credentials.json")
			if err := os.WriteFile(path, []byte(`{"alice@example.com":{"password":"p"}}`), 0o600); err != nil {
				t.Fatal(err)
			}
			if err := os.Chmod(path, tc.mode); err != nil { // not subject to the umask
				t.Fatal(err)
			}
			s := NewFile(path)
			_, getErr := s.Get("alice@example.com", ItemPassword)
			setErr := s.Set("bob@example.com", ItemPassword, "q")
			delErr := s.Delete("alice@example.com", ItemPassword)
			for _, err := range []error{getErr, setErr, delErr} {
				if err == nil {
					t.Fatal("a file open to others was used")
				}
				msg := err.Error()
				if !strings.HasPrefix(msg, "keyring: ") || !strings.Contains(msg, tc.what) || !strings.Contains(msg, "chmod 600 "+path) {
					t.Errorf("err = %q, want it to say %q and chmod 600 %s", msg, tc.what, path)
				}
			}
			if fi, _ := os.Stat(path); fi.Mode().Perm() != tc.mode {
				t.Errorf("the refused file was changed to %v", fi.Mode())
			}
		})
	}
}

func TestFileNoTempFilesLeft(t *testing.T) {
	path := credPath(t)
	s := NewFile(path)
	for i := range 20 {
		if err := s.Set(fmt.Sprintf("u%d@example.com", i), ItemPassword, "p"); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.Delete("u0@example.com", ItemPassword); err != nil {
		t.Fatal(err)
	}
	_ = s.Delete("u0@example.com", ItemPassword) // ErrNotFound: nothing written
	entries, err := os.ReadDir(filepath.Dir(path))
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	if got, want := strings.Join(names, " "), "credentials.json credentials.json.lock"; got != want {
		t.Errorf("directory holds %q, want %q", got, want)
	}
}

func TestFileDeleteLastItemRemovesAccount(t *testing.T) {
	path := credPath(t)
	s := NewFile(path)
	if err := s.Set("alice@example.com", ItemPassword, "p"); err != nil {
		t.Fatal(err)
	}
	if err := s.Set("alice@example.com", ItemTickets, "t"); err != nil {
		t.Fatal(err)
	}
	if err := s.Set("bob@example.com", ItemPassword, "q"); err != nil {
		t.Fatal(err)
	}
	if err := s.Delete("alice@example.com", ItemPassword); err != nil {
		t.Fatal(err)
	}
	if _, ok := fileContent(t, path)["alice@example.com"]; !ok {
		t.Fatal("account removed while it still had tickets")
	}
	if err := s.Delete("alice@example.com", ItemTickets); err != nil {
		t.Fatal(err)
	}
	c := fileContent(t, path)
	if _, ok := c["alice@example.com"]; ok || len(c) != 1 {
		t.Errorf("after deleting alice's last item the file holds accounts %v", keys(c))
	}
	if err := s.Delete("alice@example.com", ItemTickets); !errors.Is(err, ErrNotFound) {
		t.Errorf("Delete of a missing item = %v, want ErrNotFound", err)
	}
}

func TestFileMissing(t *testing.T) {
	path := credPath(t)
	s := NewFile(path)
	wantNotFound(t, s, "alice@example.com", ItemPassword)
	if err := s.Delete("alice@example.com", ItemPassword); !errors.Is(err, ErrNotFound) {
		t.Errorf("Delete = %v, want ErrNotFound", err)
	}
	if _, err := os.Stat(path); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("a failed Delete created the file: %v", err)
	}
}

func TestFileCorrupt(t *testing.T) {
	for name, content := range map[string]string{
		"truncated":   `{"alice@example.com": {"password": "hunter2`,
		"wrong shape": `{"alice@example.com": "hunter2"}`,
		"not json":    `hunter2`,
	} {
		t.Run(name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "credentials.json")
			if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
				t.Fatal(err)
			}
			s := NewFile(path)
			_, err := s.Get("alice@example.com", ItemPassword)
			if err == nil || !strings.HasPrefix(err.Error(), "keyring: "+path) {
				t.Fatalf("Get = %v, want an error naming the file", err)
			}
			if strings.Contains(err.Error(), "hunter") {
				t.Errorf("err = %q quotes the file", err)
			}
			if err := s.Set("bob@example.com", ItemPassword, "q"); err == nil {
				t.Error("Set overwrote a corrupt file")
			}
		})
	}
}

func TestFileEmptyOrNull(t *testing.T) {
	for _, content := range []string{"", "null", "{}"} {
		path := filepath.Join(t.TempDir(), "credentials.json")
		if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
		s := NewFile(path)
		wantNotFound(t, s, "alice@example.com", ItemPassword)
		if err := s.Set("alice@example.com", ItemPassword, "p"); err != nil {
			t.Fatalf("content %q: %v", content, err)
		}
		wantSecret(t, s, "alice@example.com", ItemPassword, "p")
	}
}

func TestFileNotRegular(t *testing.T) {
	path := filepath.Join(t.TempDir(), "credentials.json")
	if err := os.Mkdir(path, 0o700); err != nil {
		t.Fatal(err)
	}
	if _, err := NewFile(path).Get("alice@example.com", ItemPassword); err == nil || !strings.Contains(err.Error(), "not a regular file") {
		t.Errorf("Get = %v, want not a regular file", err)
	}
}

// concurrentAccount is the account writer g uses in the concurrency tests.
func concurrentAccount(g int) string { return fmt.Sprintf("writer%d@example.com", g) }

// writeMany sets both items of account n times, each through a new store on
// path, as separate runs of msn would.
func writeMany(path, account string, n int) error {
	for i := range n {
		s := NewFile(path)
		if err := s.Set(account, ItemPassword, fmt.Sprintf("%s-%d", account, i)); err != nil {
			return err
		}
		if err := s.Set(account, ItemTickets, fmt.Sprintf("tickets-%s-%d", account, i)); err != nil {
			return err
		}
	}
	return nil
}

// checkWriters fails unless every writer's last values are in the file.
func checkWriters(t *testing.T, path string, writers, n int) {
	t.Helper()
	s := NewFile(path)
	for g := range writers {
		a := concurrentAccount(g)
		wantSecret(t, s, a, ItemPassword, fmt.Sprintf("%s-%d", a, n-1))
		wantSecret(t, s, a, ItemTickets, fmt.Sprintf("tickets-%s-%d", a, n-1))
	}
	if c := fileContent(t, path); len(c) != writers {
		t.Errorf("file holds %d accounts, want %d", len(c), writers)
	}
}

func TestFileConcurrentGoroutines(t *testing.T) {
	const writers, n = 8, 50
	path := credPath(t)
	var wg sync.WaitGroup
	for g := range writers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := writeMany(path, concurrentAccount(g), n); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	checkWriters(t, path, writers, n)
}

func TestFileConcurrentProcesses(t *testing.T) {
	if runtime.GOOS != "linux" && runtime.GOOS != "darwin" {
		t.Skipf("flock is not used on %s", runtime.GOOS)
	}
	const writers, n = 4, 50
	path := credPath(t)
	runWriterProcesses(t, "TestFileHelperProcess", writers, func(g int) []string {
		return []string{"MSN_KEYRING_HELPER_PATH=" + path, "MSN_KEYRING_HELPER_ACCOUNT=" + concurrentAccount(g),
			fmt.Sprintf("MSN_KEYRING_HELPER_N=%d", n)}
	})
	checkWriters(t, path, writers, n)
}

// TestFileHelperProcess is a writer process of TestFileConcurrentProcesses;
// run directly it does nothing.
func TestFileHelperProcess(t *testing.T) {
	path := os.Getenv("MSN_KEYRING_HELPER_PATH")
	if path == "" {
		t.Skip("helper process of TestFileConcurrentProcesses")
	}
	var n int
	fmt.Sscan(os.Getenv("MSN_KEYRING_HELPER_N"), &n)
	if err := writeMany(path, os.Getenv("MSN_KEYRING_HELPER_ACCOUNT"), n); err != nil {
		t.Fatal(err)
	}
}

func keys(c credentials) []string {
	var k []string
	for a := range c {
		k = append(k, a)
	}
	sort.Strings(k)
	return k
}

func TestDefaultFilePath(t *testing.T) {
	t.Setenv("XDG_CONFIG_HOME", "/xdg/config")
	got, err := DefaultFilePath()
	if err != nil || got != filepath.Join("/xdg/config", "msn", "credentials.json") {
		t.Errorf("DefaultFilePath() = %q, %v", got, err)
	}

	t.Setenv("XDG_CONFIG_HOME", "")
	t.Setenv("HOME", "/home/tester")
	dir, err := os.UserConfigDir()
	if err != nil {
		t.Skipf("no user config dir here: %v", err)
	}
	got, err = DefaultFilePath()
	if err != nil || got != filepath.Join(dir, "msn", "credentials.json") {
		t.Errorf("DefaultFilePath() = %q, %v; want it under %s", got, err, dir)
	}
}

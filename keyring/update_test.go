package keyring

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"sync"
	"testing"
	"time"

	gokeyring "github.com/zalando/go-keyring"
)

// The concurrency tests below have every writer add its own entries to one
// item, a JSON object, as concurrent logins add their tickets to the cache.
const sharedAccount = "alice@example.com"

// addEntry returns the change of Update that adds key to the JSON object.
func addEntry(key string) func(string, bool) (string, error) {
	return func(old string, found bool) (string, error) {
		m := map[string]bool{}
		if found {
			if err := json.Unmarshal([]byte(old), &m); err != nil {
				return "", err
			}
		}
		m[key] = true
		b, err := json.Marshal(m)
		return string(b), err
	}
}

// addEntries makes n updates as writer w, each through a new store from
// open, as separate runs of msn would.
func addEntries(open func() Store, w, n int) error {
	for i := range n {
		if err := open().Update(sharedAccount, ItemTickets, addEntry(fmt.Sprintf("w%d-%d", w, i))); err != nil {
			return err
		}
	}
	return nil
}

// wantEntries fails unless the item holds every writer's n entries.
func wantEntries(t *testing.T, s Store, writers, n int) {
	t.Helper()
	raw, err := s.Get(sharedAccount, ItemTickets)
	if err != nil {
		t.Fatal(err)
	}
	m := map[string]bool{}
	if err := json.Unmarshal([]byte(raw), &m); err != nil {
		t.Fatal(err)
	}
	if len(m) != writers*n {
		t.Fatalf("%d entries, want %d: concurrent updates were lost", len(m), writers*n)
	}
}

// fileBackend is a go-keyring stand-in that several processes share: one
// JSON file, each call atomic, nothing spanning two calls (as the Secret
// Service behaves).
type fileBackend struct{ path string }

func (b fileBackend) load() (map[string]string, error) {
	m := map[string]string{}
	data, err := readSmallFile(b.path, nil)
	if err != nil || len(data) == 0 {
		return m, err
	}
	return m, json.Unmarshal(data, &m)
}

func (b fileBackend) Get(service, user string) (string, error) {
	m, err := b.load()
	if err != nil {
		return "", err
	}
	v, ok := m[service+"/"+user]
	if !ok {
		return "", gokeyring.ErrNotFound
	}
	return v, nil
}

func (b fileBackend) Set(service, user, secret string) error {
	m, err := b.load()
	if err != nil {
		return err
	}
	m[service+"/"+user] = secret
	data, _ := json.Marshal(m)
	return writeAtomic(b.path, data)
}

func (b fileBackend) Delete(service, user string) error { return errors.New("not used") }

// sharedSystem is a system store over fileBackend in dir, locking
// dir/keyring.lock as NewSystem's does.
func sharedSystem(dir string) Store {
	return &systemStore{name: "shared", what: "shared file", timeout: time.Minute,
		kr: fileBackend{filepath.Join(dir, "keyring.json")}, lockPath: filepath.Join(dir, "keyring.lock")}
}

// storeKinds opens each kind of store over dir, as a writer would.
var storeKinds = map[string]func(dir string) Store{
	"file":   func(dir string) Store { return NewFile(filepath.Join(dir, "credentials.json")) },
	"system": sharedSystem,
}

func TestUpdate(t *testing.T) {
	for kind, open := range storeKinds {
		t.Run(kind, func(t *testing.T) {
			s := open(t.TempDir())
			var sawOld string
			var sawFound bool
			record := func(v string) func(string, bool) (string, error) {
				return func(old string, found bool) (string, error) {
					sawOld, sawFound = old, found
					return v, nil
				}
			}
			if err := s.Update(sharedAccount, ItemTickets, record("one")); err != nil || sawFound || sawOld != "" {
				t.Fatalf("first Update: err %v, change saw found=%v", err, sawFound)
			}
			if err := s.Update(sharedAccount, ItemTickets, record("two")); err != nil || !sawFound || sawOld != "one" {
				t.Fatalf("second Update: err %v, change saw found=%v and %d bytes", err, sawFound, len(sawOld))
			}
			refused := errors.New("refused")
			err := s.Update(sharedAccount, ItemTickets, func(string, bool) (string, error) { return "three", refused })
			if err != refused {
				t.Fatalf("Update = %v, want change's error itself", err)
			}
			wantSecret(t, s, sharedAccount, ItemTickets, "two")
			if err := s.Update("", ItemTickets, record("x")); err == nil {
				t.Error("Update with no account succeeded")
			}
		})
	}
	// Mock's store locks within the process.
	m := Mock()
	if err := m.Update(sharedAccount, ItemPassword, addEntry("a")); err != nil {
		t.Fatal(err)
	}
	wantSecret(t, m, sharedAccount, ItemPassword, `{"a":true}`)
}

func TestUpdateConcurrentGoroutines(t *testing.T) {
	const writers, n = 8, 25
	mock := Mock()
	kinds := map[string]func(string) Store{"mock": func(string) Store { return mock }}
	for k, v := range storeKinds {
		kinds[k] = v
	}
	for kind, open := range kinds {
		t.Run(kind, func(t *testing.T) {
			dir := t.TempDir()
			var wg sync.WaitGroup
			for w := range writers {
				wg.Add(1)
				go func() {
					defer wg.Done()
					if err := addEntries(func() Store { return open(dir) }, w, n); err != nil {
						t.Error(err)
					}
				}()
			}
			wg.Wait()
			wantEntries(t, open(dir), writers, n)
		})
	}
}

func TestUpdateConcurrentProcesses(t *testing.T) {
	if runtime.GOOS != "linux" && runtime.GOOS != "darwin" {
		t.Skipf("the file lock is not tested on %s", runtime.GOOS)
	}
	const writers, n = 4, 25
	for kind, open := range storeKinds {
		t.Run(kind, func(t *testing.T) {
			dir := t.TempDir()
			runWriterProcesses(t, "TestUpdateHelperProcess", writers, func(w int) []string {
				return []string{"MSN_KEYRING_UPDATE_KIND=" + kind, "MSN_KEYRING_UPDATE_DIR=" + dir,
					fmt.Sprintf("MSN_KEYRING_UPDATE_WRITER=%d", w), fmt.Sprintf("MSN_KEYRING_UPDATE_N=%d", n)}
			})
			wantEntries(t, open(dir), writers, n)
		})
	}
}

// TestUpdateHelperProcess is a writer process of
// TestUpdateConcurrentProcesses; run directly it does nothing.
func TestUpdateHelperProcess(t *testing.T) {
	kind := os.Getenv("MSN_KEYRING_UPDATE_KIND")
	if kind == "" {
		t.Skip("helper process of TestUpdateConcurrentProcesses")
	}
	dir := os.Getenv("MSN_KEYRING_UPDATE_DIR")
	var w, n int
	fmt.Sscan(os.Getenv("MSN_KEYRING_UPDATE_WRITER"), &w)
	fmt.Sscan(os.Getenv("MSN_KEYRING_UPDATE_N"), &n)
	if err := addEntries(func() Store { return storeKinds[kind](dir) }, w, n); err != nil {
		t.Fatal(err)
	}
}

// TestUpdateFile: the account index's read-modify-write, from goroutines,
// leaves a 0600 file holding every writer's change and no temporary file.
func TestUpdateFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "msn", "accounts.json")
	const writers = 16
	var wg sync.WaitGroup
	for w := range writers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			err := UpdateFile(path, func(old []byte) ([]byte, error) {
				var list []int
				if old != nil {
					if err := json.Unmarshal(old, &list); err != nil {
						return nil, err
					}
				}
				return json.Marshal(append(list, w))
			})
			if err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	var list []int
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(data, &list); err != nil || len(list) != writers {
		t.Fatalf("file holds %s, want %d entries", data, writers)
	}
	if fi, _ := os.Stat(path); fi.Mode().Perm() != 0o600 {
		t.Errorf("mode %v, want 0600", fi.Mode().Perm())
	}
	entries, _ := os.ReadDir(filepath.Dir(path))
	if len(entries) != 2 { // the file and its lock
		t.Errorf("directory holds %d entries, want accounts.json and accounts.json.lock", len(entries))
	}
	refused := errors.New("refused")
	if err := UpdateFile(path, func([]byte) ([]byte, error) { return []byte("x"), refused }); err != refused {
		t.Errorf("UpdateFile = %v, want change's error", err)
	}
	if again, _ := os.ReadFile(path); string(again) != string(data) {
		t.Error("a failed change was written")
	}
}

package keyring

import (
	"sync"
	"sync/atomic"

	gokeyring "github.com/zalando/go-keyring"
)

var (
	// mockMu serialises calls to go-keyring's mock provider, which has no
	// lock of its own.
	mockMu sync.Mutex
	// mockInstalled records that go-keyring's provider is the mock for the
	// rest of the process.
	mockInstalled atomic.Bool
)

// Mock returns a system store backed by go-keyring's in-memory mock
// (go-keyring's MockInit), for other packages' tests. It is for tests only:
// MockInit replaces go-keyring's global provider, so from then on every
// go-keyring call in the process, including those of stores made by
// NewSystem, goes to the mock, and each call of Mock starts a new, empty
// mock. The store needs no session bus, never blocks, and is safe for
// concurrent use; stores from NewSystem sharing the mock are not serialised
// with it.
func Mock() Store {
	mockMu.Lock()
	gokeyring.MockInit()
	mockInstalled.Store(true)
	mockMu.Unlock()
	return &systemStore{
		name:    "mock keyring (in-memory)",
		what:    "mock keyring",
		timeout: DefaultTimeout,
		kr:      lockedBackend{&mockMu, goKeyring{}},
	}
}

// lockedBackend calls b with mu held.
type lockedBackend struct {
	mu *sync.Mutex
	b  backend
}

func (l lockedBackend) Get(service, user string) (string, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Get(service, user)
}

func (l lockedBackend) Set(service, user, secret string) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Set(service, user, secret)
}

func (l lockedBackend) Delete(service, user string) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Delete(service, user)
}

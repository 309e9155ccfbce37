package keyring

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"time"

	gokeyring "github.com/zalando/go-keyring"
)

// DefaultTimeout bounds each system keyring call when NewSystem is given a
// timeout of zero or less.
const DefaultTimeout = 10 * time.Second

// The go-keyring service names; the user is the account.
const (
	servicePassword = "msn"
	serviceTickets  = "msn-tickets"
)

// backend is the part of go-keyring the system store calls. Tests replace it
// to count or block calls.
type backend interface {
	Get(service, user string) (string, error)
	Set(service, user, secret string) error
	Delete(service, user string) error
}

// goKeyring is the real backend: go-keyring's global provider.
type goKeyring struct{}

func (goKeyring) Get(service, user string) (string, error) { return gokeyring.Get(service, user) }
func (goKeyring) Set(service, user, secret string) error   { return gokeyring.Set(service, user, secret) }
func (goKeyring) Delete(service, user string) error        { return gokeyring.Delete(service, user) }

// systemStore is the Store of NewSystem and Mock.
type systemStore struct {
	name    string        // Name()
	what    string        // the backend, in unavailable errors
	timeout time.Duration // per call
	needBus bool          // check for a session bus before each call
	env     busEnv        // where the bus check looks
	kr      backend
	// lockPath is the file Update locks for every process; "" locks for
	// this process only.
	lockPath string
}

// NewSystem returns the OS keyring store: the Secret Service on Linux and the
// BSDs, the Keychain on macOS, the Credential Manager on Windows. The
// password is kept under the service "msn" and the tickets under
// "msn-tickets", both with the account as the user name.
//
// On Linux and the BSDs each call first checks for a D-Bus session bus (see
// the package documentation) and returns an error matching ErrUnavailable,
// without calling go-keyring, when there is none. If DBUS_SESSION_BUS_ADDRESS
// is unset and the bus was found at $XDG_RUNTIME_DIR/bus, the check sets
// DBUS_SESSION_BUS_ADDRESS to it for the process, so that the D-Bus library
// uses that socket instead of starting a bus of its own.
//
// Each call blocks for at most timeout (DefaultTimeout when timeout <= 0)
// and then returns an error matching ErrUnavailable. The backend call runs
// in its own goroutine, which cannot be cancelled: after a timeout it may
// outlive the call, still blocked in D-Bus, until the backend answers or the
// process exits, and a timed-out Set or Delete may still take effect later.
//
// The keyring has no lock of its own, so Update locks the file keyring.lock
// beside the file store (see DefaultFilePath), creating it and its directory
// when missing.
func NewSystem(timeout time.Duration) Store {
	if timeout <= 0 {
		timeout = DefaultTimeout
	}
	name, what, needBus := systemBackend(runtime.GOOS)
	return &systemStore{
		name:     name,
		what:     what,
		timeout:  timeout,
		needBus:  needBus,
		env:      osEnv(),
		kr:       goKeyring{},
		lockPath: systemLockPath(),
	}
}

// systemLockPath is the lock file of the system store's Update, beside the
// file store: the keyring itself has no lock. "" when there is no
// configuration directory.
func systemLockPath() string {
	p, err := DefaultFilePath()
	if err != nil {
		return ""
	}
	return filepath.Join(filepath.Dir(p), "keyring.lock")
}

// systemBackend describes go-keyring's backend on goos: the store's name,
// the backend's name, and whether it talks over the D-Bus session bus.
func systemBackend(goos string) (name, what string, needBus bool) {
	switch goos {
	case "linux", "freebsd", "openbsd", "netbsd", "dragonfly":
		return "system keyring (Secret Service)", "Secret Service", true
	case "darwin":
		return "system keyring (macOS Keychain)", "Keychain", false
	case "windows":
		return "system keyring (Windows Credential Manager)", "Credential Manager", false
	}
	return "system keyring", "keyring", false
}

// service maps an item to its go-keyring service name.
func service(item string) string {
	if item == ItemTickets {
		return serviceTickets
	}
	return servicePassword
}

// Name implements Store.
func (s *systemStore) Name() string { return s.name }

// Get implements Store. It blocks for at most the store's timeout.
func (s *systemStore) Get(account, item string) (string, error) {
	if err := checkKey(account, item); err != nil {
		return "", err
	}
	return s.call(func() (string, error) { return s.kr.Get(service(item), account) })
}

// Set implements Store. It blocks for at most the store's timeout.
func (s *systemStore) Set(account, item, secret string) error {
	if err := checkKey(account, item); err != nil {
		return err
	}
	_, err := s.call(func() (string, error) { return "", s.kr.Set(service(item), account, secret) })
	return err
}

// Delete implements Store. It blocks for at most the store's timeout.
func (s *systemStore) Delete(account, item string) error {
	if err := checkKey(account, item); err != nil {
		return err
	}
	_, err := s.call(func() (string, error) { return "", s.kr.Delete(service(item), account) })
	return err
}

// Update implements Store: a Get and a Set under a lock file (see
// NewSystem). It blocks while another Update holds the lock, for at most
// three times the store's timeout, and then for at most the timeout per
// call.
func (s *systemStore) Update(account, item string, change func(old string, found bool) (string, error)) error {
	if err := checkKey(account, item); err != nil {
		return err
	}
	unlock, err := s.lock()
	if err != nil {
		return err
	}
	defer unlock()
	old, err := s.Get(account, item)
	if err != nil && !errors.Is(err, ErrNotFound) {
		return err
	}
	secret, err := change(old, err == nil)
	if err != nil {
		return err
	}
	return s.Set(account, item, secret)
}

// lock takes the lock of Update. Its holder makes at most two calls, each
// bounded by the timeout.
func (s *systemStore) lock() (unlock func(), err error) {
	deadline := time.Now().Add(3 * s.timeout)
	if s.lockPath == "" {
		return lockProcess(s.name, deadline)
	}
	if err := os.MkdirAll(filepath.Dir(s.lockPath), 0o700); err != nil {
		return nil, fmt.Errorf("keyring: %w", err)
	}
	return lockFile(s.lockPath, time.Until(deadline))
}

// call runs op after the bus check, in a goroutine bounded by the timeout,
// and maps go-keyring's errors to this package's.
func (s *systemStore) call(op func() (string, error)) (string, error) {
	if s.needBus {
		if err := s.env.checkSessionBus(); err != nil {
			return "", err
		}
	}
	type result struct {
		v   string
		err error
	}
	done := make(chan result, 1) // buffered: a timed-out goroutine still finishes
	go func() {
		var r result
		defer func() {
			if recover() != nil {
				// The panic value is dropped: it could hold anything.
				r = result{err: errBackendPanic}
			}
			done <- r
		}()
		r.v, r.err = op()
	}()
	timer := time.NewTimer(s.timeout)
	defer timer.Stop()
	select {
	case r := <-done:
		return r.v, s.mapError(r.err)
	case <-timer.C:
		return "", unavailable(fmt.Sprintf("%s timed out after %s", s.what, s.timeout), nil)
	}
}

var errBackendPanic = errors.New("go-keyring panicked")

// mapError turns a go-keyring error into ErrNotFound or an unavailable error.
func (s *systemStore) mapError(err error) error {
	switch {
	case err == nil:
		return nil
	case errors.Is(err, gokeyring.ErrNotFound):
		return ErrNotFound
	case errors.Is(err, gokeyring.ErrSetDataTooBig):
		return unavailable(fmt.Sprintf("secret too large for the %s", s.what), err)
	case strings.Contains(err.Error(), "failed to unlock"):
		// go-keyring's error when the unlock prompt was dismissed or could
		// not be shown (no display).
		return unavailable(fmt.Sprintf("%s: the keyring is locked", s.what), err)
	}
	// go-keyring's and D-Bus's errors name the failure (a locked
	// collection, no Secret Service on the bus...) and never the secret.
	return unavailable(s.what, err)
}

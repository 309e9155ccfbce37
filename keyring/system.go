package keyring

import (
	"errors"
	"fmt"
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
func NewSystem(timeout time.Duration) Store {
	if timeout <= 0 {
		timeout = DefaultTimeout
	}
	name, what, needBus := systemBackend(runtime.GOOS)
	return &systemStore{
		name:    name,
		what:    what,
		timeout: timeout,
		needBus: needBus,
		env:     osEnv(),
		kr:      goKeyring{},
	}
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

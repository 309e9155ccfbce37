package keyring

import (
	"errors"
	"net"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	gokeyring "github.com/zalando/go-keyring"
)

// countingBackend answers every call with err and counts the calls.
type countingBackend struct {
	calls atomic.Int32
	err   error
}

func (c *countingBackend) Get(service, user string) (string, error) {
	c.calls.Add(1)
	return "", c.err
}

func (c *countingBackend) Set(service, user, secret string) error {
	c.calls.Add(1)
	return c.err
}

func (c *countingBackend) Delete(service, user string) error {
	c.calls.Add(1)
	return c.err
}

// fakeEnv is a busEnv over a map, with a real stat and a recorded setenv.
type fakeEnv struct {
	vars map[string]string
	set  map[string]string
}

func (f *fakeEnv) busEnv() busEnv {
	f.set = map[string]string{}
	return busEnv{
		getenv: func(k string) string { return f.vars[k] },
		stat:   os.Stat,
		setenv: func(k, v string) error { f.set[k] = v; return nil },
	}
}

// testSystem returns a system store that requires a bus and looks in env.
func testSystem(kr backend, env busEnv, timeout time.Duration) *systemStore {
	return &systemStore{name: "test", what: "Secret Service", timeout: timeout, needBus: true, env: env, kr: kr}
}

// wantUnavailable fails unless err matches ErrUnavailable, says why (reason)
// and names every alternative.
func wantUnavailable(t *testing.T, err error, reason string) {
	t.Helper()
	if !errors.Is(err, ErrUnavailable) {
		t.Fatalf("err = %v, want ErrUnavailable", err)
	}
	msg := err.Error()
	if !strings.HasPrefix(msg, "keyring: ") || !strings.Contains(msg, reason) {
		t.Errorf("err = %q, want a keyring: error containing %q", msg, reason)
	}
	for _, alt := range []string{"MSN_PASSWORD", "--password-stdin", "--password-file", "--password-command", "msn login --insecure-storage"} {
		if !strings.Contains(msg, alt) {
			t.Errorf("err = %q does not name %s", msg, alt)
		}
	}
}

func TestNoSessionBus(t *testing.T) {
	sock := filepath.Join(t.TempDir(), "bus")
	if err := os.WriteFile(sock, nil, 0o600); err != nil { // a file, not a socket
		t.Fatal(err)
	}
	for name, vars := range map[string]map[string]string{
		"empty":               {},
		"autolaunch":          {"DBUS_SESSION_BUS_ADDRESS": "autolaunch:"},
		"runtime dir, no bus": {"XDG_RUNTIME_DIR": t.TempDir()},
		"bus is not a socket": {"XDG_RUNTIME_DIR": filepath.Dir(sock)},
		"relative runtime":    {"XDG_RUNTIME_DIR": "run"},
	} {
		t.Run(name, func(t *testing.T) {
			kr := &countingBackend{}
			env := &fakeEnv{vars: vars}
			s := testSystem(kr, env.busEnv(), time.Hour)
			_, err := s.Get("alice@example.com", ItemPassword)
			wantUnavailable(t, err, "no D-Bus session bus")
			wantUnavailable(t, s.Set("alice@example.com", ItemTickets, "x"), "no D-Bus session bus")
			wantUnavailable(t, s.Delete("alice@example.com", ItemPassword), "no D-Bus session bus")
			if n := kr.calls.Load(); n != 0 {
				t.Errorf("go-keyring was called %d times without a session bus", n)
			}
			if len(env.set) != 0 {
				t.Errorf("environment changed: %v", env.set)
			}
		})
	}
}

func TestNoSessionBusSkipsGoKeyring(t *testing.T) {
	// go-keyring's mock holds the password; a store that finds no bus must
	// not reach it.
	if err := Mock().Set("alice@example.com", ItemPassword, "in-the-mock"); err != nil {
		t.Fatal(err)
	}
	env := &fakeEnv{vars: map[string]string{}}
	s := testSystem(goKeyring{}, env.busEnv(), time.Hour)
	got, err := s.Get("alice@example.com", ItemPassword)
	if got != "" {
		t.Fatal("Get returned the mock's secret without a session bus")
	}
	wantUnavailable(t, err, "no D-Bus session bus")
}

func TestSessionBusFromAddress(t *testing.T) {
	kr := &countingBackend{err: gokeyring.ErrNotFound}
	env := &fakeEnv{vars: map[string]string{"DBUS_SESSION_BUS_ADDRESS": "unix:path=/nonexistent/bus"}}
	s := testSystem(kr, env.busEnv(), time.Hour)
	if _, err := s.Get("alice@example.com", ItemPassword); !errors.Is(err, ErrNotFound) {
		t.Fatalf("Get = %v, want ErrNotFound", err)
	}
	if kr.calls.Load() != 1 || len(env.set) != 0 {
		t.Errorf("calls = %d, setenv = %v; want 1 call and no setenv", kr.calls.Load(), env.set)
	}
}

func TestSessionBusFromRuntimeDir(t *testing.T) {
	dir, err := os.MkdirTemp("", "kr") // short: socket paths are limited to ~100 bytes
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	l, err := net.Listen("unix", filepath.Join(dir, "bus"))
	if err != nil {
		t.Skipf("cannot make a unix socket: %v", err)
	}
	defer l.Close()

	kr := &countingBackend{err: gokeyring.ErrNotFound}
	env := &fakeEnv{vars: map[string]string{"XDG_RUNTIME_DIR": dir}}
	s := testSystem(kr, env.busEnv(), time.Hour)
	if _, err := s.Get("alice@example.com", ItemPassword); !errors.Is(err, ErrNotFound) {
		t.Fatalf("Get = %v, want ErrNotFound", err)
	}
	if kr.calls.Load() != 1 {
		t.Errorf("go-keyring called %d times, want 1", kr.calls.Load())
	}
	want := "unix:path=" + escapeBusAddress(filepath.Join(dir, "bus"))
	if got := env.set["DBUS_SESSION_BUS_ADDRESS"]; got != want {
		t.Errorf("DBUS_SESSION_BUS_ADDRESS set to %q, want %q", got, want)
	}
}

func TestEscapeBusAddress(t *testing.T) {
	for in, want := range map[string]string{
		"/run/user/1000/bus": "/run/user/1000/bus",
		"/tmp/a b,c=d;e%":    "/tmp/a%20b%2cc%3dd%3be%25",
		"/x/é":               "/x/%c3%a9",
	} {
		if got := escapeBusAddress(in); got != want {
			t.Errorf("escapeBusAddress(%q) = %q, want %q", in, got, want)
		}
	}
}

// blockingBackend blocks every call until release is closed.
type blockingBackend struct{ release chan struct{} }

func (b blockingBackend) Get(service, user string) (string, error) {
	<-b.release
	return "late", nil
}

func (b blockingBackend) Set(service, user, secret string) error {
	<-b.release
	return nil
}

func (b blockingBackend) Delete(service, user string) error {
	<-b.release
	return nil
}

func TestTimeout(t *testing.T) {
	kr := blockingBackend{release: make(chan struct{})}
	defer close(kr.release) // let the abandoned goroutines finish
	env := &fakeEnv{vars: map[string]string{"DBUS_SESSION_BUS_ADDRESS": "unix:path=/nonexistent/bus"}}
	s := testSystem(kr, env.busEnv(), time.Millisecond)

	got, err := s.Get("alice@example.com", ItemPassword)
	if got != "" {
		t.Error("a timed-out Get returned a secret")
	}
	wantUnavailable(t, err, "timed out after 1ms")
	wantUnavailable(t, s.Set("alice@example.com", ItemPassword, "x"), "timed out")
	wantUnavailable(t, s.Delete("alice@example.com", ItemPassword), "timed out")
}

func TestDefaultTimeout(t *testing.T) {
	for _, d := range []time.Duration{0, -time.Second} {
		if s := NewSystem(d).(*systemStore); s.timeout != DefaultTimeout {
			t.Errorf("NewSystem(%v) timeout = %v, want %v", d, s.timeout, DefaultTimeout)
		}
	}
}

// panicBackend panics on every call.
type panicBackend struct{}

func (panicBackend) Get(service, user string) (string, error) { panic("secret-in-panic") }
func (panicBackend) Set(service, user, secret string) error   { panic("secret-in-panic") }
func (panicBackend) Delete(service, user string) error        { panic("secret-in-panic") }

func TestBackendErrors(t *testing.T) {
	env := &fakeEnv{vars: map[string]string{"DBUS_SESSION_BUS_ADDRESS": "unix:path=/nonexistent/bus"}}
	locked := errors.New("failed to unlock correct collection '/org/freedesktop/secrets/aliases/default'")

	s := testSystem(&countingBackend{err: locked}, env.busEnv(), time.Hour)
	_, err := s.Get("alice@example.com", ItemPassword)
	wantUnavailable(t, err, "Secret Service: the keyring is locked: failed to unlock")
	if !errors.Is(err, locked) {
		t.Errorf("err = %v does not wrap the backend error", err)
	}

	other := errors.New("The name org.freedesktop.secrets was not provided by any .service files")
	s = testSystem(&countingBackend{err: other}, env.busEnv(), time.Hour)
	wantUnavailable(t, s.Set("alice@example.com", ItemPassword, "x"), "Secret Service: The name org.freedesktop.secrets")

	s = testSystem(&countingBackend{err: gokeyring.ErrSetDataTooBig}, env.busEnv(), time.Hour)
	wantUnavailable(t, s.Set("alice@example.com", ItemTickets, "x"), "too large")

	s = testSystem(&countingBackend{err: gokeyring.ErrNotFound}, env.busEnv(), time.Hour)
	if err := s.Delete("alice@example.com", ItemTickets); err != ErrNotFound {
		t.Errorf("Delete = %v, want ErrNotFound itself", err)
	}

	s = testSystem(panicBackend{}, env.busEnv(), time.Hour)
	_, err = s.Get("alice@example.com", ItemPassword)
	wantUnavailable(t, err, "panicked")
	if strings.Contains(err.Error(), "secret-in-panic") {
		t.Errorf("err = %q repeats the panic value", err)
	}
}

func TestSystemBackend(t *testing.T) {
	for goos, wantBus := range map[string]bool{"linux": true, "openbsd": true, "darwin": false, "windows": false, "plan9": false} {
		name, _, needBus := systemBackend(goos)
		if needBus != wantBus || !strings.HasPrefix(name, "system keyring") {
			t.Errorf("systemBackend(%q) = %q, %v", goos, name, needBus)
		}
	}
}

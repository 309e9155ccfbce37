// Package keyring stores msn's secrets: the account password and the cached
// login tickets.
//
// # Where credentials come from
//
// The command layer looks for a password in this order and stops at the
// first that has one:
//
//  1. an explicit source: --password-stdin, --password-file,
//     --password-command or the MSN_PASSWORD environment variable (these are
//     handled by the caller, not by this package);
//  2. the OS keyring, through [NewSystem]: the Secret Service on Linux and the
//     BSDs, the Keychain on macOS, the Credential Manager on Windows (all via
//     github.com/zalando/go-keyring);
//  3. the opt-in file store, through [NewFile] at [DefaultFilePath], which
//     only `msn login --insecure-storage` writes to.
//
// Cached tickets ([ItemTickets]) go to the same store the password came
// from, so a user who chose the file store is never surprised by the
// keyring, and the reverse.
//
// # Concurrent runs
//
// Several runs of msn may log in at once, and each adds its tickets to the
// account's cache. [Store.Update] is the read-modify-write they use: it
// holds a lock that every process of the user takes (a file lock beside
// the file store, see [NewFile] and [NewSystem]), so none overwrites
// another's entries. [UpdateFile] does the same for msn's other small files
// (the account index). Files are replaced atomically, through a temporary
// file with a unique name.
//
// # The session bus check
//
// On Linux and the BSDs go-keyring talks to the Secret Service over the
// D-Bus session bus. When there is no session bus (ssh sessions, cron, CI
// containers), the D-Bus library it uses falls back to running
// `dbus-launch`, which starts a stray dbus-daemon on every call and then
// fails anyway. The system store therefore checks first that a session bus
// exists: DBUS_SESSION_BUS_ADDRESS is set (and is not "autolaunch:"), or
// $XDG_RUNTIME_DIR/bus is a socket. If neither holds, every call returns an
// error matching [ErrUnavailable] without touching go-keyring at all.
//
// The Secret Service has no timeout of its own either: a locked collection
// makes it wait for a password prompt that may never be shown. Each call of
// the system store is therefore bounded by a timeout, after which it returns
// [ErrUnavailable]. The error of an unavailable keyring names the ways around
// it (MSN_PASSWORD, --password-stdin, --password-file, --password-command, or
// msn login --insecure-storage).
//
// # Errors and secrets
//
// Callers test errors with errors.Is against [ErrNotFound] and
// [ErrUnavailable]. No error, and nothing else this package produces, ever
// contains a secret.
//
// # Tests
//
// [Mock] gives other packages an in-memory system store for their tests.
// This package's own test TestSystemKeyringReal runs against a real Secret
// Service when MSN_TEST_REAL_KEYRING=1; .ci/keyring-test sets one up
// (gnome-keyring in a private D-Bus session) and runs it.
package keyring

package keyring

import (
	"errors"
	"fmt"
)

// The items a store keeps for each account.
const (
	// ItemPassword is the account's password.
	ItemPassword = "password"
	// ItemTickets is the cached login tickets: an opaque string the caller
	// serialises (a few KiB).
	ItemTickets = "tickets"
)

// Store keeps secrets by account (the sign-in e-mail address) and item
// ([ItemPassword] or [ItemTickets]).
//
// Implementations are safe for concurrent use. Methods block until the
// backend answers; see [NewSystem] and [NewFile] for how long that can be.
type Store interface {
	// Name is a human label for messages, such as
	// "system keyring (Secret Service)" or "file /home/me/.config/msn/credentials.json".
	Name() string
	// Get returns the secret, or an error matching ErrNotFound when the
	// store has none for account and item.
	Get(account, item string) (string, error)
	// Set stores secret, replacing any previous value.
	Set(account, item, secret string) error
	// Delete removes the secret, or returns an error matching ErrNotFound
	// when there was none.
	Delete(account, item string) error
	// Update stores what change returns, given the current secret (found
	// is false and old "" when there is none). It holds a lock that every
	// Update of the same store takes, in any goroutine or process, so
	// concurrent read-modify-writes of one item (the tickets cache) each
	// see the one before instead of overwriting it. Nothing is stored when
	// change fails; its error is returned as it is.
	Update(account, item string, change func(old string, found bool) (string, error)) error
}

var (
	// ErrNotFound is returned when a store has no secret for an account and
	// item.
	ErrNotFound = errors.New("keyring: not found")

	// ErrUnavailable is matched (with errors.Is) by the errors of a system
	// keyring that cannot be used: no session bus, a call that timed out, a
	// locked keyring or any other backend error. The error's text gives the
	// reason and names the alternatives to the keyring.
	ErrUnavailable = errors.New("keyring: system keyring unavailable")
)

// alternatives is appended to every unavailable error.
const alternatives = "use MSN_PASSWORD, --password-stdin, --password-file or --password-command instead, " +
	"or store the password in a file with msn login --insecure-storage"

// unavailable returns an error matching ErrUnavailable (and cause, when not
// nil) that says why and what to do instead. reason and cause must not
// contain secrets.
func unavailable(reason string, cause error) error {
	if cause != nil {
		return fmt.Errorf("%w: %s: %w; %s", ErrUnavailable, reason, cause, alternatives)
	}
	return fmt.Errorf("%w: %s; %s", ErrUnavailable, reason, alternatives)
}

// checkKey validates the account and item arguments of a Store call.
func checkKey(account, item string) error {
	if account == "" {
		return errors.New("keyring: empty account")
	}
	switch item {
	case ItemPassword, ItemTickets:
		return nil
	}
	return fmt.Errorf("keyring: unknown item %q", item)
}

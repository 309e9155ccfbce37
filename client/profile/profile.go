package profile

import (
	"context"
	"errors"
	"fmt"

	"github.com/msn-cli/msn/client/ab"
	"github.com/msn-cli/msn/client/ns"
)

// Profile is the user's display name and personal message as the server
// has them.
type Profile struct {
	Account string
	Name    string
	// Message is the personal message, "" when there is none; nil when
	// the dialect does not tell a client its own (MSNP12 and 15) and this
	// run did not set it.
	Message *string
}

// Change says what Set changes: each field that is not nil.
type Change struct {
	Name    *string
	Message *string // "" clears it
}

// Check says whether a change can be made, before anything is sent: the
// display name and the message within the protocol's limits (errors.Is
// ns.ErrTooLong, ns.ErrEmptyName, ns.ErrNotText).
func (c Change) Check() error {
	if c.Name != nil {
		if err := ns.CheckDisplayName(*c.Name); err != nil {
			return err
		}
	}
	if c.Message != nil {
		return ns.CheckPersonalMessage(*c.Message)
	}
	return nil
}

// Read returns the profile. The session must be logged in with no status
// set yet (a later CHG would have told contacts already). At MSNP18 it
// sets the hidden status and blocks until the account's own presence has
// arrived; at MSNP15 it asks the address book (book must not be nil
// there); at MSNP12 it sends SYN. It blocks until done or ctx is.
func Read(ctx context.Context, sess *ns.Session, book *ab.Client) (Profile, error) {
	return complete(ctx, sess, book, Profile{Account: sess.Account})
}

// Set makes the change and returns the profile as it then is: the name as
// the server echoed it, the message as published, and what the change
// left alone as Read finds it. Both changes leave in one write, before any
// status is set, so contacts hear of them only at the user's next visible
// sign-in (or at once from another sign-in that is visible, MSNP18). It
// blocks until done or ctx is.
func Set(ctx context.Context, sess *ns.Session, book *ab.Client, c Change) (Profile, error) {
	if err := c.Check(); err != nil {
		return Profile{}, err
	}
	echoed, err := sess.SetProfile(ctx, c.Name, c.Message)
	if err != nil {
		return Profile{}, err
	}
	p := Profile{Account: sess.Account}
	if c.Name != nil {
		p.Name = echoed
	}
	if c.Message != nil {
		msg := *c.Message
		p.Message = &msg
	}
	return complete(ctx, sess, book, p)
}

// complete fills what p lacks from where the dialect tells it.
func complete(ctx context.Context, sess *ns.Session, book *ab.Client, p Profile) (Profile, error) {
	if p.Name != "" && p.Message != nil {
		return p, nil
	}
	if sess.Dialect.SelfPresence {
		name, msg, err := sess.OwnView(ctx)
		if err != nil {
			return Profile{}, err
		}
		if p.Name == "" {
			p.Name = name
		}
		if p.Message == nil {
			p.Message = &msg
		}
		return withDefaultName(p), nil
	}
	if p.Name != "" {
		return p, nil // the message cannot be read back here
	}
	name, err := storedName(ctx, sess, book)
	if err != nil {
		return Profile{}, err
	}
	p.Name = name
	return withDefaultName(p), nil
}

// storedName is the name from SYN (MSNP12) or the address book's Me entry.
func storedName(ctx context.Context, sess *ns.Session, book *ab.Client) (string, error) {
	if !sess.Dialect.AddressBook {
		return sess.DisplayName(ctx)
	}
	if book == nil {
		return "", errors.New("profile: the address book is needed at " + sess.Dialect.String())
	}
	all, err := book.FindAll(ctx)
	if err != nil {
		return "", fmt.Errorf("profile: ABFindAll: %w", err)
	}
	return all.Me.Name, nil
}

// withDefaultName shows the address for an account without a name, as the
// server does to contacts.
func withDefaultName(p Profile) Profile {
	if p.Name == "" {
		p.Name = p.Account
	}
	return p
}

package contacts

import (
	"context"

	"github.com/msn-cli/msn/client/ab"
	"github.com/msn-cli/msn/client/ns"
)

// Load reads the contact list without presence and without setting any
// status (the user stays signed out to others), for changing it. See
// Fetch for the arguments.
func Load(ctx context.Context, sess *ns.Session, book *ab.Client) (*List, error) {
	if sess.Dialect.AddressBook {
		all, err := book.FindAll(ctx)
		if err != nil {
			return nil, err
		}
		mem, err := book.FindMembership(ctx)
		if err != nil {
			return nil, err
		}
		return merge(all, mem), nil
	}
	return fetchSYN(ctx, sess)
}

// find returns the contact with that email, or nil.
func (l *List) find(email string) *Contact {
	for i := range l.Contacts {
		if l.Contacts[i].Email == email {
			return &l.Contacts[i]
		}
	}
	return nil
}

// group returns the group with that name (case-insensitive), or nil.
func (l *List) group(name string) *Group {
	for i := range l.Groups {
		if equalFold(l.Groups[i].Name, name) {
			return &l.Groups[i]
		}
	}
	return nil
}

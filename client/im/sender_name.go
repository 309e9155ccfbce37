package im

import (
	"context"
	"sync"

	"github.com/msn-cli/msn/client/ab"
	"github.com/msn-cli/msn/client/ns"
)

// senderName is the user's display name as the server has it, which
// stored offline messages carry as their friendlyName: the reader sees it
// as the sender's name (the OIM service puts none of its own). It is
// looked up once per run, on the first offline message: the session's
// DisplayName (SYN's PRP MFN at MSNP12), else the address book's Me entry
// (MSNP15 and 18), one round trip either way.
type senderName struct {
	sess *ns.Session
	book *ab.Client

	mu     sync.Mutex
	looked bool
	name   string
}

// get returns the name, blocking on the first call until the lookup is
// done or ctx is. A lookup that fails gives "" for the rest of the run:
// the messages then go without a name rather than not at all, and no
// round trip is spent asking again.
func (n *senderName) get(ctx context.Context) string {
	n.mu.Lock()
	defer n.mu.Unlock()
	if !n.looked {
		n.looked = true
		n.name = n.lookup(ctx)
	}
	return n.name
}

func (n *senderName) lookup(ctx context.Context) string {
	if name, err := n.sess.DisplayName(ctx); err != nil || name != "" {
		return name
	}
	if !n.sess.Dialect.AddressBook {
		return ""
	}
	book, err := n.book.FindAll(ctx)
	if err != nil {
		return ""
	}
	return book.Me.Name
}

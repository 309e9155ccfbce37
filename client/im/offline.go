package im

import (
	"context"
	"errors"
	"fmt"
	"sync"

	"github.com/msn-cli/msn/client/msnp"
	"github.com/msn-cli/msn/client/ns"
	"github.com/msn-cli/msn/client/oim"
	"github.com/msn-cli/msn/client/soap"
)

// Offline stores one text (already short enough) for an offline contact.
// It blocks until the server has accepted or refused it.
type Offline interface {
	Store(ctx context.Context, to, text string) error
	// MaxText is the most text one stored message carries.
	MaxText() int
}

// Errors of offline delivery, for exit statuses.
var (
	ErrUnknownContact = errors.New("im: no such contact")
	ErrOfflineRefused = errors.New("im: the server refused to store the offline message")
)

// OfflineFor picks how the session leaves offline messages: UUM at MSNP18,
// the OIM service (which takes any logged-in session's ticket, whatever its
// dialect) below.
func OfflineFor(sess *ns.Session, services *soap.Client) Offline {
	if sess.Dialect.Version >= 18 {
		return uum{sess}
	}
	return &oimStore{client: &oim.Client{SOAP: services, Ticket: sess.Tickets.ServiceTicket()}, from: sess.Account, runID: msnp.NewGUID()}
}

type uum struct{ sess *ns.Session }

func (u uum) MaxText() int { return oim.MaxText }

func (u uum) Store(ctx context.Context, to, text string) error {
	err := u.sess.SendOffline(ctx, to, text)
	if errors.Is(err, ns.ErrUnknownContact) {
		return fmt.Errorf("%w: %s", ErrUnknownContact, to)
	}
	return err
}

// oimStore numbers the messages of one run (X-OIM-Sequence-Num) under one
// run id, as the service expects.
type oimStore struct {
	client *oim.Client
	from   string
	runID  string

	mu  sync.Mutex
	seq int
}

func (o *oimStore) MaxText() int { return oim.MaxText }

func (o *oimStore) Store(ctx context.Context, to, text string) error {
	o.mu.Lock()
	o.seq++
	seq := o.seq
	o.mu.Unlock()
	err := o.client.Store(ctx, oim.Message{From: o.from, To: to, Text: text, Sequence: seq, RunID: o.runID})
	switch {
	case errors.Is(err, oim.ErrRecipientUnknown):
		return fmt.Errorf("%w: %s", ErrUnknownContact, to)
	case errors.Is(err, oim.ErrRefused):
		return fmt.Errorf("%w: %w", ErrOfflineRefused, err)
	}
	return err
}

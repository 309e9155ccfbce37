package im

import (
	"context"
	"crypto/sha1"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/msn-cli/msn/client/ab"
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

// OfflineFor picks how the session leaves offline messages. The OIM
// service comes first at every dialect (it takes any logged-in session's
// ticket): it acknowledges each message, refuses an unknown or blocking
// recipient, and keeps the sender's sequence numbers, so messages come out
// in order. Its messages carry the user's display name (senderName). At
// MSNP18, when the server has no OIM service (HTTP 404), the message goes
// as UUM on the NS instead, which the server never answers (and names the
// sender itself).
func OfflineFor(sess *ns.Session, services *soap.Client) Offline {
	store := &oimStore{
		client: &oim.Client{SOAP: services, Ticket: sess.Tickets.ServiceTicket()},
		from:   sess.Account,
		name:   &senderName{sess: sess, book: ab.ForSession(services, sess)},
		runID:  accountRunID(sess.Account),
	}
	if sess.Dialect.OfflineUUM {
		return &withFallback{primary: store, fallback: uum{sess}}
	}
	return store
}

// oimStore sends through the OIM service. Every run of one account shares
// a run id, and the sequence numbers are the send time in milliseconds
// (strictly increasing within a process), so that messages from separate
// runs sort in the order they were sent even within one second: the
// service's own timestamps have one-second resolution.
type oimStore struct {
	client *oim.Client
	from   string
	name   *senderName // the From's friendlyName
	runID  string

	mu   sync.Mutex
	last int
}

// sequenceEpoch keeps millisecond sequence numbers small.
var sequenceEpoch = time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)

func (o *oimStore) MaxText() int { return oim.MaxText }

func (o *oimStore) next() int {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.last = max(o.last+1, int(time.Since(sequenceEpoch).Milliseconds()))
	return o.last
}

func (o *oimStore) Store(ctx context.Context, to, text string) error {
	err := o.client.Store(ctx, oim.Message{From: o.from, FromName: o.name.get(ctx), To: to, Text: text, Sequence: o.next(), RunID: o.runID})
	switch {
	case errors.Is(err, oim.ErrRecipientUnknown):
		return fmt.Errorf("%w: %s", ErrUnknownContact, to)
	case errors.Is(err, oim.ErrRefused):
		return fmt.Errorf("%w: %w", ErrOfflineRefused, err)
	}
	return err
}

// accountRunID is a GUID fixed for an account (a name-based UUID of the
// address), in the braces form of X-OIM-Run-Id.
func accountRunID(account string) string {
	h := sha1.Sum([]byte("msn offline run\x00" + strings.ToLower(account)))
	h[6] = h[6]&0x0f | 0x50
	h[8] = h[8]&0x3f | 0x80
	return fmt.Sprintf("{%X-%X-%X-%X-%X}", h[0:4], h[4:6], h[6:8], h[8:10], h[10:16])
}

// uum leaves the text with UUM on the NS (MSNP18).
type uum struct{ sess *ns.Session }

func (u uum) MaxText() int { return oim.MaxText }

func (u uum) Store(ctx context.Context, to, text string) error {
	err := u.sess.SendOffline(ctx, to, text)
	if errors.Is(err, ns.ErrUnknownContact) {
		return fmt.Errorf("%w: %s", ErrUnknownContact, to)
	}
	return err
}

// withFallback uses fallback once primary turns out not to exist (HTTP
// 404 from the service), for the rest of the run.
type withFallback struct {
	primary, fallback Offline

	mu     sync.Mutex
	absent bool
}

func (f *withFallback) MaxText() int { return min(f.primary.MaxText(), f.fallback.MaxText()) }

func (f *withFallback) Store(ctx context.Context, to, text string) error {
	f.mu.Lock()
	absent := f.absent
	f.mu.Unlock()
	if !absent {
		err := f.primary.Store(ctx, to, text)
		var herr *soap.HTTPError
		if !errors.As(err, &herr) || herr.Status != http.StatusNotFound {
			return err
		}
		f.mu.Lock()
		f.absent = true
		f.mu.Unlock()
	}
	return f.fallback.Store(ctx, to, text)
}

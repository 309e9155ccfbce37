package oim

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"

	"github.com/msn-cli/msn/client/soap"
)

// ErrRecipientUnknown is returned, wrapped, when the service answers
// q0:SystemUnavailable. Escargot gives it when the recipient has no
// account, when the recipient may not receive messages from the sender
// (blocked), and when From is not the account of the ticket.
var ErrRecipientUnknown = errors.New("oim: recipient unknown or not accepting offline messages")

// ErrRefused is returned, wrapped, when the service refuses to store the
// message for any other reason: q0:InvalidContent, q0:AuthenticationFailed
// after the one lock-key retry (the sender's session has ended, or the
// ticket is not one of a logged-in session), q0:SenderThrottleLimitExceeded
// and any other fault. The error also wraps the *soap.Fault, whose Code
// says which.
var ErrRefused = errors.New("oim: offline message refused")

// Client stores offline messages through the OIM store service.
//
// The service authorises by the ticket of a notification server session
// that is still logged in: store messages while that session is open.
//
// A Client is safe for concurrent use. Its exported fields must not change
// while a call is in flight.
type Client struct {
	// SOAP posts the requests; its base URL is the services URL
	// (https://ows.messenger.msn.com, or a revival server's single base
	// URL). Its trace redacts the ticket and the lock key. It must not be
	// nil.
	SOAP *soap.Client

	// Ticket is the compact ticket, "t=…&p=…", that the logged-in NS
	// session used (the messenger.msn.com or messengerclear.live.com one;
	// Escargot accepts any ticket of the session's login).
	Ticket string

	mu      sync.Mutex
	lockKey string // answer to the last lock key challenge, "" before any
}

// Store stores m for its recipient. It blocks until the service has
// answered (twice when it asks for a lock key) or ctx is done.
//
// The first request of a Client carries an empty lock key; the service
// answers it with q0:AuthenticationFailed and a LockKeyChallenge, and
// Store computes the key with ChallengeResponse and sends the message once
// more. The key is remembered for later messages, so a run's other
// messages take one request each. A challenge in answer to the retry is
// not answered again.
//
// A nil error means the service acknowledged the message. The service's
// refusals are errors wrapping ErrRecipientUnknown or ErrRefused (and the
// *soap.Fault); transport failures, HTTP errors without a fault and
// unexpected answers are other errors, wrapping what soap.Client.Call
// returned (context errors included). No error contains the ticket, the
// lock key or the text.
func (c *Client) Store(ctx context.Context, m Message) error {
	if c == nil || c.SOAP == nil {
		return errors.New("oim: client has no SOAP client")
	}
	if c.Ticket == "" {
		return errors.New("oim: client has no ticket")
	}
	if err := m.check(); err != nil {
		return err
	}
	c.mu.Lock()
	key := c.lockKey
	c.mu.Unlock()

	for attempt := 0; ; attempt++ {
		err := c.post(ctx, &m, key)
		var f *soap.Fault
		if !errors.As(err, &f) {
			return err
		}
		if f.HasCode("SystemUnavailable") {
			return &refusal{kind: ErrRecipientUnknown, m: &m, fault: f}
		}
		chl, ok := lockKeyChallenge(f)
		if !ok || attempt > 0 || !f.HasCode("AuthenticationFailed") {
			return &refusal{kind: ErrRefused, m: &m, fault: f}
		}
		next := ChallengeResponse(chl, ProductID, ProductKey)
		if next == key {
			// The key just sent was refused: sending it again is pointless.
			return &refusal{kind: ErrRefused, m: &m, fault: f}
		}
		key = next
		c.mu.Lock()
		c.lockKey = key
		c.mu.Unlock()
	}
}

// post sends one Store2 request and checks the answer. A fault is returned
// as the *soap.Fault itself, for Store to classify.
func (c *Client) post(ctx context.Context, m *Message, lockKey string) error {
	body := buildStore(m, c.Ticket, lockKey)
	resp, err := c.SOAP.Call(ctx, PathStore, ActionStore2, body)
	clear(body) // the ticket and the text
	if err != nil {
		var f *soap.Fault
		if errors.As(err, &f) {
			return f
		}
		return fmt.Errorf("oim: storing message %d for %s: %w", m.Sequence, m.To, err)
	}
	if err := checkStoreResponse(resp, m.Sequence); err != nil {
		return fmt.Errorf("oim: storing message %d for %s: %w", m.Sequence, m.To, err)
	}
	return nil
}

// refusal is the service refusing a message: ErrRecipientUnknown or
// ErrRefused, and the fault.
type refusal struct {
	kind  error
	m     *Message
	fault *soap.Fault
}

func (r *refusal) Error() string {
	return fmt.Sprintf("%v: message %d to %s: fault %s", r.kind, r.m.Sequence, r.m.To, strings.Join(strings.Fields(r.fault.Code), " "))
}

func (r *refusal) Unwrap() []error { return []error{r.kind, r.fault} }

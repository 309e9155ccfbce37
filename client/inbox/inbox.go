package inbox

import (
	"context"
	"sync"

	"github.com/msn-cli/msn/client/ns"
	"github.com/msn-cli/msn/client/rsi"
	"github.com/msn-cli/msn/client/soap"
)

// maxNotices bounds the notices kept between two calls of Arrived; past
// it they are dropped and Arrived asks the service for the whole list.
const maxNotices = 1000

// fetchers is how many messages are fetched at once.
const fetchers = 4

// Inbox is the account's offline messages. Its methods are safe for
// concurrent use; Notice never blocks.
type Inbox struct {
	services *soap.Client

	mu         sync.Mutex
	initial    []byte // the Mail-Data of the first status change
	hasInitial bool
	notices    [][]byte // Mail-Data of later notices, not yet listed
	overflow   bool     // notices were dropped: ask the service
	changed    chan struct{}
	seen       map[string]bool // ids fetched (or being fetched) in this run
}

// New returns an inbox that reaches the rsi service through services
// (the base URL of the account's SOAP services).
func New(services *soap.Client) *Inbox {
	return &Inbox{services: services, changed: make(chan struct{}), seen: map[string]bool{}}
}

// Notice records a Mail-Data notice; it is the session's
// ns.Handler.OfflineMessages and runs on its read goroutine. The first
// initial notice is what Waiting lists; later ones (after a new login)
// are listed by Arrived, like the announcements of new messages.
func (b *Inbox) Notice(n ns.MailNotice) {
	b.mu.Lock()
	defer b.mu.Unlock()
	switch {
	case n.Initial && !b.hasInitial:
		b.initial, b.hasInitial = n.Data, true
	case len(b.notices) >= maxNotices:
		b.notices, b.overflow = nil, true
	default:
		b.notices = append(b.notices, n.Data)
	}
	close(b.changed)
	b.changed = make(chan struct{})
}

// Changed returns a channel that is closed at the next notice.
func (b *Inbox) Changed() <-chan struct{} {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.changed
}

// Waiting lists the messages waiting when the session signed in. A session
// with no status set where the status is the account's (MSNP16+) asks the
// service, so the user's other sign-ins are not hidden; otherwise the
// session goes hidden if it has no status yet, and the list is the
// initial Mail-Data notice (ns.Session.Sync waits for it), or the
// service's when the notice said too-large or never came. It blocks until
// listed or ctx is done.
func (b *Inbox) Waiting(ctx context.Context, sess *ns.Session) ([]rsi.Entry, error) {
	if !sess.StatusSet() && sess.Dialect.SharedStatus {
		return b.client(sess).GetMetadata(ctx)
	}
	if !sess.StatusSet() {
		if err := sess.SetPresence(ctx, ns.StatusHidden); err != nil {
			return nil, err
		}
	}
	if err := sess.Sync(ctx); err != nil {
		return nil, err
	}
	b.mu.Lock()
	md, ok := b.initial, b.hasInitial
	b.mu.Unlock()
	if ok {
		entries, tooLarge, err := rsi.ParseMailData(md)
		if err == nil && !tooLarge {
			return entries, nil
		}
	}
	return b.client(sess).GetMetadata(ctx)
}

// Arrived lists the messages announced since the last call (stored while
// the session was up, or waiting at a new login); a session that set no
// status gets no announcements, and asks the service for the whole list.
// Entries already fetched are left to Fetch to skip. It blocks only to ask
// the service.
func (b *Inbox) Arrived(ctx context.Context, sess *ns.Session) ([]rsi.Entry, error) {
	if !sess.StatusSet() {
		return b.client(sess).GetMetadata(ctx)
	}
	b.mu.Lock()
	notices, overflow := b.notices, b.overflow
	b.notices, b.overflow = nil, false
	b.mu.Unlock()
	var entries []rsi.Entry
	for _, md := range notices {
		more, tooLarge, err := rsi.ParseMailData(md)
		if tooLarge {
			overflow = true
		}
		if err == nil {
			entries = append(entries, more...)
		}
	}
	if overflow {
		return b.client(sess).GetMetadata(ctx)
	}
	return entries, nil
}

// Fetch gets the messages of entries not fetched before in this inbox,
// four at a time, and returns them in the order they were written. A
// message that cannot be fetched or read is left out and its id returned
// in unreadable: it stays on the server, is fetched when listed again,
// and the others still come. It
// blocks until every fetch has ended or ctx is done.
func (b *Inbox) Fetch(ctx context.Context, sess *ns.Session, entries []rsi.Entry) (messages []rsi.Message, unreadable []string) {
	var todo []string
	b.mu.Lock()
	for _, e := range entries {
		if !b.seen[e.ID] {
			b.seen[e.ID] = true
			todo = append(todo, e.ID)
		}
	}
	b.mu.Unlock()
	client := b.client(sess)
	got := make([]rsi.Message, len(todo))
	errs := make([]error, len(todo))
	sem := make(chan struct{}, fetchers)
	var wg sync.WaitGroup
	for i, id := range todo {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer wg.Done()
			defer func() { <-sem }()
			got[i], errs[i] = client.GetMessage(ctx, id, false)
		}()
	}
	wg.Wait()
	b.mu.Lock()
	for i, err := range errs {
		if err != nil {
			unreadable = append(unreadable, todo[i])
			delete(b.seen, todo[i]) // not taken: fetched again when listed again
			continue
		}
		messages = append(messages, got[i])
	}
	b.mu.Unlock()
	rsi.Sort(messages)
	return messages, unreadable
}

// Delete deletes the messages with these ids from the server, at most
// rsi.MaxEntries per request, and forgets them. It blocks until the
// service has answered or ctx is done; on an error, the ids of the
// requests that failed are still on the server (none of a failed request
// was deleted).
func (b *Inbox) Delete(ctx context.Context, sess *ns.Session, ids []string) error {
	client := b.client(sess)
	for len(ids) > 0 {
		n := min(len(ids), rsi.MaxEntries)
		if err := client.DeleteMessages(ctx, ids[:n]); err != nil {
			return err // says how many, and that none of them was deleted
		}
		b.mu.Lock()
		for _, id := range ids[:n] {
			delete(b.seen, id)
		}
		b.mu.Unlock()
		ids = ids[n:]
	}
	return nil
}

// client is the rsi client for the session's ticket.
func (b *Inbox) client(sess *ns.Session) *rsi.Client {
	return &rsi.Client{SOAP: b.services, Ticket: sess.Tickets.ServiceTicket()}
}

package commands

import (
	"context"
	"strings"
	"sync"

	"github.com/msn-cli/msn/client/im"
	"github.com/msn-cli/msn/client/inbox"
	"github.com/msn-cli/msn/client/ns"
	"github.com/msn-cli/msn/client/sb"
	"github.com/msn-cli/msn/client/soap"
	"github.com/msn-cli/msn/client/transfer"
)

// receiver is one run of msn receive: it answers invitations and handles
// what arrives. Its methods are called from the NS read goroutine (the
// ns.Handler), the goroutines that answer invitations, each
// conversation's switchboard and endpoint goroutines, the offline worker
// and the --exec jobs: it locks what they share.
type receiver struct {
	ctx      context.Context // the run: ends at --for, --count, a signal
	done     func()          // ends the run
	s        *settings
	job      receiveJob
	services *soap.Client
	out      *eventWriter
	count    *messageCount
	exec     *execRunner // nil without --exec
	box      *inbox.Inbox

	ready  chan struct{} // closed once online is set
	online *ns.Online
	places chan struct{} // one taken per conversation joined or being joined
	files  chan struct{} // one taken per file being received

	mu      sync.Mutex
	stopped bool
	convs   map[*conversation]bool // joined, until they end
	answers sync.WaitGroup         // invitations being answered
	worker  sync.WaitGroup         // the offline messages' worker
}

// conversation is a switchboard a contact invited the run to.
type conversation struct {
	id, from string
	ready    chan struct{} // closed once peer is set (nil if joining failed)
	peer     *transfer.Peer
	replying sync.Mutex // one --exec reply at a time
}

func newReceiver(ctx context.Context, done func(), s *settings, job receiveJob, services *soap.Client) *receiver {
	r := &receiver{ctx: ctx, done: done, s: s, job: job, services: services, box: inbox.New(services),
		ready: make(chan struct{}), places: make(chan struct{}, maxConversations), files: make(chan struct{}, maxFilesAtOnce), convs: map[*conversation]bool{}}
	r.out = newEventWriter(s.Stdout, job.json, done)
	r.count = &messageCount{limit: job.count, reached: done}
	if job.exec != "" {
		r.exec = newExecRunner(ctx, s, job, execBacklog)
	}
	return r
}

// handler is what the sessions tell the receiver.
func (r *receiver) handler() ns.Handler {
	return ns.Handler{Invitation: r.invited, Presence: r.presence, OfflineMessages: r.box.Notice}
}

// start begins handling, once the first session is signed in.
func (r *receiver) start(online *ns.Online) {
	r.online = online
	close(r.ready)
	r.worker.Add(1)
	go r.takeOffline()
}

// session is the session signed in now.
func (r *receiver) session() *ns.Session { return r.online.Session() }

// maxConversations bounds the conversations the run is in (or joining)
// at once: past it, invitations are not answered, so that a contact or
// a server opening switchboards without end cannot take every socket
// and more memory at each.
var maxConversations = 1000

// invited runs on the NS read goroutine: it answers each invitation on a
// goroutine of its own, while fewer than maxConversations are open.
func (r *receiver) invited(inv ns.Invitation) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.stopped {
		return
	}
	select {
	case r.places <- struct{}{}:
	default:
		r.s.warnf("not answering %s's invitation: in %d conversation(s) already, the most at once", strings.ToLower(inv.From), cap(r.places))
		return
	}
	r.answers.Add(1)
	go func() {
		defer r.answers.Done()
		if !r.answer(inv) {
			<-r.places // no conversation holds it
		}
	}()
}

// answer joins the conversation inv invites to, and leaves it once the
// contact has, giving its place back then; it reports whether it joined.
func (r *receiver) answer(inv ns.Invitation) (joined bool) {
	select {
	case <-r.ready:
	case <-r.ctx.Done():
		return false
	}
	ctx, cancel := context.WithTimeout(r.ctx, r.s.Timeout)
	defer cancel()
	conv := &conversation{id: inv.SessionID, from: strings.ToLower(inv.From), ready: make(chan struct{})}
	sess := r.session()
	peer, err := transfer.Answer(ctx, sess, inv, transfer.PeerOptions{
		Link:     transfer.LinkOptions{Wait: r.s.Timeout},
		Handler:  r.fileHandler(conv),
		Direct:   withPublicAddress(r.job.direct, sess),
		Message:  func(m sb.Message) { r.message(conv, m) },
		Trace:    r.s.trace(),
		TraceP2P: r.s.traceP2P(),
	})
	conv.peer = peer
	close(conv.ready)
	if err != nil {
		if r.ctx.Err() == nil {
			r.s.notef("could not join %s's conversation: %v", conv.from, err)
		}
		return false
	}
	r.mu.Lock()
	if r.stopped {
		r.mu.Unlock()
		closePeer(peer)
		return false
	}
	r.convs[conv] = true
	r.mu.Unlock()
	go func() { // leave a conversation the contact left, and forget it
		<-peer.Done()
		conv.replying.Lock() // a reply on its way there first (inviting them back)
		closePeer(peer)
		conv.replying.Unlock()
		r.mu.Lock()
		delete(r.convs, conv)
		r.mu.Unlock()
		<-r.places
	}()
	return true
}

// message prints a text message or a nudge; it runs on the
// conversation's switchboard read goroutine.
func (r *receiver) message(conv *conversation, m sb.Message) {
	from := strings.ToLower(m.From)
	if m.IsNudge() {
		if !r.count.full() {
			r.out.print(newNudgeEvent(conv.id, from, m.Friendly))
		}
		return
	}
	text, ok := m.Text()
	if !ok {
		return // typing, client capabilities...
	}
	ev := newMessageEvent(conv.id, from, m.Friendly, text)
	take := func() {
		if r.out.print(ev) == nil {
			r.handled(ev, func(ctx context.Context, text string) error { return r.replyIn(ctx, conv, text) })
		}
	}
	if r.count.admitOrWait(take) {
		take()
	}
}

// presence prints a contact's presence with --presence; it runs on the NS
// read goroutine.
func (r *receiver) presence(p ns.Presence) {
	if r.job.presence && !r.count.full() {
		r.out.print(newPresenceEvent(p))
	}
}

// handled finishes a message that was printed: with --exec, once an
// --exec worker has run its command and sent the reply (reply sends it);
// it then counts towards --count. It does not block.
func (r *receiver) handled(ev event, reply func(context.Context, string) error) {
	if r.exec == nil {
		r.count.handled()
		return
	}
	r.exec.run(ev, reply, r.count.handled)
}

// replyIn sends text where conv's contact wrote: in the conversation,
// inviting them back if they left it, or in a new one once it closed (see
// im.Join); to a contact who is offline by then, as an offline message.
// It blocks until delivered or ctx is done.
func (r *receiver) replyIn(ctx context.Context, conv *conversation, text string) error {
	select {
	case <-conv.ready:
	case <-ctx.Done():
		return ctx.Err()
	}
	conv.replying.Lock()
	defer conv.replying.Unlock()
	if conv.peer == nil {
		return r.replyTo(ctx, conv.from, text)
	}
	sess := r.session()
	c := im.Join(sess, conv.peer.Switchboard(), []string{conv.from}, r.replyOptions(sess))
	defer c.Close(ctx)
	return c.Send(ctx, text)[0].Err
}

// replyTo sends text to who in a new conversation (or as an offline
// message), as msn send does; it blocks until delivered or ctx is done.
func (r *receiver) replyTo(ctx context.Context, who, text string) error {
	sess := r.session()
	c, err := im.Open(ctx, sess, []string{who}, r.replyOptions(sess))
	if err != nil {
		return err
	}
	defer c.Close(ctx)
	return c.Send(ctx, text)[0].Err
}

// replyOptions are a reply's: stored offline for a contact who is
// offline by then, as msn send does.
func (r *receiver) replyOptions(sess *ns.Session) im.Options {
	return im.Options{Offline: im.OfflineFor(sess, r.services), Trace: r.s.trace()}
}

// stop ends the run's work: no more invitations are answered, the --exec
// jobs are stopped, the offline worker deletes what was printed, and
// every conversation is left (a file still arriving is removed).
func (r *receiver) stop() {
	r.done()
	r.mu.Lock()
	r.stopped = true
	r.mu.Unlock()
	r.answers.Wait()
	r.worker.Wait()
	if r.exec != nil {
		r.exec.wait()
	}
	r.mu.Lock()
	convs := make([]*conversation, 0, len(r.convs))
	for c := range r.convs {
		convs = append(convs, c)
	}
	r.mu.Unlock()
	for _, c := range convs {
		closePeer(c.peer)
	}
}

func closePeer(p *transfer.Peer) {
	ctx, cancel := cleanupContext()
	defer cancel()
	p.Close(ctx)
}

// messageCount admits messages up to --count and ends the run once that
// many have been handled.
type messageCount struct {
	limit   int    // 0: no limit
	reached func() // called once limit messages were handled

	mu                 sync.Mutex
	admitted, finished int
	waiting            []func() // texts past --count, for a place given back
}

// countWaiting bounds the texts waiting for a place given back.
const countWaiting = 1000

// admit takes one more message, unless --count messages are taken.
func (c *messageCount) admit() bool { return c.admitOrWait(nil) }

// admitOrWait takes one more message, as admit does; past --count it
// keeps take, unless nil (at most countWaiting of them, then drops it),
// to be called when a place is given back: a file that held one may stop
// part-way.
func (c *messageCount) admitOrWait(take func()) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.limit > 0 && c.admitted >= c.limit {
		if take != nil && len(c.waiting) < countWaiting {
			c.waiting = append(c.waiting, take)
		}
		return false
	}
	c.admitted++
	return true
}

// full reports whether --count messages are taken: the run ends once
// they are handled, and other events (nudges, presence) are no longer
// printed, so that --count N prints N messages last.
func (c *messageCount) full() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.limit > 0 && c.admitted >= c.limit
}

// release gives back a message admitted that never came (a file that
// stopped part-way): the first text waiting takes its place, on this
// goroutine.
func (c *messageCount) release() {
	c.mu.Lock()
	if len(c.waiting) == 0 {
		c.admitted--
		c.mu.Unlock()
		return
	}
	take := c.waiting[0]
	c.waiting[0] = nil
	c.waiting = c.waiting[1:]
	c.mu.Unlock()
	take()
}

// handled counts a message admitted and handled.
func (c *messageCount) handled() {
	c.mu.Lock()
	c.finished++
	enough := c.limit > 0 && c.finished == c.limit
	c.mu.Unlock()
	if enough {
		c.reached()
	}
}

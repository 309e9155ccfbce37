package echo

import (
	"context"
	"time"

	"github.com/msn-cli/msn/client/im"
)

// Bounds of one attempt to echo online.
const (
	// attemptTimeout bounds opening a conversation and the sender
	// joining it: a sign-in that never answers (msn send's) is given up.
	attemptTimeout = 10 * time.Second
	// retryPause is how long an echo waits before trying again a sender
	// who is online but took no echo, unless their presence changes.
	retryPause = time.Second
	// storeTimeout bounds storing an echo as an offline message.
	storeTimeout = 30 * time.Second
)

// pending is a text waiting to be echoed.
type pending struct {
	text string
	due  time.Time // when it goes offline if not delivered
}

// enqueue queues text to be echoed to sender and starts the sender's
// worker if none runs. Nothing is queued after Close.
func (c *Contact) enqueue(sender, text string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.closed {
		return
	}
	q, running := c.queues[sender]
	c.queues[sender] = append(q, pending{text: text, due: time.Now().Add(c.cfg.Wait)})
	if !running {
		c.work.Add(1)
		go c.drain(sender)
	}
}

// drain sends sender's queued echoes one after another, over one
// conversation while they follow each other (so they arrive in order),
// and returns when the queue is empty or at Close.
func (c *Contact) drain(sender string) {
	defer c.work.Done()
	var conv *im.Conversation
	defer func() { leave(conv) }()
	for {
		c.mu.Lock()
		q := c.queues[sender]
		if len(q) == 0 || c.ctx.Err() != nil {
			delete(c.queues, sender)
			c.mu.Unlock()
			return
		}
		next := q[0]
		c.queues[sender] = q[1:]
		c.mu.Unlock()
		conv = c.echo(sender, next, conv)
	}
}

// echo delivers one echo: online as soon as the sender is online and
// answers (over conv when not nil), else as an offline message once it is
// due. It reports the outcome, and returns early only at Close. It
// returns the conversation to keep for the next echo, or nil.
func (c *Contact) echo(to string, p pending, conv *im.Conversation) *im.Conversation {
	for {
		online, changed := c.sess.ContactPresence(to)
		wait := time.Until(p.due)
		if online {
			var err error
			if conv, err = c.echoOnline(to, p.text, changed, conv); err == nil {
				c.report(Event{Kind: Echoed, From: to, Text: p.text})
				return conv
			}
			wait = min(wait, retryPause)
		}
		if time.Now().After(p.due) {
			c.echoLast(to, p.text)
			return nil
		}
		if !c.sleep(wait, changed) {
			return nil
		}
	}
}

// sleep waits for d to pass or for changed, and reports false at Close.
func (c *Contact) sleep(d time.Duration, changed <-chan struct{}) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
	case <-changed:
	case <-c.ctx.Done():
	}
	return c.ctx.Err() == nil
}

// echoOnline tries once to deliver text to to, over conv or, when nil, a
// conversation it opens. changed is the presence channel taken when to
// was seen online: the attempt is abandoned as soon as to goes offline.
// It returns the conversation, or nil when the attempt failed (having
// left it).
func (c *Contact) echoOnline(to, text string, changed <-chan struct{}, conv *im.Conversation) (*im.Conversation, error) {
	ctx, cancel := context.WithTimeout(c.ctx, attemptTimeout)
	defer cancel()
	go func() { // cancel when the sender signs out meanwhile
		for {
			select {
			case <-changed:
				var online bool
				if online, changed = c.sess.ContactPresence(to); !online {
					cancel()
					return
				}
			case <-ctx.Done():
				return
			}
		}
	}()
	var err error
	if conv == nil {
		if conv, err = im.Open(ctx, c.sess, []string{to}, im.Options{}); err != nil {
			return nil, err
		}
	}
	if err = conv.Send(ctx, text)[0].Err; err != nil {
		leave(conv)
		return nil, err
	}
	return conv, nil
}

// echoLast is the last try, once the echo is due, in a conversation of
// its own: online if the sender is there, else stored as an offline
// message.
func (c *Contact) echoLast(to, text string) {
	ctx, cancel := context.WithTimeout(c.ctx, attemptTimeout+storeTimeout)
	defer cancel()
	conv, err := im.Open(ctx, c.sess, []string{to}, im.Options{Offline: c.offline})
	var r im.Result
	if err == nil {
		r = conv.Send(ctx, text)[0]
		err = r.Err
		leave(conv)
	}
	switch {
	case c.ctx.Err() != nil:
	case err != nil:
		c.report(Event{Kind: EchoFailed, From: to, Text: text, Err: err})
	default:
		c.report(Event{Kind: Echoed, From: to, Text: text, Offline: r.Offline})
	}
}

// leave leaves conv, when not nil.
func leave(conv *im.Conversation) {
	if conv == nil {
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), cleanupTimeout)
	defer cancel()
	conv.Close(ctx)
}

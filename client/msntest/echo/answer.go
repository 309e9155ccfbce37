package echo

import (
	"context"
	"strings"
	"time"

	"github.com/msn-cli/msn/client/ns"
	"github.com/msn-cli/msn/client/sb"
	"github.com/msn-cli/msn/client/transfer"
)

// answerTimeout bounds joining a conversation a contact invites to.
const answerTimeout = 30 * time.Second

// invited runs on the NS read goroutine: it answers each invitation on a
// goroutine of its own, until Close.
func (c *Contact) invited(inv ns.Invitation) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.closed || c.sess == nil {
		return
	}
	c.work.Add(1)
	go c.answer(inv)
}

// answer joins the conversation inv rings for, and keeps it until the
// contact leaves it or Close.
func (c *Contact) answer(inv ns.Invitation) {
	defer c.work.Done()
	ctx, cancel := context.WithTimeout(c.ctx, answerTimeout)
	defer cancel()
	from := strings.ToLower(inv.From)
	p, err := transfer.Answer(ctx, c.sess, inv, transfer.PeerOptions{
		Handler: c.fileHandler(from),
		Message: c.message,
	})
	if err != nil {
		return // the caller gave up, or Close: nothing arrived to report
	}
	c.mu.Lock()
	if c.closed {
		c.mu.Unlock()
		closePeer(p)
		return
	}
	c.peers[p] = true
	c.watches.Add(1)
	c.mu.Unlock()
	go func() { // leave a conversation the contact left, and forget it
		defer c.watches.Done()
		<-p.Done()
		closePeer(p)
		c.mu.Lock()
		delete(c.peers, p)
		c.mu.Unlock()
	}()
}

// message reports a text and queues its echo; it runs on a switchboard's
// read goroutine.
func (c *Contact) message(m sb.Message) {
	text, ok := m.Text()
	if !ok {
		return // typing, nudges, client capabilities...
	}
	from := strings.ToLower(m.From)
	c.report(Event{Kind: Message, From: from, Text: text})
	if c.echoes(from) {
		c.enqueue(from, text)
	}
}

// echoes reports whether texts from sender are echoed: not from the
// contact's own account, nor from a sender Config.Silent names.
func (c *Contact) echoes(sender string) bool {
	return sender != c.account && (c.cfg.Silent == nil || !c.cfg.Silent(sender))
}

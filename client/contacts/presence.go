package contacts

import (
	"net/url"
	"strings"
	"sync"

	"github.com/msn-cli/msn/client/msnp"
	"github.com/msn-cli/msn/client/ns"
)

// Presence collects what the notification server says about contacts:
// status (ILN, NLN, FLN), capabilities, and personal messages (UBX). Its
// Handle method is meant as (part of) the session's Unsolicited handler:
// it runs on the NS read goroutine and does not block.
type Presence struct {
	mu      sync.Mutex
	entries map[string]*presence // by lower-case email
	lines   []msnp.Command       // SYN burst lines (LSG, LST...), for MSNP12
}

type presence struct {
	status, friendly, caps, message string
}

// NewPresence returns an empty collector.
func NewPresence() *Presence { return &Presence{entries: map[string]*presence{}} }

// Handle records one unsolicited NS command.
func (p *Presence) Handle(cmd msnp.Command) {
	switch cmd.Name {
	case "ILN", "NLN":
		p.online(cmd.Params)
	case "FLN":
		p.set(address(cmd.Param(0)), func(e *presence) { e.status = "FLN" })
	case "UBX":
		msg := ns.PersonalMessage(cmd.Payload)
		p.set(address(cmd.Param(0)), func(e *presence) { e.message = msg })
	case "LSG", "LST", "BLP", "GTC", "PRP":
		p.mu.Lock()
		p.lines = append(p.lines, cmd)
		p.mu.Unlock()
	}
}

// online reads `STATUS [nid:]email [nid] friendly caps [msnobj]`.
func (p *Presence) online(params []string) {
	if len(params) < 2 {
		return
	}
	status, rest := params[0], params[1:]
	bareAddress := !strings.Contains(rest[0], ":")
	email := address(rest[0])
	rest = rest[1:]
	// MSNP13-15 put the network id after the email: `email 1 friendly caps
	// msnobj`, one field more than MSNP12's `email friendly caps msnobj`
	// (names are URL-encoded, so fields never split; a name may be "42").
	if bareAddress && len(rest) >= 4 && isNetworkID(rest[0]) {
		rest = rest[1:]
	}
	var friendly, caps string
	if len(rest) > 0 {
		friendly = decodeName(rest[0])
	}
	if len(rest) > 1 {
		caps = rest[1]
	}
	p.set(email, func(e *presence) { e.status, e.friendly, e.caps = status, friendly, caps })
}

func (p *Presence) set(email string, f func(*presence)) {
	if email == "" {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	e := p.entries[email]
	if e == nil {
		e = &presence{}
		p.entries[email] = e
	}
	f(e)
}

// apply fills status, message and capabilities into the contacts.
func (p *Presence) apply(l *List) {
	p.mu.Lock()
	defer p.mu.Unlock()
	for i := range l.Contacts {
		c := &l.Contacts[i]
		c.Status = "offline"
		if e := p.entries[strings.ToLower(c.Email)]; e != nil {
			c.Status = StatusName(e.status)
			c.Message = e.message
			c.Capabilities = e.caps
			if c.Name == "" || c.Name == c.Email {
				c.Name = e.friendly
			}
		}
		if c.Name == "" {
			c.Name = c.Email
		}
	}
}

// burst returns the SYN burst lines collected so far.
func (p *Presence) burst() []msnp.Command {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]msnp.Command(nil), p.lines...)
}

// address drops the "1:" network prefix and ";{guid}" endpoint of MSNP18
// and lower-cases the email.
func address(s string) string {
	if i := strings.Index(s, ":"); i >= 0 && isNetworkID(s[:i]) {
		s = s[i+1:]
	}
	s, _, _ = strings.Cut(s, ";")
	return strings.ToLower(s)
}

func isNetworkID(s string) bool {
	return s != "" && len(s) <= 2 && strings.Trim(s, "0123456789") == ""
}

// decodeName URL-decodes a friendly name as the NS sends it.
func decodeName(s string) string {
	if d, err := url.PathUnescape(s); err == nil {
		return d
	}
	return s
}

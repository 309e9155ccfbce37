package contacts

import (
	"net/url"
	"strings"

	"github.com/msn-cli/msn/client/ns"
)

// applyPresence fills status, message, capabilities and missing names
// into the contacts from what the session heard about them.
func applyPresence(l *List, sess *ns.Session) {
	for i := range l.Contacts {
		c := &l.Contacts[i]
		c.Status = "offline"
		if p, ok := sess.Contact(c.Email); ok {
			c.Status = StatusName(p.Status)
			c.Message = p.Message
			c.Capabilities = p.Capabilities
			if c.Name == "" || strings.EqualFold(c.Name, c.Email) {
				c.Name = p.Name
			}
		}
		if c.Name == "" {
			c.Name = c.Email
		}
	}
}

// decodeName URL-decodes a name as the NS sends it (LSG, LST).
func decodeName(s string) string {
	if d, err := url.PathUnescape(s); err == nil {
		return d
	}
	return s
}

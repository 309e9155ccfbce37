package ns

import (
	"time"

	"github.com/msn-cli/msn/client/passport"
)

// Tickets are the Passport tokens of one login, kept between runs so that a
// later run logs in with no SOAP request. They are secrets: store them where
// the password goes, never print them.
type Tickets struct {
	Server  string                    `json:"server"`  // NS address they were used on
	Dialect int                       `json:"dialect"` // version they were obtained for
	Tokens  map[string]passport.Token `json:"tokens"`  // by Passport address
}

// expiryMargin keeps a ticket from expiring during the run that uses it.
const expiryMargin = 5 * time.Minute

// usable reports whether t can log in to server with dialect d at now.
func (t *Tickets) usable(server string, d Dialect, now time.Time) bool {
	if t == nil || t.Server != server {
		return false
	}
	tok, ok := t.Tokens[nsAddress(d)]
	if !ok || tok.Ticket == "" {
		return false
	}
	if d.Auth == SSO && tok.BinarySecret == "" {
		return false
	}
	return tok.Expires.IsZero() || now.Add(expiryMargin).Before(tok.Expires)
}

// Token returns the token for a Passport address (the services use
// contacts.msn.com, messengersecure.live.com...).
func (t *Tickets) Token(address string) (passport.Token, bool) {
	if t == nil {
		return passport.Token{}, false
	}
	tok, ok := t.Tokens[address]
	return tok, ok
}

// nsAddress is the Passport address whose ticket the NS takes.
func nsAddress(d Dialect) string {
	if d.Auth == SSO {
		return passport.AddrMessengerClear
	}
	return passport.AddrMessenger
}

// tokenRequests are the tokens a login asks for. At MSNP12 it adds the
// messengersecure.live.com token, which the OIM service takes from a
// session of any dialect, so offline messages need no second login.
func tokenRequests(d Dialect, policy string) []passport.TokenRequest {
	if d.Auth == SSO {
		return passport.SSORequests(policy)
	}
	return append(passport.TWNRequests(policy), passport.TokenRequest{Address: passport.AddrMessengerSecure, Policy: "MBI_SSL"})
}

// ContactsTicket returns the ticket for the address book and sharing
// services: the contacts.msn.com token, else ServiceTicket's.
func (t *Tickets) ContactsTicket() string {
	if tok, ok := t.Token(passport.AddrContacts); ok && tok.Ticket != "" {
		return tok.Ticket
	}
	return t.ServiceTicket()
}

// ServiceTicket returns a compact ticket for the web services that only
// need to map a ticket to the logged-in session (OIM, rsi): Escargot
// issues the same token for every address, and real MSN took the
// messengersecure one. Empty when there is none.
func (t *Tickets) ServiceTicket() string {
	for _, addr := range []string{passport.AddrMessengerSecure, passport.AddrMessenger, passport.AddrMessengerClear} {
		if tok, ok := t.Token(addr); ok && tok.Ticket != "" {
			return tok.Ticket
		}
	}
	return ""
}

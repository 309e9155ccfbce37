package ab

import (
	"github.com/msn-cli/msn/client/ns"
	"github.com/msn-cli/msn/client/soap"
)

// ForSession returns the client of the address book and sharing services
// for a logged-in session, with the ticket of its login those services
// take (ns.Tickets.ContactsTicket), reaching them through services.
func ForSession(services *soap.Client, sess *ns.Session) *Client {
	return &Client{SOAP: services, Ticket: sess.Tickets.ContactsTicket()}
}

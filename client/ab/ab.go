package ab

import (
	"github.com/msn-cli/msn/client/soap"
)

// Where the two services live under the services base URL
// (https://contacts.msn.com on the real network), and their SOAPActions:
// ActionPrefix followed by the operation's name, such as "ABFindAll".
const (
	PathAB       = "/abservice/abservice.asmx"
	PathSharing  = "/abservice/SharingService.asmx"
	ActionPrefix = nsAB + "/"
)

// Limits on what the parsers accept; a document over any of them is an
// error, never a silently shortened list.
const (
	// MaxDocument is the largest response body parsed, in bytes: the
	// soap.Client's default response limit.
	MaxDocument = soap.DefaultMaxResponse
	// MaxEntries bounds the contacts, groups and members of one
	// response, and the groups of one contact.
	MaxEntries = 1 << 16
	// MaxText bounds the text of each element the parsers keep (an
	// email address, a name, an id), in bytes.
	MaxText = 4096
	// maxDepth bounds element nesting.
	maxDepth = 64
)

// Group is a contact group of the address book.
type Group struct {
	ID   string // a GUID, as the service gives it
	Name string
}

// Contact is one entry of the address book.
type Contact struct {
	// ID is the entry's contactId, a GUID: what DeleteContact, AddToGroup
	// and RemoveFromGroup take. On Escargot it is the contact's account
	// id, the C= of MSNP12's LST and ADC lines.
	ID string
	// Email is the passportName; empty for an entry that is not a
	// Passport (Messenger) account, such as an e-mail-only contact.
	Email string
	// Name is the displayName, or the quickName when there is none.
	Name string
	// Groups lists the ids of the groups the contact is in.
	Groups []string
	// IsMessenger is isMessengerUser: whether the entry is a Messenger
	// contact (the forward list) rather than an address-book-only entry.
	IsMessenger bool
}

// AddressBook is what ABFindAll returns.
type AddressBook struct {
	// Contacts lists the entries in the service's order, without the
	// "Me" entry and without entries marked deleted.
	Contacts []Contact
	// Groups lists the groups in the service's order.
	Groups []Group
	// Me is the entry of contactType "Me": the account itself, with its
	// own id and friendly name. Zero when the service sent none.
	Me Contact
}

// Membership is what FindMembership returns for the Messenger service:
// the e-mail addresses in each role, in the service's order.
type Membership struct {
	Allow   []string // the allow list (AL)
	Block   []string // the block list (BL)
	Reverse []string // the reverse list (RL): who has the account as a contact
	Pending []string // added the account, not yet accepted or declined
}

// Client calls the address book and sharing services for the account
// logged in with Ticket.
//
// The services authorise by the ticket of a notification server session
// that is still logged in: call them while that session is open (Escargot
// answers HTTP 403 otherwise, which is ErrNoSession).
//
// A Client is safe for concurrent use. Its fields must not change while a
// call is in flight.
type Client struct {
	// SOAP posts the requests; its base URL is the services URL
	// (https://contacts.msn.com, or a revival server's single base URL).
	// Its trace redacts the TicketToken. It must not be nil.
	SOAP *soap.Client

	// Ticket is the compact ticket, "t=…&p=…", of the logged-in session:
	// the contacts.msn.com one, or any ticket of the same login on
	// Escargot.
	Ticket string
}

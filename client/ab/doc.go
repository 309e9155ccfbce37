// Package ab reads and changes the contact list through the address book
// and sharing web services, as MSNP13 and later do (MSNP12 keeps the list
// on the notification server: SYN, ADC, REM).
//
// # Two services, one list
//
// The address book service ([PathAB], https://contacts.msn.com/abservice/
// abservice.asmx) holds the forward list and the groups: [Client.FindAll]
// reads it (ABFindAll), [Client.AddContact] and [Client.DeleteContact]
// add and remove entries, [Client.AddGroup], [Client.RenameGroup] and
// [Client.DeleteGroup] manage groups, [Client.AddToGroup] and
// [Client.RemoveFromGroup] file contacts in them.
//
// The sharing service ([PathSharing], SharingService.asmx) holds the
// other lists as roles of the Messenger service: [Client.FindMembership]
// reads the Allow, Block, Reverse and Pending roles, [Client.AddMember]
// and [Client.DeleteMember] change the first two.
//
// Neither service tells the notification server whom to report presence
// on: after changing the forward, allow or block list a client also sends
// ADL or RML on its session (package ns).
//
// # Requests
//
// Requests are SOAP 1.1, shaped like Windows Live Messenger 2009's (the
// same namespaces and headers as the captured ABFindAll request), with the
// ticket in ABAuthHeader:
//
//	<ABAuthHeader xmlns="http://www.msn.com/webservices/AddressBook">
//	  <ManagedGroupRequest>false</ManagedGroupRequest>
//	  <TicketToken>t=…&amp;p=</TicketToken>
//	</ABAuthHeader>
//
// and the SOAPAction http://www.msn.com/webservices/AddressBook/<operation>.
// Escargot reads the operation from the Body element and the login token
// from the first 20 characters after "t=".
//
// # Authentication
//
// The services accept the ticket of a notification server session that is
// logged in, and nothing else: call them between the NS login and logout.
// Escargot answers any other ticket with HTTP 403 and no SOAP fault, which
// is [ErrNoSession].
//
// # Errors
//
// Every method blocks until the service has answered or the context is
// done. Errors start with "ab: <operation>: " and wrap what the service
// answered. The service's faults all have the faultcode soap:Client and
// say what happened in detail/errorcode ([FaultCode] reads it); those a
// caller acts on are sentinels for errors.Is:
//
//   - [ErrExists]: ContactAlreadyExists, GroupAlreadyExists,
//     MemberAlreadyExists. Treat it as success for an idempotent add.
//   - [ErrNotFound]: ContactDoesNotExist, GroupDoesNotExist,
//     MemberDoesNotExist. Treat it as success for an idempotent removal.
//   - [ErrNoSuchUser]: InvalidPassportUser, UserDoesNotExist.
//   - [ErrNoSession]: HTTP 403.
//
// Escargot is more lenient than the real service was: adding what is
// already there succeeds (ABContactAdd returns the existing entry's id),
// as does deleting an unknown contact or taking a contact out of a role
// it is not in. It also answers some refusals with a bare HTTP 500 and no
// fault (an unknown group id, a contact already in the group): those are
// *soap.HTTPError values. A deltasOnly request gets a FullSyncRequired
// fault, which is why FindAll always asks for the whole book.
//
// Arguments are checked before anything is sent: an address needs an
// "@" and a ".", ids must be GUIDs, names must be UTF-8 without control
// characters. No error contains the ticket.
//
// # Parsing
//
// [ParseFindAll] and [ParseFindMembership] are pure functions over a
// response body. They read it as a stream of tokens with encoding/xml,
// match elements by local name whatever the namespace or prefix, skip
// what they do not know, and keep only the result. They are bounded:
// a body over [MaxDocument] bytes, more than [MaxEntries] entries, an
// element text over [MaxText] bytes or nesting deeper than 64 elements is
// an error, never a panic or a silently shortened list.
package ab

// Package msntest is an in-process MSN Messenger server for tests and for
// `msn serve`: a small imitation of Escargot, the open-source revival
// server, quirks included (reference/escargot/NOTES.md beside the
// repository describes them; the replay test holds this package to the
// captured sessions there).
//
// A Server listens on loopback for a notification server (NS), a
// switchboard (SB) and an HTTPS server for the SOAP endpoints (Passport's
// /RST.srf and /RST2.srf, the OIM store service /OimWS/oim.asmx, the
// offline message service /rsi/rsi.asmx, the address book
// /abservice/abservice.asmx and the sharing service
// /abservice/SharingService.asmx; routed by path only as Escargot does):
//
//	s, err := msntest.New(msntest.Options{})
//	if err != nil { ... }
//	defer s.Close()
//	s.AddAccount("alice@example.com", "alice123", "Alice")
//	s.AddAccount("bob@example.com", "bob123", "Bob")
//	s.AddContact("alice@example.com", "bob@example.com")
//	// dial s.NSAddr(), get tickets from s.ServicesURL()+"/RST.srf"
//	// with s.HTTPClient() (or write s.CACertPEM() to a --ca-file)
//
// # Dialects
//
// The NS negotiates MSNP2 to MSNP21 like Escargot (the first of MSNP18 down
// to MSNP2 that the client lists, then 19 to 21) but really speaks three:
// MSNP12 (USR TWN, SYN lists, ILN), MSNP15 (USR SSO with the MBI response,
// network id 1 in presence, SYN refused with 502) and MSNP18 (machine GUIDs,
// MPOP, 1:email presence, UBX with endpoint data). Dialects in between
// follow the nearest of these where Escargot's rules say so.
//
// # The contact list
//
// Each account has one contact list, which every dialect sees and
// changes: SYN shows it at MSNP12 and ADC, REM, ADG, RMG and REG change
// it; at MSNP13+ the address book (ABFindAll, ABContactAdd,
// ABContactDelete, ABGroupAdd, ABGroupUpdate, ABGroupDelete,
// ABGroupContactAdd, ABGroupContactDelete) and sharing (FindMembership,
// AddMember, DeleteMember) services show and change it, and so do ADL and
// RML after the initial declaration. A contact's id is its account's
// UUID everywhere (LST's and ADC's C=, ABFindAll's contactId). Putting
// someone on the forward list puts the user on that contact's reverse
// list and tells the contact's sessions (ADC 0 RL, or ADL 0 from MSNP13,
// then a NOT); blocking and unblocking hide and show the user at once.
// The answers and errors are Escargot's, its leniency included (adding
// what is there already succeeds). [Server.Lists], [Server.Groups] and
// [Server.ContactGroups] show the lists to a test.
//
// # What the server records
//
// Tests assert on what the other side saw: [Server.Logins],
// [Server.Online], [Server.PresenceSeenBy] (the presence lines each
// account's sessions were sent about others), [Server.Received] (switchboard
// messages delivered to an account), [Server.OfflineMessages] (offline
// messages stored, through oim.asmx or UUM, and not yet deleted through
// rsi.asmx; [Server.StoreOffline] puts some in place) and the SOAP counters
// [Server.SOAPRequests] and [Server.SOAPTotal].
//
// # Faults and latency
//
// [Server.Inject] makes the server close a connection, answer with an error
// code or never answer, at the Nth matching command; [Server.Kick] signs an
// account out with OUT; [Server.Drop] closes its connections without a
// word; [Server.RefuseOIM] makes the OIM store service answer with a
// fault. [Options.Delay] delays every reply batch and every
// HTTP response by a fixed time, like network latency: replies to pipelined
// commands are all due one Delay after their commands arrived, so a client's
// wall time divided by Delay counts its round trips.
//
// # Concurrency
//
// All methods are safe for concurrent use, and none but Close blocks on the
// network. Every connection has one reading goroutine, which handles its
// commands under the server's lock, and one writing goroutine, which
// writes reply batches when they fall due; nothing blocks on a peer while
// holding the lock. No method calls back into the caller. Close stops the
// listeners, closes every connection and waits for all goroutines.
//
// The trace is for debugging a test: it does not redact tickets, which on
// this server are throwaway.
package msntest

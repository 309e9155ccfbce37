// Package contacts reads and changes the user's contact list in whichever
// form the session's dialect keeps it: the SYN list and ADC/REM/ADG/RMG/REG
// commands on the notification server at MSNP12, the address book and
// sharing SOAP services with ADL/RML at MSNP15 and MSNP18. Callers see one
// model (List, Contact) and one set of operations.
//
// Presence comes from the notification server once the user has set an
// initial status: the session goes hidden (HDN), so listing contacts never
// shows the user online, and the burst of presence lines that answers the
// first CHG (ILN at MSNP12/15, NLN at MSNP18, with UBX personal messages)
// has no end marker; a PNG sent behind it is the barrier: when its QNG
// arrives, the burst is complete (ns.Session.Sync).
package contacts

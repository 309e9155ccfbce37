// Package conn runs one MSNP connection (to a notification server or a
// switchboard): it numbers commands with transaction ids, writes them, and
// matches each reply to the command that asked for it.
//
// A Conn has exactly one goroutine reading from the socket. Every command
// sent with Send or Start registers a waiter under its TrID before a byte is
// written; the read goroutine hands the reply that comes back with that
// TrID (the same command name, ACK or NAK for MSG, XFR for a login
// redirect, or a numeric error such as `911 4` as an *msnp.Error) to that
// waiter. Everything else—presence, RNG, a server's MSG, other lines that
// reuse a TrID like ILN after CHG or IRO before `ANS OK`—goes to the
// Unsolicited handler, in order, on the read goroutine.
//
// Every wait takes a context: servers may never answer (Escargot ignores
// unknown commands and QRY), so callers bound each wait with a deadline.
// When the connection ends, every pending waiter fails with the reason: the
// read error, or an *OutError when the server said OUT (for example OUT OTH,
// signed in elsewhere). A panic while the read goroutine handles a line
// (in Unsolicited, say) is recovered, as go-imap's reader does: the
// connection closes and every pending waiter fails with a *PanicError.
//
// With Options.Trace set, both directions are written to it as
// `NS C> line` and `NS S< line` (payload lines as `NS S<     | line`), with
// tickets, cookies and MBI responses replaced by [redacted].
package conn

// Package msnp is the wire codec of the MSN Messenger protocol (MSNP).
//
// An MSNP stream is a sequence of commands. Each command is one line of
// space-separated words ended by CRLF:
//
//	NAME [TRID] [PARAM ...]\r\n
//
// A few commands carry a payload: their last word is the payload length in
// bytes, and exactly that many bytes follow the line:
//
//	MSG 3 A 79\r\n<79 bytes of MIME message>
//
// Which commands carry a transaction id (TrID) and which carry a payload
// depends on the direction of the stream (a server's MSG has no TrID, a
// client's has one), so a Reader is made for one Direction. The tables live
// in table.go and are the only place that knows them.
//
// The package keeps no session state: it never assigns TrIDs and never waits
// for replies (that is the connection's job). It bounds everything it reads
// before allocating (line length, payload length) and refuses to write a
// parameter that would break the framing (empty, or containing a space, CR or
// LF).
//
// Numeric replies (`911 4`) are protocol errors; [AsError] turns one into an
// *Error whose Is method lets callers write errors.Is(err, msnp.ErrAuthFailed).
package msnp

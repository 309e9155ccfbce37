// Package ns is a session on an MSN notification server (NS): the dialect
// negotiation, the Passport login, and what arrives while logged in.
//
// Login negotiates `VER 1 MSNP18 MSNP15 MSNP12 CVR0` (or the dialects the
// caller pins), authenticates with a cached ticket when one is usable and
// with the password only when there is none or the server rejects it, and
// follows `XFR NS` redirects. VER, CVR and `USR I` leave in one write when
// the dialect is known in advance (pinned, or remembered with the ticket).
//
// Everything that differs between MSNP12, 15 and 18 is a field of Dialect;
// the session consults it rather than comparing version numbers.
package ns

// Package inbox takes the offline messages of the account a notification
// server session is signed in to, as msn offline and msn receive do: it
// lists what waits, fetches each message once, four at a time, returns
// them in the order they were written (rsi.Sort), and deletes only the
// ones the caller says it delivered.
//
// Where the messages are listed depends on the session, not on the
// caller: after a status change the server lists what waits in a
// Mail-Data notice and announces each message stored later; a session
// that set no status (msn offline where the status is the account's,
// shared with the user's other sign-ins, so that it must not change it)
// asks the rsi service instead.
package inbox

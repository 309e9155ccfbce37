// Package sb is a switchboard (SB) session: the conversation server of
// MSNP, where messages between users travel.
//
// A caller gets an address and a cookie from the notification server (`XFR
// SB`), then Call connects, authenticates (`USR`) and invites (`CAL`) in
// one write, and WaitJoin blocks until the invitee's `JOI`. An invitee
// gets the same from `RNG` and uses Answer (`ANS`), which returns once the
// roster (`IRO`) has arrived.
//
// Send writes one `MSG` with ack mode A and blocks until the server's
// `ACK` (or `NAK`). The server relays a message to whoever is in the
// switchboard, acknowledges it even when that is nobody, and announces a
// departure after the ACK of the last message the leaver got; so the Ack
// names who was present when it was read (taken on the read goroutine),
// and a message reached exactly them. Incoming messages, joins and
// departures are reported to the Handler on the connection's read
// goroutine.
//
// At MSNP16+ participants appear twice, as `email;{guid}` (one endpoint)
// and as the bare email, and the user is told of their own join; the
// package folds these into one participant per account.
package sb

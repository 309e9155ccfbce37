// Package im delivers text messages to contacts over a logged-in
// notification server session: a switchboard per conversation, every part
// acknowledged, and offline delivery for contacts who are not online.
//
// A Conversation is opened to one contact, or to several at once (one
// switchboard for all: a group conversation). Send splits the text into
// parts that fit a message, pipelines them and blocks until the server has
// acknowledged every one; for a contact found offline it stores the parts
// as offline messages instead, through the Offline store the caller gives
// (UUM on the NS at MSNP18, the OIM service below).
//
// A switchboard that drops before any part of a text was acknowledged is
// replaced once and the text sent again; after that, or after a partial
// acknowledgement, the failure is reported: a text is never reported
// delivered unless it was.
package im

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
// A part counts as delivered to the contacts who were in the switchboard
// when its ACK was read (see sb.Ack). Parts that reached nobody (the
// contact left just before) are sent again after inviting the contact
// back; a contact who cannot be brought back because they went offline
// gets the rest as offline messages. A switchboard that drops before any
// part of a text was acknowledged is replaced once and the text sent
// again; after that, or after a partial delivery, the failure is
// reported: a text is never reported delivered unless it was.
package im

// Package transfer moves files between two MSN clients with MSNP2P
// (version 1), over a switchboard: the sessions above client/p2p's pure
// encoding, and the link that carries their packets.
//
// A Link moves packets to one peer. SBLink sends each as `MSG D` on a
// switchboard, keeping a bounded window of messages the server has not
// acknowledged yet (libpurple waits for every ACK, so its throughput is
// one chunk per round trip; a window makes it bandwidth's). The server
// acknowledges a message even when nobody is there to receive it, so an
// ACK read while the peer is gone, or the peer's BYE, ends the link.
//
// An Endpoint runs on a link: one goroutine reads the packets,
// reassembles SLP messages and acknowledges every message received, as
// libpurple does. SendFile is the sending side of a file session: INVITE,
// the receiver's 200 OK or 603 Decline, the file streamed from its reader
// in chunks, and the receiver's ACK of the whole file, which alone makes
// it a success. The receiving side is a Handler: Offer decides and says
// where the bytes go, Complete makes the file durable before the sender
// is told (so a sender's success means the file is safe), Ended reports
// a transfer that stopped early.
//
// Dial and Answer put it together with a notification server session: a
// switchboard with the contact, its link and endpoint (a Peer). Files
// cannot be left for an offline contact (ErrOffline).
package transfer

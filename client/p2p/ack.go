package p2p

// AckFor returns the ACK of a received message, given the header of its last
// chunk and the ACK's own identifier: FlagACK, the same SessionID and
// TotalSize, AckID = its ID, AckUID = its AckID, AckSize = its TotalSize.
func AckFor(received Header, id uint32) Header {
	return Header{
		SessionID: received.SessionID,
		ID:        id,
		TotalSize: received.TotalSize,
		Flags:     FlagACK,
		AckID:     received.ID,
		AckUID:    received.AckID,
		AckSize:   received.TotalSize,
	}
}

// IsAckOf reports whether ack acknowledges the whole message of which sent
// is a chunk header (all chunks share ID, AckID and TotalSize).
func IsAckOf(ack, sent Header) bool {
	return ack.Flags&FlagACK != 0 && ack.Length == 0 &&
		ack.AckID == sent.ID && ack.AckUID == sent.AckID && ack.AckSize == sent.TotalSize
}

// NakFor returns the NAK that asks the sender of a data message to send
// it again from offset received: gap is the header of a chunk that came
// beyond the bytes received (after a direct connection broke, say).
// FlagNAK is MSNP2P's "chunk out of order"; this client also puts the
// bytes it has in AckSize, so a sender that reads it (this client)
// resumes exactly there. Clients that ignore NAKs (libpurple) are
// unaffected.
func NakFor(gap Header, received uint64, id uint32) Header {
	return Header{
		SessionID: gap.SessionID,
		ID:        id,
		TotalSize: gap.TotalSize,
		Flags:     FlagNAK,
		AckID:     gap.ID,
		AckUID:    gap.AckID,
		AckSize:   received,
	}
}

// IsNakOf reports whether nak asks for the message of which sent is a
// chunk header to be sent again, and from which offset.
func IsNakOf(nak, sent Header) (from uint64, ok bool) {
	if nak.Flags&FlagNAK == 0 || nak.Flags&FlagACK != 0 || nak.Length != 0 ||
		nak.AckID != sent.ID || nak.AckUID != sent.AckID || nak.AckSize > sent.TotalSize {
		return 0, false
	}
	return nak.AckSize, true
}

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

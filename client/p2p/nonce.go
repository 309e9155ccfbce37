package p2p

import (
	"crypto/sha1"
	"crypto/subtle"
	"encoding/binary"
	"fmt"
)

// A direct connection starts with a handshake that proves both ends took
// part in the SLP negotiation: after the preamble, the connecting side sends
// a packet with only FlagDCHandshake set whose AckID, AckUID and AckSize
// fields hold the 16 bytes of a nonce GUID; the listening side checks it and
// answers with a handshake carrying the same nonce.
//
// With a plain Nonce in the transreqbody/transrespbody both sides know the
// nonce itself. With a Hashed-Nonce (MSNP18 clients) each side publishes
// only HashNonce of its own nonce, then sends the nonce itself in its
// handshake, and the other side checks that it hashes to what was published.

// HandshakeHeader returns the header of a handshake packet with identifier
// id carrying nonce.
func HandshakeHeader(id uint32, nonce GUID) Header {
	return Header{
		ID:      id,
		Flags:   FlagDCHandshake,
		AckID:   binary.LittleEndian.Uint32(nonce[0:]),
		AckUID:  binary.LittleEndian.Uint32(nonce[4:]),
		AckSize: binary.LittleEndian.Uint64(nonce[8:]),
	}
}

// HeaderNonce returns the GUID held in h's AckID, AckUID and AckSize fields.
func HeaderNonce(h Header) GUID {
	var g GUID
	binary.LittleEndian.PutUint32(g[0:], h.AckID)
	binary.LittleEndian.PutUint32(g[4:], h.AckUID)
	binary.LittleEndian.PutUint64(g[8:], h.AckSize)
	return g
}

// ParseHandshake checks that pkt is a well-formed handshake (only the
// handshake flag, no session, no payload, a non-zero nonce) and returns the
// nonce it carries. Whether that nonce is the expected one is NonceMatches'
// job.
func ParseHandshake(pkt Packet) (GUID, error) {
	h := pkt.Header
	if h.Flags != FlagDCHandshake || h.SessionID != 0 || h.Offset != 0 || h.TotalSize != 0 || h.Length != 0 || len(pkt.Payload) != 0 {
		return GUID{}, fmt.Errorf("%w: not a direct-connection handshake: %v", ErrMalformed, h)
	}
	g := HeaderNonce(h)
	if g.IsZero() {
		return GUID{}, fmt.Errorf("%w: handshake with an empty nonce", ErrMalformed)
	}
	return g, nil
}

// HashNonce returns the Hashed-Nonce of nonce: the SHA-1 of its 16 binary
// bytes, whose first 16 bytes are read back as a GUID in the same layout.
func HashNonce(nonce GUID) GUID {
	sum := sha1.Sum(nonce[:])
	var g GUID
	copy(g[:], sum[:16])
	return g
}

// NonceMatches reports, in constant time, whether the nonce got from a
// peer's handshake is the expected one: want itself, or, when hashed, the
// nonce whose HashNonce the peer published as want.
func NonceMatches(got, want GUID, hashed bool) bool {
	if want.IsZero() {
		return false
	}
	if hashed {
		got = HashNonce(got)
	}
	return subtle.ConstantTimeCompare(got[:], want[:]) == 1
}

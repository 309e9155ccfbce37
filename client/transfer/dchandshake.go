package transfer

import (
	"errors"
	"fmt"

	"github.com/msn-cli/msn/client/p2p"
)

// ErrDCHandshake: the other end of a direct connection did not prove it
// took part in the negotiation: no preamble, a malformed handshake, or a
// nonce other than the one agreed. The connection was closed without a
// byte of ours after the check.
var ErrDCHandshake = errors.New("transfer: direct connection handshake failed")

// DCHandshake is what the two ends of a direct connection prove to each
// other, agreed over SLP: each sends a handshake packet carrying a nonce
// and checks the one it reads.
//
// With a plain Nonce (libpurple) both ends know the same nonce: Send and
// Expect are that nonce, Hashed is false. With a Hashed-Nonce (MSNP18
// clients) each end published the SHA-1 of its own nonce: Send is our
// nonce, Expect the hash the peer published, Hashed is true, and the
// peer's plain nonce must hash to Expect.
type DCHandshake struct {
	// ID is the identifier of our handshake packet, the next message
	// identifier of the Endpoint (libpurple does not check it). A random
	// one when 0.
	ID uint32
	// Send is the nonce our handshake carries.
	Send p2p.GUID
	// Expect is the peer's nonce (plain) or its published hash (Hashed).
	Expect p2p.GUID
	Hashed bool
}

// PlainHandshake is the handshake of a plain Nonce, the same both ways.
func PlainHandshake(id uint32, nonce p2p.GUID) DCHandshake {
	return DCHandshake{ID: id, Send: nonce, Expect: nonce}
}

// check refuses a handshake that cannot succeed.
func (hs DCHandshake) check() error {
	if hs.Send.IsZero() || hs.Expect.IsZero() {
		return errors.New("transfer: a direct connection needs a nonce to send and one to expect")
	}
	return nil
}

// frames is our handshake as a frame, after the preamble when we connect.
func (hs DCHandshake) frames(preamble bool) []byte {
	var b []byte
	if preamble {
		b = p2p.AppendDCPreamble(b)
	}
	id := hs.ID
	if id == 0 {
		id = nonZeroRandom()
	}
	b, _ = p2p.AppendDCFrame(b, p2p.Packet{Header: p2p.HandshakeHeader(id, hs.Send)}) // a handshake header is always consistent
	return b
}

// readPreamble reads the connecting side's first frame, which must be the
// preamble and nothing else.
func readPreamble(r *frameReader) error {
	frame, err := r.next(p2p.HeaderSize)
	if err != nil {
		return handshakeError(err)
	}
	if !p2p.IsDCPreamble(frame) {
		return fmt.Errorf("%w: the first frame is not the preamble", ErrDCHandshake)
	}
	return nil
}

// read reads the peer's handshake and checks its nonce.
func (hs DCHandshake) read(r *frameReader) error {
	frame, err := r.next(p2p.HeaderSize)
	if err != nil {
		return handshakeError(err)
	}
	pkt, err := p2p.ParseDCFrame(frame)
	if err != nil {
		return fmt.Errorf("%w: %w", ErrDCHandshake, err)
	}
	nonce, err := p2p.ParseHandshake(pkt)
	if err != nil { // its text shows the header, nonce fields included: not in our errors
		h := pkt.Header
		return fmt.Errorf("%w: not a handshake packet (session %d, flags 0x%x, %d payload bytes)", ErrDCHandshake, h.SessionID, h.Flags, h.Length)
	}
	if !p2p.NonceMatches(nonce, hs.Expect, hs.Hashed) {
		return fmt.Errorf("%w: wrong nonce", ErrDCHandshake)
	}
	return nil
}

// handshakeError marks a frame the peer got wrong as a failed handshake;
// a network error stays as it is.
func handshakeError(err error) error {
	if errors.Is(err, p2p.ErrMalformed) || errors.Is(err, p2p.ErrTooLarge) {
		return fmt.Errorf("%w: %w", ErrDCHandshake, err)
	}
	return err
}

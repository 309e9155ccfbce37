package p2p

import "fmt"

// Footer values (the AppID that follows a packet on the switchboard, 4 bytes
// big-endian). SLP messages and ACKs carry FooterNone; file data carries
// FooterFile, the file-transfer AppID.
const (
	FooterNone uint32 = 0
	FooterFile uint32 = AppIDFile
)

// Packet is one MSNP2P v1 packet: a header, the chunk of the message it
// carries (Header.Length bytes) and, on the switchboard only, a footer.
//
// A parsed Packet's Payload points into the buffer it was parsed from; copy
// it to keep it past the buffer's reuse.
type Packet struct {
	Header  Header
	Payload []byte
	Footer  uint32 // switchboard only; ignored and 0 on a direct connection
}

// check refuses a packet whose header does not describe its payload.
func (p Packet) check() error {
	if uint64(p.Header.Length) != uint64(len(p.Payload)) {
		return fmt.Errorf("%w: header length %d for a payload of %d bytes", ErrMalformed, p.Header.Length, len(p.Payload))
	}
	return p.Header.Check()
}

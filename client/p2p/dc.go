package p2p

import (
	"encoding/binary"
	"fmt"
)

// DCPreamble is the first frame the connecting side sends on a direct
// connection, before the handshake.
const DCPreamble = "foo\x00"

// MaxDCFrame is a reasonable bound for DCFrameSize: far above the chunks
// real clients send, far below what would let a peer exhaust memory.
const MaxDCFrame = 1 << 20

// dcPrefixSize is the size of the little-endian length in front of every
// direct-connection frame.
const dcPrefixSize = 4

// AppendDCPreamble appends the length-prefixed DCPreamble frame to dst.
func AppendDCPreamble(dst []byte) []byte {
	dst = binary.LittleEndian.AppendUint32(dst, uint32(len(DCPreamble)))
	return append(dst, DCPreamble...)
}

// IsDCPreamble reports whether frame (without its length prefix) is the
// preamble.
func IsDCPreamble(frame []byte) bool { return string(frame) == DCPreamble }

// AppendDCFrame appends pkt as a direct-connection frame: a 4-byte
// little-endian length, the header and the payload (no footer). It refuses
// a packet whose header does not match its payload.
func AppendDCFrame(dst []byte, pkt Packet) ([]byte, error) {
	if err := pkt.check(); err != nil {
		return dst, err
	}
	n := uint64(HeaderSize) + uint64(len(pkt.Payload))
	if n > 0xffffffff {
		return dst, fmt.Errorf("%w: direct-connection frame of %d bytes", ErrTooLarge, n)
	}
	dst = binary.LittleEndian.AppendUint32(dst, uint32(n))
	dst = AppendHeader(dst, pkt.Header)
	return append(dst, pkt.Payload...), nil
}

// DCFrameSize decodes the 4-byte length prefix of a direct-connection frame
// and returns how many bytes the caller must read next. It refuses a zero
// length and one over max, before the caller allocates anything.
func DCFrameSize(prefix [dcPrefixSize]byte, max int) (int, error) {
	n := binary.LittleEndian.Uint32(prefix[:])
	if n == 0 {
		return 0, fmt.Errorf("%w: empty direct-connection frame", ErrMalformed)
	}
	if uint64(n) > uint64(max) {
		return 0, fmt.Errorf("%w: direct-connection frame of %d bytes, over %d", ErrTooLarge, n, max)
	}
	return int(n), nil
}

// ParseDCFrame decodes one direct-connection frame (what follows the length
// prefix): a header and exactly Header.Length payload bytes. The Payload
// points into frame. The preamble is not a packet: check IsDCPreamble first.
func ParseDCFrame(frame []byte) (Packet, error) {
	h, err := ParseHeader(frame)
	if err != nil {
		return Packet{}, err
	}
	if int(h.Length) != len(frame)-HeaderSize {
		return Packet{}, fmt.Errorf("%w: header says %d payload bytes, the frame holds %d", ErrMalformed, h.Length, len(frame)-HeaderSize)
	}
	return Packet{Header: h, Payload: frame[HeaderSize:len(frame):len(frame)]}, nil
}

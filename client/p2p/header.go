package p2p

import (
	"encoding/binary"
	"fmt"
	"math"
	"strconv"
)

// HeaderSize is the size of the MSNP2P v1 binary header.
const HeaderSize = 48

// Flags of the binary header (the Flags field). A message with no flag
// (FlagNone) carries SLP text or is an ordinary chunk of a session message.
const (
	FlagNone        uint32 = 0x0       // SLP text, or no special meaning
	FlagNAK         uint32 = 0x1       // negative acknowledgement (chunk out of order)
	FlagACK         uint32 = 0x2       // acknowledgement of a whole message
	FlagRAK         uint32 = 0x4       // waiting for a reply (a pending invitation)
	FlagError       uint32 = 0x8       // error at the binary level
	FlagFile        uint32 = 0x10      // file
	FlagData        uint32 = 0x20      // data (MSN object: display picture, emoticon)
	FlagBye         uint32 = 0x40      // the session is closed (acknowledges a BYE)
	FlagTLPError    uint32 = 0x80      // error at the transport layer
	FlagDCHandshake uint32 = 0x100     // direct-connection handshake
	FlagWLM2009     uint32 = 0x1000000 // set by Windows Live Messenger 2009 and later
	FlagFileData    uint32 = FlagWLM2009 | FlagData | FlagFile
)

// Header is the 48-byte binary header in front of every MSNP2P v1 packet.
// On the wire every field is little-endian, in this order.
type Header struct {
	SessionID uint32 // 0 for SLP messages; the session's id for its data
	ID        uint32 // the message's identifier, the same in all its chunks
	Offset    uint64 // where this chunk's payload starts in the message
	TotalSize uint64 // the size of the whole message
	Length    uint32 // the size of this chunk's payload
	Flags     uint32 // FlagNone, FlagACK, FlagFileData, ...
	AckID     uint32 // a random value; an ACK puts the acked message's ID here
	AckUID    uint32 // in an ACK: the acked message's AckID
	AckSize   uint64 // in an ACK: the acked message's TotalSize
}

// AppendHeader appends the 48 wire bytes of h to dst. It does not check h
// (see Header.Check); the packet encoders do.
func AppendHeader(dst []byte, h Header) []byte {
	dst = binary.LittleEndian.AppendUint32(dst, h.SessionID)
	dst = binary.LittleEndian.AppendUint32(dst, h.ID)
	dst = binary.LittleEndian.AppendUint64(dst, h.Offset)
	dst = binary.LittleEndian.AppendUint64(dst, h.TotalSize)
	dst = binary.LittleEndian.AppendUint32(dst, h.Length)
	dst = binary.LittleEndian.AppendUint32(dst, h.Flags)
	dst = binary.LittleEndian.AppendUint32(dst, h.AckID)
	dst = binary.LittleEndian.AppendUint32(dst, h.AckUID)
	return binary.LittleEndian.AppendUint64(dst, h.AckSize)
}

// ParseHeader decodes the header at the start of b, where b holds the header
// and whatever follows it in the packet. It refuses fewer than HeaderSize
// bytes, a Length larger than what follows the header, and the inconsistent
// fields Check refuses.
func ParseHeader(b []byte) (Header, error) {
	if len(b) < HeaderSize {
		return Header{}, fmt.Errorf("%w: header of %d bytes, want %d", ErrMalformed, len(b), HeaderSize)
	}
	h := Header{
		SessionID: binary.LittleEndian.Uint32(b[0:]),
		ID:        binary.LittleEndian.Uint32(b[4:]),
		Offset:    binary.LittleEndian.Uint64(b[8:]),
		TotalSize: binary.LittleEndian.Uint64(b[16:]),
		Length:    binary.LittleEndian.Uint32(b[24:]),
		Flags:     binary.LittleEndian.Uint32(b[28:]),
		AckID:     binary.LittleEndian.Uint32(b[32:]),
		AckUID:    binary.LittleEndian.Uint32(b[36:]),
		AckSize:   binary.LittleEndian.Uint64(b[40:]),
	}
	if rest := len(b) - HeaderSize; uint64(h.Length) > uint64(rest) {
		return Header{}, fmt.Errorf("%w: header says %d payload bytes, %d follow", ErrMalformed, h.Length, rest)
	}
	if err := h.Check(); err != nil {
		return Header{}, err
	}
	return h, nil
}

// Check refuses a header whose chunk does not lie inside its message:
// Offset+Length larger than TotalSize (or overflowing).
func (h Header) Check() error {
	if h.Offset > math.MaxUint64-uint64(h.Length) || h.Offset+uint64(h.Length) > h.TotalSize {
		return fmt.Errorf("%w: chunk at offset %d of %d bytes overruns total size %d",
			ErrMalformed, h.Offset, h.Length, h.TotalSize)
	}
	return nil
}

// Chunk returns a copy of h describing the chunk of length bytes at offset
// of the same message: the header of one piece of a message whose shared
// fields (SessionID, ID, TotalSize, Flags, AckID) h holds.
func (h Header) Chunk(offset uint64, length uint32) Header {
	h.Offset, h.Length = offset, length
	return h
}

// String formats h as the capture in shared/reference/libpurple-p2p prints
// it, for traces: "SessionID=0 ID=1522811960 Offset=0 ... Flags=0x2 ...".
func (h Header) String() string {
	fields := [...]struct {
		name  string
		value uint64
		base  int
	}{
		{"SessionID=", uint64(h.SessionID), 10}, {" ID=", uint64(h.ID), 10},
		{" Offset=", h.Offset, 10}, {" TotalSize=", h.TotalSize, 10},
		{" Length=", uint64(h.Length), 10}, {" Flags=0x", uint64(h.Flags), 16},
		{" AckID=", uint64(h.AckID), 10}, {" AckUID=", uint64(h.AckUID), 10},
		{" AckSize=", h.AckSize, 10},
	}
	b := make([]byte, 0, 160)
	for _, f := range fields {
		b = append(b, f.name...)
		b = strconv.AppendUint(b, f.value, f.base)
	}
	return string(b)
}

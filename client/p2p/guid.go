package p2p

import (
	"crypto/rand"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"strings"
)

// GUID is a GUID in Microsoft's binary layout, the one it has in a P2P
// header: the first three groups little-endian, the last two as written.
// {5FFB1179-1D86-7BB5-1139-DC1B433E9B23} is the bytes
// 79 11 FB 5F 86 1D B5 7B 11 39 DC 1B 43 3E 9B 23.
type GUID [16]byte

// NewGUID returns a random (version 4) GUID.
func NewGUID() GUID {
	var g GUID
	rand.Read(g[:])
	g[7] = g[7]&0x0f | 0x40 // version, in the high nibble of the third group
	g[8] = g[8]&0x3f | 0x80 // variant
	return g
}

// ParseGUID reads a GUID written as text, with or without braces, in upper
// or lower case: {5FFB1179-1D86-7BB5-1139-DC1B433E9B23}.
func ParseGUID(s string) (GUID, error) {
	t := s
	if strings.HasPrefix(t, "{") && strings.HasSuffix(t, "}") {
		t = t[1 : len(t)-1]
	}
	var raw [16]byte
	if len(t) != 36 || t[8] != '-' || t[13] != '-' || t[18] != '-' || t[23] != '-' {
		return GUID{}, fmt.Errorf("%w: GUID %q", ErrMalformed, s)
	}
	digits := t[0:8] + t[9:13] + t[14:18] + t[19:23] + t[24:36]
	if _, err := hex.Decode(raw[:], []byte(digits)); err != nil {
		return GUID{}, fmt.Errorf("%w: GUID %q", ErrMalformed, s)
	}
	var g GUID
	binary.LittleEndian.PutUint32(g[0:], binary.BigEndian.Uint32(raw[0:]))
	binary.LittleEndian.PutUint16(g[4:], binary.BigEndian.Uint16(raw[4:]))
	binary.LittleEndian.PutUint16(g[6:], binary.BigEndian.Uint16(raw[6:]))
	copy(g[8:], raw[8:])
	return g, nil
}

// String writes g as the protocol does: upper case, in braces.
func (g GUID) String() string {
	return fmt.Sprintf("{%08X-%04X-%04X-%X-%X}",
		binary.LittleEndian.Uint32(g[0:]), binary.LittleEndian.Uint16(g[4:]),
		binary.LittleEndian.Uint16(g[6:]), g[8:10], g[10:16])
}

// IsZero reports whether g is {00000000-0000-0000-0000-000000000000}, which
// the SLP bodies use to mean "no nonce".
func (g GUID) IsZero() bool { return g == GUID{} }

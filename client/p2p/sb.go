package p2p

import (
	"encoding/binary"
	"fmt"
	"strings"
)

// SBContentType is the Content-Type of a switchboard MSG carrying a packet.
const SBContentType = "application/x-msnmsgrp2p"

// MaxSBPayload is the largest MSG payload a switchboard relays: Escargot
// closes the switchboard when a client sends more.
const MaxSBPayload = 1664

// SBChunk is the most message bytes one switchboard packet carries, as
// libpurple sends them; with the MIME block, header and footer the MSG stays
// under MaxSBPayload for any destination CheckSBDest accepts.
const SBChunk = 1202

const (
	sbMIMEStart = "MIME-Version: 1.0\r\nContent-Type: " + SBContentType + "\r\nP2P-Dest: "
	sbMIMEEnd   = "\r\n\r\n"
	footerSize  = 4
)

// SBMessageSize is the size of the MSG payload that carries a packet of
// payloadLen bytes to dest.
func SBMessageSize(dest string, payloadLen int) int {
	return len(sbMIMEStart) + len(dest) + len(sbMIMEEnd) + HeaderSize + payloadLen + footerSize
}

// CheckSBDest refuses a P2P-Dest value that is empty, holds a space or a
// control character, or is so long that an SBChunk-byte packet to it would
// exceed MaxSBPayload.
func CheckSBDest(dest string) error {
	if dest == "" || strings.IndexFunc(dest, func(r rune) bool { return r <= ' ' || r == 0x7f }) >= 0 {
		return fmt.Errorf("%w: P2P-Dest %q", ErrMalformed, dest)
	}
	if n := SBMessageSize(dest, SBChunk); n > MaxSBPayload {
		return fmt.Errorf("%w: P2P-Dest of %d bytes makes a full chunk %d bytes, over the switchboard's %d",
			ErrTooLarge, len(dest), n, MaxSBPayload)
	}
	return nil
}

// AppendSBMessage appends to dst the whole MSG payload that carries pkt to
// dest over a switchboard: the MIME block with P2P-Dest, the header, the
// payload and the big-endian footer. It refuses a bad destination, a packet
// whose header does not match its payload, and a result over MaxSBPayload.
func AppendSBMessage(dst []byte, dest string, pkt Packet) ([]byte, error) {
	if err := CheckSBDest(dest); err != nil {
		return dst, err
	}
	if err := pkt.check(); err != nil {
		return dst, err
	}
	if n := SBMessageSize(dest, len(pkt.Payload)); n > MaxSBPayload {
		return dst, fmt.Errorf("%w: switchboard message of %d bytes, over %d", ErrTooLarge, n, MaxSBPayload)
	}
	dst = append(dst, sbMIMEStart...)
	dst = append(dst, dest...)
	dst = append(dst, sbMIMEEnd...)
	dst = AppendHeader(dst, pkt.Header)
	dst = append(dst, pkt.Payload...)
	return binary.BigEndian.AppendUint32(dst, pkt.Footer), nil
}

// ParseSBBody decodes the binary body of a switchboard P2P message (what
// follows its MIME block): a header, exactly Header.Length payload bytes
// and the footer. The Payload points into body.
func ParseSBBody(body []byte) (Packet, error) {
	if len(body) < HeaderSize+footerSize {
		return Packet{}, fmt.Errorf("%w: switchboard body of %d bytes, want at least %d", ErrMalformed, len(body), HeaderSize+footerSize)
	}
	end := len(body) - footerSize
	h, err := ParseHeader(body[:end])
	if err != nil {
		return Packet{}, err
	}
	if int(h.Length) != end-HeaderSize {
		return Packet{}, fmt.Errorf("%w: header says %d payload bytes, the body holds %d", ErrMalformed, h.Length, end-HeaderSize)
	}
	return Packet{
		Header:  h,
		Payload: body[HeaderSize:end:end],
		Footer:  binary.BigEndian.Uint32(body[end:]),
	}, nil
}

package p2p

import (
	"bytes"
	"errors"
	"strings"
	"testing"
)

const sbOverheadNoDest = len("MIME-Version: 1.0\r\nContent-Type: application/x-msnmsgrp2p\r\nP2P-Dest: \r\n\r\n") + 48 + 4

func TestSBLimit(t *testing.T) {
	longest := strings.Repeat("a", MaxSBPayload-sbOverheadNoDest-SBChunk)
	if err := CheckSBDest(longest); err != nil {
		t.Fatalf("the longest destination: %v", err)
	}
	msg, err := AppendSBMessage(nil, longest, Packet{Header: Header{TotalSize: SBChunk, Length: SBChunk}, Payload: make([]byte, SBChunk)})
	if err != nil || len(msg) != MaxSBPayload {
		t.Fatalf("a full chunk to it: %d bytes, %v", len(msg), err)
	}
	if err := CheckSBDest(longest + "a"); !errors.Is(err, ErrTooLarge) {
		t.Fatalf("one byte longer: %v", err)
	}
	for _, dest := range []string{"", "bob @example.com", "bob@example.com\r\n", "bob\x00"} {
		if err := CheckSBDest(dest); !errors.Is(err, ErrMalformed) {
			t.Errorf("CheckSBDest(%q) = %v", dest, err)
		}
	}
	big := Packet{Header: Header{TotalSize: 1600, Length: 1600}, Payload: make([]byte, 1600)}
	if out, err := AppendSBMessage([]byte("x"), "bob@example.com", big); !errors.Is(err, ErrTooLarge) || string(out) != "x" {
		t.Fatalf("a 1600-byte chunk: %v", err)
	}
	mismatch := Packet{Header: Header{TotalSize: 10, Length: 5}, Payload: make([]byte, 4)}
	if _, err := AppendSBMessage(nil, "bob@example.com", mismatch); !errors.Is(err, ErrMalformed) {
		t.Fatalf("length and payload differ: %v", err)
	}
	if _, err := AppendDCFrame(nil, mismatch); !errors.Is(err, ErrMalformed) {
		t.Fatalf("length and payload differ: %v", err)
	}
}

func TestParseSBBodyRefuses(t *testing.T) {
	good := append(AppendHeader(nil, Header{TotalSize: 3, Length: 3}), "abc\x00\x00\x00\x02"...)
	if p, err := ParseSBBody(good); err != nil || string(p.Payload) != "abc" || p.Footer != 2 {
		t.Fatalf("good body: %+v, %v", p, err)
	}
	for name, b := range map[string][]byte{
		"short":          good[:51],
		"a byte missing": append(append([]byte{}, good[:50]...), good[51:]...),
		"a byte extra":   append(append(append([]byte{}, good[:51]...), 'x'), good[51:]...),
	} {
		if _, err := ParseSBBody(b); !errors.Is(err, ErrMalformed) {
			t.Errorf("%s: %v", name, err)
		}
	}
}

func TestDCFraming(t *testing.T) {
	if got := AppendDCPreamble(nil); !bytes.Equal(got, []byte{4, 0, 0, 0, 'f', 'o', 'o', 0}) || !IsDCPreamble(got[4:]) {
		t.Fatalf("preamble %q", got)
	}
	if IsDCPreamble([]byte("foo")) || IsDCPreamble(AppendHeader(nil, Header{})) {
		t.Fatal("not a preamble, recognised as one")
	}
	for _, tc := range []struct {
		prefix [4]byte
		max    int
		want   error
	}{
		{[4]byte{0, 0, 0, 0}, 100, ErrMalformed},
		{[4]byte{101, 0, 0, 0}, 100, ErrTooLarge},
		{[4]byte{0xff, 0xff, 0xff, 0xff}, MaxDCFrame, ErrTooLarge},
	} {
		if _, err := DCFrameSize(tc.prefix, tc.max); !errors.Is(err, tc.want) {
			t.Errorf("DCFrameSize(% x, %d) = %v, want %v", tc.prefix, tc.max, err, tc.want)
		}
	}
	if n, err := DCFrameSize([4]byte{100, 0, 0, 0}, 100); n != 100 || err != nil {
		t.Fatalf("DCFrameSize at the bound: %d, %v", n, err)
	}
	frame := append(AppendHeader(nil, Header{TotalSize: 3, Length: 3}), "abc"...)
	for name, b := range map[string][]byte{
		"short header":   frame[:47],
		"a byte missing": frame[:50],
		"a byte extra":   append(append([]byte{}, frame...), 'x'),
	} {
		if _, err := ParseDCFrame(b); !errors.Is(err, ErrMalformed) {
			t.Errorf("%s: %v", name, err)
		}
	}
}

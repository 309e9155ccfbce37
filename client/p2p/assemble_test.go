package p2p

import (
	"bytes"
	"errors"
	"testing"
)

func slpChunk(id uint32, total uint64, off uint64, data string) Packet {
	return Packet{Header: SLPHeader(id, total, 1).Chunk(off, uint32(len(data))), Payload: []byte(data)}
}

func TestAssemblerInterleaved(t *testing.T) {
	var a Assembler
	steps := []struct {
		p    Packet
		want string
	}{
		{slpChunk(1, 6, 0, "abc"), ""},
		{slpChunk(2, 4, 2, "yz"), ""},
		{slpChunk(1, 6, 2, "cd"), ""}, // overlaps with the same byte
		{slpChunk(2, 4, 0, "wx"), "wxyz"},
		{slpChunk(1, 6, 4, "ef"), "abcdef"},
	}
	for i, s := range steps {
		msg, err := a.Add(s.p)
		if err != nil || string(msg) != s.want {
			t.Fatalf("step %d: %q, %v; want %q", i, msg, err, s.want)
		}
	}
	if a.Pending() != 0 {
		t.Fatalf("%d messages still pending", a.Pending())
	}
}

func TestAssemblerRefuses(t *testing.T) {
	for _, tc := range []struct {
		name  string
		first Packet
		bad   Packet
		want  error
	}{
		{"different bytes at the same offset", slpChunk(1, 6, 0, "abc"), slpChunk(1, 6, 2, "Xd"), ErrSequence},
		{"total size change", slpChunk(1, 6, 0, "abc"), slpChunk(1, 7, 3, "def"), ErrSequence},
		{"past the end", slpChunk(1, 6, 0, "abc"), Packet{Header: Header{ID: 1, Offset: 5, TotalSize: 6, Length: 2}, Payload: []byte("xx")}, ErrMalformed},
		{"length and payload differ", slpChunk(1, 6, 0, "abc"), Packet{Header: Header{ID: 1, Offset: 3, TotalSize: 6, Length: 3}, Payload: []byte("de")}, ErrMalformed},
		{"over the size bound", slpChunk(1, 6, 0, "abc"), slpChunk(2, MaxSLPSize+1, 0, "a"), ErrTooLarge},
		{"empty message", slpChunk(1, 6, 0, "abc"), slpChunk(2, 0, 0, ""), ErrMalformed},
	} {
		var a Assembler
		if _, err := a.Add(tc.first); err != nil {
			t.Fatal(err)
		}
		if _, err := a.Add(tc.bad); !errors.Is(err, tc.want) {
			t.Errorf("%s: err = %v, want %v", tc.name, err, tc.want)
		}
	}
	var a Assembler
	for id := range uint32(MaxPendingSLP) {
		if _, err := a.Add(slpChunk(id, 10, 0, "a")); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := a.Add(slpChunk(99, 10, 0, "a")); !errors.Is(err, ErrTooLarge) {
		t.Fatalf("one message too many: %v", err)
	}
}

// TestAssemblerForgetsRefused checks that a message refused for different
// bytes starts afresh.
func TestAssemblerForgetsRefused(t *testing.T) {
	var a Assembler
	a.Add(slpChunk(1, 4, 0, "ab"))
	if _, err := a.Add(slpChunk(1, 4, 0, "aX")); err == nil {
		t.Fatal("different bytes accepted")
	}
	a.Add(slpChunk(1, 4, 0, "aX"))
	if msg, err := a.Add(slpChunk(1, 4, 2, "cd")); err != nil || !bytes.Equal(msg, []byte("aXcd")) {
		t.Fatalf("%q, %v", msg, err)
	}
}

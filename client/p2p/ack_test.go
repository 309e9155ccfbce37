package p2p

import "testing"

// TestCapturedACKs finds, for every ACK in the capture, the message it
// acknowledges, and checks that AckFor builds that very ACK and IsAckOf
// recognises it.
func TestCapturedACKs(t *testing.T) {
	packets := capturedPackets(t)
	byID := map[uint32]Header{}
	for _, c := range packets {
		if c.header.Flags&FlagACK == 0 {
			byID[c.header.ID] = c.header
		}
	}
	acks := map[uint32]bool{}
	for _, c := range packets {
		ack := c.header
		if ack.Flags != FlagACK {
			continue
		}
		acks[ack.ID] = true
		acked, ok := byID[ack.AckID]
		if !ok {
			t.Fatalf("line %d: no message %d in the capture", c.line, ack.AckID)
		}
		if got := AckFor(acked, ack.ID); got != ack {
			t.Errorf("line %d: AckFor = %v, the capture has %v", c.line, got, ack)
		}
		if !IsAckOf(ack, acked) {
			t.Errorf("line %d: IsAckOf is false", c.line)
		}
		for _, other := range byID {
			if other.ID != acked.ID && IsAckOf(ack, other) {
				t.Errorf("line %d: also acknowledges message %d", c.line, other.ID)
			}
		}
	}
	if len(acks) != 8 {
		t.Fatalf("%d distinct ACKs in the capture, want 8", len(acks))
	}
}

func TestIsAckOfRefuses(t *testing.T) {
	sent := FileDataHeader(1, 10, 500, 77)
	ack := AckFor(sent.Chunk(498, 2), 20)
	for name, bad := range map[string]Header{
		"no ACK flag":    func() Header { h := ack; h.Flags = FlagNone; return h }(),
		"other message":  func() Header { h := ack; h.AckID++; return h }(),
		"other AckID":    func() Header { h := ack; h.AckUID++; return h }(),
		"partial size":   func() Header { h := ack; h.AckSize--; return h }(),
		"with a payload": func() Header { h := ack; h.Length = 1; return h }(),
	} {
		if IsAckOf(bad, sent) {
			t.Errorf("%s: recognised as the ACK", name)
		}
	}
	if !IsAckOf(ack, sent) {
		t.Fatal("the ACK of the last chunk is not the ACK of the message")
	}
}

func TestNakRoundTrip(t *testing.T) {
	data := FileDataHeader(7, 100, 50000, 999)
	gap := data.Chunk(30000, 1202)
	tr := NewDataTracker(7, 50000)
	if _, _, err := tr.Accept(data.Chunk(0, 1202)); err != nil {
		t.Fatal(err)
	}
	if !tr.IsGap(gap) || tr.IsGap(data.Chunk(1202, 1202)) || tr.IsGap(data.Chunk(0, 1202)) {
		t.Fatal("IsGap is wrong about which chunk is a gap")
	}
	if other := FileDataHeader(8, 100, 50000, 999).Chunk(30000, 1202); tr.IsGap(other) {
		t.Fatal("a chunk of another session is a gap")
	}
	nak := NakFor(gap, tr.Received(), 5)
	if from, ok := IsNakOf(nak, data); !ok || from != 1202 {
		t.Fatalf("IsNakOf = %d, %v", from, ok)
	}
	if _, ok := IsNakOf(nak, FileDataHeader(7, 101, 50000, 999)); ok {
		t.Fatal("a NAK of another message matched")
	}
	if IsAckOf(nak, data) {
		t.Fatal("a NAK reads as the ACK")
	}
	if _, ok := IsNakOf(AckFor(data, 5), data); ok {
		t.Fatal("the ACK reads as a NAK")
	}
	b := AppendHeader(nil, nak)
	if back, err := ParseHeader(b); err != nil || back != nak {
		t.Fatalf("a NAK does not survive the wire: %+v, %v", back, err)
	}
}

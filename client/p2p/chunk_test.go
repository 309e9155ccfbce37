package p2p

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"testing"
)

// chunkSizes are the sizes that cross every chunk boundary, for chunk c.
func chunkSizes(c int) []int {
	return []int{0, 1, c - 1, c, c + 1, 10 * c, 10*c + 1}
}

// TestChunkBoundaries plans messages of every boundary size, sends each
// chunk through a transport's framing and back, and reassembles the data
// through the DataTracker (and the SLP Assembler when it fits): every byte
// must arrive exactly once, the message be complete only after its last
// chunk, and the receiver's ACK acknowledge it.
func TestChunkBoundaries(t *testing.T) {
	for _, tr := range []struct {
		name  string
		chunk uint32
		frame func(Packet) (Packet, error)
	}{
		{"switchboard", SBChunk, sbTrip},
		{"direct", 8192, dcTrip},
		{"tiny", 7, dcTrip},
	} {
		for _, size := range chunkSizes(int(tr.chunk)) {
			t.Run(fmt.Sprintf("%s/%d", tr.name, size), func(t *testing.T) {
				data := make([]byte, size)
				rand.NewChaCha8([32]byte{byte(size), byte(size >> 8)}).Read(data)
				sendThroughTracker(t, data, tr.chunk, tr.frame)
				if size <= MaxSLPSize && size > 0 {
					sendThroughAssembler(t, data, tr.chunk, tr.frame)
				}
			})
		}
	}
}

func sbTrip(p Packet) (Packet, error) {
	msg, err := AppendSBMessage(nil, "bob@example.com;{40279CF0-69E2-9F43-3BA7-87E4B32F5E3B}", p)
	if err != nil {
		return Packet{}, err
	}
	return ParseSBBody(msg[bytes.Index(msg, []byte("\r\n\r\n"))+4:])
}

func dcTrip(p Packet) (Packet, error) {
	frame, err := AppendDCFrame(nil, p)
	if err != nil {
		return Packet{}, err
	}
	n, err := DCFrameSize([4]byte(frame[:4]), MaxDCFrame)
	if err != nil || n != len(frame)-4 {
		return Packet{}, fmt.Errorf("frame size %d, %v", n, err)
	}
	return ParseDCFrame(frame[4:])
}

func sendThroughTracker(t *testing.T, data []byte, chunk uint32, trip func(Packet) (Packet, error)) {
	plan := Plan{Total: uint64(len(data)), Size: chunk}
	sent := FileDataHeader(77, 1000, plan.Total, 4242)
	rx := NewDataTracker(77, plan.Total)
	out := make([]byte, len(data))
	seen := make([]int, len(data))
	chunks := uint64(0)
	for off, n := range plan.From(0) {
		if rx.Done() {
			t.Fatalf("complete before the chunk at %d", off)
		}
		chunks++
		got, err := trip(Packet{Header: sent.Chunk(off, n), Payload: data[off : off+uint64(n)], Footer: FooterFile})
		if err != nil {
			t.Fatal(err)
		}
		at, skip, err := rx.Accept(got.Header)
		if err != nil {
			t.Fatal(err)
		}
		for i, c := range got.Payload[skip:] {
			out[at+uint64(i)] = c
			seen[at+uint64(i)]++
		}
	}
	if chunks != plan.Count() || !rx.Done() || rx.Received() != plan.Total {
		t.Fatalf("%d chunks (plan: %d), done %v, received %d", chunks, plan.Count(), rx.Done(), rx.Received())
	}
	for i, n := range seen {
		if n != 1 {
			t.Fatalf("byte %d written %d times", i, n)
		}
	}
	if !bytes.Equal(out, data) {
		t.Fatal("reassembled data differs")
	}
	if ack := AckFor(rx.Last(), 5000); !IsAckOf(ack, sent) {
		t.Fatalf("the receiver's ACK %v does not acknowledge %v", ack, sent)
	}
}

// sendThroughAssembler sends data as an SLP message, its chunks in reverse
// order, each twice.
func sendThroughAssembler(t *testing.T, data []byte, chunk uint32, trip func(Packet) (Packet, error)) {
	plan := Plan{Total: uint64(len(data)), Size: chunk}
	sent := SLPHeader(2000, plan.Total, 99)
	var packets []Packet
	for off, n := range plan.From(0) {
		p, err := trip(Packet{Header: sent.Chunk(off, n), Payload: data[off : off+uint64(n)]})
		if err != nil {
			t.Fatal(err)
		}
		packets = append(packets, p)
	}
	var a Assembler
	for i := len(packets) - 1; i >= 0; i-- {
		for range 2 {
			msg, err := a.Add(packets[i])
			if err != nil {
				t.Fatal(err)
			}
			if (msg != nil) != (i == 0) {
				t.Fatalf("chunk %d of %d: message returned: %v", i, len(packets), msg != nil)
			}
			if msg != nil {
				if !bytes.Equal(msg, data) {
					t.Fatal("reassembled SLP differs")
				}
				return
			}
		}
	}
	t.Fatal("the message never completed")
}

func TestPlan(t *testing.T) {
	for _, tc := range []struct {
		total   uint64
		size    uint32
		count   uint64
		lengths []uint32
	}{
		{0, 10, 1, []uint32{0}},
		{1, 10, 1, []uint32{1}},
		{10, 10, 1, []uint32{10}},
		{11, 10, 2, []uint32{10, 1}},
		{25, 10, 3, []uint32{10, 10, 5}},
	} {
		p := Plan{Total: tc.total, Size: tc.size}
		var lengths []uint32
		var next uint64
		for off, n := range p.From(0) {
			if off != next {
				t.Fatalf("%+v: chunk at %d, want %d", p, off, next)
			}
			next += uint64(n)
			lengths = append(lengths, n)
		}
		if p.Count() != tc.count || fmt.Sprint(lengths) != fmt.Sprint(tc.lengths) {
			t.Errorf("%+v: count %d, lengths %v; want %d, %v", p, p.Count(), lengths, tc.count, tc.lengths)
		}
	}
	p := Plan{Total: 25, Size: 10}
	var resumed []string
	for off, n := range p.From(13) {
		resumed = append(resumed, fmt.Sprint(off, ":", n))
	}
	if fmt.Sprint(resumed) != "[13:10 23:2]" || p.LengthAt(25) != 0 || p.LengthAt(24) != 1 {
		t.Fatalf("resumed from 13: %v", resumed)
	}
	for range (Plan{Total: 5}).From(0) {
		t.Fatal("a plan with chunk size 0 yielded a chunk")
	}
	if (Plan{Total: 5}).Count() != 0 {
		t.Fatal("a plan with chunk size 0 counts chunks")
	}
}

package p2p

import (
	"bytes"
	"testing"
)

const benchDest = "bob@example.com;{40279CF0-69E2-9F43-3BA7-87E4B32F5E3B}"

func benchChunk() Packet {
	return Packet{Header: FileDataHeader(1028713256, 1522811961, 5<<20, 1041845848).Chunk(1202*100, SBChunk),
		Payload: bytes.Repeat([]byte{0xA5}, SBChunk), Footer: FooterFile}
}

// BenchmarkAppendSBMessage builds the MSG payload of one full switchboard
// data chunk into a reused buffer.
func BenchmarkAppendSBMessage(b *testing.B) {
	p := benchChunk()
	buf := make([]byte, 0, MaxSBPayload)
	b.SetBytes(SBChunk)
	b.ReportAllocs()
	for b.Loop() {
		var err error
		if buf, err = AppendSBMessage(buf[:0], benchDest, p); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkParseSBBody decodes the binary body of one full switchboard data
// chunk and feeds it to a DataTracker.
func BenchmarkParseSBBody(b *testing.B) {
	msg, err := AppendSBMessage(nil, benchDest, benchChunk())
	if err != nil {
		b.Fatal(err)
	}
	body := msg[bytes.Index(msg, []byte("\r\n\r\n"))+4:]
	rx := NewDataTracker(1028713256, 5<<20)
	rx.received = 1202 * 100
	b.SetBytes(SBChunk)
	b.ReportAllocs()
	for b.Loop() {
		p, err := ParseSBBody(body)
		if err != nil {
			b.Fatal(err)
		}
		if _, _, err := rx.Accept(p.Header); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkDCFrame builds and decodes one 1202-byte chunk as a
// direct-connection frame.
func BenchmarkDCFrame(b *testing.B) {
	p := benchChunk()
	buf := make([]byte, 0, 4+HeaderSize+SBChunk)
	b.SetBytes(SBChunk)
	b.ReportAllocs()
	for b.Loop() {
		var err error
		if buf, err = AppendDCFrame(buf[:0], p); err != nil {
			b.Fatal(err)
		}
		if _, err := ParseDCFrame(buf[4:]); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkPlan5MB plans a 5 MB transfer in switchboard chunks and builds
// every chunk's header.
func BenchmarkPlan5MB(b *testing.B) {
	const total = 5 << 20
	plan := Plan{Total: total, Size: SBChunk}
	tmpl := FileDataHeader(1, 2, total, 3)
	b.SetBytes(total)
	b.ReportAllocs()
	for b.Loop() {
		var sum uint64
		for off, n := range plan.From(0) {
			sum += uint64(tmpl.Chunk(off, n).Length)
		}
		if sum != total {
			b.Fatal(sum)
		}
	}
}

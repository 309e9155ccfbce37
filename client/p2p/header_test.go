package p2p

import (
	"bytes"
	"encoding/binary"
	"errors"
	"math"
	"math/rand/v2"
	"testing"
)

// wireHeader writes h with encoding/binary, independently of AppendHeader.
func wireHeader(t testing.TB, h Header) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := binary.Write(&b, binary.LittleEndian, h); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// TestCapturedHeaders decodes every header the capture prints, from the wire
// bytes of its printed fields, and checks that it encodes back to them, that
// String prints what the capture printed, and that each packet framed for
// its transport has the size the capture logged.
func TestCapturedHeaders(t *testing.T) {
	packets := capturedPackets(t)
	if len(packets) != 32 {
		t.Fatalf("read %d packets from the capture, want its 32", len(packets))
	}
	sized := 0
	for _, c := range packets {
		body := c.body()
		if uint64(len(body)) != uint64(c.header.Length) {
			t.Fatalf("line %d: rebuilt %d payload bytes, header says %d", c.line, len(body), c.header.Length)
		}
		wire := wireHeader(t, c.header)
		got, err := ParseHeader(append(wire, body...))
		if err != nil || got != c.header {
			t.Fatalf("line %d: ParseHeader = %v, %v; want %v", c.line, got, err, c.header)
		}
		if enc := AppendHeader(nil, c.header); !bytes.Equal(enc, wire) || len(enc) != HeaderSize {
			t.Fatalf("line %d: AppendHeader = %x, want %x", c.line, enc, wire)
		}
		if got.String() != c.printed {
			t.Errorf("line %d: String() = %q, the capture printed %q", c.line, got.String(), c.printed)
		}
		pkt := Packet{Header: c.header, Payload: body, Footer: c.footer}
		if c.dcFrame > 0 {
			frame, err := AppendDCFrame(nil, pkt)
			if err != nil || len(frame)-4 != c.dcFrame {
				t.Fatalf("line %d: direct-connection frame of %d bytes (%v), the capture has %d", c.line, len(frame)-4, err, c.dcFrame)
			}
			continue
		}
		msg, err := AppendSBMessage(nil, c.dest, pkt)
		if err != nil {
			t.Fatalf("line %d: %v", c.line, err)
		}
		if c.msgSize != 0 {
			sized++
			if len(msg) != c.msgSize {
				t.Errorf("line %d: MSG payload of %d bytes, %s sent %d", c.line, len(msg), c.sentBy, c.msgSize)
			}
		}
		back, err := ParseSBBody(msg[bytes.Index(msg, []byte("\r\n\r\n"))+4:])
		if err != nil || back.Header != pkt.Header || !bytes.Equal(back.Payload, body) || back.Footer != c.footer {
			t.Fatalf("line %d: ParseSBBody = %+v, %v", c.line, back.Header, err)
		}
	}
	if sized != 14 {
		t.Errorf("compared %d MSG sizes with the capture, want its 14", sized)
	}
}

// TestCapturedDirectConnection rebuilds both directions of the captured
// direct connection and checks their sizes (161 and 104 bytes).
func TestCapturedDirectConnection(t *testing.T) {
	var alice, bob []byte
	alice = AppendDCPreamble(alice)
	for _, c := range capturedPackets(t) {
		if c.dcFrame == 0 {
			continue
		}
		var err error
		pkt := Packet{Header: c.header, Payload: c.body()}
		if c.sentBy == "bob" {
			bob, err = AppendDCFrame(bob, pkt)
		} else {
			alice, err = AppendDCFrame(alice, pkt)
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	if len(alice) != 161 || len(bob) != 104 {
		t.Fatalf("alice sent %d bytes, bob %d; the capture has 161 and 104", len(alice), len(bob))
	}
	if !bytes.HasPrefix(alice, []byte("\x04\x00\x00\x00foo\x00\x30\x00\x00\x00")) {
		t.Fatalf("alice's stream starts %q", alice[:12])
	}
}

func TestParseHeaderRefuses(t *testing.T) {
	ok := Header{ID: 1, Offset: 10, TotalSize: 20, Length: 10}
	for _, tc := range []struct {
		name string
		h    Header
		rest int // payload bytes after the header
		cut  int // bytes cut from the header
	}{
		{"short header", ok, 0, 1},
		{"empty", ok, 0, HeaderSize},
		{"length over what follows", ok, 9, 0},
		{"chunk past total size", Header{Offset: 11, TotalSize: 20, Length: 10}, 10, 0},
		{"offset past total size", Header{Offset: 21, TotalSize: 20}, 0, 0},
		{"offset overflow", Header{Offset: math.MaxUint64, TotalSize: math.MaxUint64, Length: 1}, 1, 0},
	} {
		b := AppendHeader(nil, tc.h)
		b = append(b[:HeaderSize-tc.cut], make([]byte, tc.rest)...)
		if _, err := ParseHeader(b); !errors.Is(err, ErrMalformed) {
			t.Errorf("%s: err = %v, want ErrMalformed", tc.name, err)
		}
	}
	if _, err := ParseHeader(append(AppendHeader(nil, ok), make([]byte, 10)...)); err != nil {
		t.Fatalf("the valid header: %v", err)
	}
}

// TestHeaderRoundTrip checks random consistent headers survive encoding.
func TestHeaderRoundTrip(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for i := 0; i < 10000; i++ {
		h := randomHeader(r)
		b := append(AppendHeader(nil, h), make([]byte, h.Length)...)
		got, err := ParseHeader(b)
		if err != nil || got != h {
			t.Fatalf("%v: got %v, %v", h, got, err)
		}
	}
}

func randomHeader(r *rand.Rand) Header {
	total := r.Uint64N(1 << 40)
	if r.IntN(4) == 0 {
		total = r.Uint64N(4)
	}
	length := uint32(r.Uint64N(min(total, 4096) + 1))
	return Header{
		SessionID: r.Uint32(), ID: r.Uint32(), TotalSize: total, Length: length,
		Offset: r.Uint64N(total - uint64(length) + 1), Flags: r.Uint32(),
		AckID: r.Uint32(), AckUID: r.Uint32(), AckSize: r.Uint64(),
	}
}

func TestHeaderChunk(t *testing.T) {
	h := FileDataHeader(7, 100, 5000, 42)
	c := h.Chunk(1202, 1202)
	want := Header{SessionID: 7, ID: 100, Offset: 1202, TotalSize: 5000, Length: 1202, Flags: FlagFileData, AckID: 42}
	if c != want || h.Offset != 0 || h.Length != 0 {
		t.Fatalf("Chunk = %v (template now %v), want %v", c, h, want)
	}
	if FlagFileData != 0x01000030 {
		t.Fatalf("FlagFileData = %#x", FlagFileData)
	}
}

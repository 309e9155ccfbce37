package p2p

import (
	"bytes"
	"encoding/base64"
	"encoding/binary"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"unicode/utf16"
	"unicode/utf8"
)

// The committed corpora in testdata/fuzz hold the packets, SLP messages and
// file context of the captured transfer; regenerate them with
// P2P_UPDATE_CORPUS=1 go test ./client/p2p -run TestUpdateFuzzCorpus.

// FuzzParseHeader reads arbitrary bytes as a header, a switchboard body and
// a direct-connection frame. Whatever is accepted must encode back to the
// same bytes, and lie inside its message.
func FuzzParseHeader(f *testing.F) {
	f.Add(AppendHeader(nil, Header{TotalSize: 1, Length: 1}))
	f.Fuzz(func(t *testing.T, data []byte) {
		if h, err := ParseHeader(data); err == nil {
			if !bytes.Equal(AppendHeader(nil, h), data[:HeaderSize]) || h.Check() != nil || int(h.Length) > len(data)-HeaderSize {
				t.Fatalf("accepted %v from %x", h, data[:HeaderSize])
			}
		}
		if p, err := ParseSBBody(data); err == nil {
			again := binary.BigEndian.AppendUint32(append(AppendHeader(nil, p.Header), p.Payload...), p.Footer)
			if !bytes.Equal(again, data) {
				t.Fatalf("switchboard body %x encodes back as %x", data, again)
			}
		}
		if p, err := ParseDCFrame(data); err == nil {
			again, err := AppendDCFrame(nil, p)
			if err != nil || !bytes.Equal(again[4:], data) {
				t.Fatalf("frame %x encodes back as %x, %v", data, again, err)
			}
			if g, err := ParseHandshake(p); err == nil && HandshakeHeader(p.Header.ID, g) != p.Header {
				t.Fatalf("handshake %v does not rebuild", p.Header)
			}
		}
	})
}

// FuzzParseSLP reads arbitrary bytes as an SLP message. Whatever is accepted
// must write back, and read again as the same message; its typed bodies,
// when they read, must round-trip too.
func FuzzParseSLP(f *testing.F) {
	f.Add([]byte("BYE MSNMSGR:a MSNSLP/1.0\r\nTo: <msnmsgr:a>\r\nFrom: <msnmsgr:b>\r\nVia: MSNSLP/1.0/TLP ;branch={1}\r\nCSeq: 0\r\nCall-ID: {2}\r\nMax-Forwards: 0\r\nContent-Type: x\r\nContent-Length: 3\r\n\r\n\r\n\x00"))
	f.Fuzz(func(t *testing.T, data []byte) {
		m, err := ParseSLP(data)
		if err != nil {
			return
		}
		b, err := AppendSLP(nil, m)
		if err != nil {
			t.Fatalf("%+v read from %q does not write: %v", m, data, err)
		}
		again, err := ParseSLP(b)
		if err != nil || !reflect.DeepEqual(again, m) {
			t.Fatalf("%q wrote as %q, read back as %+v, %v; want %+v", data, b, again, err, m)
		}
		if r, err := ParseSessionRequest(m.Body); err == nil {
			if back, err := ParseSessionRequest(r.Body()); err != nil || back != r {
				t.Fatalf("session request %+v reads back as %+v, %v", r, back, err)
			}
		}
		if r, err := ParseTransportRequest(m.Body); err == nil {
			if back, err := ParseTransportRequest(r.Body()); err != nil || back != r {
				t.Fatalf("transport request %+v reads back as %+v, %v", r, back, err)
			}
		}
		if r, err := ParseTransportResponse(m.Body); err == nil {
			if back, err := ParseTransportResponse(r.Body()); err != nil || !reflect.DeepEqual(back, r) {
				t.Fatalf("transport response %+v reads back as %+v, %v", r, back, err)
			}
		}
	})
}

// FuzzParseFileContext reads arbitrary bytes as a file context. The name
// must come out as valid UTF-8 without NULs, and the context must write
// back (as version 2) and read again the same, the name cut to 259 units.
func FuzzParseFileContext(f *testing.F) {
	b, _ := AppendFileContext(nil, FileContext{Size: 49, Type: FileTypeNoPreview, Name: "small.txt"})
	f.Add(b)
	f.Fuzz(func(t *testing.T, data []byte) {
		c, err := ParseFileContext(data)
		if err != nil {
			return
		}
		if !utf8.ValidString(c.Name) || strings.ContainsRune(c.Name, 0) {
			t.Fatalf("name %q", c.Name)
		}
		c.Version = 0
		out, err := AppendFileContext(nil, c)
		if err != nil {
			t.Fatalf("%+v does not write: %v", c, err)
		}
		again, err := ParseFileContext(out)
		wantName := c.Name
		if units := utf16.Encode([]rune(c.Name)); len(units) > ctxNameUnits-1 {
			wantName = string(utf16.Decode(units[:ctxNameUnits-1]))
		}
		if err != nil || again.Size != c.Size || again.Type != c.Type || again.Name != wantName || !bytes.Equal(again.Preview, c.Preview) {
			t.Fatalf("%+v reads back as %+v, %v", c, again, err)
		}
	})
}

// TestUpdateFuzzCorpus writes the captured transfer as seeds of the fuzz
// targets.
func TestUpdateFuzzCorpus(t *testing.T) {
	if os.Getenv("P2P_UPDATE_CORPUS") == "" {
		t.Skip("set P2P_UPDATE_CORPUS=1 to regenerate testdata/fuzz")
	}
	seeds := map[string]map[string][]byte{"FuzzParseHeader": {}, "FuzzParseSLP": {}, "FuzzParseFileContext": {}}
	for _, c := range capturedPackets(t) {
		pkt := Packet{Header: c.header, Payload: c.body(), Footer: c.footer}
		name := fmt.Sprintf("capture-line-%d", c.line)
		if c.dcFrame > 0 {
			frame, err := AppendDCFrame(nil, pkt)
			if err != nil {
				t.Fatal(err)
			}
			seeds["FuzzParseHeader"][name] = frame[4:]
		} else if c.sent {
			seeds["FuzzParseHeader"][name] = binary.BigEndian.AppendUint32(append(AppendHeader(nil, c.header), c.body()...), c.footer)
		}
		if c.slp != nil && c.sent {
			seeds["FuzzParseSLP"][name] = c.slp
		}
	}
	raw, err := base64.StdEncoding.DecodeString(capturedContext(t))
	if err != nil {
		t.Fatal(err)
	}
	seeds["FuzzParseFileContext"]["capture-context"] = raw
	for target, files := range seeds {
		dir := filepath.Join("testdata", "fuzz", target)
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		for name, data := range files {
			body := fmt.Sprintf("go test fuzz v1\n[]byte(%q)\n", data)
			if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
}

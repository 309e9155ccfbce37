package p2p

import (
	"errors"
	"testing"
)

// TestCapturedHandshake checks the captured handshake: its ack fields are
// the nonce of bob's transrespbody, in the GUID's binary layout.
func TestCapturedHandshake(t *testing.T) {
	nonce, err := ParseGUID(capNonce)
	if err != nil {
		t.Fatal(err)
	}
	want := Header{ID: 1345851580, Flags: 0x100, AckID: 1610289529, AckUID: 2075467142, AckSize: 2565712870668777745}
	if h := HandshakeHeader(1345851580, nonce); h != want {
		t.Fatalf("HandshakeHeader = %v, want %v", h, want)
	}
	handshakes := 0
	for _, c := range capturedPackets(t) {
		if c.header.Flags != FlagDCHandshake {
			continue
		}
		handshakes++
		got, err := ParseHandshake(Packet{Header: c.header})
		if err != nil || got != nonce || !NonceMatches(got, nonce, false) {
			t.Fatalf("line %d: handshake nonce %s, %v", c.line, got, err)
		}
	}
	if handshakes != 2 {
		t.Fatalf("%d handshakes in the capture, want 2", handshakes)
	}
}

// TestHashNonce checks the Hashed-Nonce against the pair MSNPSharp's source
// quotes from the protocol forums.
func TestHashNonce(t *testing.T) {
	nonce, err := ParseGUID("{122D2937-5C86-4C7B-81F5-0E05017880C2}")
	if err != nil {
		t.Fatal(err)
	}
	if got := HashNonce(nonce).String(); got != "{2B95F56D-9CA0-9A64-82CE-ADC1F3C55845}" {
		t.Fatalf("HashNonce = %s", got)
	}
	hashed := HashNonce(nonce)
	if !NonceMatches(nonce, hashed, true) || NonceMatches(hashed, hashed, true) || NonceMatches(nonce, hashed, false) {
		t.Fatal("NonceMatches confuses the nonce and its hash")
	}
	if NonceMatches(GUID{}, GUID{}, false) {
		t.Fatal("a zero nonce matched")
	}
}

func TestParseHandshakeRefuses(t *testing.T) {
	nonce := NewGUID()
	good := Packet{Header: HandshakeHeader(9, nonce)}
	for _, tc := range []struct {
		name   string
		change func(p *Packet)
	}{
		{"ACK flag", func(p *Packet) { p.Header.Flags = FlagACK }},
		{"extra flag", func(p *Packet) { p.Header.Flags |= FlagACK }},
		{"session", func(p *Packet) { p.Header.SessionID = 1 }},
		{"total size", func(p *Packet) { p.Header.TotalSize = 1 }},
		{"payload", func(p *Packet) { p.Header.Length, p.Header.TotalSize, p.Payload = 1, 1, []byte{1} }},
		{"zero nonce", func(p *Packet) { p.Header.AckID, p.Header.AckUID, p.Header.AckSize = 0, 0, 0 }},
	} {
		p := good
		tc.change(&p)
		if _, err := ParseHandshake(p); !errors.Is(err, ErrMalformed) {
			t.Errorf("%s: err = %v", tc.name, err)
		}
	}
	if got, err := ParseHandshake(good); err != nil || got != nonce {
		t.Fatalf("the good handshake: %s, %v", got, err)
	}
}

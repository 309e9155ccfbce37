package msntest

import (
	"bytes"
	"crypto/cipher"
	"crypto/des"
	"crypto/hmac"
	"crypto/sha1"
	"crypto/subtle"
	"encoding/base64"
	"encoding/binary"
	"errors"
)

// The server's side of the MSNP15+ MBI response (NOTES.md section 2 item
// 4), written from the description rather than shared with the client's
// passport package, so that a mistake in one does not hide in the other.

// mbiHeader is the fixed start of the blob: header size, CBC mode,
// CALG_3DES, CALG_SHA1, IV length, hash length and cipher length.
var mbiHeader = [7]uint32{28, 1, 0x6603, 0x8004, 8, 20, 72}

// mbiDerive is the key derivation used for both keys: two HMAC-SHA1
// chains, 20 bytes of the first and 4 of the second.
func mbiDerive(key []byte, magic string) []byte {
	mac := func(parts ...[]byte) []byte {
		h := hmac.New(sha1.New, key)
		for _, p := range parts {
			h.Write(p)
		}
		return h.Sum(nil)
	}
	m := []byte(magic)
	h1 := mac(m)
	h2 := mac(h1, m)
	h3 := mac(h1)
	h4 := mac(h3, m)
	return append(h2, h4[:4]...)
}

// mbiBlob computes the raw (not base64) MBI response for a proof key, the
// server's nonce (its ASCII bytes) and an 8-byte IV.
func mbiBlob(key []byte, nonce string, iv []byte) ([]byte, error) {
	if len(iv) != 8 {
		return nil, errors.New("msntest: MBI IV must be 8 bytes")
	}
	key2 := mbiDerive(key, "WS-SecureConversationSESSION KEY HASH")
	key3 := mbiDerive(key, "WS-SecureConversationSESSION KEY ENCRYPTION")
	h := hmac.New(sha1.New, key2)
	h.Write([]byte(nonce))
	hash := h.Sum(nil)

	block, err := des.NewTripleDESCipher(key3)
	if err != nil {
		return nil, err
	}
	pad := 8 - len(nonce)%8 // PKCS#5; a 64-byte nonce gets 8 bytes of 0x08
	plain := append([]byte(nonce), bytes.Repeat([]byte{byte(pad)}, pad)...)
	ct := make([]byte, len(plain))
	cipher.NewCBCEncrypter(block, iv).CryptBlocks(ct, plain)

	out := make([]byte, 0, 28+8+20+len(ct))
	hdr := mbiHeader
	hdr[6] = uint32(len(ct))
	for _, v := range hdr {
		out = binary.LittleEndian.AppendUint32(out, v)
	}
	out = append(out, iv...)
	out = append(out, hash...)
	return append(out, ct...), nil
}

// mbiVerify checks a client's base64 MBI response against the nonce the
// server sent and the proof key it issued: the header must be the fixed
// one, and hash and cipher text must match the server's own computation
// with the client's IV.
func mbiVerify(secretB64, nonce, response string) bool {
	key, err := base64.StdEncoding.DecodeString(secretB64)
	if err != nil || secretB64 == "" {
		return false
	}
	got, err := base64.StdEncoding.DecodeString(response)
	if err != nil || len(got) < 28+8 {
		return false
	}
	want, err := mbiBlob(key, nonce, got[28:36])
	if err != nil {
		return false
	}
	return subtle.ConstantTimeCompare(got, want) == 1
}

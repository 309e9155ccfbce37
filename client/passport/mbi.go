package passport

import (
	"crypto/cipher"
	"crypto/des"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha1"
	"encoding/base64"
	"encoding/binary"
	"errors"
	"fmt"
)

// Fields of the MBI response header: a little-endian structure of seven
// uint32 values naming the algorithms and the lengths of what follows.
const (
	mbiHeaderSize = 28
	mbiModeCBC    = 1
	mbiCalg3DES   = 0x6603
	mbiCalgSHA1   = 0x8004
	mbiIVSize     = 8
	mbiHashSize   = sha1.Size
	mbiKeySize    = 24 // 3DES key, and the decoded BinarySecret
)

// Labels of the two keys derived from the proof key.
const (
	mbiHashLabel = "WS-SecureConversationSESSION KEY HASH"
	mbiEncLabel  = "WS-SecureConversationSESSION KEY ENCRYPTION"
)

// MBIResponse computes the response to the MSNP15+ login challenge, the
// argument that follows the ticket in "USR trid SSO S <ticket> <response>".
//
// binarySecret is the base64 BinarySecret of the AddrMessengerClear token
// (24 bytes once decoded); nonce is the challenge that follows the policy
// in the server's "USR trid SSO S <policy> <nonce>" line, used as the ASCII
// bytes it is written in; iv is the 8-byte initialisation vector, normally
// from NewIV. The server recomputes the response with the iv it finds in it,
// so any iv works, but each login should use a fresh one.
//
// The result is base64 of: the header (28, 1, 0x6603, 0x8004, 8, 20, and
// the cipher text length, as little-endian uint32), iv, HMAC-SHA1 of nonce
// under the derived hash key, and nonce encrypted with 3DES-CBC under the
// derived encryption key after PKCS#5 padding (eight 0x08 bytes for the
// usual 64-character nonce). For that nonce it is 172 characters long.
//
// MBIResponse is a pure function: the same inputs give the same output.
func MBIResponse(binarySecret, nonce string, iv []byte) (string, error) {
	if len(iv) != mbiIVSize {
		return "", fmt.Errorf("passport: mbi iv is %d bytes, want %d", len(iv), mbiIVSize)
	}
	if nonce == "" {
		return "", errors.New("passport: mbi nonce is empty")
	}
	key, err := base64.StdEncoding.DecodeString(binarySecret)
	if err != nil {
		return "", errors.New("passport: mbi binary secret is not valid base64")
	}
	if len(key) != mbiKeySize {
		return "", fmt.Errorf("passport: mbi binary secret is %d bytes, want %d", len(key), mbiKeySize)
	}

	hashKey := deriveKey(key, mbiHashLabel)
	encKey := deriveKey(key, mbiEncLabel)

	mac := hmac.New(sha1.New, hashKey)
	mac.Write([]byte(nonce))
	hash := mac.Sum(nil)

	block, err := des.NewTripleDESCipher(encKey)
	if err != nil {
		return "", fmt.Errorf("passport: mbi: %w", err) // cannot happen: the key is 24 bytes
	}
	pad := block.BlockSize() - len(nonce)%block.BlockSize()
	plain := make([]byte, len(nonce)+pad)
	copy(plain, nonce)
	for i := len(nonce); i < len(plain); i++ {
		plain[i] = byte(pad)
	}
	ciphertext := make([]byte, len(plain))
	cipher.NewCBCEncrypter(block, iv).CryptBlocks(ciphertext, plain)

	blob := make([]byte, 0, mbiHeaderSize+len(iv)+len(hash)+len(ciphertext))
	for _, v := range []uint32{mbiHeaderSize, mbiModeCBC, mbiCalg3DES, mbiCalgSHA1, mbiIVSize, mbiHashSize, uint32(len(ciphertext))} {
		blob = binary.LittleEndian.AppendUint32(blob, v)
	}
	blob = append(blob, iv...)
	blob = append(blob, hash...)
	blob = append(blob, ciphertext...)
	return base64.StdEncoding.EncodeToString(blob), nil
}

// deriveKey derives a 24-byte key from key and a label the way
// WS-SecureConversation's P_SHA1 does for two rounds: with
// a1 = HMAC(key, label) and a2 = HMAC(key, a1), the key is
// HMAC(key, a1+label) followed by the first 4 bytes of HMAC(key, a2+label).
func deriveKey(key []byte, label string) []byte {
	sum := func(parts ...[]byte) []byte {
		m := hmac.New(sha1.New, key)
		for _, p := range parts {
			m.Write(p)
		}
		return m.Sum(nil)
	}
	l := []byte(label)
	a1 := sum(l)
	a2 := sum(a1)
	return append(sum(a1, l), sum(a2, l)[:4]...)
}

// NewIV returns 8 random bytes from crypto/rand for MBIResponse.
func NewIV() ([]byte, error) {
	iv := make([]byte, mbiIVSize)
	if _, err := rand.Read(iv); err != nil {
		return nil, fmt.Errorf("passport: mbi iv: %w", err)
	}
	return iv, nil
}

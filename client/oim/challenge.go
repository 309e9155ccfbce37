package oim

import (
	"crypto/md5"
	"encoding/binary"
	"encoding/hex"
)

// Product credentials of Windows Live Messenger 8.5 (build 8.5.1302), the
// client the captured Escargot sessions imitate. ProductID is sent as the
// appid of every Store request; ProductKey is only ever used to compute
// the lock key.
const (
	ProductID  = "PROD0119GSJUC$18"
	ProductKey = "ILTXC!4IXB5FB*PX"
)

// Constants of the MSNP11 challenge algorithm.
const (
	chlModulus    = 0x7FFFFFFF
	chlMultiplier = 0x0E79A9C1
)

// ChallengeResponse returns the MSNP11 challenge response (the QRY
// payload, and the OIM lock key) for challenge, as 32 lowercase hex
// digits. It is a pure function: no I/O, no randomness.
//
// The algorithm, as the protocol documentation describes it:
//
//  1. Hash challenge+productKey with MD5 and read the digest as four
//     little-endian 32-bit words; keep a copy of each with the top bit
//     cleared.
//  2. Append productID to challenge and pad the result with ASCII '0' to a
//     multiple of 8 bytes; read it as little-endian 32-bit words.
//  3. Fold those words pairwise into a 64-bit key (two 31-bit halves),
//     using the masked digest words as coefficients, modulo 0x7FFFFFFF.
//  4. XOR the high half into digest words 0 and 2 and the low half into
//     words 1 and 3, and write the four words back little-endian, in hex.
//
// Challenges are decimal strings; anything else is hashed as given.
func ChallengeResponse(challenge, productID, productKey string) string {
	sum := md5.Sum([]byte(challenge + productKey))
	var digest, coef [4]uint64
	for i := range digest {
		digest[i] = uint64(binary.LittleEndian.Uint32(sum[4*i:]))
		coef[i] = digest[i] & chlModulus
	}

	data := []byte(challenge + productID)
	for len(data)%8 != 0 {
		data = append(data, '0')
	}

	var high, low uint64
	for i := 0; i+8 <= len(data); i += 8 {
		a := uint64(binary.LittleEndian.Uint32(data[i:])) & chlModulus
		b := uint64(binary.LittleEndian.Uint32(data[i+4:])) & chlModulus
		t := (coef[0]*((chlMultiplier*a)%chlModulus+high) + coef[1]) % chlModulus
		high = (coef[2]*((b+t)%chlModulus) + coef[3]) % chlModulus
		low += high + t
	}
	high = (high + coef[1]) % chlModulus
	low = (low + coef[3]) % chlModulus

	var out [16]byte
	for i, d := range digest {
		x := high
		if i%2 == 1 {
			x = low
		}
		binary.LittleEndian.PutUint32(out[4*i:], uint32(d^x))
	}
	return hex.EncodeToString(out[:])
}

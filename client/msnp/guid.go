package msnp

import (
	"crypto/rand"
	"fmt"
)

// NewGUID returns a random version 4 GUID in the form the protocol writes
// machine GUIDs and run ids: upper case, in braces, e.g.
// {23C54EA2-BCBB-468A-8122-7C7811DEDF7D}.
func NewGUID() string {
	var b [16]byte
	rand.Read(b[:])
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("{%X-%X-%X-%X-%X}", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16])
}

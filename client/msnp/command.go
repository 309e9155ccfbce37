package msnp

import (
	"strconv"
	"strings"
)

// NoTrID marks a command that carries no transaction id, such as a server's
// NLN or RNG, or a client's OUT and PNG.
const NoTrID = -1

// Command is one MSNP command as it crosses the wire.
//
// Params never include the TrID or the payload length: the Writer adds the
// length when Payload is non-nil and the Reader strips it. A command read
// with a zero-length payload has a non-nil, empty Payload, so that it writes
// back the same way.
type Command struct {
	Name    string
	TrID    int // NoTrID when absent
	Params  []string
	Payload []byte
}

// HasTrID reports whether the command carries a transaction id.
func (c Command) HasTrID() bool { return c.TrID >= 0 }

// Param returns the i-th parameter, or "" when there are fewer.
func (c Command) Param(i int) string {
	if i < 0 || i >= len(c.Params) {
		return ""
	}
	return c.Params[i]
}

// IsError reports whether the command is a numeric error reply such as `911 4`.
func (c Command) IsError() bool {
	_, ok := errorCode(c.Name)
	return ok
}

// String renders the command line as it would be written, without CRLF and
// without the payload, with the payload length in place. It does not redact
// anything; tracing code must redact first.
func (c Command) String() string {
	var b strings.Builder
	b.WriteString(c.Name)
	if c.HasTrID() {
		b.WriteByte(' ')
		b.WriteString(strconv.Itoa(c.TrID))
	}
	for _, p := range c.Params {
		b.WriteByte(' ')
		b.WriteString(p)
	}
	if c.Payload != nil {
		b.WriteByte(' ')
		b.WriteString(strconv.Itoa(len(c.Payload)))
	}
	return b.String()
}

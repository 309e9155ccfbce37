package p2p

import (
	"bytes"
	"fmt"
	"strings"
)

// Field is one "Key: Value" line of an SLP body.
type Field struct{ Key, Value string }

// Body is an SLP body: key/value lines in the order they are written.
type Body []Field

// Get returns the value of the first field named key (in any case).
func (b Body) Get(key string) (string, bool) {
	for _, f := range b {
		if strings.EqualFold(f.Key, key) {
			return f.Value, true
		}
	}
	return "", false
}

// wireSize is the body's Content-Length: its lines, the blank line that
// closes them and the NUL byte.
func (b Body) wireSize() int {
	n := len("\r\n") + 1
	for _, f := range b {
		n += len(f.Key) + len(": ") + len(f.Value) + len("\r\n")
	}
	return n
}

func (b Body) appendWire(dst []byte) []byte {
	for _, f := range b {
		dst = append(dst, f.Key...)
		dst = append(dst, ": "...)
		dst = append(dst, f.Value...)
		dst = append(dst, "\r\n"...)
	}
	return append(dst, "\r\n\x00"...)
}

func (b Body) check() error {
	for _, f := range b {
		if f.Key == "" || !isText(f.Key, true) || strings.Contains(f.Key, ":") || !isText(f.Value, true) {
			return fmt.Errorf("%w: SLP body field %q: %q", ErrMalformed, f.Key, f.Value)
		}
	}
	return nil
}

// parseBody reads the key/value lines of a body, up to its NUL bytes; blank
// lines are skipped.
func parseBody(raw []byte) (Body, error) {
	raw = bytes.TrimRight(raw, "\x00")
	var body Body
	for _, line := range strings.Split(string(raw), "\r\n") {
		if trimBlank(line) == "" {
			continue
		}
		key, value, ok := strings.Cut(line, ":")
		key, value = trimBlank(key), trimBlank(value)
		if !ok || key == "" || !isText(line, false) {
			return nil, fmt.Errorf("%w: SLP body line %q", ErrMalformed, line)
		}
		body = append(body, Field{key, value})
	}
	return body, nil
}

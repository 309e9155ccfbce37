package msnp

import (
	"errors"
	"fmt"
	"io"
	"strconv"
)

// ErrBadParam is returned for a command that cannot be framed: an invalid
// name, or a parameter that is empty or contains a space, a control
// character (CR, LF, NUL...) or DEL.
var ErrBadParam = errors.New("msnp: parameter not allowed on the wire")

// Append appends cmd's wire form (line, CRLF, payload) to dst. It refuses,
// before anything is appended, a command that would break the framing.
// The error names the parameter's position, never its value, since values
// may be secrets.
func Append(dst []byte, cmd Command) ([]byte, error) {
	if err := Validate(cmd); err != nil {
		return dst, err
	}
	dst = append(dst, cmd.Name...)
	if cmd.HasTrID() {
		dst = append(dst, ' ')
		dst = strconv.AppendInt(dst, int64(cmd.TrID), 10)
	}
	for _, p := range cmd.Params {
		dst = append(dst, ' ')
		dst = append(dst, p...)
	}
	if cmd.Payload != nil {
		dst = append(dst, ' ')
		dst = strconv.AppendInt(dst, int64(len(cmd.Payload)), 10)
	}
	dst = append(dst, '\r', '\n')
	return append(dst, cmd.Payload...), nil
}

// Validate checks that cmd can be framed; see Append.
func Validate(cmd Command) error {
	if !validName(cmd.Name) {
		return fmt.Errorf("%w: invalid command name", ErrBadParam)
	}
	for i, p := range cmd.Params {
		if !validParam(p) {
			return fmt.Errorf("%w: %s parameter %d", ErrBadParam, cmd.Name, i+1)
		}
	}
	return nil
}

func validParam(p string) bool {
	if p == "" {
		return false
	}
	for i := 0; i < len(p); i++ {
		if c := p[i]; c <= ' ' || c == 0x7f {
			return false
		}
	}
	return true
}

// Write writes one command to w in a single Write call.
func Write(w io.Writer, cmd Command) error {
	buf, err := Append(nil, cmd)
	if err != nil {
		return err
	}
	_, err = w.Write(buf)
	return err
}

package msnp

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// Default limits of a Reader. Escargot's longest lines are USR lines with a
// ~1.2 KB ticket and its largest payloads a few kilobytes; anything far
// beyond is a broken or hostile peer.
const (
	DefaultMaxLine    = 16 << 10
	DefaultMaxPayload = 256 << 10
)

// Errors a Reader returns. They are sticky: after one, every later
// ReadCommand returns the same error.
var (
	ErrLineTooLong     = errors.New("msnp: command line too long")
	ErrPayloadTooLarge = errors.New("msnp: payload too large")
	ErrMalformed       = errors.New("msnp: malformed command")
)

// Reader reads commands from one direction of an MSNP stream. It is not safe
// for concurrent use; a connection has exactly one reading goroutine.
type Reader struct {
	dir        Direction
	br         *bufio.Reader
	maxPayload int
	err        error
}

// NewReader returns a Reader of commands written by dir's side, with the
// default limits.
func NewReader(r io.Reader, dir Direction) *Reader {
	return NewReaderSize(r, dir, DefaultMaxLine, DefaultMaxPayload)
}

// NewReaderSize is NewReader with explicit limits: maxLine bounds a command
// line including its CRLF, maxPayload a payload.
func NewReaderSize(r io.Reader, dir Direction, maxLine, maxPayload int) *Reader {
	return &Reader{dir: dir, br: bufio.NewReaderSize(r, maxLine), maxPayload: maxPayload}
}

// ReadCommand blocks until one whole command (line and payload) has been
// read. It returns io.EOF when the stream ends cleanly between commands and
// io.ErrUnexpectedEOF when it ends inside one.
func (r *Reader) ReadCommand() (Command, error) {
	if r.err != nil {
		return Command{}, r.err
	}
	cmd, err := r.readCommand()
	if err != nil {
		r.err = err
	}
	return cmd, err
}

func (r *Reader) readCommand() (Command, error) {
	for {
		line, err := r.br.ReadSlice('\n')
		switch {
		case errors.Is(err, bufio.ErrBufferFull):
			return Command{}, ErrLineTooLong
		case err == io.EOF && len(line) > 0:
			return Command{}, io.ErrUnexpectedEOF
		case err != nil:
			return Command{}, err
		}
		text := strings.TrimRight(string(line), "\r\n")
		if strings.Trim(text, " ") == "" {
			continue // tolerate stray blank lines between commands
		}
		cmd, n, err := parseLine(r.dir, text)
		if err != nil {
			return Command{}, err
		}
		if n < 0 {
			return cmd, nil
		}
		if n > r.maxPayload {
			return Command{}, fmt.Errorf("%w: %s announces %d bytes (limit %d)", ErrPayloadTooLarge, cmd.Name, n, r.maxPayload)
		}
		cmd.Payload = make([]byte, n)
		if _, err := io.ReadFull(r.br, cmd.Payload); err != nil {
			if err == io.EOF {
				err = io.ErrUnexpectedEOF
			}
			return Command{}, err
		}
		return cmd, nil
	}
}

// ParseLine parses one command line (without CRLF) written by dir's side. It
// returns the command and the length of the payload that follows the line,
// or -1 when there is none. The command's Payload is left nil.
func ParseLine(dir Direction, line string) (Command, int, error) {
	return parseLine(dir, line)
}

func parseLine(dir Direction, line string) (Command, int, error) {
	words := splitWords(line)
	if len(words) == 0 || !validName(words[0]) {
		return Command{}, -1, fmt.Errorf("%w: %q", ErrMalformed, truncate(line))
	}
	for _, w := range words[1:] {
		if !validParam(w) {
			return Command{}, -1, fmt.Errorf("%w: control character in %s", ErrMalformed, words[0])
		}
	}
	cmd := Command{Name: words[0], TrID: NoTrID, Params: words[1:]}
	if len(cmd.Params) > 0 && hasTrIDFor(dir, cmd.Name) && isDigits(cmd.Params[0]) {
		id, ok := parseTrID(cmd.Params[0])
		if !ok {
			// A number in the TrID's place that is no TrID would read
			// back differently once written: refuse it.
			return Command{}, -1, fmt.Errorf("%w: %s transaction id out of range", ErrMalformed, cmd.Name)
		}
		cmd.TrID = id
		cmd.Params = cmd.Params[1:]
	}
	if len(cmd.Params) == 0 {
		cmd.Params = nil
	}
	rule := payloadRuleFor(dir, cmd)
	if rule == noPayload {
		return cmd, -1, nil
	}
	if len(cmd.Params) > 0 {
		last := cmd.Params[len(cmd.Params)-1]
		if n, err := strconv.Atoi(last); err == nil && n >= 0 && isDigits(last) {
			cmd.Params = cmd.Params[:len(cmd.Params)-1]
			if len(cmd.Params) == 0 {
				cmd.Params = nil
			}
			return cmd, n, nil
		}
	}
	if rule == payloadRequired {
		return Command{}, -1, fmt.Errorf("%w: %s without a payload length: %q", ErrMalformed, cmd.Name, truncate(line))
	}
	return cmd, -1, nil
}

// splitWords splits a line on ASCII spaces, ignoring repeated and
// trailing ones (Escargot ends some LST lines with a space). Other white
// space, such as U+00A0, belongs to a word, exactly as Append writes it.
func splitWords(line string) []string {
	var words []string
	for _, w := range strings.Split(line, " ") {
		if w != "" {
			words = append(words, w)
		}
	}
	return words
}

// parseTrID accepts a decimal TrID that fits in 31 bits.
func parseTrID(s string) (int, bool) {
	if !isDigits(s) || len(s) > 10 {
		return 0, false
	}
	n, err := strconv.ParseUint(s, 10, 31)
	if err != nil {
		return 0, false
	}
	return int(n), true
}

func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// validName accepts 1 to 8 upper-case letters or digits: the command names of
// every dialect and the numeric error codes.
func validName(s string) bool {
	if len(s) == 0 || len(s) > 8 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if (c < 'A' || c > 'Z') && (c < '0' || c > '9') {
			return false
		}
	}
	return true
}

// truncate keeps error messages short; the full line is in the debug trace.
func truncate(s string) string {
	const max = 80
	if len(s) > max {
		return s[:max] + "..."
	}
	return s
}

// Package transcript reads the captured Escargot sessions and SOAP bodies
// in the repository's testdata/ (a copy of ../shared/reference, see
// testdata/README.md) so tests can replay them.
//
// A transcript line is `<session> C> <command>` (client to server),
// `<session> S< <command>` (server to client) or `<session> X<     | <line>`
// for one CRLF-separated line of the payload of the command before it.
// Lines that are not MSNP (HTTP exchanges, notes) belong to sessions whose
// name has a suffix such as -RST or -OIM and are kept as notes.
//
// Long values were shortened in capture as `...<N chars>`; such commands are
// marked Truncated, and their payload is not byte-exact.
package transcript

import (
	"bufio"
	"os"
	"regexp"
	"strings"
)

// Line is one command of a captured session.
type Line struct {
	Session   string // e.g. "A15-NS"
	FromMe    bool   // true for C> (the client wrote it)
	Text      string // the command line as captured
	Payload   []string
	HasBody   bool // payload lines followed
	Truncated bool // a value was shortened in capture
	Number    int  // line number in the file, for messages
}

// PayloadBytes joins the payload lines with CRLF, as they were on the wire.
func (l Line) PayloadBytes() []byte {
	return []byte(strings.Join(l.Payload, "\r\n"))
}

var (
	cmdRe       = regexp.MustCompile(`^(\S+) (C>|S<) (.*)$`)
	payloadRe   = regexp.MustCompile(`^(\S+) (C>|S<)     \| ?(.*)$`)
	truncatedRe = regexp.MustCompile(`\.\.\.(<\d+ chars>)?`)
	noteRe      = regexp.MustCompile(`^\S+ -- `)
)

// Parse reads a transcript file. Payload lines that wrap inside the capture
// (a raw newline inside a payload, as in GCF policies) are appended to the
// payload line before them.
func Parse(path string) ([]Line, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var out []Line
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	n := 0
	for sc.Scan() {
		n++
		text := sc.Text()
		if m := payloadRe.FindStringSubmatch(text); m != nil && len(out) > 0 {
			last := &out[len(out)-1]
			last.Payload = append(last.Payload, m[3])
			last.HasBody = true
			if truncatedRe.MatchString(m[3]) {
				last.Truncated = true
			}
			continue
		}
		if m := cmdRe.FindStringSubmatch(text); m != nil {
			out = append(out, Line{
				Session:   m[1],
				FromMe:    m[2] == "C>",
				Text:      m[3],
				Truncated: strings.Contains(m[3], "...<"),
				Number:    n,
			})
			continue
		}
		// A continuation of a multi-line payload value (notes, such as
		// `Q-NS -- (no reply within 0.7s)`, are skipped).
		if noteRe.MatchString(text) {
			continue
		}
		if len(out) > 0 && out[len(out)-1].HasBody {
			last := &out[len(out)-1]
			last.Payload[len(last.Payload)-1] += "\n" + text
			if truncatedRe.MatchString(text) {
				last.Truncated = true
			}
		}
	}
	return out, sc.Err()
}

// Session returns the lines of one session, in order.
func Session(lines []Line, name string) []Line {
	var out []Line
	for _, l := range lines {
		if l.Session == name {
			out = append(out, l)
		}
	}
	return out
}

// MSNP returns the lines of the sessions that speak MSNP (A-NS, B18-SB,
// BADTKT...), leaving out the HTTP exchanges captured beside them
// (A15-NS-RST, E-OIM, S-SHARING...), recognised by their HTTP lines.
func MSNP(lines []Line) []Line {
	http := map[string]bool{}
	for _, l := range lines {
		for _, p := range []string{"POST ", "GET ", "HTTP ", " "} {
			if strings.HasPrefix(l.Text, p) {
				http[l.Session] = true
			}
		}
	}
	var out []Line
	for _, l := range lines {
		if !http[l.Session] {
			out = append(out, l)
		}
	}
	return out
}

// StripHeader drops the "POST /path" and header lines a captured request
// starts with, up to the blank line.
func StripHeader(b []byte) []byte {
	if strings.HasPrefix(string(b), "POST ") {
		if i := strings.Index(string(b), "\n\n"); i >= 0 {
			return b[i+2:]
		}
	}
	return b
}

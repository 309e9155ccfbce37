package p2p

import (
	"bytes"
	"fmt"
	"math"
	"strconv"
	"strings"
)

// MaxSLPSize bounds an SLP message, text and body: the parser refuses a
// larger one and the assembler never buffers more per message. A file
// INVITE with its 574-byte context is about 1.2 KB; with a 96x96 preview
// image it stays well under this.
const MaxSLPSize = 64 << 10

// SLP request methods.
const (
	MethodInvite = "INVITE"
	MethodBye    = "BYE"
	MethodACK    = "ACK"
)

// SLP content types.
const (
	ContentSessionRequest  = "application/x-msnmsgr-sessionreqbody"
	ContentSessionClose    = "application/x-msnmsgr-sessionclosebody"
	ContentTransportReq    = "application/x-msnmsgr-transreqbody"
	ContentTransportResp   = "application/x-msnmsgr-transrespbody"
	ContentTransportUpdate = "application/x-msnmsgr-transdestaddrupdate"
)

const slpVersion = "MSNSLP/1.0"

// SLPMessage is one MSNSLP/1.0 message, the text a P2P message with
// SessionID 0 carries: a request (Method set: INVITE, BYE, ACK) or a
// response (Status set: 200 OK, 603 Decline, ...).
//
// To and From are what sits between "<msnmsgr:" and ">": an address, with
// ";{GUID}" after it at MSNP16 and later (SplitEndpoint takes them apart).
// Branch and CallID are kept as written, braces included, so a reply echoes
// exactly what the peer sent.
type SLPMessage struct {
	Method string // request: "INVITE", "BYE", "ACK"; empty in a response
	Status int    // response: 200, 603, ...; 0 in a request
	Reason string // response: "OK", "Decline", ...

	To, From    string
	Branch      string // the Via header's branch, e.g. "{4041B472-...}"
	CSeq        int
	CallID      string
	MaxForwards int
	ContentType string
	Body        Body
}

// IsRequest reports whether m is a request rather than a response.
func (m *SLPMessage) IsRequest() bool { return m.Method != "" }

// StatusText is the reason phrase this package writes for the usual codes.
func StatusText(code int) string {
	switch code {
	case 200:
		return "OK"
	case 404:
		return "Not Found"
	case 481:
		return "No Such Call"
	case 500:
		return "Internal Error"
	case 603:
		return "Decline"
	}
	return ""
}

// NewRequest returns a request from from to to with CSeq 0 and Max-Forwards
// 0, as a session opens (INVITE) or closes (BYE).
func NewRequest(method, to, from, branch, callID, contentType string, body Body) *SLPMessage {
	return &SLPMessage{Method: method, To: to, From: from, Branch: branch, CallID: callID, ContentType: contentType, Body: body}
}

// Reply returns the response to req with the given status: addressed back
// to req's sender, with req's branch and Call-ID and the next CSeq. The
// reason is StatusText(status).
func Reply(req *SLPMessage, status int, contentType string, body Body) *SLPMessage {
	return &SLPMessage{
		Status: status, Reason: StatusText(status),
		To: req.From, From: req.To, Branch: req.Branch, CSeq: req.CSeq + 1, CallID: req.CallID,
		ContentType: contentType, Body: body,
	}
}

// SplitEndpoint splits an SLP address "bob@example.com;{GUID}" into the
// address and the endpoint GUID text ("" when there is none).
func SplitEndpoint(addr string) (email, endpoint string) {
	email, endpoint, _ = strings.Cut(addr, ";")
	return email, endpoint
}

// AppendSLP appends the wire form of m to dst: the start line, the headers
// in the order libpurple writes them, a blank line, the body and a NUL byte.
// Content-Length counts the body, its closing blank line and the NUL. It
// refuses a message missing a required field, a field that would break the
// framing (CR, LF, NUL, surrounding spaces) and one over MaxSLPSize.
func AppendSLP(dst []byte, m *SLPMessage) ([]byte, error) {
	if err := m.check(); err != nil {
		return dst, err
	}
	start := len(dst)
	bodyLen := m.Body.wireSize()
	if m.IsRequest() {
		dst = append(dst, m.Method...)
		dst = append(dst, " MSNMSGR:"...)
		dst = append(dst, m.To...)
		dst = append(dst, " "+slpVersion+"\r\n"...)
	} else {
		dst = append(dst, slpVersion+" "...)
		dst = strconv.AppendInt(dst, int64(m.Status), 10)
		dst = append(dst, ' ')
		dst = append(dst, m.Reason...)
		dst = append(dst, "\r\n"...)
	}
	dst = appendSLPHeader(dst, "To: <msnmsgr:", m.To, ">")
	dst = appendSLPHeader(dst, "From: <msnmsgr:", m.From, ">")
	dst = appendSLPHeader(dst, "Via: "+slpVersion+"/TLP ;branch=", m.Branch, "")
	dst = appendSLPHeader(dst, "CSeq: ", strconv.Itoa(m.CSeq), "")
	dst = appendSLPHeader(dst, "Call-ID: ", m.CallID, "")
	dst = appendSLPHeader(dst, "Max-Forwards: ", strconv.Itoa(m.MaxForwards), "")
	dst = appendSLPHeader(dst, "Content-Type: ", m.ContentType, "")
	dst = appendSLPHeader(dst, "Content-Length: ", strconv.Itoa(bodyLen), "")
	dst = append(dst, "\r\n"...)
	dst = m.Body.appendWire(dst)
	if n := len(dst) - start; n > MaxSLPSize {
		return dst[:start], fmt.Errorf("%w: SLP message of %d bytes, over %d", ErrTooLarge, n, MaxSLPSize)
	}
	return dst, nil
}

func appendSLPHeader(dst []byte, name, value, end string) []byte {
	dst = append(dst, name...)
	dst = append(dst, value...)
	dst = append(dst, end...)
	return append(dst, "\r\n"...)
}

// check refuses what AppendSLP could not write so that ParseSLP reads it
// back the same.
func (m *SLPMessage) check() error {
	if m.IsRequest() {
		if !isToken(m.Method) || m.Status != 0 || m.Reason != "" {
			return fmt.Errorf("%w: SLP request method %q (status %d)", ErrMalformed, m.Method, m.Status)
		}
	} else if m.Status < 100 || m.Status > 999 || !isText(m.Reason, true) {
		return fmt.Errorf("%w: SLP status %d %q", ErrMalformed, m.Status, m.Reason)
	}
	for _, f := range []struct{ name, value string }{
		{"To", m.To}, {"From", m.From}, {"branch", m.Branch}, {"Call-ID", m.CallID}, {"Content-Type", m.ContentType},
	} {
		if f.value == "" || !isText(f.value, true) || strings.ContainsAny(f.value, " <>") {
			return fmt.Errorf("%w: SLP %s %q", ErrMalformed, f.name, f.value)
		}
	}
	if m.CSeq < 0 || m.CSeq > math.MaxInt32 || m.MaxForwards < 0 || m.MaxForwards > math.MaxInt32 {
		return fmt.Errorf("%w: SLP CSeq %d, Max-Forwards %d", ErrMalformed, m.CSeq, m.MaxForwards)
	}
	return m.Body.check()
}

// ParseSLP decodes one whole SLP message (as the assembler returns it). It
// accepts the headers in any order and in any case, ignores headers it does
// not know, and reads the body as Content-Length says, NUL excluded.
func ParseSLP(b []byte) (*SLPMessage, error) {
	if len(b) > MaxSLPSize {
		return nil, fmt.Errorf("%w: SLP message of %d bytes, over %d", ErrTooLarge, len(b), MaxSLPSize)
	}
	end := bytes.Index(b, []byte("\r\n\r\n"))
	if end < 0 {
		return nil, fmt.Errorf("%w: SLP message without the end of its headers", ErrMalformed)
	}
	lines := strings.Split(string(b[:end]), "\r\n")
	m := &SLPMessage{}
	if err := m.parseStartLine(lines[0]); err != nil {
		return nil, err
	}
	length := -1
	seen := map[string]bool{}
	for _, line := range lines[1:] {
		name, value, ok := strings.Cut(line, ":")
		if !ok || !isText(line, false) {
			return nil, fmt.Errorf("%w: SLP header line %q", ErrMalformed, line)
		}
		name, value = strings.ToLower(trimBlank(name)), trimBlank(value)
		if seen[name] {
			continue // the first of a repeated header wins
		}
		seen[name] = true
		if err := m.parseHeader(name, value, &length); err != nil {
			return nil, err
		}
	}
	for _, name := range []string{"to", "from", "via", "cseq", "call-id", "content-type", "content-length"} {
		if !seen[name] {
			return nil, fmt.Errorf("%w: SLP message without %s", ErrMalformed, name)
		}
	}
	rest := b[end+4:]
	if length > len(rest) {
		return nil, fmt.Errorf("%w: SLP Content-Length %d, %d bytes follow", ErrMalformed, length, len(rest))
	}
	body, err := parseBody(rest[:length])
	if err != nil {
		return nil, err
	}
	m.Body = body
	if err := m.check(); err != nil {
		return nil, err
	}
	return m, nil
}

func (m *SLPMessage) parseStartLine(line string) error {
	if !isText(line, false) {
		return fmt.Errorf("%w: SLP start line %q", ErrMalformed, line)
	}
	if rest, ok := strings.CutPrefix(line, slpVersion+" "); ok {
		code, reason, _ := strings.Cut(rest, " ")
		status, err := strconv.Atoi(code)
		if err != nil || len(code) != 3 {
			return fmt.Errorf("%w: SLP status line %q", ErrMalformed, line)
		}
		m.Status, m.Reason = status, trimBlank(reason)
		return nil
	}
	method, rest, _ := strings.Cut(line, " ")
	uri, version, _ := strings.Cut(rest, " ")
	if !isToken(method) || version != slpVersion || !hasPrefixFold(uri, "MSNMSGR:") {
		return fmt.Errorf("%w: SLP request line %q", ErrMalformed, line)
	}
	m.Method = method
	return nil
}

func (m *SLPMessage) parseHeader(name, value string, length *int) error {
	var err error
	switch name {
	case "to":
		m.To, err = parseSLPAddress(value)
	case "from":
		m.From, err = parseSLPAddress(value)
	case "via":
		_, branch, ok := strings.Cut(value, ";branch=")
		if !ok || !hasPrefixFold(value, slpVersion+"/TLP") {
			return fmt.Errorf("%w: SLP Via %q", ErrMalformed, value)
		}
		m.Branch = trimBlank(branch)
	case "cseq":
		m.CSeq, err = parseCount(name, value, math.MaxInt32)
	case "call-id":
		m.CallID = value
	case "max-forwards":
		m.MaxForwards, err = parseCount(name, value, math.MaxInt32)
	case "content-type":
		m.ContentType = value
	case "content-length":
		*length, err = parseCount(name, value, MaxSLPSize)
	}
	return err
}

func parseSLPAddress(value string) (string, error) {
	inner, ok := strings.CutSuffix(value, ">")
	if ok && hasPrefixFold(inner, "<msnmsgr:") {
		return inner[len("<msnmsgr:"):], nil
	}
	return "", fmt.Errorf("%w: SLP address %q", ErrMalformed, value)
}

func parseCount(name, value string, max int) (int, error) {
	n, err := strconv.Atoi(value)
	if err != nil || n < 0 || n > max {
		return 0, fmt.Errorf("%w: SLP %s %q", ErrMalformed, name, value)
	}
	return n, nil
}

func hasPrefixFold(s, prefix string) bool {
	return len(s) >= len(prefix) && strings.EqualFold(s[:len(prefix)], prefix)
}

// isToken reports whether s is a method name: upper-case ASCII letters.
func isToken(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < 'A' || s[i] > 'Z' {
			return false
		}
	}
	return true
}

// isText reports whether s holds no CR, LF or NUL and, when trimmed is set,
// no blanks at either end: what can sit in a header line and read back
// unchanged.
func isText(s string, trimmed bool) bool {
	if strings.ContainsAny(s, "\r\n\x00") {
		return false
	}
	return !trimmed || s == trimBlank(s)
}

func trimBlank(s string) string { return strings.Trim(s, " \t") }

package msntest

import (
	"bytes"
	"encoding/base64"
	"encoding/xml"
	"io"
	"net"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// storeRequest is what the store handler reads of a Store or Store2
// request. Pointers tell a missing element or attribute from an empty one.
type storeRequest struct {
	From *struct {
		MemberName   *string `xml:"memberName,attr"`
		FriendlyName *string `xml:"friendlyName,attr"`
		Proxy        *string `xml:"proxy,attr"`
	} `xml:"Header>From"`
	To *struct {
		MemberName *string `xml:"memberName,attr"`
	} `xml:"Header>To"`
	Ticket *struct {
		Passport *string `xml:"passport,attr"`
		LockKey  *string `xml:"lockkey,attr"`
	} `xml:"Header>Ticket"`
	MessageNumber *string `xml:"Header>Sequence>MessageNumber"`
	Content       string  `xml:"Body>Content"`
}

// oimStore answers a request to /OimWS/oim.asmx the way Escargot's
// handler does, in its order of checks (NOTES.md quirk 17):
//
//  1. a body that is not XML, or has no Ticket passport, From or To,
//     crashes the handler: HTTP 500 text/plain;
//  2. a ticket whose token is not that of a logged-in NS session, or an
//     empty or missing lockkey: q0:AuthenticationFailed with the
//     LockKeyChallenge (any non-empty lockkey passes);
//  3. From not the session's account, an unknown recipient, or one the
//     sender may not write to: q0:SystemUnavailable;
//  4. a MessageNumber that is not a number: q0:InvalidContent;
//  5. a friendlyName without any RFC 2047 word crashes the handler, one
//     whose words do not decode is q0:InvalidContent;
//  6. Content without X-OIM-Run-Id {GUID}, MIME-Version 1.0,
//     Content-Type text/plain, Content-Transfer-Encoding base64,
//     X-OIM-Message-Type OfflineMessage, or with X-OIM-Sequence-Num not
//     equal to MessageNumber, a body line over 77 characters or a body
//     that is not base64 of UTF-8: q0:InvalidContent;
//
// and otherwise stores the message and answers 200 with a StoreResponse
// acknowledging MessageNumber. The SOAP action is not checked; it only
// picks the namespace of the answer. It runs on an HTTP server goroutine.
func (s *Server) oimStore(w http.ResponseWriter, r *http.Request, body []byte) {
	ns := oimNamespace(r.Header.Get("SOAPAction"))
	origin, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		origin = r.RemoteAddr
	}

	s.mu.Lock()
	status, answer, crash := s.oimDecide(ns, body, origin)
	s.mu.Unlock()

	if crash != "" {
		s.writeCrash(w, crash)
		return
	}
	s.writeXML(w, status, answer)
}

// oimDecide does the work of oimStore. It returns the status and XML
// answer, or a reason the handler would crash. The caller holds s.mu.
func (s *Server) oimDecide(ns string, body []byte, origin string) (status int, answer, crash string) {
	if s.oim.refuse != "" {
		s.tracef("HTTP !! OIM store refused with %s", s.oim.refuse)
		return http.StatusInternalServerError, oimFault(ns, s.oim.refuse), ""
	}
	var req storeRequest
	d := xml.NewDecoder(bytes.NewReader(body))
	d.CharsetReader = func(_ string, in io.Reader) (io.Reader, error) { return in, nil }
	if err := d.Decode(&req); err != nil {
		return 0, "", "request is not XML: " + err.Error()
	}
	if req.Ticket == nil || req.Ticket.Passport == nil {
		return 0, "", "no Ticket passport"
	}
	sender := s.sessionByToken(tokenOfTicket(*req.Ticket.Passport))
	if sender == nil || req.Ticket.LockKey == nil || *req.Ticket.LockKey == "" {
		if sender == nil {
			s.tracef("HTTP -- OIM store: no logged-in session has this ticket")
		}
		return http.StatusInternalServerError, oimAuthFailed(ns), ""
	}
	if req.From == nil || req.To == nil {
		return 0, "", "no From or To header"
	}
	from, to := deref(req.From.MemberName), deref(req.To.MemberName)
	recipient := s.accounts[to]
	if req.From.MemberName == nil || from != sender.acct.email || req.To.MemberName == nil ||
		recipient == nil || !oimAllowed(sender.acct, recipient) {
		s.tracef("HTTP -- OIM store: %q may not write to %q", from, to)
		return http.StatusInternalServerError, oimFault(ns, "q0:SystemUnavailable"), ""
	}
	number := "None" // what Escargot compares when the element is missing
	if req.MessageNumber != nil {
		number = *req.MessageNumber
	}
	invalid := func(why string) (int, string, string) {
		s.tracef("HTTP -- OIM store: invalid content: %s", why)
		return http.StatusInternalServerError, oimInvalidContent(ns), ""
	}
	if !isNumeric(number) {
		return invalid("MessageNumber is not a number")
	}

	o := &storedOIM{OIM: OIM{From: from, To: to}, origin: origin}
	if req.From.Proxy != nil {
		o.proxy = *req.From.Proxy
	}
	if req.From.FriendlyName != nil {
		name, outcome := decodeFriendlyName(*req.From.FriendlyName)
		switch outcome {
		case nameCrash:
			return 0, "", "friendlyName is not an RFC 2047 encoded word"
		case nameInvalid:
			return invalid("friendlyName does not decode")
		}
		o.FromName, o.named = name, true
	}

	content := strings.ReplaceAll(req.Content, "\r\n", "\n")
	headers := parseMIMEHeaders(content)
	get := func(name string) string {
		for _, h := range headers {
			if strings.EqualFold(h.name, name) {
				return h.value
			}
		}
		return "None" // str(None), as Escargot compares a missing header
	}
	o.RunID = get("X-OIM-Run-Id")
	switch {
	case !runIDPrefix.MatchString(o.RunID):
		return invalid("X-OIM-Run-Id is not a GUID")
	case get("MIME-Version") != "1.0":
		return invalid("MIME-Version is not 1.0")
	case !strings.HasPrefix(get("Content-Type"), "text/plain"):
		return invalid("Content-Type is not text/plain")
	case get("Content-Transfer-Encoding") != "base64":
		return invalid("Content-Transfer-Encoding is not base64")
	case get("X-OIM-Message-Type") != "OfflineMessage":
		return invalid("X-OIM-Message-Type is not OfflineMessage")
	case get("X-OIM-Sequence-Num") != number:
		return invalid("X-OIM-Sequence-Num is not MessageNumber")
	}
	_, rest, ok := strings.Cut(content, "\n\n")
	if !ok {
		return invalid("no empty line after the headers")
	}
	for line := range strings.SplitSeq(rest, "\n") {
		if utf8.RuneCountInString(line) > 77 {
			return invalid("a body line is longer than 77 characters")
		}
	}
	text, ok := decodeBody(rest)
	if !ok {
		return invalid("the body is not base64 of UTF-8")
	}
	o.Text = text
	o.Sequence, _ = strconv.Atoi(number)
	for _, h := range headers {
		o.headers = append(o.headers, h.name+": "+h.value)
	}
	s.storeOIM(sender, o)
	return http.StatusOK, oimStored(ns, number), ""
}

// runIDPrefix is Escargot's run id check, a match at the start only.
var runIDPrefix = regexp.MustCompile(`^\{?[A-Fa-f0-9]{8}-([A-Fa-f0-9]{4}-){3}[A-Fa-f0-9]{12}\}?`)

// mimeHeader is one header of the Content.
type mimeHeader struct{ name, value string }

// parseMIMEHeaders reads the header block of a message with LF line ends
// as Python's email parser does: up to the first empty line or the first
// line that is not a header; a line starting with white space continues
// the header before it. Values lose their leading white space.
func parseMIMEHeaders(content string) []mimeHeader {
	var out []mimeHeader
	for line := range strings.SplitSeq(content, "\n") {
		if line == "" {
			break
		}
		if line[0] == ' ' || line[0] == '\t' {
			if len(out) == 0 {
				break
			}
			out[len(out)-1].value += "\n" + line
			continue
		}
		name, value, ok := strings.Cut(line, ":")
		if !ok || name == "" || strings.ContainsAny(name, " \t") {
			break
		}
		out = append(out, mimeHeader{name, strings.TrimLeft(value, " \t")})
	}
	return out
}

// decodeBody decodes the base64 body as Python's b64decode does without
// validation (characters outside the alphabet are skipped), then requires
// UTF-8.
func decodeBody(body string) (string, bool) {
	var clean strings.Builder
	for i := 0; i < len(body); i++ {
		c := body[i]
		if 'A' <= c && c <= 'Z' || 'a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '+' || c == '/' || c == '=' {
			clean.WriteByte(c)
		}
	}
	raw, err := base64.StdEncoding.DecodeString(clean.String())
	if err != nil || !utf8.Valid(raw) {
		return "", false
	}
	return string(raw), true
}

// isNumeric is Python's str.isnumeric: not empty, numeric characters only.
func isNumeric(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if !unicode.IsNumber(r) {
			return false
		}
	}
	return true
}

func deref(p *string) string {
	if p == nil {
		return ""
	}
	return *p
}

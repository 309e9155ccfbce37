package sb

import (
	"bufio"
	"bytes"
	"net/textproto"
	"strings"
)

// Message is a message received on a switchboard.
type Message struct {
	From     string // sender's email (bare)
	Friendly string // sender's friendly name, URL-decoded
	Header   textproto.MIMEHeader
	Body     []byte
}

// ContentType is the media type without parameters, e.g. "text/plain".
func (m Message) ContentType() string {
	ct, _, _ := strings.Cut(m.Header.Get("Content-Type"), ";")
	return strings.TrimSpace(strings.ToLower(ct))
}

// Text returns the body of a text/plain message.
func (m Message) Text() (string, bool) {
	if m.ContentType() != "text/plain" {
		return "", false
	}
	return string(m.Body), true
}

// parseMessage splits an MSG payload into MIME header and body.
func parseMessage(payload []byte) (textproto.MIMEHeader, []byte) {
	i := bytes.Index(payload, []byte("\r\n\r\n"))
	if i < 0 {
		return textproto.MIMEHeader{}, payload
	}
	h, err := textproto.NewReader(bufio.NewReader(bytes.NewReader(payload[:i+4]))).ReadMIMEHeader()
	if err != nil && len(h) == 0 {
		h = textproto.MIMEHeader{}
	}
	return h, payload[i+4:]
}

// IsNudge reports whether the message is a nudge: a datacast with ID 1.
func (m Message) IsNudge() bool {
	if m.ContentType() != "text/x-msnmsgr-datacast" {
		return false
	}
	for _, line := range strings.Split(string(m.Body), "\n") {
		if k, v, ok := strings.Cut(strings.TrimSpace(line), ":"); ok && strings.EqualFold(strings.TrimSpace(k), "ID") {
			return strings.TrimSpace(v) == "1"
		}
	}
	return false
}

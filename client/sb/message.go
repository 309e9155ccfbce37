package sb

import (
	"bufio"
	"bytes"
	"net/textproto"
	"strings"
	"unicode/utf8"
)

// MaxPayload is the largest MSG payload a switchboard relays; Escargot
// closes the connection above it (NOTES.md quirk 11).
const MaxPayload = 1664

// textHeader starts every text message this client sends.
const textHeader = "MIME-Version: 1.0\r\n" +
	"Content-Type: text/plain; charset=UTF-8\r\n" +
	"X-MMS-IM-Format: FN=Segoe%20UI; EF=; CO=0; CS=0; PF=0\r\n" +
	"\r\n"

// MaxText is the most text one message carries.
const MaxText = MaxPayload - len(textHeader)

// TextPayload is the MIME payload of a text message.
func TextPayload(text string) []byte {
	return append([]byte(textHeader), text...)
}

// TypingPayload tells the others the user is typing.
func TypingPayload(account string) []byte {
	return []byte("MIME-Version: 1.0\r\nContent-Type: text/x-msmsgscontrol\r\nTypingUser: " + account + "\r\n\r\n\r\n")
}

// NudgePayload is the "nudge" (shake the window) datacast.
func NudgePayload() []byte {
	return []byte("MIME-Version: 1.0\r\nContent-Type: text/x-msnmsgr-datacast\r\n\r\nID: 1\r\n\r\n")
}

// Split cuts text into parts of at most limit bytes, each ending on a
// UTF-8 boundary, preferring to end a part after a newline or a space when
// one is in its last quarter. Joined, the parts are exactly text. The text
// must be valid UTF-8; a limit below utf8.UTFMax is raised to it, so that
// every part holds at least one character.
func Split(text string, limit int) []string {
	limit = max(limit, utf8.UTFMax)
	var parts []string
	for len(text) > limit {
		cut := limit
		for cut > 0 && !utf8.RuneStart(text[cut]) {
			cut--
		}
		if i := strings.LastIndexAny(text[:cut], "\n "); i >= cut*3/4 {
			cut = i + 1
		}
		parts = append(parts, text[:cut])
		text = text[cut:]
	}
	if text != "" {
		parts = append(parts, text)
	}
	return parts
}

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

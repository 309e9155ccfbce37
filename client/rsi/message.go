package rsi

import (
	"bytes"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"mime"
	"mime/quotedprintable"
	"net/mail"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// MaxMessage is the largest message, in bytes of RFC 822 text, that
// ParseMessage reads. An offline message carries a few kilobytes at most.
const MaxMessage = 1 << 20

// Message is one offline message as GetMessage returns it.
type Message struct {
	// ID is the id it was fetched by; ParseMessage leaves it empty.
	ID string

	// From is the sender's account and FromName the sender's friendly
	// name (empty when the message has none), from the From header.
	From, FromName string

	// Received is when the service stored the message, in UTC: the
	// X-OriginalArrivalTime header, else the Date header; the zero time
	// when neither parses.
	Received time.Time

	// Sequence is X-OIM-Sequence-Num, the message's number within its run
	// (from 1), or 0 when the message has none.
	Sequence int

	// RunID is X-OIM-Run-Id as written ("{GUID}"), "" when absent. The
	// messages of one run were sent one after the other by one client.
	RunID string

	// Text is the body, decoded and converted to UTF-8, line breaks as
	// sent.
	Text string
}

// ParseMessage reads the RFC 822 text of a GetMessage result.
//
// Line ends may be CRLF or LF (an XML parser turns the one into the
// other). The From header is an address with an optional display name,
// RFC 2047-encoded in any charset mime.WordDecoder reads plus
// windows-1252 and ISO-8859-15; a name that does not decode is kept as
// written. The body may be base64, quoted-printable, 7bit, 8bit or binary
// and is converted from its Content-Type charset (UTF-8 when none is
// given; UTF-8, ISO-8859-1, ISO-8859-15, windows-1252 and US-ASCII are
// known) to UTF-8. The content type must be text.
//
// For Received, X-OriginalArrivalTime (UTC, written by the relay) is
// preferred to Date, because Escargot writes the Date in US Pacific local
// time and labels it -0800 even in summer, an hour off.
//
// A message without a From address, an unknown charset or transfer
// encoding, a body that does not decode, a message over MaxMessage bytes
// and a malformed header block are errors.
func ParseMessage(raw []byte) (Message, error) {
	if len(raw) > MaxMessage {
		return Message{}, fmt.Errorf("rsi: message of %d bytes exceeds %d", len(raw), MaxMessage)
	}
	raw = bytes.TrimLeft(raw, " \t\r\n") // a pretty-printed result starts on a new line
	if len(raw) == 0 {
		return Message{}, errors.New("rsi: message is empty")
	}
	msg, err := mail.ReadMessage(bytes.NewReader(raw))
	if err != nil {
		return Message{}, fmt.Errorf("rsi: malformed message header: %v", oneLine(shorten(err.Error(), 120)))
	}
	h := msg.Header

	var m Message
	if m.From, m.FromName, err = parseFrom(h.Get("From")); err != nil {
		return Message{}, err
	}
	m.RunID = oneLine(h.Get("X-OIM-Run-Id"))
	if n, err := strconv.Atoi(strings.TrimSpace(h.Get("X-OIM-Sequence-Num"))); err == nil && n > 0 {
		m.Sequence = n
	}
	m.Received = received(h)

	body, err := io.ReadAll(msg.Body)
	if err != nil {
		return Message{}, fmt.Errorf("rsi: reading message body: %w", err)
	}
	if m.Text, err = decodeBody(h, body); err != nil {
		return Message{}, err
	}
	return m, nil
}

// parseFrom splits a From header into the address and the decoded
// display name: `=?utf-8?B?QWxpY2U=?= <alice@example.com>`,
// `"Alice" <alice@example.com>`, `<alice@example.com>` or a bare address.
func parseFrom(v string) (addr, name string, err error) {
	v = strings.TrimSpace(v)
	if v == "" {
		return "", "", errors.New("rsi: message has no From header")
	}
	if strings.HasSuffix(v, ">") {
		if i := strings.LastIndexByte(v, '<'); i >= 0 {
			addr = strings.TrimSpace(v[i+1 : len(v)-1])
			name = strings.TrimSpace(v[:i])
		}
	} else {
		addr = v
	}
	if addr == "" || !utf8.ValidString(addr) || strings.ContainsFunc(addr, func(r rune) bool { return r <= ' ' || isControl(r) || r == '<' || r == '>' }) {
		return "", "", errors.New("rsi: message has no valid From address")
	}
	if len(name) >= 2 && name[0] == '"' && name[len(name)-1] == '"' {
		name = strings.ReplaceAll(strings.ReplaceAll(name[1:len(name)-1], `\"`, `"`), `\\`, `\`)
	}
	return addr, decodeName(name), nil
}

// arrival is the start of X-OriginalArrivalTime: "24 Nov 2026 21:12:40.0000 (UTC)".
var arrival = regexp.MustCompile(`^\s*(\d{1,2} [A-Za-z]{3} \d{4} \d{2}:\d{2}:\d{2})(?:\.\d+)?\s*\(UTC\)`)

// received is when the message arrived, in UTC, or the zero time.
func received(h mail.Header) time.Time {
	if m := arrival.FindStringSubmatch(h.Get("X-OriginalArrivalTime")); m != nil {
		if t, err := time.Parse("2 Jan 2006 15:04:05", m[1]); err == nil {
			return t.UTC()
		}
	}
	if t, err := mail.ParseDate(strings.TrimSpace(h.Get("Date"))); err == nil {
		return t.UTC()
	}
	return time.Time{}
}

// decodeBody undoes the transfer encoding and converts the charset.
func decodeBody(h mail.Header, body []byte) (string, error) {
	charset := ""
	if ct := strings.TrimSpace(h.Get("Content-Type")); ct != "" {
		mediatype, params, err := mime.ParseMediaType(ct)
		if mediatype == "" {
			return "", fmt.Errorf("rsi: malformed Content-Type %q: %v", shorten(ct, 60), err)
		}
		if !strings.HasPrefix(mediatype, "text/") {
			return "", fmt.Errorf("rsi: unsupported content type %q", shorten(mediatype, 60))
		}
		charset = params["charset"]
	}

	var raw []byte
	switch cte := strings.ToLower(strings.TrimSpace(h.Get("Content-Transfer-Encoding"))); cte {
	case "", "7bit", "8bit", "binary":
		raw = body
	case "base64":
		var err error
		if raw, err = decodeBase64(body); err != nil {
			return "", errors.New("rsi: message body is not valid base64")
		}
	case "quoted-printable":
		var err error
		if raw, err = io.ReadAll(quotedprintable.NewReader(bytes.NewReader(body))); err != nil {
			return "", errors.New("rsi: message body is not valid quoted-printable")
		}
	default:
		return "", fmt.Errorf("rsi: unsupported Content-Transfer-Encoding %q", shorten(cte, 40))
	}
	return toUTF8(raw, charset)
}

// decodeBase64 decodes a base64 body on one line or many, with or without
// padding.
func decodeBase64(body []byte) ([]byte, error) {
	clean := make([]byte, 0, len(body))
	for _, c := range body {
		switch c {
		case ' ', '\t', '\r', '\n':
		default:
			clean = append(clean, c)
		}
	}
	out := make([]byte, base64.RawStdEncoding.DecodedLen(len(clean)))
	n, err := base64.StdEncoding.Decode(out, clean)
	if err != nil {
		n, err = base64.RawStdEncoding.Decode(out, bytes.TrimRight(clean, "="))
	}
	return out[:n], err
}

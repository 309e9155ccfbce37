package oim

import (
	"encoding/base64"
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"
)

// MaxText is the largest Text, in bytes of UTF-8, that one offline message
// carries. Callers split longer text at UTF-8 boundaries and send the parts
// as consecutive messages of one run.
//
// Where the number comes from: the store service itself sets no usable
// bound (Escargot's handler checks none; its HTTP server takes requests up
// to 1 MiB), and a figure of 573 bytes said to have been used by old
// clients could not be traced to any published source or client code (the
// libpurple, MSNPSharp and Escargot code read for this package split
// nothing). The bound chosen instead is that an offline message should
// carry no more text than one switchboard instant message can, since the
// receiving client shows it as one: Escargot closes a switchboard on a MSG
// payload over 1664 bytes (reference/escargot/NOTES.md quirk 11), and the
// smallest plain-text IM spends 62 of them on its header block
// ("MIME-Version: 1.0", "Content-Type: text/plain; charset=UTF-8", each
// with CRLF, and the empty line). 1664 - 62 = 1602. Larger parts would
// also save little: each part costs one HTTP round trip either way.
const MaxText = 1664 - 62

// lineLength is where the base64 body is wrapped. Escargot refuses a body
// line longer than 77 characters with InvalidContent.
const lineLength = 76

// Message is one offline message to store.
type Message struct {
	// From is the sender's account (memberName); it must be the account
	// logged in with Client.Ticket. To is the recipient's account.
	From, To string

	// FromName is the sender's friendly name, sent RFC 2047 B-encoded
	// (a plain one crashes Escargot). It may be empty, and then it is left
	// out, or contain any Unicode.
	FromName string

	// Text is the message, UTF-8, at most MaxText bytes. Line breaks are
	// sent as they are.
	Text string

	// Sequence numbers the messages of one run from 1. It is sent both as
	// the WS-ReliableMessaging MessageNumber and as X-OIM-Sequence-Num,
	// which the service requires to be equal.
	Sequence int

	// RunID identifies the run, "{XXXXXXXX-XXXX-XXXX-XXXX-XXXXXXXXXXXX}"
	// in hexadecimal digits, the same for all messages of one run. See
	// msnp.NewGUID.
	RunID string
}

var runIDRe = regexp.MustCompile(`^\{[0-9A-Fa-f]{8}-([0-9A-Fa-f]{4}-){3}[0-9A-Fa-f]{12}\}$`)

// check refuses a message that cannot be sent as it is. Errors name the
// field, not its value.
func (m *Message) check() error {
	if !validAccount(m.From) {
		return errors.New("oim: invalid sender account")
	}
	if !validAccount(m.To) {
		return errors.New("oim: invalid recipient account")
	}
	if !utf8.ValidString(m.FromName) {
		return errors.New("oim: friendly name is not valid UTF-8")
	}
	if !utf8.ValidString(m.Text) {
		return errors.New("oim: text is not valid UTF-8")
	}
	if len(m.Text) > MaxText {
		return fmt.Errorf("oim: text of %d bytes exceeds the %d byte limit of one offline message", len(m.Text), MaxText)
	}
	if m.Sequence < 1 {
		return errors.New("oim: sequence number must be 1 or more")
	}
	if !runIDRe.MatchString(m.RunID) {
		return errors.New("oim: run id must be a {GUID}")
	}
	return nil
}

// validAccount accepts an account name that can go in an attribute and on
// an MSNP line: not empty, with an @, no white space or control characters.
func validAccount(s string) bool {
	if s == "" || len(s) > 256 || !strings.Contains(s, "@") {
		return false
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; c <= ' ' || c == 0x7f {
			return false
		}
	}
	return true
}

// content is the MIME message that goes in the Content element: the
// headers the service requires, an empty line, and the UTF-8 text in
// base64 wrapped at lineLength characters, lines ending in CRLF.
func (m *Message) content() string {
	var b strings.Builder
	b.WriteString("MIME-Version: 1.0\r\n")
	b.WriteString("Content-Type: text/plain; charset=UTF-8\r\n")
	b.WriteString("Content-Transfer-Encoding: base64\r\n")
	b.WriteString("X-OIM-Message-Type: OfflineMessage\r\n")
	b.WriteString("X-OIM-Run-Id: " + m.RunID + "\r\n")
	b.WriteString("X-OIM-Sequence-Num: " + strconv.Itoa(m.Sequence) + "\r\n")
	b.WriteString("\r\n")
	body := base64.StdEncoding.EncodeToString([]byte(m.Text))
	for len(body) > lineLength {
		b.WriteString(body[:lineLength])
		b.WriteString("\r\n")
		body = body[lineLength:]
	}
	b.WriteString(body)
	return b.String()
}

// wordBytes is the most UTF-8 a single encoded word carries: RFC 2047
// limits an encoded word to 75 characters, "=?utf-8?B?" and "?=" take 12,
// and 45 bytes make 60 base64 characters (48 would make 64).
const wordBytes = 45

// encodeName returns name as RFC 2047 B-encoded words in UTF-8
// ("=?utf-8?B?QWxpY2U=?="), always encoded even when plain ASCII would do
// (mime.WordEncoder leaves such names alone, which crashes Escargot). A
// long name becomes several words separated by spaces, split between
// characters, which decoders join again.
func encodeName(name string) string {
	var words []string
	for name != "" {
		n := len(name)
		if n > wordBytes {
			n = wordBytes
			for n > 0 && !utf8.RuneStart(name[n]) {
				n--
			}
		}
		words = append(words, "=?utf-8?B?"+base64.StdEncoding.EncodeToString([]byte(name[:n]))+"?=")
		name = name[n:]
	}
	return strings.Join(words, " ")
}

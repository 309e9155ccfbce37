package rsi

import (
	"bytes"
	"fmt"
	"io"
	"mime"
	"regexp"
	"strings"
	"unicode/utf8"
)

// Character sets the package converts to UTF-8: message bodies and RFC
// 2047 friendly names. Windows Messenger and MSN Messenger wrote UTF-8;
// ISO-8859-1 and windows-1252 are what other mail software wrote for
// Western text, and US-ASCII the default of RFC 2045. Anything else is an
// error naming the charset rather than text decoded wrongly.

// toUTF8 converts b from charset to a UTF-8 string. The charset name is
// compared without case; "" means UTF-8. Byte sequences that are not
// valid UTF-8 in a UTF-8 text become U+FFFD.
func toUTF8(b []byte, charset string) (string, error) {
	switch normalizeCharset(charset) {
	case "utf-8":
		return strings.ToValidUTF8(string(b), "\uFFFD"), nil
	case "iso-8859-1":
		return decode8bit(b, nil), nil
	case "iso-8859-15":
		return decode8bit(b, &latin9), nil
	case "windows-1252", "us-ascii":
		// US-ASCII text with bytes past 0x7f was almost always written in
		// windows-1252 by a mailer that did not say so.
		return decode8bit(b, &cp1252), nil
	}
	return "", fmt.Errorf("rsi: unknown charset %q", shorten(charset, 40))
}

// normalizeCharset maps the usual aliases of the supported charsets to one
// name each; other names are returned lower-cased.
func normalizeCharset(name string) string {
	n := strings.ToLower(strings.TrimSpace(name))
	switch n {
	case "", "utf-8", "utf8", "unicode-1-1-utf-8":
		return "utf-8"
	case "iso-8859-1", "iso8859-1", "iso_8859-1", "latin1", "latin-1", "l1", "cp819", "ibm819":
		return "iso-8859-1"
	case "iso-8859-15", "iso8859-15", "iso_8859-15", "latin-9", "latin9":
		return "iso-8859-15"
	case "windows-1252", "cp1252", "x-cp1252":
		return "windows-1252"
	case "us-ascii", "ascii", "ansi_x3.4-1968", "us":
		return "us-ascii"
	}
	return n
}

// table8 gives, for a single-byte charset, the code points of bytes 0x80
// to 0xff that differ from ISO-8859-1; zero means the same.
type table8 [128]rune

// cp1252 is windows-1252: printable characters in 0x80-0x9f. The five
// unassigned bytes keep their ISO-8859-1 (C1 control) meaning, as WHATWG
// decoders do.
var cp1252 = table8{
	0x00: '€', 0x02: '‚', 0x03: 'ƒ', 0x04: '„', 0x05: '…', 0x06: '†', 0x07: '‡',
	0x08: 'ˆ', 0x09: '‰', 0x0a: 'Š', 0x0b: '‹', 0x0c: 'Œ', 0x0e: 'Ž',
	0x11: '‘', 0x12: '’', 0x13: '“', 0x14: '”', 0x15: '•', 0x16: '–', 0x17: '—',
	0x18: '˜', 0x19: '™', 0x1a: 'š', 0x1b: '›', 0x1c: 'œ', 0x1e: 'ž', 0x1f: 'Ÿ',
}

// latin9 is ISO-8859-15: eight letters and the euro sign in place of
// ISO-8859-1 symbols.
var latin9 = table8{
	0x24: '€', 0x26: 'Š', 0x28: 'š', 0x34: 'Ž', 0x38: 'ž', 0x3c: 'Œ', 0x3d: 'œ', 0x3e: 'Ÿ',
}

// decode8bit decodes a single-byte charset: ISO-8859-1 with the
// differences in t (nil for none).
func decode8bit(b []byte, t *table8) string {
	var sb strings.Builder
	sb.Grow(len(b) + len(b)/4)
	for _, c := range b {
		r := rune(c)
		if c >= 0x80 && t != nil && t[c-0x80] != 0 {
			r = t[c-0x80]
		}
		if r < utf8.RuneSelf {
			sb.WriteByte(byte(r))
		} else {
			sb.WriteRune(r)
		}
	}
	return sb.String()
}

// charsetReader is the mime.WordDecoder's CharsetReader: it converts the
// charsets toUTF8 knows. The decoder handles UTF-8, ISO-8859-1 and
// US-ASCII itself and calls this for the others.
func charsetReader(charset string, input io.Reader) (io.Reader, error) {
	b, err := io.ReadAll(io.LimitReader(input, MaxMessage+1))
	if err != nil {
		return nil, err
	}
	if len(b) > MaxMessage {
		return nil, fmt.Errorf("rsi: encoded word too long")
	}
	s, err := toUTF8(b, charset)
	if err != nil {
		return nil, err
	}
	return strings.NewReader(s), nil
}

var wordDecoder = &mime.WordDecoder{CharsetReader: charsetReader}

// bWord matches an RFC 2047 B-encoded word, white space inside included.
var bWord = regexp.MustCompile(`=\?[^?\s]+\?[bB]\?[^?]*\?=`)

// decodeName decodes a friendly name written with RFC 2047 encoded words
// ("=?utf-8?B?QWxpY2U=?=", "=?iso-8859-1?Q?Zo=EB?="), in any charset
// charsetReader knows. Escargot's notification of a message just stored
// puts a space inside a B word before "?="; white space inside B words is
// dropped first. A name that does not decode is returned as written.
// Control characters become spaces: a name is one line of text.
func decodeName(s string) string {
	s = strings.TrimSpace(s)
	if s == "" {
		return ""
	}
	fixed := bWord.ReplaceAllStringFunc(s, func(w string) string {
		return strings.Join(strings.Fields(w), "")
	})
	if out, err := wordDecoder.DecodeHeader(fixed); err == nil {
		s = out
	}
	return oneLine(s)
}

// oneLine replaces control characters, line breaks included, with spaces
// and bytes that are not UTF-8 with U+FFFD, and trims the result.
func oneLine(s string) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	if !strings.ContainsFunc(s, isControl) {
		return strings.TrimSpace(s)
	}
	var b bytes.Buffer
	for _, r := range s {
		if isControl(r) {
			r = ' '
		}
		b.WriteRune(r)
	}
	return strings.TrimSpace(b.String())
}

func isControl(r rune) bool { return r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0) }

// shorten cuts s to at most n bytes, at a UTF-8 boundary, for error
// messages that quote what the server sent.
func shorten(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n] + "…"
}

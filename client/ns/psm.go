package ns

import (
	"bytes"
	"strconv"
	"strings"
	"unicode/utf8"
)

// The personal message (PSM) travels as XML text: the client publishes it
// in a UUX document, and the server shows it to watchers (and, at MSNP16+,
// to the account's own endpoints) in UBX documents. Escargot does not
// write the UBX as well-formed XML at every dialect: it replaces only `&`
// (by `&#x26;`) from MSNP13, and `< > = \` too only from MSNP16, so at
// MSNP13 to 15 a message with `<` reaches watchers as raw markup
// (front/msn/misc.py, encode_xml_he). personalMessage therefore reads the
// text between the tags instead of parsing the document.

// personalMessage returns the personal message of a UBX (or UUX) payload,
// `<Data><PSM>text</PSM>...</Data>`, with its character and entity
// references decoded; "" when the payload has none. A reference it does
// not know, and a stray `&` or `<`, are kept as they are, so a message the
// server did not escape still reads as it was written.
func personalMessage(payload []byte) string {
	const open, close = "<PSM>", "</PSM>"
	i := bytes.Index(payload, []byte(open))
	if i < 0 {
		return ""
	}
	text := payload[i+len(open):]
	// The element that follows the PSM marks its end better than the
	// first "</PSM>", which may be part of the message itself.
	end := bytes.Index(text, []byte(close+"<CurrentMedia"))
	if end < 0 {
		end = bytes.LastIndex(text, []byte(close))
	}
	if end < 0 {
		return ""
	}
	return unescapeXMLText(string(text[:end]))
}

// personalMessageDocument is the UUX payload that publishes psm. It names
// no CurrentMedia: Escargot (and msntest) leave the "now playing" text
// another sign-in set alone when the element is absent, and would clear
// it when it is empty.
func personalMessageDocument(psm string) []byte {
	var b bytes.Buffer
	b.WriteString("<Data><PSM>")
	b.WriteString(escapeXMLText(psm))
	b.WriteString("</PSM></Data>")
	return b.Bytes()
}

// escapeXMLText escapes the characters that XML text and attribute values
// may not hold as they are.
func escapeXMLText(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;", "'", "&apos;").Replace(s)
}

// unescapeXMLText decodes the five predefined entities and numeric
// character references (decimal and hexadecimal), in one pass, leaving
// anything else as it is.
func unescapeXMLText(s string) string {
	if !strings.Contains(s, "&") {
		return s
	}
	var b strings.Builder
	for {
		i := strings.IndexByte(s, '&')
		if i < 0 {
			b.WriteString(s)
			return b.String()
		}
		b.WriteString(s[:i])
		s = s[i:]
		semi := strings.IndexByte(s, ';')
		if semi < 0 || semi > 12 {
			b.WriteByte('&')
			s = s[1:]
			continue
		}
		if r, ok := xmlReference(s[1:semi]); ok {
			b.WriteString(r)
			s = s[semi+1:]
			continue
		}
		b.WriteByte('&')
		s = s[1:]
	}
}

// xmlReference decodes the name of one reference (what stands between `&`
// and `;`).
func xmlReference(name string) (string, bool) {
	switch name {
	case "amp":
		return "&", true
	case "lt":
		return "<", true
	case "gt":
		return ">", true
	case "quot":
		return `"`, true
	case "apos":
		return "'", true
	}
	if !strings.HasPrefix(name, "#") {
		return "", false
	}
	digits, base := name[1:], 10
	if strings.HasPrefix(digits, "x") || strings.HasPrefix(digits, "X") {
		digits, base = digits[1:], 16
	}
	n, err := strconv.ParseUint(digits, base, 32)
	if err != nil || !utf8.ValidRune(rune(n)) {
		return "", false
	}
	return string(rune(n)), true
}

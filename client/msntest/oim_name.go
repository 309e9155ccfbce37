package msntest

import (
	"encoding/base64"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"
)

// nameOutcome is what Escargot's store handler makes of a friendlyName.
type nameOutcome int

const (
	nameOK      nameOutcome = iota
	nameInvalid             // the words do not decode: q0:InvalidContent
	nameCrash               // the handler raises: HTTP 500 text/plain
)

// encodedWord matches an RFC 2047 encoded word the way Python's
// email.header does (charset, encoding, encoded text).
var encodedWord = regexp.MustCompile(`=\?([^?]*?)\?([qQbB])\?(.*?)\?=`)

// decodeFriendlyName decodes a From friendlyName as Escargot does: Python's
// email.header.decode_header, of which it keeps the first part, decoded
// with that part's charset (UTF-8 when it has none).
//
// decode_header gives back the value unchanged, as text rather than bytes,
// when it contains no encoded word at all; the handler then fails on it,
// which is how a plain friendlyName (or an empty one) crashes it. Encoded
// words that do not decode are q0:InvalidContent. Parts are split where
// the charset changes, adjacent words of one charset are joined, and white
// space between encoded words is dropped, so a long name sent as several
// words comes back whole.
//
// Charsets other than UTF-8, US-ASCII and ISO-8859-1, which Python would
// know, are treated as unknown ones (a crash).
func decodeFriendlyName(v string) (string, nameOutcome) {
	locs := encodedWord.FindAllStringSubmatchIndex(v, -1)
	if locs == nil {
		return "", nameCrash
	}
	type word struct {
		text, charset string
		encoded       bool
		enc           byte
	}
	var words []word
	pos := 0
	for i, l := range locs {
		plain := v[pos:l[0]]
		if i == 0 {
			plain = strings.TrimLeft(plain, " \t")
		}
		if plain != "" {
			words = append(words, word{text: plain})
		}
		words = append(words, word{
			text:    v[l[6]:l[7]],
			charset: strings.ToLower(v[l[2]:l[3]]),
			encoded: true,
			enc:     v[l[4]] | 0x20,
		})
		pos = l[1]
	}
	if pos < len(v) {
		words = append(words, word{text: v[pos:]})
	}
	// White space alone between two encoded words is dropped.
	var kept []word
	for i, w := range words {
		if !w.encoded && strings.TrimSpace(w.text) == "" && i > 0 && i+1 < len(words) && words[i-1].encoded && words[i+1].encoded {
			continue
		}
		kept = append(kept, w)
	}

	// The first part: the leading run of words of one charset.
	var raw []byte
	charset := kept[0].charset
	for i, w := range kept {
		if w.charset != charset {
			break
		}
		var b []byte
		switch {
		case !w.encoded:
			b = []byte(w.text)
			if i > 0 {
				raw = append(raw, ' ')
			}
		case w.enc == 'b':
			var ok bool
			if b, ok = decodeB(w.text); !ok {
				return "", nameInvalid
			}
		default:
			b = decodeQ(w.text)
		}
		raw = append(raw, b...)
	}
	if charset == "" {
		charset = "utf-8"
	}
	switch charset {
	case "utf-8", "utf8":
		if !utf8.Valid(raw) {
			return "", nameCrash
		}
		return string(raw), nameOK
	case "us-ascii", "ascii":
		for _, c := range raw {
			if c >= 0x80 {
				return "", nameCrash
			}
		}
		return string(raw), nameOK
	case "iso-8859-1", "latin-1", "latin1":
		r := make([]rune, len(raw))
		for i, c := range raw {
			r[i] = rune(c)
		}
		return string(r), nameOK
	}
	return "", nameCrash
}

// decodeB decodes a B word leniently, as Python does: characters outside
// the alphabet are skipped and missing padding is added.
func decodeB(s string) ([]byte, bool) {
	var clean []byte
	for i := 0; i < len(s); i++ {
		c := s[i]
		if 'A' <= c && c <= 'Z' || 'a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '+' || c == '/' {
			clean = append(clean, c)
		}
	}
	if len(clean)%4 == 1 {
		return nil, false
	}
	b, err := base64.RawStdEncoding.DecodeString(string(clean))
	return b, err == nil
}

// decodeQ decodes a Q word: _ is a space, =XX a byte; anything else stays.
func decodeQ(s string) []byte {
	var b []byte
	for i := 0; i < len(s); i++ {
		switch {
		case s[i] == '_':
			b = append(b, ' ')
		case s[i] == '=' && i+2 < len(s):
			if n, err := strconv.ParseUint(s[i+1:i+3], 16, 8); err == nil {
				b = append(b, byte(n))
				i += 2
				continue
			}
			b = append(b, '=')
		default:
			b = append(b, s[i])
		}
	}
	return b
}

// encodeFriendlyName writes a decoded name back as one UTF-8 B word, as
// Escargot does in Mail-Data and in the stored message's From line. With
// trailingSpace (the notification of a message just stored) a space goes
// inside the word, before "?=", as Escargot writes it there.
func encodeFriendlyName(name string, trailingSpace bool) string {
	enc := base64.StdEncoding.EncodeToString([]byte(name))
	if trailingSpace {
		enc += " "
	}
	return "=?utf-8?B?" + enc + "?="
}

package sb

import (
	"strings"
	"unicode/utf8"
)

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

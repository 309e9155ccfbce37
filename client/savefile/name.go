package savefile

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// MaxNameBytes is the longest name SafeName returns, in bytes: the NAME_MAX
// of Linux and the BSDs, and within the 255 UTF-16 units of Windows.
const MaxNameBytes = 255

// Placeholder is the name SafeName gives a name that has nothing left.
const Placeholder = "file"

// maxExtBytes bounds what counts as an extension ("." included): a longer
// tail after the last dot is part of the name, not its type.
const maxExtBytes = 16

// SafeName makes a file name that came from the network safe to use as one
// path element in any folder, on any system msn runs on:
//
//   - invalid UTF-8 becomes U+FFFD;
//   - path separators (/ and \), the characters Windows refuses (: * ? " < >
//     |), control characters (C0, DEL, C1, NUL included), the line and
//     paragraph separators and the bidirectional controls (U+202E and kin,
//     which make "gpj.exe" read as "exe.jpg") become "_";
//   - spaces and dots are trimmed from both ends, so no name is hidden (a
//     ".bashrc" becomes "bashrc"), "." or "..", or ends the way Windows
//     silently strips;
//   - Windows device names (CON, PRN, AUX, NUL, COM0-9, LPT0-9, CONIN$,
//     CONOUT$, with or without an extension, in any case) get a leading "_";
//   - the result is cut to MaxNameBytes at a UTF-8 boundary, keeping the
//     extension (up to 16 bytes) when there is one;
//   - a name with nothing left becomes Placeholder.
//
// The result is the same on every system, and SafeName of a result returns
// it unchanged.
func SafeName(name string) string {
	s := strings.Map(safeRune, strings.ToValidUTF8(name, "\uFFFD"))
	s = trimEnds(s)
	s = cutKeepingExt(s, MaxNameBytes)
	if isReserved(s) || strings.HasPrefix(s, "-") {
		// A device name, or one a shell command in the folder would
		// take for an option (rm *).
		s = cutKeepingExt("_"+s, MaxNameBytes)
	}
	if s == "" {
		return Placeholder
	}
	return s
}

// safeRune maps a character that is unsafe in a file name to "_".
func safeRune(r rune) rune {
	switch {
	case r < 0x20, r >= 0x7f && r <= 0x9f: // C0 with NUL, DEL, C1
		return '_'
	case strings.ContainsRune(`/\:*?"<>|`, r):
		return '_'
	case r == '\u2028', r == '\u2029': // line and paragraph separators
		return '_'
	case isBidiControl(r):
		return '_'
	}
	return r
}

// isBidiControl reports the characters that reorder the text around them:
// the marks, embeddings, overrides and isolates.
func isBidiControl(r rune) bool {
	return r == '\u061c' || r == '\u200e' || r == '\u200f' ||
		(r >= '\u202a' && r <= '\u202e') || (r >= '\u2066' && r <= '\u2069')
}

// trimEnds removes spaces and dots at the start (no hidden files, no "."
// or "..") and at the end (Windows drops them, so "a.txt." would be
// "a.txt" there).
func trimEnds(s string) string {
	return strings.TrimFunc(s, isSpaceOrDot)
}

func isSpaceOrDot(r rune) bool { return r == '.' || unicode.IsSpace(r) }

// reservedNames are the DOS device names Windows still opens as devices,
// whatever the extension.
var reservedNames = map[string]bool{
	"CON": true, "PRN": true, "AUX": true, "NUL": true, "CONIN$": true, "CONOUT$": true,
}

// isReserved reports whether Windows takes s for a device: its part before
// the first dot, trailing spaces aside, is a device name in any case.
func isReserved(s string) bool {
	base, _, _ := strings.Cut(s, ".")
	base = strings.ToUpper(strings.TrimRightFunc(base, unicode.IsSpace))
	if reservedNames[base] {
		return true
	}
	if len(base) < 4 || (base[:3] != "COM" && base[:3] != "LPT") {
		return false
	}
	switch base[3:] {
	case "0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "¹", "²", "³":
		return true
	}
	return false
}

// splitExt splits s before its extension: the last dot and what follows,
// when that is 2 to maxExtBytes bytes without spaces and something comes
// before it. A ".tar" before the extension belongs to it ("a.tar.gz").
func splitExt(s string) (stem, ext string) {
	i := strings.LastIndexByte(s, '.')
	if i <= 0 || len(s)-i < 2 || len(s)-i > maxExtBytes || strings.ContainsFunc(s[i:], unicode.IsSpace) {
		return s, ""
	}
	stem, ext = s[:i], s[i:]
	if len(stem) > 4 && strings.EqualFold(stem[len(stem)-4:], ".tar") {
		stem, ext = stem[:len(stem)-4], stem[len(stem)-4:]+ext
	}
	return stem, ext
}

// cutKeepingExt shortens s to at most max bytes at a UTF-8 boundary,
// shortening the part before the extension first, then trims the ends
// again so the cut leaves no trailing space or dot.
func cutKeepingExt(s string, max int) string {
	if len(s) <= max {
		return s
	}
	stem, ext := splitExt(s)
	if len(ext) >= max {
		stem, ext = s, ""
	}
	return trimEnds(cutUTF8(stem, max-len(ext)) + ext)
}

// cutUTF8 returns the longest prefix of s of at most max bytes that ends at
// a character boundary.
func cutUTF8(s string, max int) string {
	if len(s) <= max {
		return s
	}
	for max > 0 && !utf8.RuneStart(s[max]) {
		max--
	}
	return s[:max]
}

// numberedName returns the n-th alternative to a name made by SafeName,
// as browsers number downloads: "report (1).pdf", "report (2).pdf", ...,
// still at most MaxNameBytes. n = 0 is the name itself.
func numberedName(name string, n int) string {
	if n == 0 {
		return name
	}
	stem, ext := splitExt(name)
	suffix := " (" + strconv.Itoa(n) + ")" + ext
	return cutUTF8(stem, MaxNameBytes-len(suffix)) + suffix
}

// tempName returns the hidden name a file is written under before it is
// complete: ".NAME.RANDOM.part", within MaxNameBytes.
func tempName(name, random string) string {
	const extra = len("..") + len(".part")
	return "." + cutUTF8(name, MaxNameBytes-extra-len(random)) + "." + random + ".part"
}

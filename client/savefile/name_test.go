package savefile

import (
	"strings"
	"testing"
)

// nastyNames are names a sender may offer, with what SafeName makes of
// them.
var nastyNames = []struct{ in, want string }{
	{"report.pdf", "report.pdf"},
	{"héllo wörld.txt", "héllo wörld.txt"},
	{"日本語のファイル.txt", "日本語のファイル.txt"},
	{"👩‍💻 notes.md", "👩‍💻 notes.md"}, // the zero-width joiner stays
	{"", Placeholder},
	{".", Placeholder},
	{"..", Placeholder},
	{"...", Placeholder},
	{". . .", Placeholder},
	{"../../etc/passwd", "_.._etc_passwd"},
	{"/etc/passwd", "_etc_passwd"},
	{`..\..\Windows\win.ini`, "_.._Windows_win.ini"},
	{`a/b\c`, "a_b_c"},
	{"\x00", "_"},
	{"a\x00b.txt", "a_b.txt"},
	{"line\nbreak\r.txt", "line_break_.txt"},
	{"tab\there", "tab_here"},
	{"del\x7f.txt", "del_.txt"},
	{"c1\u0085\u009f.txt", "c1__.txt"},
	{"para\u2028\u2029.txt", "para__.txt"},
	{"evil\u202egpj.exe", "evil_gpj.exe"},
	{"\u202atxt\u202c\u2066\u2069\u200e\u200f\u061c", "_txt______"},
	{`what?.txt`, "what_.txt"},
	{`a:b*c"d<e>f|g`, "a_b_c_d_e_f_g"},
	{"bad\xffutf8\xfe\xfd.txt", "bad\uFFFDutf8\uFFFD.txt"},
	{"\xc3", "\uFFFD"},
	{".bashrc", "bashrc"},
	{"..hidden.tar.gz", "hidden.tar.gz"},
	{"  report.pdf  ", "report.pdf"},
	{"report.pdf.", "report.pdf"},
	{"report.pdf. . ", "report.pdf"},
	{"\u00a0\u3000wide spaces\u3000", "wide spaces"},
	{"con", "_con"},
	{"CON.txt", "_CON.txt"},
	{"con.txt", "_con.txt"},
	{"-rf", "_-rf"},
	{" --help.txt", "_--help.txt"},
	{"Con.tar.gz", "_Con.tar.gz"},
	{"con .txt", "_con .txt"},
	{"nul", "_nul"},
	{"PRN.log", "_PRN.log"},
	{"aux", "_aux"},
	{"com1", "_com1"},
	{"LPT9.doc", "_LPT9.doc"},
	{"COM¹.txt", "_COM¹.txt"},
	{"conin$", "_conin$"},
	{"CONOUT$.txt", "_CONOUT$.txt"},
	{"COM10", "COM10"},
	{"console.txt", "console.txt"},
	{"icon.png", "icon.png"},
	{"_con", "_con"},
	// A cut that leaves trailing spaces, trimmed to a device name.
	{"con" + strings.Repeat(" ", 300) + "x", "_con"},
	// 304 bytes of two-byte characters: the extension kept, the cut at a
	// character boundary (251 is inside an "é").
	{strings.Repeat("é", 150) + ".txt", strings.Repeat("é", 125) + ".txt"},
	// 300 bytes of three-byte characters, no extension: 255 exactly.
	{strings.Repeat("日", 100), strings.Repeat("日", 85)},
	// four-byte characters and a double extension.
	{strings.Repeat("😀", 70) + ".tar.gz", strings.Repeat("😀", 62) + ".tar.gz"},
	// a tail too long to be an extension is cut with the rest.
	{"a." + strings.Repeat("x", 300), "a." + strings.Repeat("x", 253)},
	// the cut lands before dots and spaces, trimmed.
	{strings.Repeat("x", 254) + " ." + strings.Repeat("y", 30), strings.Repeat("x", 254)},
}

func TestSafeName(t *testing.T) {
	for _, tc := range nastyNames {
		got := SafeName(tc.in)
		if got != tc.want {
			t.Errorf("SafeName(%q) = %q, want %q", tc.in, got, tc.want)
		}
		checkSafeName(t, tc.in, got)
	}
}

func TestNumberedName(t *testing.T) {
	long := strings.Repeat("é", 125) + ".txt" // 254 bytes
	tests := []struct {
		name string
		n    int
		want string
	}{
		{"report.pdf", 0, "report.pdf"},
		{"report.pdf", 1, "report (1).pdf"},
		{"report.pdf", 12, "report (12).pdf"},
		{"archive.tar.gz", 2, "archive (2).tar.gz"},
		{"README", 3, "README (3)"},
		{"v1.2 final", 1, "v1.2 final (1)"},
		{"photo.JPEG", 1, "photo (1).JPEG"},
		{"_con", 1, "_con (1)"},
		{long, 10, strings.Repeat("é", 123) + " (10).txt"},
		{strings.Repeat("日", 85), 9999, strings.Repeat("日", 82) + " (9999)"},
	}
	for _, tc := range tests {
		got := numberedName(tc.name, tc.n)
		if got != tc.want {
			t.Errorf("numberedName(%q, %d) = %q, want %q", tc.name, tc.n, got, tc.want)
		}
		checkSafeName(t, tc.name, got)
	}
}

func TestTempName(t *testing.T) {
	for _, name := range []string{"report.pdf", strings.Repeat("é", 127), strings.Repeat("x", 255)} {
		got := tempName(name, "abcdef")
		if len(got) > MaxNameBytes || !strings.HasPrefix(got, ".") || !strings.HasSuffix(got, ".abcdef.part") {
			t.Errorf("tempName(%q) = %q: want hidden, ending .abcdef.part, at most %d bytes", name, got, MaxNameBytes)
		}
		if stem := strings.TrimSuffix(strings.TrimPrefix(got, "."), ".abcdef.part"); !strings.HasPrefix(name, stem) {
			t.Errorf("tempName(%q) = %q: the name part is not a prefix of the name", name, got)
		}
	}
}

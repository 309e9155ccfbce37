package oim

import (
	"encoding/base64"
	"mime"
	"strings"
	"testing"
	"unicode/utf8"
)

// decodeName decodes RFC 2047 words as mail readers do.
func decodeName(t *testing.T, s string) string {
	t.Helper()
	got, err := new(mime.WordDecoder).DecodeHeader(s)
	if err != nil {
		t.Fatalf("DecodeHeader(%q): %v", s, err)
	}
	return got
}

func TestEncodeNameRoundTrips(t *testing.T) {
	for _, name := range []string{
		"Alice", "A", "Zoë", "☃", "日本語の名前", "😀 emoji 😀", `quote " and <angle> & amp`,
		"=?utf-8?B?QWxpY2U=?=", // looks encoded: must be encoded again
		strings.Repeat("é", 100), strings.Repeat("a☃", 40), strings.Repeat("x", 45), strings.Repeat("x", 46),
	} {
		enc := encodeName(name)
		if got := decodeName(t, enc); got != name {
			t.Errorf("encodeName(%q) = %q decodes to %q", name, enc, got)
		}
		for w := range strings.SplitSeq(enc, " ") {
			if !strings.HasPrefix(w, "=?utf-8?B?") || !strings.HasSuffix(w, "?=") || len(w) > 75 {
				t.Errorf("encodeName(%q): word %q is not one B-encoded word of at most 75 characters", name, w)
			}
			raw, err := base64.StdEncoding.DecodeString(strings.TrimSuffix(strings.TrimPrefix(w, "=?utf-8?B?"), "?="))
			if err != nil || !utf8.Valid(raw) {
				t.Errorf("encodeName(%q): word %q splits a character", name, w)
			}
		}
	}
	if encodeName("Alice") != "=?utf-8?B?QWxpY2U=?=" {
		t.Errorf("encodeName(Alice) = %q, want the captured form", encodeName("Alice"))
	}
}

// bodyOf splits content into its header block and its body lines.
func bodyOf(t *testing.T, content string) (string, []string) {
	t.Helper()
	head, body, ok := strings.Cut(content, "\r\n\r\n")
	if !ok {
		t.Fatalf("no empty line in %q", content)
	}
	return head, strings.Split(body, "\r\n")
}

// The base64 body is wrapped at 76 characters (never more, every line but
// the last exactly 76) and decodes to the text, whatever its script; the
// text's line breaks are carried inside the base64.
func TestContentBase64(t *testing.T) {
	texts := []string{
		"", "a", "Hi Bob, you were offline - this is an OIM from Alice. éè ☃",
		"line one\nline two\r\nline three\n", strings.Repeat("€", MaxText/3),
		strings.Repeat("z", MaxText), "日本語のテキスト 😀 Ελληνικά العربية",
	}
	for n := 50; n <= 62; n++ { // around the 57-byte line boundary
		texts = append(texts, strings.Repeat("b", n))
	}
	for _, text := range texts {
		m := capturedMessage
		m.Text = text
		if err := m.check(); err != nil {
			t.Fatalf("check(%.20q): %v", text, err)
		}
		_, lines := bodyOf(t, m.content())
		for i, l := range lines {
			if len(l) > 76 || (i < len(lines)-1 && len(l) != 76) {
				t.Errorf("text %.20q: body line %d is %d characters", text, i+1, len(l))
			}
		}
		raw, err := base64.StdEncoding.DecodeString(strings.Join(lines, ""))
		if err != nil || string(raw) != text {
			t.Errorf("text %.20q: body decodes to %.20q, %v", text, raw, err)
		}
	}
}

func TestContentHeaders(t *testing.T) {
	m := capturedMessage
	m.Sequence = 12
	head, _ := bodyOf(t, m.content())
	want := "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: base64\r\n" +
		"X-OIM-Message-Type: OfflineMessage\r\nX-OIM-Run-Id: {33C34A79-A799-4BA2-8DFD-4DC7CF10704A}\r\nX-OIM-Sequence-Num: 12"
	if head != want {
		t.Errorf("headers\n got: %q\nwant: %q", head, want)
	}
}

func TestMessageCheck(t *testing.T) {
	good := capturedMessage
	if err := good.check(); err != nil {
		t.Fatalf("captured message refused: %v", err)
	}
	for name, bad := range map[string]func(*Message){
		"no from":         func(m *Message) { m.From = "" },
		"from without @":  func(m *Message) { m.From = "alice" },
		"to with space":   func(m *Message) { m.To = "bob @example.com" },
		"to with CRLF":    func(m *Message) { m.To = "bob@example.com\r\n" },
		"name not UTF-8":  func(m *Message) { m.FromName = "\xff" },
		"text not UTF-8":  func(m *Message) { m.Text = "a\xc3" },
		"text too long":   func(m *Message) { m.Text = strings.Repeat("a", MaxText+1) },
		"sequence 0":      func(m *Message) { m.Sequence = 0 },
		"run id no brace": func(m *Message) { m.RunID = "33C34A79-A799-4BA2-8DFD-4DC7CF10704A" },
		"run id short":    func(m *Message) { m.RunID = "{33C34A79-A799-4BA2-8DFD}" },
	} {
		m := good
		bad(&m)
		if err := m.check(); err == nil {
			t.Errorf("%s: accepted", name)
		} else if !strings.HasPrefix(err.Error(), "oim: ") {
			t.Errorf("%s: error %q does not name the package", name, err)
		}
	}
}

func TestMaxText(t *testing.T) {
	header := "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=UTF-8\r\n\r\n"
	if MaxText != 1664-len(header) {
		t.Errorf("MaxText = %d, want 1664 - %d", MaxText, len(header))
	}
}

package p2p

import (
	"bytes"
	"encoding/base64"
	"encoding/binary"
	"errors"
	"strings"
	"testing"
	"unicode/utf16"
)

// TestCapturedFileContext decodes the captured context and builds it back,
// to the same base64 text.
func TestCapturedFileContext(t *testing.T) {
	captured := capturedContext(t)
	raw, err := base64.StdEncoding.DecodeString(captured)
	if err != nil || len(raw) != 574 {
		t.Fatalf("captured context: %d bytes, %v", len(raw), err)
	}
	c, err := DecodeFileContext(captured)
	want := FileContext{Version: 2, Size: 49, Type: FileTypeNoPreview, Name: "small.txt"}
	if err != nil || !equalContext(c, want) {
		t.Fatalf("DecodeFileContext = %+v, %v; want %+v", c, err, want)
	}
	got, err := EncodeFileContext(FileContext{Size: 49, Type: FileTypeNoPreview, Name: "small.txt"})
	if err != nil || got != captured {
		t.Fatalf("EncodeFileContext = %q, %v\nthe capture has %q", got, err, captured)
	}
	if !bytes.HasSuffix(raw, []byte{0xff, 0xff, 0xff, 0xff}) {
		t.Fatalf("captured context ends % x", raw[len(raw)-4:])
	}
}

func equalContext(a, b FileContext) bool {
	return a.Version == b.Version && a.Size == b.Size && a.Type == b.Type && a.Name == b.Name && bytes.Equal(a.Preview, b.Preview)
}

func TestFileContextNames(t *testing.T) {
	long := strings.Repeat("a", 300)
	for _, tc := range []struct{ name, want string }{
		{"rapport d'été.pdf", "rapport d'été.pdf"},
		{"日本語のファイル.txt", "日本語のファイル.txt"},
		{long, long[:259]},
		{strings.Repeat("a", 258) + "😀", strings.Repeat("a", 258)}, // the pair would need units 259 and 260
		{strings.Repeat("a", 257) + "😀x", strings.Repeat("a", 257) + "😀"},
		{"bad\xffutf8", "bad\uFFFDutf8"},
		{"", ""},
	} {
		b, err := AppendFileContext(nil, FileContext{Size: 1, Type: FileTypeNoPreview, Name: tc.name})
		if err != nil || len(b) != FileContextSize {
			t.Fatalf("%q: %d bytes, %v", tc.name, len(b), err)
		}
		c, err := ParseFileContext(b)
		if err != nil || c.Name != tc.want {
			t.Errorf("%q: read back %q, %v; want %q", tc.name, c.Name, err, tc.want)
		}
	}
	if _, err := AppendFileContext(nil, FileContext{Name: "a\x00b"}); !errors.Is(err, ErrMalformed) {
		t.Fatalf("a name with a NUL: %v", err)
	}
	if _, err := AppendFileContext(nil, FileContext{Version: 3, Name: "a"}); !errors.Is(err, ErrMalformed) {
		t.Fatalf("version 3: %v", err)
	}
}

// contextWithName is a version 2 context whose name field holds units.
func contextWithName(units []uint16) []byte {
	b, _ := AppendFileContext(nil, FileContext{Size: 5, Type: FileTypeNoPreview})
	for i, u := range units {
		binary.LittleEndian.PutUint16(b[20+2*i:], u)
	}
	return b
}

func TestParseFileContextNames(t *testing.T) {
	for _, tc := range []struct {
		units []uint16
		want  string
	}{
		{utf16.Encode([]rune("a.txt")), "a.txt"},
		{[]uint16{'a', 0xD800, 'b'}, "a\uFFFDb"},     // lone high surrogate
		{[]uint16{'a', 0xDC00}, "a\uFFFD"},           // lone low surrogate
		{[]uint16{'a', 0, 'b', 'c'}, "a"},            // stops at the NUL
		{[]uint16(utf16.Encode([]rune("x😀"))), "x😀"}, // a pair
	} {
		c, err := ParseFileContext(contextWithName(tc.units))
		if err != nil || c.Name != tc.want {
			t.Errorf("%x: %q, %v; want %q", tc.units, c.Name, err, tc.want)
		}
	}
	full := make([]uint16, 260)
	for i := range full {
		full[i] = 'z'
	}
	if c, err := ParseFileContext(contextWithName(full)); err != nil || c.Name != strings.Repeat("z", 260) {
		t.Fatalf("a name filling the field: %d chars, %v", len(c.Name), err)
	}
}

func TestFileContextVersionsAndPreview(t *testing.T) {
	preview := []byte("\x89PNG fake preview")
	b, err := AppendFileContext(nil, FileContext{Size: 1 << 40, Type: FileTypePreview, Name: "p.png", Preview: preview})
	if err != nil || len(b) != FileContextSize+len(preview) {
		t.Fatal(len(b), err)
	}
	c, err := ParseFileContext(b)
	if err != nil || !bytes.Equal(c.Preview, preview) || c.Size != 1<<40 {
		t.Fatalf("preview context: %+v, %v", c, err)
	}
	// Version 2 ignores the length field; version 3 trusts it.
	binary.LittleEndian.PutUint32(b[0:], 9999)
	if c, err := ParseFileContext(b); err != nil || !bytes.Equal(c.Preview, preview) {
		t.Fatalf("version 2 with a wrong length: %+v, %v", c, err)
	}
	v3 := append(append([]byte{}, b[:FileContextSize]...), make([]byte, 63)...)
	v3 = append(v3, preview...)
	binary.LittleEndian.PutUint32(v3[0:], FileContextSize+63)
	binary.LittleEndian.PutUint32(v3[4:], 3)
	if c, err := ParseFileContext(v3); err != nil || c.Version != 3 || !bytes.Equal(c.Preview, preview) || c.Name != "p.png" {
		t.Fatalf("version 3: %+v, %v", c, err)
	}
	noPreview, _ := AppendFileContext(nil, FileContext{Type: FileTypeNoPreview, Name: "a", Preview: preview})
	if len(noPreview) != FileContextSize {
		t.Fatalf("a preview was written without FileTypePreview")
	}
	if c, _ := ParseFileContext(append(noPreview, preview...)); c.Preview != nil {
		t.Fatalf("trailing bytes read as a preview without FileTypePreview")
	}
}

func TestParseFileContextRefuses(t *testing.T) {
	good, _ := AppendFileContext(nil, FileContext{Size: 1, Name: "a"})
	withVersion := func(v, length uint32) []byte {
		b := append([]byte{}, good...)
		binary.LittleEndian.PutUint32(b[0:], length)
		binary.LittleEndian.PutUint32(b[4:], v)
		return b
	}
	for name, b := range map[string][]byte{
		"short":                          good[:FileContextSize-1],
		"version 1":                      withVersion(1, FileContextSize),
		"version 3, length 573":          withVersion(3, FileContextSize-1),
		"version 3, length past the end": withVersion(3, FileContextSize+1),
	} {
		if _, err := ParseFileContext(b); !errors.Is(err, ErrMalformed) {
			t.Errorf("%s: err = %v", name, err)
		}
	}
	if _, err := DecodeFileContext("not base64!"); !errors.Is(err, ErrMalformed) {
		t.Errorf("bad base64: %v", err)
	}
	if _, err := DecodeFileContext(strings.Repeat("A", MaxSLPSize+4)); !errors.Is(err, ErrTooLarge) {
		t.Errorf("huge base64: %v", err)
	}
}

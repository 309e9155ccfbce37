package ns

import (
	"encoding/xml"
	"errors"
	"strings"
	"testing"
	"unicode/utf8"
)

// personalMessage reads the UBX documents as Escargot writes them at each
// dialect (front/msn/misc.py: encode_xml_ne below MSNP13, encode_xml_he
// from it), the raw `<` and `>` of MSNP13-15 included.
func TestPersonalMessageReadsEscargotsEncodings(t *testing.T) {
	const want = `a <b> & "c" ✨`
	for _, tt := range []struct{ name, payload, want string }{
		{"MSNP12", `<Data><PSM>a &lt;b&gt; &amp; &quot;c&quot; ✨</PSM><CurrentMedia></CurrentMedia></Data>`, want},
		{"MSNP15", `<Data><PSM>a <b> &#x26; "c" ✨</PSM><CurrentMedia></CurrentMedia><MachineGuid>{23C54EA2-BCBB-468A-8122-7C7811DEDF7D}</MachineGuid></Data>`, want},
		{"MSNP18", `<Data><PSM>a &#x3C;b&#x3E; &#x26; "c" ✨</PSM><CurrentMedia></CurrentMedia><DDP></DDP><SignatureSound></SignatureSound></Data>`, want},
		{"decimal references", `<Data><PSM>&#60;&#38;&#9731;</PSM></Data>`, "<&☃"},
		{"the message holds </PSM>", `<Data><PSM>x </PSM> y</PSM><CurrentMedia></CurrentMedia></Data>`, "x </PSM> y"},
		{"stray & and unknown references kept", `<Data><PSM>a & b &copy; &#xZZ; &#x110000; &</PSM></Data>`, "a & b &copy; &#xZZ; &#x110000; &"},
		{"one pass", `<Data><PSM>&amp;lt;</PSM></Data>`, "&lt;"},
		{"empty", `<Data><PSM></PSM><CurrentMedia></CurrentMedia></Data>`, ""},
		{"no PSM", `<Data><CurrentMedia></CurrentMedia></Data>`, ""},
		{"unterminated", `<Data><PSM>half`, ""},
		{"no payload", ``, ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if got := personalMessage([]byte(tt.payload)); got != tt.want {
				t.Errorf("personalMessage = %q, want %q", got, tt.want)
			}
		})
	}
}

// The UUX document is well-formed XML whose PSM reads back exactly, with
// any XML parser and with personalMessage.
func TestPersonalMessageDocumentRoundTrips(t *testing.T) {
	for _, psm := range []string{"", "in a meeting", `<&>"' ✨ &amp; &#x26;`, "</PSM><CurrentMedia>x", "  spaced  ", "=\\"} {
		doc := personalMessageDocument(psm)
		var data struct {
			PSM          string  `xml:"PSM"`
			CurrentMedia *string `xml:"CurrentMedia"`
		}
		if err := xml.Unmarshal(doc, &data); err != nil {
			t.Fatalf("%q: not XML: %v\n%s", psm, err, doc)
		}
		if data.PSM != psm {
			t.Errorf("XML reads %q, want %q", data.PSM, psm)
		}
		if data.CurrentMedia != nil {
			t.Errorf("%s names CurrentMedia, which would clear another sign-in's", doc)
		}
		if got := personalMessage(doc); got != psm {
			t.Errorf("personalMessage reads %q, want %q", got, psm)
		}
	}
}

func TestProfileLimits(t *testing.T) {
	ascii := strings.Repeat("a", MaxDisplayName)
	snowmen := strings.Repeat("☃", MaxDisplayName/9) // 9 bytes each once encoded
	for _, tt := range []struct {
		name    string
		err     error
		checked func(string) error
		value   string
	}{
		{"name at the limit", nil, CheckDisplayName, ascii},
		{"name one byte over", ErrTooLong, CheckDisplayName, ascii + "a"},
		{"encoded name at the limit", nil, CheckDisplayName, snowmen},
		{"encoded name over", ErrTooLong, CheckDisplayName, snowmen + "a"},
		{"empty name", ErrEmptyName, CheckDisplayName, ""},
		{"name with a newline", ErrNotText, CheckDisplayName, "a\nb"},
		{"name with a C1 control", ErrNotText, CheckDisplayName, "a\u0085b"},
		{"name not UTF-8", ErrNotText, CheckDisplayName, "a\xffb"},
		{"message at the limit", nil, CheckPersonalMessage, strings.Repeat("✨", MaxPersonalMessage)},
		{"message over", ErrTooLong, CheckPersonalMessage, strings.Repeat("a", MaxPersonalMessage+1)},
		{"empty message", nil, CheckPersonalMessage, ""},
		{"message with a tab", ErrNotText, CheckPersonalMessage, "a\tb"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.checked(tt.value)
			if tt.err == nil && err != nil || tt.err != nil && !errors.Is(err, tt.err) {
				t.Errorf("got %v, want %v", err, tt.err)
			}
		})
	}
}

// A name goes URL-encoded with no byte outside printable ASCII and no
// space (Escargot splits its lines on Unicode spaces too), and the
// server's decoding gives it back.
func TestEncodeName(t *testing.T) {
	for _, name := range []string{"Alice ✨", "100% a+b", "全角\u3000スペース", "a\u00a0b", "%41"} {
		enc := encodeName(name)
		for i := 0; i < len(enc); i++ {
			if enc[i] <= ' ' || enc[i] >= 0x7f {
				t.Fatalf("%q encodes to %q, with byte %#x", name, enc, enc[i])
			}
		}
		if strings.Contains(enc, "+") || !utf8.ValidString(enc) {
			t.Errorf("%q encodes to %q", name, enc)
		}
		if got := decodeParam(enc); got != name {
			t.Errorf("%q encodes to %q, which decodes to %q", name, enc, got)
		}
	}
}

package soap

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/msn-cli/msn/client/internal/transcript"
)

func TestRedactForms(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"password", `<wsse:Password>p&lt;w</wsse:Password>`, `<wsse:Password>[redacted]</wsse:Password>`},
		{"password attrs", `<Password Type="x">pw</Password>`, `<Password Type="x">[redacted]</Password>`},
		{"password cdata", `<Password><![CDATA[a<b]]></Password>`, `<Password>[redacted]</Password>`},
		{"empty password kept", `<Password></Password><Password/>`, `<Password></Password><Password/>`},
		{"self-closing then text", `<BinarySecret a="1"/>visible<x/>`, `<BinarySecret a="1"/>visible<x/>`},
		{"binary secret", "<wst:BinarySecret>\n  eIZxECn0sKBre8wtdOwUjIpySapLqbmv\n</wst:BinarySecret>", "<wst:BinarySecret>[redacted]</wst:BinarySecret>"},
		{"binary security token", `<wsse:BinarySecurityToken Id="Compact2">t=abc&amp;p=</wsse:BinarySecurityToken>`, `<wsse:BinarySecurityToken Id="Compact2">[redacted]</wsse:BinarySecurityToken>`},
		{"cipher value", `<CipherValue>Cap26AQZ</CipherValue>`, `<CipherValue>[redacted]</CipherValue>`},
		{"ticket token", `<TicketToken>t=abc&amp;p=xyz</TicketToken>`, `<TicketToken>[redacted]</TicketToken>`},
		{"longer name untouched", `<PasswordHint>blue</PasswordHint>`, `<PasswordHint>blue</PasswordHint>`},
		{"passport cookie", `<PassportCookie xmlns="urn:x"><t>68e4</t><p>zz</p></PassportCookie>`, `<PassportCookie xmlns="urn:x"><t>[redacted]</t><p>[redacted]</p></PassportCookie>`},
		{"t outside cookie kept", `<t>not a ticket</t>`, `<t>not a ticket</t>`},
		{"attributes", `<Ticket passport="t=a&amp;p=" appid="X" lockkey='844559'/>`, `<Ticket passport="[redacted]" appid="X" lockkey='[redacted]'/>`},
		{"empty lock key kept", `<Ticket lockkey=""/>`, `<Ticket lockkey=""/>`},
		{"bare ticket", `MSPAuth t=0123abc+/=&p= done`, `MSPAuth [redacted] done`},
		{"escaped ticket in text", `<x>t=0123&amp;p=9</x>`, `<x>[redacted]</x>`},
		{"not a ticket", `format=1&p=2 at=3&p=4`, `format=1&p=2 at=3&p=4`},
	}
	for _, tt := range tests {
		if got := string(Redact([]byte(tt.in))); got != tt.want {
			t.Errorf("%s: Redact(%q) = %q, want %q", tt.name, tt.in, got, tt.want)
		}
	}
}

func TestRedactDoesNotModifyInput(t *testing.T) {
	in := []byte(`<Password>pw</Password>`)
	out := Redact(in)
	if string(in) != `<Password>pw</Password>` {
		t.Errorf("input changed to %q", in)
	}
	out[0] = 'X'
	if in[0] != '<' {
		t.Error("output aliases input")
	}
}

// Patterns that find the secrets in the captures independently of Redact's
// own patterns.
var (
	capturedSecrets = []*regexp.Regexp{
		regexp.MustCompile(`<[\w:]*Password>([^<]+)<`),
		regexp.MustCompile(`<[\w:]*BinarySecret>([^<]+)<`),
		regexp.MustCompile(`CipherValue>([^<]{16})`),
		regexp.MustCompile(`t=([0-9a-f]{20})`),             // the login token inside every ticket
		regexp.MustCompile(`<t>([0-9a-f]{20})`),            // rsi cookie, no t=
		regexp.MustCompile(`(Y6\+H31sTUOFkqjNTDYqAAFLr5)`), // the fixed tail of Escargot tickets
		regexp.MustCompile(`lockkey="([^"]+)"`),
	}
	capturedKeep = []*regexp.Regexp{
		regexp.MustCompile(`<[\w:]*Username>([^<]+)<`),
		regexp.MustCompile(`<[\w:]*Address>([^<]+)<`),
		regexp.MustCompile(`memberName="([^"]+)"`),
		regexp.MustCompile(`<(LockKeyChallenge)`),
		regexp.MustCompile(`(RequestSecurityTokenResponse)`),
	}
)

func TestRedactCaptured(t *testing.T) {
	files := transcript.Captures(t, "soap/*/*.xml")
	secretsSeen := 0
	for _, name := range files {
		raw, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		in := string(transcript.StripHeader(raw))
		out := string(Redact([]byte(in)))
		rel, _ := filepath.Rel(transcript.EscargotDir(t), name)
		for _, re := range capturedSecrets {
			for _, m := range re.FindAllStringSubmatch(in, -1) {
				secretsSeen++
				if strings.Contains(out, m[1]) {
					t.Errorf("%s: secret %q (found by %s) survives Redact", rel, m[1], re)
				}
			}
		}
		for _, re := range capturedKeep {
			for _, m := range re.FindAllStringSubmatch(in, -1) {
				if !strings.Contains(out, m[1]) {
					t.Errorf("%s: Redact removed non-secret %q", rel, m[1])
				}
			}
		}
	}
	if secretsSeen < 50 {
		t.Errorf("only %d secrets found in the captures; the patterns are wrong", secretsSeen)
	}
}

package rsi

import (
	"strings"
	"testing"
	"time"
)

// oimText is a message as Escargot's GetMessage returns it, with the
// given From, Content-Type, transfer encoding and body.
func oimText(from, ctype, cte, body string) string {
	return "X-Message-Info: cwRBnLifKNE8dVZlNj6AiX8142B67OTjG9BFMLMyzuui1H4Xx7m3NQ==\r\n" +
		"Received: from OIM-SSI02.phx.gbl ([65.54.237.206]) by oim1-f1.hotmail.com with Microsoft SMTPSVC(6.0.3790.211);\r\n" +
		"\t Sat, 04 Jul 2026 13:00:00 -0800\r\n" +
		"From: " + from + "\r\n" +
		"To: bob@example.com\r\n" +
		"Subject: \r\n" +
		"MIME-Version: 1.0\r\n" +
		"Content-Type: " + ctype + "\r\n" +
		"Content-Transfer-Encoding: " + cte + "\r\n" +
		"X-OIM-Message-Type: OfflineMessage\r\n" +
		"X-OIM-Run-Id: {6E7BEB17-13BB-4CEB-9B9F-155092180FA0}\r\n" +
		"X-OIM-Sequence-Num: 3\r\n" +
		"X-OriginalArrivalTime: 04 Jul 2026 20:00:00.0000 (UTC) FILETIME=[00000000:01DD0000]\r\n" +
		"Date: 04 Jul 2026 13:00:00 -0800\r\n" +
		"Return-Path: ndr@oim.messenger.msn.com\r\n" +
		"\r\n" + body
}

func TestParseMessageBodies(t *testing.T) {
	const alice = "=?utf-8?B?QWxpY2U=?= <alice@example.com>"
	for _, c := range []struct {
		name, ctype, cte, body, want string
	}{
		{"base64 on one line", "text/plain; charset=UTF-8", "base64", "SGkgQm9iIOKYgw==", "Hi Bob ☃"},
		{"base64 wrapped, CRLF", "text/plain; charset=UTF-8", "base64", "SGkg\r\nQm9i\r\nIOKYgw==\r\n", "Hi Bob ☃"},
		{"base64 without padding", "text/plain; charset=UTF-8", "base64", "SGkgQm9iIOKYgw", "Hi Bob ☃"},
		{"quoted-printable UTF-8", "text/plain; charset=utf-8", "quoted-printable", "Caf=C3=A9 =E2=98=83 soft=\r\nbreak\r\nnext line", "Café ☃ softbreak\r\nnext line"},
		{"quoted-printable ISO-8859-1", "text/plain; charset=ISO-8859-1", "quoted-printable", "Caf=E9 cr=E8me", "Café crème"},
		{"8bit ISO-8859-1", `text/plain; charset="iso-8859-1"`, "8bit", "Caf\xe9", "Café"},
		{"base64 windows-1252", "text/plain; charset=windows-1252", "base64", "k0hplCCAIJY=", "“Hi” € –"},
		{"7bit ASCII", "text/plain; charset=us-ascii", "7bit", "plain", "plain"},
		{"no charset", "text/plain", "8bit", "Zoë", "Zoë"},
		{"invalid UTF-8 replaced", "text/plain; charset=utf-8", "8bit", "a\xffb", "a\uFFFDb"},
		{"quoted-printable, stray =", "text/plain; charset=utf-8", "quoted-printable", "a=ZZ", "a=ZZ"},
		{"no transfer encoding", "text/plain; charset=UTF-8", "", "as is", "as is"},
	} {
		m, err := ParseMessage([]byte(oimText(alice, c.ctype, c.cte, c.body)))
		if err != nil {
			t.Errorf("%s: %v", c.name, err)
			continue
		}
		if m.Text != c.want {
			t.Errorf("%s: text %q, want %q", c.name, m.Text, c.want)
		}
		want := Message{From: "alice@example.com", FromName: "Alice", Received: time.Date(2026, 7, 4, 20, 0, 0, 0, time.UTC),
			Sequence: 3, RunID: "{6E7BEB17-13BB-4CEB-9B9F-155092180FA0}", Text: m.Text}
		if m != want {
			t.Errorf("%s: %+v", c.name, m)
		}
	}
}

func TestParseMessageFrom(t *testing.T) {
	for _, c := range []struct{ from, addr, name string }{
		{"=?utf-8?B?Wm/DqyDimIM=?= <zoe@example.com>", "zoe@example.com", "Zoë ☃"},
		{"=?utf-8?Q?Zo=C3=AB_=E2=98=83?= <zoe@example.com>", "zoe@example.com", "Zoë ☃"},
		{"=?iso-8859-1?Q?Zo=EB?= <zoe@example.com>", "zoe@example.com", "Zoë"},
		{"=?windows-1252?B?k1pvk8s=?= <zoe@example.com>", "zoe@example.com", "“Zo“Ë"},
		{`"Zoe \"Z\" Smith" <zoe@example.com>`, "zoe@example.com", `Zoe "Z" Smith`},
		{"<zoe@example.com>", "zoe@example.com", ""},
		{"zoe@example.com", "zoe@example.com", ""},
		{"=?x-klingon?B?QQ==?= <zoe@example.com>", "zoe@example.com", "=?x-klingon?B?QQ==?="},
	} {
		m, err := ParseMessage([]byte(oimText(c.from, "text/plain; charset=UTF-8", "base64", "eA==")))
		if err != nil {
			t.Errorf("%q: %v", c.from, err)
			continue
		}
		if m.From != c.addr || m.FromName != c.name {
			t.Errorf("%q: %q %q, want %q %q", c.from, m.From, m.FromName, c.addr, c.name)
		}
	}
}

// Received prefers X-OriginalArrivalTime: Escargot labels a summer PDT
// Date -0800, an hour off. Without it, Date counts.
func TestParseMessageReceived(t *testing.T) {
	summer := oimText("<a@example.com>", "text/plain", "7bit", "x")
	summer = strings.Replace(summer, "X-OriginalArrivalTime: 04 Jul 2026 20:00:00.0000", "X-OriginalArrivalTime: 04 Jul 2026 19:00:00.0000", 1)
	m, err := ParseMessage([]byte(summer))
	if err != nil || !m.Received.Equal(time.Date(2026, 7, 4, 19, 0, 0, 0, time.UTC)) {
		t.Errorf("arrival time: %v, %v", m.Received, err)
	}
	noArrival := strings.Replace(summer, "X-OriginalArrivalTime:", "X-Other:", 1)
	m, err = ParseMessage([]byte(noArrival))
	if err != nil || !m.Received.Equal(time.Date(2026, 7, 4, 21, 0, 0, 0, time.UTC)) || m.Received.Location() != time.UTC {
		t.Errorf("date: %v, %v", m.Received, err)
	}
	neither := strings.Replace(noArrival, "Date:", "X-Date:", 1)
	if m, err = ParseMessage([]byte(neither)); err != nil || !m.Received.IsZero() {
		t.Errorf("no time: %v, %v", m.Received, err)
	}
}

// A sequence number or run id that is missing or nonsense is unknown,
// not an error.
func TestParseMessageNoRun(t *testing.T) {
	raw := "From: a@example.com\nX-OIM-Sequence-Num: -4\n\nbody"
	m, err := ParseMessage([]byte(raw))
	if err != nil || m.Sequence != 0 || m.RunID != "" || m.Text != "body" || m.From != "a@example.com" {
		t.Errorf("%+v, %v", m, err)
	}
	// A pretty-printed result starts on a new line.
	if m, err := ParseMessage([]byte("\n\t\tFrom: a@example.com\n\nbody")); err != nil || m.Text != "body" {
		t.Errorf("leading white space: %+v, %v", m, err)
	}
}

func TestParseMessageErrors(t *testing.T) {
	good := func(from, ctype, cte, body string) string { return oimText(from, ctype, cte, body) }
	const alice = "<alice@example.com>"
	for _, c := range []struct{ name, raw, want string }{
		{"empty", "", "empty"},
		{"white space", " \r\n ", "empty"},
		{"no header", "just text", "header"},
		{"bad header line", "From: a@example.com\r\nnot a header\r\n\r\nx", "header"},
		{"no From", "To: b@example.com\r\n\r\nx", "no From"},
		{"From without address", good("=?utf-8?B?QQ==?= <>", "text/plain", "7bit", "x"), "From address"},
		{"From with spaces", good("a b@example.com", "text/plain", "7bit", "x"), "From address"},
		{"unknown charset", good(alice, "text/plain; charset=x-mac-klingon", "7bit", "x"), `unknown charset "x-mac-klingon"`},
		{"unknown encoding", good(alice, "text/plain", "x-uuencode", "x"), `unsupported Content-Transfer-Encoding "x-uuencode"`},
		{"not text", good(alice, "image/png", "base64", "eA=="), `unsupported content type "image/png"`},
		{"bad content type", good(alice, "/;;", "7bit", "x"), "Content-Type"},
		{"bad base64", good(alice, "text/plain", "base64", "!!!!"), "base64"},
		{"too large", "From: a@example.com\r\n\r\n" + strings.Repeat("x", MaxMessage), "exceeds"},
	} {
		m, err := ParseMessage([]byte(c.raw))
		if err == nil {
			t.Errorf("%s: no error, got %+v", c.name, m)
			continue
		}
		if !strings.HasPrefix(err.Error(), "rsi: ") || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %q, want one containing %q", c.name, err, c.want)
		}
		if m != (Message{}) {
			t.Errorf("%s: message %+v returned with the error", c.name, m)
		}
	}
}

package soap

import (
	"bytes"
	"regexp"
)

// redacted replaces every secret that Redact finds.
const redacted = "[redacted]"

// Patterns used by Redact. An element's text runs to the next '<' unless it
// is a CDATA section; self-closing elements have no text and are left alone.
const (
	prefix   = `(?:[A-Za-z_][\w.-]*:)?`
	openTail = `(?:\s(?:[^>]*[^/>])?)?>`
	text     = `(?:<!\[CDATA\[(?s:.*?)\]\]>|[^<])*`
)

var (
	// Elements whose whole text is a secret: the account password, Passport
	// proof keys and encrypted tokens, compact tickets, address book tickets.
	secretElement = regexp.MustCompile(`(<` + prefix + `(?i:Password|BinarySecret|BinarySecurityToken|CipherValue|TicketToken)` + openTail + `)(` + text + `)`)

	// The rsi.asmx cookie: <PassportCookie><t>…</t><p>…</p></PassportCookie>.
	passportCookie = regexp.MustCompile(`(?s)(<` + prefix + `PassportCookie` + openTail + `)(.*?)(</` + prefix + `PassportCookie\s*>)`)
	cookiePart     = regexp.MustCompile(`(<` + prefix + `[tp]` + openTail + `)(` + text + `)`)

	// Attributes carrying a ticket or the OIM lock key.
	secretAttr = regexp.MustCompile(`(?i)(\s` + prefix + `(?:passport|lockkey)\s*=\s*)("[^"]*"|'[^']*')`)

	// Anything shaped like a compact ticket, escaped or not.
	ticket = regexp.MustCompile(`\bt=[^\s<>"'&]+(?:&amp;|&)p=[^\s<>"'&]*`)
)

// Redact returns a copy of an XML body with its secrets replaced by
// "[redacted]", for traces and logs. It replaces the text of Password,
// BinarySecret, BinarySecurityToken, CipherValue and TicketToken elements
// (any prefix), the t and p children of PassportCookie, the values of
// passport= and lockkey= attributes, and any compact-ticket-looking string
// "t=…&p=…" or "t=…&amp;p=…" wherever it occurs. Everything else is kept, so
// the trace still shows which services and addresses were asked for.
//
// Redact works on the text, not a parsed tree, so it also cleans bodies that
// are not well-formed. b is not modified.
func Redact(b []byte) []byte {
	out := secretElement.ReplaceAllFunc(b, redactText(secretElement))
	out = passportCookie.ReplaceAllFunc(out, func(m []byte) []byte {
		sub := passportCookie.FindSubmatchIndex(m)
		var r []byte
		r = append(r, m[:sub[4]]...)
		r = append(r, cookiePart.ReplaceAllFunc(m[sub[4]:sub[5]], redactText(cookiePart))...)
		return append(r, m[sub[5]:]...)
	})
	out = secretAttr.ReplaceAllFunc(out, func(m []byte) []byte {
		sub := secretAttr.FindSubmatchIndex(m)
		if sub[5]-sub[4] == 2 { // empty value: nothing to hide
			return m
		}
		q := m[sub[4]]
		r := append([]byte(nil), m[:sub[4]]...)
		return append(append(append(r, q), redacted...), q)
	})
	return ticket.ReplaceAll(out, []byte(redacted))
}

// redactText returns a replacement function for a pattern whose first group
// is the start tag and whose second group is the element's text. Text that is
// only white space is left as it is.
func redactText(re *regexp.Regexp) func([]byte) []byte {
	return func(m []byte) []byte {
		sub := re.FindSubmatchIndex(m)
		if len(bytes.TrimSpace(m[sub[4]:sub[5]])) == 0 {
			return m
		}
		r := append([]byte(nil), m[:sub[3]]...)
		return append(r, redacted...)
	}
}

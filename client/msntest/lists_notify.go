package msntest

import (
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/msn-cli/msn/client/msnp"
)

// What the other side of a list change is told, on every one of its NS
// sessions (whether or not they have sent their first CHG), as Escargot's
// on_added_me and on_removed_me do: the reverse list change (ADC or REM
// with trid 0 before MSNP13, an ADL or RML document from MSNP13), then a
// NOT saying that its address book changed.

// notifyAdded tells b's sessions that a put b on its forward list. The
// caller holds s.mu.
func (s *Server) notifyAdded(b, a *account) {
	for _, w := range b.sessions {
		var first msnp.Command
		switch {
		case w.dialect < 10:
			s.tracef("NS -- no reverse list notice before MSNP10")
			continue
		case w.dialect < 13:
			first = reply("ADC", 0, "RL", "N="+a.email, "F="+encodeParam(a.friendly))
		default:
			user, domain := splitEmail(a.email)
			ml := `<ml><d n="` + autoescape(domain) + `"><c n="` + autoescape(user) + `" t="1" l="8" f="` + quotePath(a.friendly) + `" /></d></ml>`
			first = msnp.Command{Name: "ADL", TrID: 0, Payload: []byte(ml)}
		}
		w.w.send(first, abChanged(b))
	}
}

// notifyRemoved tells b's sessions that a took b off its forward list.
// The caller holds s.mu.
func (s *Server) notifyRemoved(b, a *account) {
	for _, w := range b.sessions {
		var first msnp.Command
		switch {
		case w.dialect < 10:
			s.tracef("NS -- no reverse list notice before MSNP10")
			continue
		case w.dialect < 13:
			first = reply("REM", 0, "RL", a.email)
		default:
			user, domain := splitEmail(a.email)
			ml := `<ml><d n="` + autoescape(domain) + `"><c n="` + autoescape(user) + `" t="1" l="8" /></d></ml>`
			first = msnp.Command{Name: "RML", TrID: 0, Payload: []byte(ml)}
		}
		w.w.send(first, abChanged(b))
	}
}

// abChanged is the NOT that tells b its address book changed (service
// ABCHInternal), shaped like Escargot's: b's member id halves, e-mail
// and CID, and the time of the change.
func abChanged(b *account) msnp.Command {
	high, low := b.memberID()
	body := "<NOTIFICATION id=\"0\" siteid=\"45705\" siteurl=\"http://contacts.msn.com\">\n" +
		fmt.Sprintf("\t<TO pid=\"0x%08x:0x%08x\" name=\"%s\">\n", low, high, autoescape(b.email)) +
		"\t\t<VIA agent=\"messenger\" />\n" +
		"\t</TO>\n" +
		"\t<MSG id=\"0\">\n" +
		"\t\t<SUBSCR url=\"s.htm\" />\n" +
		"\t\t<ACTION url=\"a.htm\" />\n" +
		"\t\t<BODY>\n" +
		"\t\t\t&lt;NotificationData xmlns:xsd=\"http://www.w3.org/2001/XMLSchema\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"&gt;\n" +
		"\t\t\t\t&lt;Service&gt;ABCHInternal&lt;/Service&gt;\n" +
		"\t\t\t\t&lt;CID&gt;" + cid(b.uuid) + "&lt;/CID&gt;\n" +
		"\t\t\t\t&lt;LastModifiedDate&gt;" + stamp(time.Now()) + "&lt;/LastModifiedDate&gt;\n" +
		"\t\t\t\t&lt;HasNewItem&gt;false&lt;/HasNewItem&gt;\n" +
		"\t\t\t&lt;/NotificationData&gt;\n" +
		"\t\t</BODY>\n" +
		"\t</MSG>\n" +
		"</NOTIFICATION>"
	return msnp.Command{Name: "NOT", TrID: msnp.NoTrID, Payload: []byte(strings.ReplaceAll(body, "\n", "\r\n"))}
}

// cid is the decimal CID the services show for an account: the last 64
// bits of its UUID read as a little-endian signed integer, as Escargot
// computes it.
func cid(uuid string) string {
	if len(uuid) != 36 {
		return "0"
	}
	raw, err := hex.DecodeString(uuid[19:23] + uuid[24:36])
	if err != nil {
		return "0"
	}
	return strconv.FormatInt(int64(binary.LittleEndian.Uint64(raw)), 10)
}

// splitEmail splits at the first "@".
func splitEmail(email string) (user, domain string) {
	user, domain, _ = strings.Cut(email, "@")
	return user, domain
}

// quotePath percent-encodes what Python's urllib quote does by default:
// everything but letters, digits, "_.-~" and "/".
func quotePath(s string) string {
	const hexDigits = "0123456789ABCDEF"
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case 'A' <= c && c <= 'Z', 'a' <= c && c <= 'z', '0' <= c && c <= '9',
			c == '-', c == '.', c == '_', c == '~', c == '/':
			b.WriteByte(c)
		default:
			b.WriteByte('%')
			b.WriteByte(hexDigits[c>>4])
			b.WriteByte(hexDigits[c&15])
		}
	}
	return b.String()
}

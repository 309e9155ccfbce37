package contacts

import (
	"fmt"
	"html"
	"sort"
	"strings"
)

// adlEntry is one contact of an ADL or RML payload.
type adlEntry struct {
	email string
	bits  int
}

// adlPayloads renders entries as `<ml l="1"><d n="domain"><c n="user" l="bits"
// t="1" /></d></ml>` documents, grouped by domain, each at most max bytes
// (a contact never straddles two). l="1" marks the session's initial list;
// a later change (initial false) goes without it, or Escargot takes it for
// the initial list again and changes nothing.
func adlPayloads(entries []adlEntry, max int, initial bool) [][]byte {
	head := "<ml>"
	if initial {
		head = `<ml l="1">`
	}
	sort.Slice(entries, func(i, j int) bool { return entries[i].email < entries[j].email })
	var out [][]byte
	var b strings.Builder
	domain := ""
	flush := func() {
		if b.Len() == 0 {
			return
		}
		b.WriteString("</d></ml>")
		out = append(out, []byte(b.String()))
		b.Reset()
		domain = ""
	}
	for _, e := range entries {
		user, dom, ok := strings.Cut(e.email, "@")
		if !ok {
			continue
		}
		c := fmt.Sprintf(`<c n="%s" l="%d" t="1" />`, html.EscapeString(user), e.bits)
		open := fmt.Sprintf(`<d n="%s">`, html.EscapeString(dom))
		need := len(c) + len("</d></ml>")
		if dom != domain {
			need += len("</d>") + len(open)
		}
		if b.Len() > 0 && b.Len()+need > max {
			flush()
		}
		if b.Len() == 0 {
			b.WriteString(head + open)
		} else if dom != domain {
			b.WriteString("</d>" + open)
		}
		domain = dom
		b.WriteString(c)
	}
	flush()
	return out
}

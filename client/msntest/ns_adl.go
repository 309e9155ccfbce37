package msntest

import (
	"strconv"

	"github.com/msn-cli/msn/client/msnp"
)

// ADL and RML (MSNP13+) declare and change the lists with a document such
// as <ml l="1"><d n="example.com"><c n="bob" l="3" t="1" /></d></ml>,
// where l is the list bits (FL 1, AL 2, BL 4) and t the network (1 for
// Messenger).
//
// Like Escargot's: the initial declaration (the root's l="1", sent after
// login from the address book) is answered OK and changes nothing, the
// lists being the server's already; any other ADL puts each contact on
// the lists given, as the address book's AddMember and ABContactAdd would,
// and announces a contact added to the forward list who is online (ILN,
// or NLN at MSNP18) before the OK. RML takes contacts off lists. A
// document that is not XML, a c with the RL or PL bit or an unreadable l
// is 241 and a close; a d with no children 240 and a close; a bad network
// id 204 and a close; an unknown account in an ADL 208 (the connection
// stays). An RML of an unknown account or of a list the contact is not on
// changes nothing and is no error.
//
// Unlike Escargot, a document with several domains has each domain's own
// contacts applied (Escargot applies the last domain's contacts under
// every domain's name), and several bits in one RML entry are each
// applied.

// mlEntry is one c of an ADL or RML document.
type mlEntry struct {
	email string
	lists int
}

// readML parses and checks an ADL or RML document as Escargot does, and
// answers the refusals itself; ok is false when it did.
func (c *nsConn) readML(cmd msnp.Command, adl bool) (entries []mlEntry, initial, ok bool) {
	fail := func(code int) ([]mlEntry, bool, bool) {
		c.w.send(errReply(code, cmd.TrID))
		c.close()
		return nil, false, false
	}
	root, err := parseXMLTree(cmd.Payload)
	if err != nil {
		c.s.tracef("NS -- %s payload is not XML: %v", cmd.Name, err)
		return fail(241)
	}
	initial = adl && plainAttr(root, "l") == "1"
	var domains []*xmlNode
	for _, d := range root.children {
		if d.name.Local != "d" || d.name.Space != "" {
			continue
		}
		if len(d.children) == 0 {
			return fail(240)
		}
		if _, has := attrOf(d, "n"); adl && !has {
			return fail(241)
		}
		domains = append(domains, d)
	}
	for i, d := range domains {
		domain := plainAttr(d, "n")
		for _, ce := range d.children {
			if ce.name.Local != "c" || ce.name.Space != "" {
				continue
			}
			if i == 0 || !adl {
				if t, err := strconv.Atoi(plainAttr(ce, "t")); err != nil || !networkIDs[t] {
					return fail(204)
				}
			}
			if initial {
				continue
			}
			l, err := strconv.Atoi(plainAttr(ce, "l"))
			if err != nil || l < 0 || l&(listRL|listPL) != 0 {
				return fail(241)
			}
			entries = append(entries, mlEntry{plainAttr(ce, "n") + "@" + domain, l})
		}
	}
	return entries, initial, true
}

func (c *nsConn) adl(cmd msnp.Command) {
	if c.dialect < 13 {
		c.close()
		return
	}
	if cmd.TrID < 0 {
		c.ignore(cmd, "ADL without a trid")
		return
	}
	entries, initial, ok := c.readML(cmd, true)
	if !ok {
		return
	}
	if initial {
		c.w.send(reply("ADL", cmd.TrID, "OK"))
		return
	}
	for _, e := range entries {
		if c.s.accounts[e.email] == nil {
			c.w.send(errReply(208, cmd.TrID))
			return
		}
	}
	a := c.acct
	var out []msnp.Command
	for _, e := range entries {
		b := c.s.accounts[e.email]
		c.s.addToLists(a, b, e.lists&(listFL|listAL|listBL))
		if e.lists&listFL != 0 && c.ilnSent && b.visibleTo(a) {
			out = append(out, c.presence(b, cmd.TrID, true)...)
			c.s.saw(a, "NLN", b)
		}
	}
	c.w.send(append(out, reply("ADL", cmd.TrID, "OK"))...)
}

func (c *nsConn) rml(cmd msnp.Command) {
	if c.dialect < 13 {
		c.close()
		return
	}
	if cmd.TrID < 0 {
		c.ignore(cmd, "RML without a trid")
		return
	}
	entries, _, ok := c.readML(cmd, false)
	if !ok {
		return
	}
	a := c.acct
	for _, e := range entries {
		b := c.s.accounts[e.email]
		if b == nil {
			continue
		}
		for _, bit := range []int{listFL, listAL, listBL} {
			if e.lists&bit != 0 {
				c.s.removeFromLists(a, b, bit) // errors change nothing, as in Escargot
			}
		}
	}
	c.w.send(reply("RML", cmd.TrID, "OK"))
}

// attrOf is the value of n's attribute local in no namespace.
func attrOf(n *xmlNode, local string) (string, bool) {
	return n.attr("", local)
}

// plainAttr is attrOf without the presence flag.
func plainAttr(n *xmlNode, local string) string {
	v, _ := attrOf(n, local)
	return v
}

package msntest

import (
	"strings"

	"github.com/msn-cli/msn/client/msnp"
)

// The presence lines of each dialect: ILN/NLN, UBX and FLN (NOTES.md
// quirk 6 and the captured sessions).

// presence is what c is told about account x being online: ILN (with the
// CHG's trid, before MSNP18) or NLN, then UBX when ubx is set (MSNP11+).
// Capabilities and MSN object come from x's first session.
func (c *nsConn) presence(x *account, trid int, ubx bool) []msnp.Command {
	var ep *nsConn
	if len(x.sessions) > 0 {
		ep = x.sessions[0]
	} else {
		ep = &nsConn{}
	}
	d := c.dialect
	head := notice("NLN")
	if trid >= 0 && d < 18 {
		head = reply("ILN", trid)
	}
	p := []string{x.status}
	if d >= 18 {
		p = append(p, "1:"+x.email)
	} else {
		p = append(p, x.email)
		if d >= 14 {
			p = append(p, "1")
		}
	}
	p = append(p, encodeParam(x.friendly))
	switch {
	case d >= 16:
		p = append(p, orZero(ep.caps)+":"+orZero(ep.capsEx))
	case d >= 8:
		p = append(p, orZero(ep.caps))
	}
	if d >= 9 {
		obj := ep.msnobj
		if obj == "" {
			obj = noMSNObj
		}
		p = append(p, quoteAll(obj))
	}
	head.Params = p
	out := []msnp.Command{head}
	if ubx && d >= 11 {
		out = append(out, c.ubx(x))
	}
	return out
}

// ubx is the UBX line about x (PSM, media and, at MSNP16+, endpoints) as
// c's dialect shows it. An account's own UBX also lists its private
// endpoint data.
func (c *nsConn) ubx(x *account) msnp.Command {
	d := c.dialect
	var b strings.Builder
	b.WriteString("<Data><PSM>")
	b.WriteString(xmlText(x.psm, d))
	b.WriteString("</PSM><CurrentMedia>")
	b.WriteString(xmlText(x.media, d))
	b.WriteString("</CurrentMedia>")
	var ep *nsConn
	if len(x.sessions) > 0 {
		ep = x.sessions[0]
	}
	if d >= 13 && ep != nil && ep.machineID != "" {
		b.WriteString("<MachineGuid>" + xmlText(ep.machineID, d) + "</MachineGuid>")
	}
	if d >= 16 {
		if d >= 18 {
			b.WriteString("<DDP></DDP>")
		}
		b.WriteString("<SignatureSound></SignatureSound>")
		if d >= 18 {
			b.WriteString("<Scene></Scene><ColorScheme></ColorScheme>")
		}
		if ep != nil && ep.guid != "" {
			writeEndpoint(&b, ep)
			for _, o := range x.sessions {
				if o.guid != "" && o.guid != ep.guid {
					writeEndpoint(&b, o)
				}
			}
			if x == c.acct {
				for _, o := range x.sessions {
					if o.guid != "" {
						writePrivateEndpoint(&b, o)
					}
				}
			}
		}
	}
	b.WriteString("</Data>")
	cmd := msnp.Command{Name: "UBX", TrID: msnp.NoTrID, Payload: []byte(b.String())}
	switch {
	case d >= 18:
		cmd.Params = []string{"1:" + x.email}
	case d >= 14:
		cmd.Params = []string{x.email, "1"}
	default:
		cmd.Params = []string{x.email}
	}
	return cmd
}

func writeEndpoint(b *strings.Builder, o *nsConn) {
	b.WriteString(`<EndpointData id="{` + o.guid + `}"><Capabilities>`)
	b.WriteString(orZero(o.caps) + ":" + orZero(o.capsEx))
	b.WriteString("</Capabilities></EndpointData>")
}

func writePrivateEndpoint(b *strings.Builder, o *nsConn) {
	b.WriteString(`<PrivateEndpointData id="{` + o.guid + `}">`)
	if o.epName != "" {
		b.WriteString("<EpName>" + xmlText(o.epName, 18) + "</EpName>")
	}
	if o.idle {
		b.WriteString("<Idle>true</Idle>")
	}
	if o.clientType != "" {
		b.WriteString("<ClientType>" + xmlText(o.clientType, 18) + "</ClientType>")
	}
	if o.epState != "" {
		b.WriteString("<State>" + o.epState + "</State>")
	}
	b.WriteString("</PrivateEndpointData>")
}

// fln is what c is told when x goes offline or hidden.
func (c *nsConn) fln(x *account) msnp.Command {
	d := c.dialect
	switch {
	case d >= 18:
		return notice("FLN", "1:"+x.email, "0:0")
	case d >= 16:
		return notice("FLN", x.email, "1", "0:0")
	case d >= 14:
		return notice("FLN", x.email, "1", "0")
	default:
		return notice("FLN", x.email)
	}
}

func orZero(s string) string {
	if s == "" {
		return "0"
	}
	return s
}

// xmlText escapes text for the UBX document as Escargot does
// (front/msn/misc.py): plain XML escapes before MSNP13; from MSNP13 only
// `&`, as &#x26;, so that `<` and `>` go raw up to MSNP15 (a message with
// `<` makes the document malformed, or markup); from MSNP16 also `< > = \`.
func xmlText(s string, dialect int) string {
	if dialect < 13 {
		return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", "'", "&apos;", `"`, "&quot;").Replace(s)
	}
	if dialect < 16 {
		return strings.ReplaceAll(s, "&", "&#x26;")
	}
	return strings.NewReplacer("&", "&#x26;", "<", "&#x3C;", ">", "&#x3E;", "=", "&#x3D;", `\`, "&#x5C;").Replace(s)
}

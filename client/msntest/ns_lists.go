package msntest

import (
	"bytes"
	"encoding/xml"
	"strconv"
	"strings"

	"github.com/msn-cli/msn/client/msnp"
)

// synTimestamp is the fixed list version Escargot answers SYN with.
const synTimestamp = "2000-01-01T00:00:00.0-00:00"

// syn sends the whole contact list at MSNP10 to 12 (the timestamps the
// client sends are ignored) and is refused with 502 from MSNP13, where
// the address book service replaces it.
func (c *nsConn) syn(cmd msnp.Command) {
	if cmd.TrID < 0 {
		c.ignore(cmd, "SYN without a trid")
		return
	}
	if c.dialect >= 13 {
		c.w.send(errReply(502, cmd.TrID))
		return
	}
	if c.dialect < 10 {
		c.ignore(cmd, "SYN before MSNP10 is not implemented")
		return
	}
	a := c.acct
	var buf []byte
	add := func(cmd msnp.Command) {
		buf, _ = msnp.Append(buf, cmd)
	}
	add(reply("SYN", cmd.TrID, synTimestamp, synTimestamp,
		strconv.Itoa(len(a.contacts)), strconv.Itoa(len(a.groups))))
	add(notice("GTC", orDefault(a.gtc, "A")))
	add(notice("BLP", orDefault(a.blp, "AL")))
	add(notice("PRP", "MFN", encodeParam(a.friendly)))
	for _, g := range a.groups {
		add(notice("LSG", encodeParam(g.name), g.id))
	}
	for _, ct := range a.contacts {
		// Written by hand: a contact in no group ends with an empty
		// parameter, hence a trailing space, which msnp.Append refuses.
		f := []string{"LST", "N=" + ct.acct.email, "F=" + encodeParam(ct.acct.friendly)}
		if ct.lists&listFL != 0 {
			f = append(f, "C="+ct.acct.uuid)
		}
		f = append(f, strconv.Itoa(synLists(ct)))
		if c.dialect >= 12 {
			f = append(f, "1")
		}
		f = append(f, strings.Join(ct.groups, ","))
		buf = append(buf, strings.Join(f, " ")...)
		buf = append(buf, '\r', '\n')
	}
	c.w.sendRaw(buf)
}

// synLists is an entry's lists as LST shows them: a pending contact
// (who added the user, not yet acknowledged) on PL instead of RL, as
// Escargot forges it.
func synLists(ct *contact) int {
	if !ct.pending {
		return ct.lists
	}
	return ct.lists&^listRL | listPL
}

func orDefault(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

// gtc sets the "alert me when someone adds me" setting (MSNP12 and
// below). Setting the current value again gives 218.
func (c *nsConn) gtc(cmd msnp.Command) {
	if c.dialect >= 13 {
		c.close()
		return
	}
	if len(cmd.Params) < 1 || cmd.TrID < 0 {
		c.ignore(cmd, "GTC without a value")
		return
	}
	v := cmd.Params[0]
	if v != "A" && v != "N" {
		c.close()
		return
	}
	if c.acct.gtc == v {
		c.w.send(errReply(218, cmd.TrID))
		return
	}
	c.acct.gtc = v
	c.w.send(reply("GTC", cmd.TrID, v))
}

// blp sets the privacy mode. Below MSNP13, setting the value already set
// gives 218 (a fresh account has none set, though SYN shows AL).
func (c *nsConn) blp(cmd msnp.Command) {
	if len(cmd.Params) < 1 || cmd.TrID < 0 {
		c.ignore(cmd, "BLP without a value")
		return
	}
	v := cmd.Params[0]
	if v != "AL" && v != "BL" {
		c.close()
		return
	}
	if c.acct.blp == v && c.dialect < 13 {
		c.w.send(errReply(218, cmd.TrID))
		return
	}
	c.acct.blp = v
	c.w.send(reply("BLP", cmd.TrID, v))
}

// prp sets a property and echoes it, decoded and escaped again. MFN renames the account, which its
// watchers are told of (see renamed).
func (c *nsConn) prp(cmd msnp.Command) {
	if len(cmd.Params) < 1 || cmd.TrID < 0 {
		c.ignore(cmd, "PRP without a key")
		return
	}
	key := cmd.Params[0]
	if key == "MFN" && c.dialect < 10 {
		c.w.send(errReply(715, cmd.TrID))
		return
	}
	// Escargot decodes every argument and writes the reply anew, so the
	// echo escapes only what encodeParam does (raw UTF-8 otherwise).
	echo := []string{key}
	if len(cmd.Params) >= 2 {
		echo = append(echo, encodeParam(unquote(cmd.Params[1])))
	}
	c.w.send(reply("PRP", cmd.TrID, echo...))
	if key == "MFN" && len(cmd.Params) >= 2 {
		name := unquote(cmd.Params[1])
		if name != c.acct.friendly {
			c.acct.friendly = name
			c.s.renamed(c.acct)
		}
	}
}

// uux stores the user's PSM, media and endpoint data and answers
// `UUX trid 0`. Watchers get a fresh UBX when the PSM or media changed
// (see messageChanged).
func (c *nsConn) uux(cmd msnp.Command) {
	if cmd.TrID < 0 || cmd.Payload == nil {
		c.ignore(cmd, "UUX without a payload")
		return
	}
	fields := map[string]*string{}
	d := xml.NewDecoder(bytes.NewReader(cmd.Payload))
	var name string
	for {
		tok, err := d.Token()
		if err != nil {
			break
		}
		switch t := tok.(type) {
		case xml.StartElement:
			name = t.Name.Local
			if _, ok := fields[name]; !ok {
				empty := ""
				fields[name] = &empty
			}
		case xml.CharData:
			if p := fields[name]; p != nil && name != "" {
				*p += string(t)
			}
		case xml.EndElement:
			name = ""
		}
	}
	a := c.acct
	info := false
	if v, ok := fields["PSM"]; ok && *v != a.psm {
		a.psm, info = *v, true
	}
	if v, ok := fields["CurrentMedia"]; ok && *v != a.media {
		a.media, info = *v, true
	}
	if v, ok := fields["MachineGuid"]; ok {
		c.machineID = *v
	}
	if v, ok := fields["EpName"]; ok {
		c.epName = *v
	}
	if v, ok := fields["Idle"]; ok {
		c.idle = *v == "true"
	}
	if v, ok := fields["ClientType"]; ok {
		c.clientType = *v
	}
	if v, ok := fields["State"]; ok {
		if !statuses[*v] && *v != "FLN" {
			c.close()
			return
		}
		c.epState = *v
	}
	c.w.send(reply("UUX", cmd.TrID, "0"))
	if info {
		c.s.messageChanged(a, c)
	}
}

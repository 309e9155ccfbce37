package msntest

import (
	"bytes"
	"encoding/xml"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/msn-cli/msn/client/msnp"
)

// networkIDs are the network ids Escargot knows (Windows Live, Office
// Communicator, telephone, mobile interop, circle, SMTP, Yahoo).
var networkIDs = map[int]bool{1: true, 2: true, 4: true, 8: true, 9: true, 16: true, 32: true}

// uum handles `UUM trid email networkid type len` (MSNP14+), which MSNP18
// clients use to leave an offline message. Escargot never answers it,
// whatever happens (NOTES.md quirk 21). It closes the connection below
// MSNP14, for a message type other than 1 to 4, an unknown network id,
// network 1 below MSNP18, or network 1 with a type other than 1; it
// ignores other networks. Otherwise it stores the text as an offline
// message only when the recipient exists, is offline or hidden, does not
// block the sender, and the payload is a text/plain message with a
// `Dest-Agent: client` header; in every other case it does nothing.
func (c *nsConn) uum(cmd msnp.Command) {
	if len(cmd.Params) != 3 || cmd.TrID < 0 || cmd.Payload == nil {
		c.ignore(cmd, "UUM needs an email, a network id, a type and a payload")
		return
	}
	email, network, typ := cmd.Params[0], cmd.Params[1], cmd.Params[2]
	nid, err := strconv.Atoi(network)
	switch {
	case c.dialect < 14:
		c.close()
		return
	case typ != "1" && typ != "2" && typ != "3" && typ != "4":
		c.close()
		return
	case err != nil || !networkIDs[nid]:
		c.close()
		return
	case nid != 1:
		c.ignore(cmd, "UUM to another network")
		return
	case c.dialect < 18 || typ != "1":
		c.close()
		return
	}
	to := c.s.accounts[email]
	switch {
	case to == nil:
		c.ignore(cmd, "UUM to an unknown account")
		return
	case to.online():
		c.ignore(cmd, "UUM to an account that is online")
		return
	case !acceptsFrom(to, c.acct):
		c.ignore(cmd, "UUM to an account that blocks the sender")
		return
	}
	if !utf8.Valid(cmd.Payload) {
		c.ignore(cmd, "UUM payload is not UTF-8")
		return
	}
	payload := string(cmd.Payload)
	var ctype, agent string
	ctypeSet, agentSet := false, false
	for _, h := range parseMIMEHeaders(strings.ReplaceAll(payload, "\r\n", "\n")) {
		switch {
		case strings.EqualFold(h.name, "Content-Type") && !ctypeSet:
			ctype, ctypeSet = h.value, true
		case strings.EqualFold(h.name, "Dest-Agent") && !agentSet:
			agent, agentSet = h.value, true
		}
	}
	if main, _, _ := strings.Cut(ctype, ";"); main != "text/plain" {
		c.ignore(cmd, "UUM payload is not text/plain")
		return
	}
	if agent != "client" {
		c.ignore(cmd, "UUM payload has no Dest-Agent: client (dropped, as Escargot does)")
		return
	}
	_, text, ok := strings.Cut(payload, "\r\n\r\n")
	if !ok {
		c.ignore(cmd, "UUM payload has no empty line")
		return
	}
	ip := "127.0.0.1"
	if c.remote != nil {
		ip = c.remote.IP.String()
	}
	c.s.storeOIM(c, &storedOIM{
		OIM: OIM{
			From:     c.acct.email,
			FromName: c.acct.friendly,
			To:       email,
			Text:     text,
			RunID:    "{" + newUUID() + "}",
		},
		named:  true,
		origin: ip,
		proxy:  "MSNMSGR",
	})
}

// acceptsFrom reports whether to accepts messages from sender: sender is
// not on to's block list, and when to has no entry for sender, to's
// privacy mode is not BL.
func acceptsFrom(to, sender *account) bool {
	if ct := to.contact(sender, false); ct != nil {
		return ct.lists&listBL == 0
	}
	return orDefault(to.blp, "AL") != "BL"
}

// fqy answers `FQY trid len` with `<ml><d n="domain"><c n="user" /></d></ml>`
// (the networks a contact is on), MSNP14+ as in Escargot, which closes the
// connection below: `FQY trid len` with the contact marked t="1" (Windows
// Live), or `208 trid` for an unknown account. A payload that is not XML,
// or does not have exactly one domain, is 241 and a close; a domain with no
// contact, 240 and a close.
func (c *nsConn) fqy(cmd msnp.Command) {
	if len(cmd.Params) != 0 || cmd.TrID < 0 || cmd.Payload == nil {
		c.ignore(cmd, "FQY takes only a payload")
		return
	}
	if c.dialect < 14 {
		c.close()
		return
	}
	var ml struct {
		Domains []struct {
			Name     string `xml:"n,attr"`
			Children []struct {
				XMLName xml.Name
				Name    string `xml:"n,attr"`
			} `xml:",any"`
		} `xml:"d"`
	}
	fail := func(code int) {
		c.w.send(errReply(code, cmd.TrID))
		c.close()
	}
	if err := xml.NewDecoder(bytes.NewReader(cmd.Payload)).Decode(&ml); err != nil || len(ml.Domains) != 1 {
		fail(241)
		return
	}
	d := ml.Domains[0]
	switch {
	case len(d.Children) == 0:
		fail(240)
		return
	case len(d.Children) > 1:
		fail(241)
		return
	}
	user := d.Children[0]
	if user.XMLName.Local != "c" || c.s.accounts[user.Name+"@"+d.Name] == nil {
		c.w.send(errReply(208, cmd.TrID))
		return
	}
	payload := `<ml><d n="` + escapeXML(d.Name) + `"><c n="` + escapeXML(user.Name) + `" t="1" /></d></ml>`
	c.w.send(msnp.Command{Name: "FQY", TrID: cmd.TrID, Payload: []byte(payload)})
}

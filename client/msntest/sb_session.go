package msntest

import (
	"bytes"
	"strconv"
	"strings"

	"github.com/msn-cli/msn/client/msnp"
)

func itoa(n int) string { return strconv.Itoa(n) }

// join adds c to sess and announces it: JOI to every other member (first
// endpoint of its user only, before MSNP16), and at MSNP16+ also to c's
// own connection and its other endpoints.
func (c *sbConn) join(sess *sbSession) {
	first := true
	for _, m := range sess.members {
		if m.acct == c.acct {
			first = false
		}
	}
	c.sess = sess
	sess.members = append(sess.members, c)
	for _, m := range sess.members {
		m.w.send(m.joiFor(c, first)...)
	}
}

// joiFor is what member m is told when j joins.
func (m *sbConn) joiFor(j *sbConn, first bool) []msnp.Command {
	self := m.acct == j.acct
	if m.dialect < 16 && (!first || self) {
		return nil
	}
	who := j.acct.email
	if m.dialect >= 16 && j.ns.guid != "" && (j.ns.guid != m.ns.guid || !self) {
		who = j.endpoint()
	}
	p := []string{who, encodeParam(j.acct.friendly)}
	if caps := j.capsFor(m.dialect); caps != "" {
		p = append(p, caps)
	}
	out := []msnp.Command{notice("JOI", p...)}
	if !self && j.ns.guid != "" && first && m.dialect >= 16 {
		bare := append([]string{j.acct.email}, p[1:]...)
		out = append(out, notice("JOI", bare...))
	}
	return out
}

// cal invites a user: RNG to each of the invitee's NS sessions not in the
// session yet, then `CAL trid RINGING <session id>` (RNG goes first, as
// Escargot does). An unknown, offline or hidden invitee gives 217; the
// caller's own account, with no other endpoint to ring, 215 (MSNP15) or
// RINGING and nothing more (MSNP16+ when alone in the session).
func (c *sbConn) cal(cmd msnp.Command) {
	if cmd.TrID < 0 || len(cmd.Params) < 1 {
		c.ignore(cmd, "CAL without an invitee")
		return
	}
	email := cmd.Params[0]
	if !strings.Contains(email, "@") {
		c.w.send(errReply(208, cmd.TrID))
		return
	}
	inv := c.s.accounts[email]
	if inv == nil {
		c.w.send(errReply(217, cmd.TrID))
		return
	}
	sess := c.sess
	if inv != c.acct && (!inv.online() || inv.blocks(c.acct)) {
		c.w.send(errReply(217, cmd.TrID))
		return
	}
	inChat := map[*nsConn]bool{}
	for _, m := range sess.members {
		inChat[m.ns] = true
	}
	rang := 0
	for _, o := range inv.sessions {
		if inChat[o] {
			continue
		}
		cookie := c.s.newCookie(&sbCookie{acct: inv, ns: o, session: sess})
		p := []string{sess.id, c.s.SBAddr(), "CKI", cookie, c.acct.email, encodeParam(c.acct.friendly)}
		if o.dialect >= 13 {
			p = append(p, "U", "messenger.hotmail.com")
		}
		if o.dialect >= 14 {
			p = append(p, "1")
		}
		o.w.send(notice("RNG", p...))
		rang++
	}
	self := inv == c.acct && c.dialect >= 16
	switch {
	case rang > 0 || (self && len(sess.members) == 1):
		// WLM 2009 invites itself first: at MSNP16+ the caller is shown
		// its own JOI, whether or not another endpoint was rung
		// (NOTES.md quirk 26); alone in the session, it is told RINGING
		// although nobody rings.
		c.w.send(reply("CAL", cmd.TrID, "RINGING", sess.id))
		if self {
			c.w.send(c.joiFor(c, true)...)
		}
	case len(inv.sessions) == 0:
		c.w.send(errReply(217, cmd.TrID))
	default:
		c.w.send(errReply(215, cmd.TrID))
	}
}

// msg relays a message to every other member of the session as
// `MSG sender friendly <len>` and acknowledges modes A and D with ACK
// (never NAK); N and U get nothing. A payload over 1664 bytes, an
// unknown mode, or an MSNP2P message in a mode other than D closes the
// connection, as Escargot does.
func (c *sbConn) msg(cmd msnp.Command) {
	if cmd.TrID < 0 || len(cmd.Params) < 1 {
		c.ignore(cmd, "MSG without an ack mode")
		return
	}
	mode := cmd.Params[0]
	if (mode != "U" && mode != "N" && mode != "A" && mode != "D") || len(cmd.Payload) > maxSBMessage {
		c.s.tracef("SB -- MSG mode %q with %d bytes: closing", mode, len(cmd.Payload))
		c.close()
		return
	}
	if mode != "D" && isP2P(cmd.Payload) {
		// Escargot refuses MSNP2P in any other mode
		// (SpecialMessageNotSentWithDType) by closing the connection.
		c.s.tracef("SB -- MSNP2P message with ack mode %q: closing", mode)
		c.close()
		return
	}
	out := msnp.Command{
		Name:    "MSG",
		TrID:    msnp.NoTrID,
		Params:  []string{c.acct.email, encodeParam(c.acct.friendly)},
		Payload: append([]byte{}, cmd.Payload...),
	}
	for _, m := range c.sess.members {
		if m == c {
			continue
		}
		m.w.send(out)
		c.s.recordReceived(m.acct.email, out)
	}
	if mode == "A" || mode == "D" {
		c.w.send(reply("ACK", cmd.TrID))
	}
}

// leave takes c out of its session once and tells the others with BYE:
// before MSNP16 only when c's user has no other endpoint left; from
// MSNP16 `BYE email;{guid}`, plus the bare `BYE email` for the user's
// last endpoint.
func (c *sbConn) leave() {
	if c.gone {
		return
	}
	c.gone = true
	sess := c.sess
	if sess == nil {
		return
	}
	for i, m := range sess.members {
		if m == c {
			sess.members = append(sess.members[:i:i], sess.members[i+1:]...)
			break
		}
	}
	if len(sess.members) == 0 {
		delete(c.s.sb.sessions, sess.id)
		return
	}
	last := true
	for _, m := range sess.members {
		if m.acct == c.acct {
			last = false
		}
	}
	for _, m := range sess.members {
		if m.dialect < 16 {
			if last {
				m.w.send(notice("BYE", c.acct.email))
			}
			continue
		}
		bye := []msnp.Command{notice("BYE", c.endpoint())}
		if last && c.ns.guid != "" {
			bye = append(bye, notice("BYE", c.acct.email))
		}
		m.w.send(bye...)
	}
}

// isP2P reports whether an MSG payload's Content-Type is MSNP2P.
func isP2P(payload []byte) bool {
	head, _, _ := bytes.Cut(payload, []byte("\r\n\r\n"))
	for _, line := range bytes.Split(head, []byte("\r\n")) {
		name, value, ok := bytes.Cut(line, []byte(":"))
		if ok && bytes.EqualFold(bytes.TrimSpace(name), []byte("Content-Type")) {
			return bytes.HasPrefix(bytes.ToLower(bytes.TrimSpace(value)), []byte("application/x-msnmsgrp2p"))
		}
	}
	return false
}

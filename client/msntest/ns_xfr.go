package msntest

import "github.com/msn-cli/msn/client/msnp"

// xfr hands out a switchboard: `XFR trid SB <addr> CKI <cookie>`, with
// ` U messenger.msn.com` at MSNP13 and a further ` 1` from MSNP14. It is
// refused with 913 before the session's first CHG, and while hidden below
// MSNP13. The cookie is single use, valid 120 s and bound to the session.
func (c *nsConn) xfr(cmd msnp.Command) {
	if len(cmd.Params) < 1 || cmd.TrID < 0 {
		c.ignore(cmd, "XFR without a destination")
		return
	}
	if cmd.Params[0] != "SB" {
		c.w.send(errReply(201, cmd.TrID))
		return
	}
	if !c.ilnSent || (c.acct.status == "HDN" && c.dialect < 13) {
		c.w.send(errReply(913, cmd.TrID))
		return
	}
	cookie := c.s.newCookie(&sbCookie{acct: c.acct, ns: c})
	p := []string{"SB", c.s.SBAddr(), "CKI", cookie}
	if c.dialect >= 13 {
		p = append(p, "U", "messenger.msn.com")
	}
	if c.dialect >= 14 {
		p = append(p, "1")
	}
	c.w.send(reply("XFR", cmd.TrID, p...))
}

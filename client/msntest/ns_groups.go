package msntest

import "github.com/msn-cli/msn/client/msnp"

// ADG, RMG and REG manage groups from MSNP10, as Escargot answers them
// (the list version that MSNP10+ leaves out shows as "1" in RMG and REG,
// and ADG and REG end with a 0):
//
//	ADG trid <name>            → ADG trid <name> <group> 0
//	RMG trid <group>           → RMG trid 1 <group>
//	REG trid <group> <name>    → REG trid 1 <name> <group> 0
//
// A name in use (or "(No Group)") is 228, one over 61 characters 229, an
// unknown group 224. Names are percent-encoded on the wire.

func (c *nsConn) adg(cmd msnp.Command) {
	if c.dialect < 10 {
		c.ignore(cmd, "ADG before MSNP10 is not implemented")
		return
	}
	p, ok := params(cmd, 1, 2)
	if !ok {
		c.ignore(cmd, "ADG takes 1 or 2 arguments")
		return
	}
	g, err := c.s.addGroup(c.acct, p[0])
	if err != nil {
		c.w.send(errReply(listError(err), cmd.TrID))
		return
	}
	c.w.send(reply("ADG", cmd.TrID, encodeParam(g.name), g.id, "0"))
}

func (c *nsConn) rmg(cmd msnp.Command) {
	if c.dialect < 10 {
		c.ignore(cmd, "RMG before MSNP10 is not implemented")
		return
	}
	p, ok := params(cmd, 1, 1)
	if !ok {
		c.ignore(cmd, "RMG takes 1 argument")
		return
	}
	if err := c.s.removeGroup(c.acct, p[0]); err != nil {
		c.w.send(errReply(listError(err), cmd.TrID))
		return
	}
	c.w.send(reply("RMG", cmd.TrID, "1", encodeParam(p[0])))
}

func (c *nsConn) reg(cmd msnp.Command) {
	if c.dialect < 10 {
		c.ignore(cmd, "REG before MSNP10 is not implemented")
		return
	}
	p, ok := params(cmd, 2, 3)
	if !ok {
		c.ignore(cmd, "REG takes 2 or 3 arguments")
		return
	}
	id, name := p[0], p[1]
	if err := c.s.renameGroup(c.acct, id, name); err != nil {
		c.w.send(errReply(listError(err), cmd.TrID))
		return
	}
	c.w.send(reply("REG", cmd.TrID, "1", encodeParam(name), encodeParam(id), "0"))
}

package msntest

import (
	"errors"
	"regexp"
	"strings"

	"github.com/msn-cli/msn/client/msnp"
)

// ADC and REM change the contact list from MSNP10 (Escargot accepts them
// at MSNP13+ too, where clients use the address book service and ADL):
//
//	ADC trid FL N=<email> F=<name>     → ADC trid FL N=<email> F=<friendly> C=<id>
//	ADC trid AL N=<email>              → ADC trid AL N=<email>        (BL alike)
//	ADC trid FL C=<id> <group>         → ADC trid FL C=<id> <group>
//	REM trid FL <id> [<group>]         → REM trid FL <id> [<group>]
//	REM trid AL <email>                → REM trid AL <email>          (BL, PL alike)
//
// <id> is the contact's account id (the C= of SYN's LST lines and the
// contactId of ABFindAll). Errors are Escargot's: 201 for an address
// without "@"; 208 for an unknown account, or an id that is not in the
// list; 205 for an unknown account in REM AL/BL/PL; 215 for a contact
// already in the group; 216 for a contact not on the list; 224 for an
// unknown group; 403 for a REM FL whose id is not a GUID. ADC RL is only
// for acknowledging a pending contact at MSNP11+, REM RL never: both
// close the connection otherwise. Parameters arrive percent-encoded and
// are decoded, as Escargot decodes every parameter.
//
// Adding what is there already is no error (Escargot answers the same
// again), except putting a contact in a group it is in.

// guidPrefix is Escargot's test of REM FL's id (a prefix match).
var guidPrefix = regexp.MustCompile(`^[A-Fa-f0-9]{8}-([A-Fa-f0-9]{4}-){3}[A-Fa-f0-9]{12}`)

// listBits maps list names to bits.
var listBits = map[string]int{"FL": listFL, "AL": listAL, "BL": listBL, "RL": listRL, "PL": listPL}

// listError is the MSNP error code for an error of the list operations
// (ContactDoesNotExist is 208 from MSNP10, as Escargot answers).
func listError(err error) int {
	switch {
	case errors.Is(err, errNoEntry):
		return 208
	case errors.Is(err, errNotOnList):
		return 216
	case errors.Is(err, errOnList):
		return 215
	case errors.Is(err, errNoGroup):
		return 224
	case errors.Is(err, errGroupExists):
		return 228
	case errors.Is(err, errGroupNameTooLong):
		return 229
	}
	return 500
}

// accountByID is the account with the given uuid, or nil. The caller
// holds s.mu.
func (s *Server) accountByID(uuid string) *account {
	for _, a := range s.accounts {
		if a.uuid == uuid {
			return a
		}
	}
	return nil
}

// params decodes a command's parameters when there are between lo and hi
// of them, as Escargot's handlers take their arguments; ok is false
// otherwise (Escargot fails on the call and answers nothing).
func params(cmd msnp.Command, lo, hi int) (p []string, ok bool) {
	if cmd.TrID < 0 || len(cmd.Params) < lo || len(cmd.Params) > hi {
		return nil, false
	}
	p = make([]string, hi)
	for i, v := range cmd.Params {
		p[i] = unquote(v)
	}
	return p, true
}

func (c *nsConn) adc(cmd msnp.Command) {
	if c.dialect < 10 {
		c.close()
		return
	}
	p, ok := params(cmd, 2, 3)
	if !ok {
		c.ignore(cmd, "ADC takes 2 or 3 arguments")
		return
	}
	lst, arg, group := p[0], p[1], p[2]
	var b *account
	if email, isEmail := strings.CutPrefix(arg, "N="); isEmail {
		if !strings.Contains(email, "@") {
			c.w.send(errReply(201, cmd.TrID))
			return
		}
		b, group = c.s.accounts[email], ""
	} else if len(arg) > 2 {
		b = c.s.accountByID(arg[2:])
	}
	if b == nil {
		c.w.send(errReply(208, cmd.TrID))
		return
	}
	a := c.acct
	switch lst {
	case "FL", "AL", "BL":
	case "RL":
		// Only acknowledging a pending contact (MSNP11+) is allowed;
		// it changes nothing.
		if ct := a.contact(b, false); c.dialect < 11 || ct == nil || !ct.pending {
			c.s.tracef("NS -- ADC RL of a contact that is not pending: closing")
			c.close()
			return
		}
		c.w.send(reply("ADC", cmd.TrID, "RL", "N="+b.email))
		return
	default:
		c.ignore(cmd, "ADC to list "+lst)
		return
	}
	if lst == "FL" && group != "" {
		if a.group(group) == nil {
			c.w.send(errReply(224, cmd.TrID))
			return
		}
		if ct := a.contact(b, false); ct != nil && ct.lists&listFL != 0 && ct.inGroup(group) {
			c.w.send(errReply(215, cmd.TrID))
			return
		}
	}
	ct, before, existed := c.s.addToLists(a, b, listBits[lst])
	var out []msnp.Command
	switch {
	case lst == "FL" && group != "":
		c.s.addToGroup(a, ct, group)
		out = append(out, reply("ADC", cmd.TrID, "FL", "C="+b.uuid, group))
	case lst == "FL":
		out = append(out, reply("ADC", cmd.TrID, "FL", "N="+b.email, "F="+encodeParam(b.friendly), "C="+b.uuid))
	default:
		out = append(out, reply("ADC", cmd.TrID, lst, "N="+b.email))
	}
	// As in Escargot, only a contact whose entry existed off the forward
	// list (one who had added the user) is announced at once; a new one
	// shows up at its next change of status.
	if lst == "FL" && existed && before&listFL == 0 && c.ilnSent && b.visibleTo(a) {
		out = append(out, c.presence(b, cmd.TrID, true)...)
		c.s.saw(a, "NLN", b)
	}
	c.w.send(out...)
}

func (c *nsConn) rem(cmd msnp.Command) {
	if c.dialect < 10 {
		c.ignore(cmd, "REM before MSNP10 is not implemented")
		return
	}
	p, ok := params(cmd, 2, 3)
	if !ok {
		c.ignore(cmd, "REM takes 2 or 3 arguments")
		return
	}
	lst, usr, group := p[0], p[1], p[2]
	a := c.acct
	var err error
	switch lst {
	case "RL":
		c.s.tracef("NS -- REM RL: closing")
		c.close()
		return
	case "FL":
		if !guidPrefix.MatchString(usr) {
			c.w.send(errReply(403, cmd.TrID))
			return
		}
		ct := a.entryByID(usr)
		switch {
		case ct == nil:
			err = errNoEntry
		case ct.lists&listFL == 0:
			err = errNotOnList
		case group != "":
			err = c.s.removeFromGroup(a, ct, group)
		default:
			err = c.s.removeFromLists(a, ct.acct, listFL)
		}
	case "AL", "BL", "PL":
		b := c.s.accounts[usr]
		if b == nil {
			c.w.send(errReply(205, cmd.TrID))
			return
		}
		if lst == "PL" {
			err = c.s.clearPending(a, b)
		} else {
			err = c.s.removeFromLists(a, b, listBits[lst])
		}
	default:
		c.ignore(cmd, "REM from list "+lst)
		return
	}
	if err != nil {
		c.w.send(errReply(listError(err), cmd.TrID))
		return
	}
	echo := []string{lst, encodeParam(usr)}
	if group != "" {
		echo = append(echo, encodeParam(group))
	}
	c.w.send(reply("REM", cmd.TrID, echo...))
}

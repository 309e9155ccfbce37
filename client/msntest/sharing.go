package msntest

import (
	"net/http"
	"strings"
)

// The sharing service: the allow, block, reverse and pending lists as
// roles of the Messenger service, as Escargot answers them.

// roleBits are the roles by name (compared without case, as Escargot
// parses them).
var roleBits = map[string]int{"allow": listAL, "block": listBL, "reverse": listRL, "pending": listPL}

// findMembership answers FindMembership.
func (q *abRequest) findMembership() abAnswer {
	return xmlAnswer(http.StatusOK, findMembershipResponse(q.a, q.host))
}

// memberships lists the operation's memberships/Membership elements with
// their role bits; ok is false when a role is unknown (Escargot's
// handler fails an assertion: a generic fault).
func (q *abRequest) memberships() (list []*xmlNode, bits []int, ok bool) {
	for _, m := range q.action.childPaths("memberships", "Membership") {
		role, _ := findText(m, "MemberRole")
		bit, known := roleBits[strings.ToLower(role)]
		if !known {
			return nil, nil, false
		}
		list = append(list, m)
		bits = append(bits, bit)
	}
	return list, bits, true
}

// memberEmail is the address of an accepted Passport or e-mail member,
// or "".
func memberEmail(m *xmlNode) string {
	typ, _ := m.attr(nsXSI, "type")
	kind, _ := findText(m, "Type")
	state, _ := findText(m, "State")
	if state != "Accepted" {
		return ""
	}
	switch {
	case typ == "PassportMember" && kind == "Passport":
		v, _ := findText(m, "PassportName")
		return v
	case typ == "EmailMember" && kind == "Email":
		v, _ := findText(m, "Email")
		return v
	}
	return ""
}

// addMember answers AddMember: each member goes in its membership's
// role. A member that names no Messenger account (or no one) is a
// UserDoesNotExist fault, HTTP 500. Being in the role already is no
// error. Escargot also takes Reverse (putting the member on the reverse
// list, pending); this server changes nothing for Reverse and Pending.
func (q *abRequest) addMember() abAnswer {
	list, bits, ok := q.memberships()
	if !ok {
		return xmlAnswer(http.StatusInternalServerError, genericFault("AddMember with an unknown role"))
	}
	type change struct {
		b   *account
		bit int
	}
	var changes []change
	for i, m := range list {
		for _, mem := range m.childPaths("Members", "Member") {
			b := q.s.accounts[memberEmail(mem)]
			if b == nil {
				return xmlAnswer(http.StatusInternalServerError, userMissingFault())
			}
			changes = append(changes, change{b, bits[i]})
		}
	}
	for _, c := range changes {
		if c.bit == listAL || c.bit == listBL {
			q.s.addToLists(q.a, c.b, c.bit)
		}
	}
	return xmlAnswer(http.StatusOK, emptyResponse("AddMember", q.host))
}

// deleteMember answers DeleteMember: each Passport member (by the
// account id in its MembershipId "Role/<id>", else by PassportName)
// leaves its membership's role; Pending dismisses the notice of the
// member's add. A member that is in none of the caller's lists is a
// MemberDoesNotExist fault; one that is only not in that role changes
// nothing and is no error, as in Escargot.
func (q *abRequest) deleteMember() abAnswer {
	list, bits, ok := q.memberships()
	if !ok {
		return xmlAnswer(http.StatusInternalServerError, genericFault("DeleteMember with an unknown role"))
	}
	type change struct {
		ct  *contact
		bit int
	}
	var changes []change
	for i, m := range list {
		for _, mem := range m.childPaths("Members", "Member") {
			if typ, _ := mem.attr(nsXSI, "type"); typ != "PassportMember" {
				continue
			}
			kind, _ := findText(mem, "Type")
			state, _ := findText(mem, "State")
			if kind != "Passport" || state != "Accepted" {
				continue
			}
			var id string
			if mid, _ := findText(mem, "MembershipId"); strings.Contains(mid, "/") {
				_, id, _ = strings.Cut(mid, "/")
			} else {
				email, _ := findText(mem, "PassportName")
				b := q.s.accounts[email]
				if b == nil {
					return xmlAnswer(http.StatusInternalServerError, genericFault("DeleteMember of an unknown account"))
				}
				id = b.uuid
			}
			ct := q.a.entryByID(id)
			if ct == nil {
				return xmlAnswer(http.StatusInternalServerError, memberMissingFault())
			}
			changes = append(changes, change{ct, bits[i]})
		}
	}
	for _, c := range changes {
		switch c.bit {
		case listAL, listBL:
			q.s.removeFromLists(q.a, c.ct.acct, c.bit) // not in the role: no error
		case listPL:
			q.s.clearPending(q.a, c.ct.acct)
		}
	}
	return xmlAnswer(http.StatusOK, emptyResponse("DeleteMember", q.host))
}

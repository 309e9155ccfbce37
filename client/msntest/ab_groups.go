package msntest

import (
	"net/http"
	"strings"
)

// The address book's group operations, as Escargot answers them. Its
// refusals come in two kinds: faults for what a client may well do (a
// name in use, too long a name, a contact not in the book), and a bare
// HTTP 500 for what it should not (an unknown group id, a contact already
// in the group or not in it, a missing propertiesChanged).

// groupFault is the fault for a group name refused by checkGroupName or
// in use.
func groupFault(op string, err error) abAnswer {
	if err == errGroupNameTooLong {
		return xmlAnswer(http.StatusInternalServerError, groupNameTooLongFault(op))
	}
	return xmlAnswer(http.StatusInternalServerError, groupExistsFault(op))
}

// groupAdd answers ABGroupAdd: a group named by the first name element,
// its id in the answer.
func (q *abRequest) groupAdd() abAnswer {
	if q.badABID() {
		return plain500
	}
	name, ok := findText(q.action, "name")
	if !ok {
		return xmlAnswer(http.StatusInternalServerError, genericFault("ABGroupAdd without a name"))
	}
	g, err := q.s.addGroup(q.a, name)
	if err != nil {
		return groupFault("ABGroupAdd", err)
	}
	return xmlAnswer(http.StatusOK, guidResponse("ABGroupAdd", g.id, q.host))
}

// groupUpdate answers ABGroupUpdate: each groups/Group whose
// propertiesChanged lists GroupName is renamed to its groupInfo's name.
// Everything is checked before anything changes. Unlike REG, a name in
// use by any group, the renamed one included, is GroupAlreadyExists.
func (q *abRequest) groupUpdate() abAnswer {
	if q.badABID() {
		return plain500
	}
	type rename struct{ id, name string }
	var renames []rename
	for _, ge := range q.action.childPaths("groups", "Group") {
		id, _ := findText(ge, "groupId")
		if q.a.group(id) == nil {
			return plain500
		}
		changed, _ := findText(ge, "propertiesChanged")
		if changed == "" {
			return plain500
		}
		if !contains(strings.Fields(changed), "GroupName") {
			continue
		}
		info := ge.find("groupInfo")
		if info == nil {
			return plain500
		}
		name, ok := findText(info, "name")
		if !ok {
			return plain500
		}
		if err := checkGroupName(name); err != nil {
			return groupFault("ABGroupUpdate", err)
		}
		if q.a.groupNamed(name) != nil {
			return groupFault("ABGroupUpdate", errGroupExists)
		}
		renames = append(renames, rename{id, name})
	}
	for _, r := range renames {
		q.a.group(r.id).name = r.name
	}
	return xmlAnswer(http.StatusOK, emptyResponse("ABGroupUpdate", q.host))
}

// groupIDs is the groupFilter/groupIds/guid list of the operation, and
// whether every id is one of the caller's groups.
func (q *abRequest) groupIDs() ([]string, bool) {
	var ids []string
	for _, n := range q.action.childPaths("groupIds", "guid") {
		id := strings.TrimSpace(n.text)
		if q.a.group(id) == nil {
			return nil, false
		}
		ids = append(ids, id)
	}
	return ids, true
}

// groupDelete answers ABGroupDelete: every group of the filter goes, its
// contacts staying in the book.
func (q *abRequest) groupDelete() abAnswer {
	if q.badABID() {
		return plain500
	}
	ids, ok := q.groupIDs()
	if !ok {
		return plain500
	}
	for _, id := range ids {
		q.s.removeGroup(q.a, id)
	}
	return xmlAnswer(http.StatusOK, emptyResponse("ABGroupDelete", q.host))
}

// groupContactAdd answers ABGroupContactAdd: the contact (by contactId,
// or by passportName or email inside a contactInfo, which also puts it on
// the forward list) goes in every group of the filter. A contactId not on
// the forward list is a ContactDoesNotExist fault; a contact already in
// one of the groups, or an unknown address, is refused.
func (q *abRequest) groupContactAdd() abAnswer {
	const op = "ABGroupContactAdd"
	if q.badABID() {
		return plain500
	}
	ids, ok := q.groupIDs()
	if !ok {
		return plain500
	}
	var b *account
	if q.action.find("contactInfo") != nil {
		email, ok := findText(q.action, "passportName")
		if !ok {
			if email, ok = findText(q.action, "email"); !ok {
				return plain500
			}
		}
		if b = q.s.accounts[email]; b == nil {
			return xmlAnswer(http.StatusInternalServerError, genericFault(op+" of an unknown account"))
		}
	} else {
		id, ok := findText(q.action, "contactId")
		if !ok {
			return xmlAnswer(http.StatusInternalServerError, genericFault(op+" without a contactId"))
		}
		ct := q.a.entryByID(id)
		if ct == nil || ct.lists&listFL == 0 {
			return xmlAnswer(http.StatusInternalServerError, contactMissingFault(op))
		}
		b = ct.acct
	}
	if ct := q.a.contact(b, false); ct != nil && ct.lists&listFL != 0 {
		for _, id := range ids {
			if ct.inGroup(id) {
				return plain500
			}
		}
	}
	if len(ids) > 0 {
		ct, _, _ := q.s.addToLists(q.a, b, listFL)
		for _, id := range ids {
			q.s.addToGroup(q.a, ct, id)
		}
	}
	return xmlAnswer(http.StatusOK, guidResponse(op, b.uuid, q.host))
}

// groupContactDelete answers ABGroupContactDelete: the contactId leaves
// every group of the filter. An id not in the book is a
// ContactDoesNotExist fault, a contact not in one of the groups is
// refused; a contact off the forward list changes nothing.
func (q *abRequest) groupContactDelete() abAnswer {
	const op = "ABGroupContactDelete"
	if q.badABID() {
		return plain500
	}
	ids, ok := q.groupIDs()
	if !ok {
		return plain500
	}
	id, _ := findText(q.action, "contactId")
	ct := q.a.entryByID(id)
	if ct == nil {
		return xmlAnswer(http.StatusInternalServerError, contactMissingFault(op))
	}
	if ct.lists&listFL != 0 {
		for _, gid := range ids {
			if !ct.inGroup(gid) {
				return plain500
			}
		}
		for _, gid := range ids {
			q.s.removeFromGroup(q.a, ct, gid)
		}
	}
	return xmlAnswer(http.StatusOK, emptyResponse(op, q.host))
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

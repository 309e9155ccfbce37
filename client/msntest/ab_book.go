package msntest

import (
	"net/http"
	"strings"
)

// The address book's contact operations, as Escargot answers them.

// findAll answers ABFindAll: the groups, the forward list and the "Me"
// entry. Another address book's id is a bare HTTP 500.
func (q *abRequest) findAll() abAnswer {
	if q.badABID() {
		return plain500
	}
	return xmlAnswer(http.StatusOK, findAllResponse(q.a, q.host))
}

// contactAdd answers ABContactAdd: the passportName of the first
// contacts/Contact goes on the forward list (and the caller on its
// reverse list, with the notice). The answer is the contact's id, the
// same when it was there already: Escargot does not refuse a contact
// already in the book. An address without "@" or "." is a
// BadEmailArgument fault, an unknown account InvalidPassportUser (both
// HTTP 500); no contact element is a bare HTTP 500. The contact is not put
// on the allow list (clients follow with AddMember or ADL).
func (q *abRequest) contactAdd() abAnswer {
	if q.badABID() {
		return plain500
	}
	contact := q.action.childPath("contacts", "Contact")
	if contact == nil {
		return plain500
	}
	email, _ := findText(contact, "passportName")
	switch {
	case !strings.Contains(email, "@"):
		return xmlAnswer(http.StatusInternalServerError, emailMissingFault("@"))
	case !strings.Contains(email, "."):
		return xmlAnswer(http.StatusInternalServerError, emailMissingFault("."))
	}
	b := q.s.accounts[email]
	if b == nil {
		return xmlAnswer(http.StatusInternalServerError, invalidUserFault("ABContactAdd", email))
	}
	if ct := q.a.contact(b, false); ct == nil || ct.lists&listFL == 0 {
		q.s.addToLists(q.a, b, listFL)
	}
	return xmlAnswer(http.StatusOK, guidResponse("ABContactAdd", b.uuid, q.host))
}

// contactDelete answers ABContactDelete: each contacts/Contact's
// contactId leaves the forward list. Ids that are not in the book are
// skipped without a word, as Escargot does; a Contact without a contactId
// is a generic fault.
func (q *abRequest) contactDelete() abAnswer {
	if q.badABID() {
		return plain500
	}
	for _, contact := range q.action.childPaths("contacts", "Contact") {
		id, ok := findText(contact, "contactId")
		if !ok {
			return xmlAnswer(http.StatusInternalServerError, genericFault("ABContactDelete without a contactId"))
		}
		if ct := q.a.entryByID(id); ct != nil {
			q.s.removeFromLists(q.a, ct.acct, listFL) // errors change nothing, as in Escargot
		}
	}
	return xmlAnswer(http.StatusOK, emptyResponse("ABContactDelete", q.host))
}

// childPath is lxml's find(".//{*}a/{*}b"): the first element named
// child whose parent is named parent, anywhere under n.
func (n *xmlNode) childPath(parent, child string) *xmlNode {
	if all := n.childPaths(parent, child); len(all) > 0 {
		return all[0]
	}
	return nil
}

// childPaths is lxml's findall(".//{*}a/{*}b"), in document order.
func (n *xmlNode) childPaths(parent, child string) []*xmlNode {
	var out []*xmlNode
	for _, p := range n.findAll(parent) {
		for _, c := range p.children {
			if c.name.Local == child {
				out = append(out, c)
			}
		}
	}
	return out
}

package msntest

import (
	"errors"
	"unicode/utf8"

	"github.com/msn-cli/msn/client/msnp"
)

// The contact list itself, shared by every way of changing it: ADC, REM,
// ADG, RMG and REG on the NS (MSNP10+), ADL and RML (MSNP13+), and the
// address book and sharing services. Each front end turns these errors
// into its own answer (an MSNP error code, a SOAP fault, a bare HTTP 500),
// as Escargot's front ends do with the exceptions of its backend.
//
// Where it knowingly differs from Escargot's backend: a change is checked
// whole before anything is applied (Escargot can add a contact to the
// forward list and then fail on an unknown group), removing a contact
// from one group leaves the other side's reverse list alone (Escargot
// drops it and tells the contact it was removed), and several list bits
// given at once (RML l="3") are each applied (Escargot applies none).
var (
	errNoEntry          = errors.New("not in the contact list") // 208; ContactDoesNotExist
	errNotOnList        = errors.New("not on that list")        // 216
	errOnList           = errors.New("already on that list")    // 215
	errNoGroup          = errors.New("no such group")           // 224
	errGroupExists      = errors.New("group name in use")       // 228; GroupAlreadyExists
	errGroupNameTooLong = errors.New("group name too long")     // 229; BadArgumentLength
)

// maxGroupName is Escargot's limit on group names, in characters.
const maxGroupName = 61

// noGroupName is the name of the built-in group that holds the contacts in
// no group; no real group may take it.
const noGroupName = "(No Group)"

// visibleTo reports whether b sees a online: a is signed in, not hidden,
// and does not block b.
func (a *account) visibleTo(b *account) bool { return a.online() && !a.blocks(b) }

// addToLists puts b on a's lists given by bits (FL, AL, BL), as Escargot's
// me_contact_add: what is already there is no error. Putting b on the
// forward list for the first time puts a on b's reverse list (pending, if
// that is new) and tells b's sessions that a added them; a change of the
// allow or block list that changes whether b sees a online is told to b.
// It returns a's entry for b and its lists before. The caller holds s.mu.
func (s *Server) addToLists(a, b *account, bits int) (ct *contact, before int, existed bool) {
	seen := a.visibleTo(b)
	existed = a.contact(b, false) != nil
	ct = a.contact(b, true)
	before = ct.lists
	ct.lists |= bits
	if bits&listFL != 0 && before&listFL == 0 {
		rev := b.contact(a, true)
		if rev.lists&listRL == 0 {
			rev.lists |= listRL
			rev.pending = true
		}
		s.notifyAdded(b, a)
	}
	if bits&(listAL|listBL) != 0 {
		s.visibilityChanged(a, b, seen)
	}
	return ct, before, existed
}

// removeFromLists takes b off a's lists given by bits (FL, AL, BL), as
// Escargot's me_contact_remove: an unknown entry is errNoEntry, an entry
// on none of the lists errNotOnList. Leaving the forward list empties the
// entry's groups, takes a off b's reverse list and tells b's sessions; an
// entry left on no list is forgotten. The caller holds s.mu.
func (s *Server) removeFromLists(a, b *account, bits int) error {
	ct := a.contact(b, false)
	if ct == nil {
		return errNoEntry
	}
	if ct.lists&bits == 0 {
		return errNotOnList
	}
	seen := a.visibleTo(b)
	removed := ct.lists & bits
	ct.lists &^= bits
	if removed&listFL != 0 {
		ct.groups = nil
		if rev := b.contact(a, false); rev != nil && rev.lists&listRL != 0 {
			rev.lists &^= listRL
			rev.pending = false
			b.forgetEmpty(rev)
		}
		s.notifyRemoved(b, a)
	}
	a.forgetEmpty(ct)
	if removed&(listAL|listBL) != 0 {
		s.visibilityChanged(a, b, seen)
	}
	return nil
}

// clearPending takes b off a's pending list (REM PL, DeleteMember
// Pending): the notice that b added a is dealt with. The caller holds
// s.mu.
func (s *Server) clearPending(a, b *account) error {
	ct := a.contact(b, false)
	if ct == nil {
		return errNoEntry
	}
	if !ct.pending {
		return errNotOnList
	}
	ct.pending = false
	a.forgetEmpty(ct)
	return nil
}

// forgetEmpty drops a's entry ct when it is on no list.
func (a *account) forgetEmpty(ct *contact) {
	if ct.lists != 0 {
		return
	}
	for i, c := range a.contacts {
		if c == ct {
			a.contacts = append(a.contacts[:i:i], a.contacts[i+1:]...)
			return
		}
	}
}

// entryByID is a's entry for the account with the given uuid, or nil.
func (a *account) entryByID(uuid string) *contact {
	for _, c := range a.contacts {
		if c.acct.uuid == uuid {
			return c
		}
	}
	return nil
}

// visibilityChanged tells b's sessions that watch a (b has a on its
// forward list, and the session has sent its first CHG) when a change to
// a's lists changed whether b sees a online: NLN (with UBX from MSNP11)
// when it now does, FLN when it no longer does. seen is what b saw
// before. The caller holds s.mu.
func (s *Server) visibilityChanged(a, b *account, seen bool) {
	now := a.visibleTo(b)
	if now == seen || !b.hasOnFL(a) {
		return
	}
	for _, w := range b.sessions {
		if !w.ilnSent || w.gone {
			continue
		}
		if now {
			w.w.send(w.presence(a, msnp.NoTrID, true)...)
			s.saw(b, "NLN", a)
		} else {
			w.w.send(w.fln(a))
			s.saw(b, "FLN", a)
		}
	}
}

// group returns a's group with the given id, or nil.
func (a *account) group(id string) *group {
	for _, g := range a.groups {
		if g.id == id {
			return g
		}
	}
	return nil
}

// groupNamed returns a's group with the given name, or nil.
func (a *account) groupNamed(name string) *group {
	for _, g := range a.groups {
		if g.name == name {
			return g
		}
	}
	return nil
}

// checkGroupName is Escargot's check of a new group name: not the
// built-in "(No Group)", at most 61 characters.
func checkGroupName(name string) error {
	if name == noGroupName {
		return errGroupExists
	}
	if utf8.RuneCountInString(name) > maxGroupName {
		return errGroupNameTooLong
	}
	return nil
}

// addGroup creates a group in a's list. The caller holds s.mu.
func (s *Server) addGroup(a *account, name string) (*group, error) {
	if err := checkGroupName(name); err != nil {
		return nil, err
	}
	if a.groupNamed(name) != nil {
		return nil, errGroupExists
	}
	g := &group{id: newUUID(), name: name}
	a.groups = append(a.groups, g)
	return g, nil
}

// renameGroup renames a's group id; the group's own name is no conflict.
// The caller holds s.mu.
func (s *Server) renameGroup(a *account, id, name string) error {
	g := a.group(id)
	if g == nil {
		return errNoGroup
	}
	if err := checkGroupName(name); err != nil {
		return err
	}
	if other := a.groupNamed(name); other != nil && other != g {
		return errGroupExists
	}
	g.name = name
	return nil
}

// removeGroup deletes a's group id; its contacts stay, in no group. The
// caller holds s.mu.
func (s *Server) removeGroup(a *account, id string) error {
	for i, g := range a.groups {
		if g.id != id {
			continue
		}
		a.groups = append(a.groups[:i:i], a.groups[i+1:]...)
		for _, ct := range a.contacts {
			ct.groups = without(ct.groups, id)
		}
		return nil
	}
	return errNoGroup
}

// addToGroup files a's entry ct in group id: errOnList when it is there
// already. The caller holds s.mu.
func (s *Server) addToGroup(a *account, ct *contact, id string) error {
	if a.group(id) == nil {
		return errNoGroup
	}
	if ct.inGroup(id) {
		return errOnList
	}
	ct.groups = append(ct.groups, id)
	return nil
}

// removeFromGroup takes a's entry ct out of group id; not being in it is
// no error, as in Escargot. The caller holds s.mu.
func (s *Server) removeFromGroup(a *account, ct *contact, id string) error {
	if a.group(id) == nil {
		return errNoGroup
	}
	ct.groups = without(ct.groups, id)
	return nil
}

func (ct *contact) inGroup(id string) bool {
	for _, g := range ct.groups {
		if g == id {
			return true
		}
	}
	return false
}

// without returns ids without id (a new slice when it was there).
func without(ids []string, id string) []string {
	for i, g := range ids {
		if g == id {
			return append(ids[:i:i], ids[i+1:]...)
		}
	}
	return ids
}

package msntest

// Lists is where contact is in owner's contact list, as the bits of
// MSNP12's LST lines: 1 forward (FL), 2 allow (AL), 4 block (BL), 8
// reverse (RL), plus 16 (PL) while contact's add is pending (not yet
// acknowledged by owner). 0 when contact is in none of owner's lists or
// either account does not exist.
func (s *Server) Lists(owner, contact string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	a, b := s.accounts[owner], s.accounts[contact]
	if a == nil || b == nil {
		return 0
	}
	ct := a.contact(b, false)
	if ct == nil {
		return 0
	}
	if ct.pending {
		return ct.lists | listPL
	}
	return ct.lists
}

// Groups maps the ids of owner's groups to their names; empty for an
// unknown account.
func (s *Server) Groups(owner string) map[string]string {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := map[string]string{}
	if a := s.accounts[owner]; a != nil {
		for _, g := range a.groups {
			out[g.id] = g.name
		}
	}
	return out
}

// ContactGroups lists the ids of the groups contact is in, in owner's
// list, in the order it was put in them; nil when it is in none.
func (s *Server) ContactGroups(owner, contact string) []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	a, b := s.accounts[owner], s.accounts[contact]
	if a == nil || b == nil {
		return nil
	}
	ct := a.contact(b, false)
	if ct == nil || len(ct.groups) == 0 {
		return nil
	}
	return append([]string(nil), ct.groups...)
}

package msntest

import (
	"crypto/rand"
	"fmt"
	"strconv"
	"time"
)

// Contact list bits, as in the LST lines of MSNP12 (FL|AL|RL = 11).
const (
	listFL = 1  // forward: people I watch
	listAL = 2  // allow
	listBL = 4  // block
	listRL = 8  // reverse: people who watch me
	listPL = 16 // pending: shown instead of RL while an add is not yet acknowledged
)

// account is one user of the server. Its presence is account-wide, as in
// Escargot: the status of the last CHG on any of its sessions.
type account struct {
	email    string // compared case-sensitively, as Escargot does
	password string
	friendly string // decoded; encodeParam puts it on the wire
	uuid     string
	created  time.Time

	contacts []*contact // in the order added
	groups   []*group
	blp      string // "" until set by BLP (SYN shows AL)
	gtc      string // "" until set by GTC (SYN shows A)

	status string // "" offline, else NLN, BSY, HDN...
	psm    string
	media  string

	sessions []*nsConn // live, logged-in NS sessions, oldest first
}

type contact struct {
	acct   *account
	lists  int
	groups []string // group ids
	// pending is set when the contact put the owner on its forward list
	// (the owner's RL entry was new) and cleared by removing the entry
	// from the reverse or pending list, as in Escargot.
	pending bool
}

type group struct {
	id   string
	name string
}

// AddAccount creates an account, or replaces the password and friendly
// name of an existing one. Emails are compared case-sensitively, as
// Escargot does. An empty friendly name means the email.
func (s *Server) AddAccount(email, password, friendly string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if friendly == "" {
		friendly = email
	}
	if a := s.accounts[email]; a != nil {
		a.password, a.friendly = password, friendly
		return
	}
	s.accounts[email] = &account{email: email, password: password, friendly: friendly, uuid: newUUID(), created: time.Now().UTC()}
}

// AddContact makes owner and contact mutual contacts: each is put on the
// other's forward, allow and reverse lists (FL|AL|RL, 11 in LST lines),
// as two users who accepted each other are. It panics when either account
// does not exist, since that is a mistake in the calling test.
func (s *Server) AddContact(owner, contact string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	a, b := s.mustAccount("AddContact", owner), s.mustAccount("AddContact", contact)
	a.contact(b, true).lists |= listFL | listAL | listRL
	b.contact(a, true).lists |= listFL | listAL | listRL
}

// AddGroup creates a group named name in owner's contact list, puts the
// given members (who must already be owner's contacts) in it, and returns
// the group's id, a GUID. It panics on an unknown account or member.
func (s *Server) AddGroup(owner, name string, members ...string) (id string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	a := s.mustAccount("AddGroup", owner)
	g := &group{id: newUUID(), name: name}
	a.groups = append(a.groups, g)
	for _, m := range members {
		b := s.mustAccount("AddGroup", m)
		c := a.contact(b, false)
		if c == nil {
			panic(fmt.Sprintf("msntest: AddGroup: %q is not a contact of %q", m, owner))
		}
		c.groups = append(c.groups, g.id)
	}
	return g.id
}

func (s *Server) mustAccount(fn, email string) *account {
	a := s.accounts[email]
	if a == nil {
		panic(fmt.Sprintf("msntest: %s: no account %q", fn, email))
	}
	return a
}

// contact returns a's entry for b, creating an empty one when create is
// set.
func (a *account) contact(b *account, create bool) *contact {
	for _, c := range a.contacts {
		if c.acct == b {
			return c
		}
	}
	if !create {
		return nil
	}
	c := &contact{acct: b}
	a.contacts = append(a.contacts, c)
	return c
}

// hasOnFL reports whether a watches b.
func (a *account) hasOnFL(b *account) bool {
	c := a.contact(b, false)
	return c != nil && c.lists&listFL != 0
}

// blocks reports whether a blocks b, by Escargot's rule: b on a's block
// list does; else b on a's allow list does not; else a's BLP decides
// (BL blocks everyone not allowed; AL, the default, nobody).
func (a *account) blocks(b *account) bool {
	c := a.contact(b, false)
	switch {
	case c != nil && c.lists&listBL != 0:
		return true
	case c != nil && c.lists&listAL != 0:
		return false
	}
	return a.blp == "BL"
}

// memberID derives the profile's MemberIdHigh and MemberIdLow from the
// account's UUID: the first 32 bits and the last 32 bits.
func (a *account) memberID() (high, low uint64) {
	hex := a.uuid[0:8]
	node := a.uuid[len(a.uuid)-8:]
	high, _ = strconv.ParseUint(hex, 16, 32)
	low, _ = strconv.ParseUint(node, 16, 32)
	return high, low
}

// puid is the 16-hex Passport id shown in the RST response header.
func (a *account) puid() string {
	high, low := a.memberID()
	return fmt.Sprintf("%08X%08X", high, low)
}

// newUUID returns a random version 4 UUID in lower case.
func newUUID() string {
	var b [16]byte
	rand.Read(b[:])
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16])
}

package ab

import (
	"errors"
	"fmt"
)

// ParseFindAll reads an ABFindAll response: the groups and contacts of
// ABFindAllResult, the "Me" entry kept apart. Entries marked fDeleted are
// left out. Elements are matched by local name, whatever their namespace
// or prefix, and elements it does not know are skipped.
//
// It reads the document as a stream and keeps nothing but the result, so
// memory is proportional to the address book, not to the document. A
// document that is not XML, has no ABFindAllResult, or exceeds
// MaxDocument, MaxEntries or MaxText is an error.
func ParseFindAll(body []byte) (*AddressBook, error) {
	s, err := newScanner(body)
	if err != nil {
		return nil, err
	}
	var (
		book     AddressBook
		seen     bool // an ABFindAllResult started
		inResult bool
		g        *groupEntry
		c        *contactEntry
	)
	for {
		ev, err := s.next()
		if err != nil {
			return nil, err
		}
		if ev == evDone {
			break
		}
		name, parent := s.name(), s.parent()
		if ev == evStart {
			switch {
			case name == "ABFindAllResult":
				seen, inResult = true, true
			case !inResult:
			case g != nil:
				s.keep = g.wants(name, parent)
			case c != nil:
				s.keep = c.wants(name, parent)
			case name == "Group" && parent == "groups":
				if len(book.Groups) >= MaxEntries {
					return nil, fmt.Errorf("ab: more than %d groups", MaxEntries)
				}
				g = &groupEntry{}
			case name == "Contact" && parent == "contacts":
				if len(book.Contacts) >= MaxEntries {
					return nil, fmt.Errorf("ab: more than %d contacts", MaxEntries)
				}
				c = &contactEntry{}
			}
			continue
		}
		switch {
		case name == "ABFindAllResult":
			inResult = false
		case g != nil && name == "Group" && parent == "groups":
			if !g.deleted {
				book.Groups = append(book.Groups, g.Group)
			}
			g = nil
		case g != nil && s.keep:
			g.set(name, s.value(), s.isTrue())
		case c != nil && name == "Contact" && parent == "contacts":
			if !c.deleted {
				if c.kind == "Me" {
					book.Me = c.contact()
				} else {
					book.Contacts = append(book.Contacts, c.contact())
				}
			}
			c = nil
		case c != nil && s.keep:
			if err := c.set(name, s.value(), s.isTrue()); err != nil {
				return nil, err
			}
		}
	}
	if !seen {
		return nil, errors.New("ab: no ABFindAllResult in the response")
	}
	return &book, nil
}

// groupEntry is a Group being read.
type groupEntry struct {
	Group
	deleted bool
}

// wants reports whether a group's element name (inside parent) is kept.
func (g *groupEntry) wants(name, parent string) bool {
	return name == "groupId" && parent == "Group" ||
		name == "name" && parent == "groupInfo" ||
		name == "fDeleted" && parent == "Group"
}

func (g *groupEntry) set(name, v string, truth bool) {
	switch name {
	case "groupId":
		g.ID = v
	case "name":
		g.Name = v
	case "fDeleted":
		g.deleted = truth
	}
}

// contactEntry is a Contact being read, with what decides where it goes.
type contactEntry struct {
	Contact
	kind    string // contactType: "Me", "Regular", "LivePending"...
	display string
	quick   string
	deleted bool
}

// wants reports whether a contact's element name (inside parent) is kept.
func (c *contactEntry) wants(name, parent string) bool {
	switch parent {
	case "Contact":
		return name == "contactId" || name == "fDeleted"
	case "contactInfo":
		switch name {
		case "contactType", "passportName", "displayName", "quickName", "isMessengerUser":
			return true
		}
	case "groupIds":
		return name == "guid"
	}
	return false
}

func (c *contactEntry) set(name, v string, truth bool) error {
	switch name {
	case "contactId":
		c.ID = v
	case "fDeleted":
		c.deleted = truth
	case "contactType":
		c.kind = v
	case "passportName":
		c.Email = v
	case "displayName":
		c.display = v
	case "quickName":
		c.quick = v
	case "isMessengerUser":
		c.IsMessenger = truth
	case "guid":
		if len(c.Groups) >= MaxEntries {
			return fmt.Errorf("ab: a contact in more than %d groups", MaxEntries)
		}
		c.Groups = append(c.Groups, v)
	}
	return nil
}

// contact is the entry as returned: the display name, else the quick
// name.
func (c *contactEntry) contact() Contact {
	out := c.Contact
	out.Name = c.display
	if out.Name == "" {
		out.Name = c.quick
	}
	return out
}

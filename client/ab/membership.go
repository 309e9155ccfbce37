package ab

import (
	"errors"
	"fmt"
)

// ParseFindMembership reads a FindMembership response: for the Messenger
// service, the e-mail addresses of the Passport (and e-mail) members of
// the Allow, Block, Reverse and Pending roles. Other services (real MSN
// also lists Invitation, Space, Profile...), other roles and other kinds
// of member (circles, phones) are skipped, and so are members marked
// Deleted. A service that does not say its type is taken as Messenger.
//
// Like ParseFindAll it streams, matches local names, and refuses a
// document that is not XML, has no FindMembershipResult, or exceeds
// MaxDocument, MaxEntries or MaxText.
func ParseFindMembership(body []byte) (*Membership, error) {
	s, err := newScanner(body)
	if err != nil {
		return nil, err
	}
	var (
		out      Membership
		seen     bool
		total    int
		svc      *serviceEntry // the Service being read
		role     string        // MemberRole of the Membership being read
		m        *memberEntry
		inResult bool
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
			case name == "FindMembershipResult":
				seen, inResult = true, true
			case !inResult:
			case name == "Service" && parent == "Services":
				svc = &serviceEntry{}
			case svc == nil:
			case m != nil:
				s.keep = parent == "Member" && (name == "PassportName" || name == "Email" || name == "Deleted")
			case name == "Membership" && parent == "Memberships":
				role = ""
			case name == "MemberRole" && parent == "Membership":
				s.keep = true
			case name == "Member" && parent == "Members":
				total++
				if total > MaxEntries {
					return nil, fmt.Errorf("ab: more than %d members", MaxEntries)
				}
				m = &memberEntry{}
			case name == "Type" && parent == "Handle":
				s.keep = true
			}
			continue
		}
		switch {
		case name == "FindMembershipResult":
			inResult = false
		case svc == nil:
		case name == "Service" && parent == "Services":
			if svc.kind == "" || svc.kind == "Messenger" {
				out.add(svc)
			}
			svc = nil
		case m != nil && name == "Member" && parent == "Members":
			if !m.deleted && m.email != "" {
				svc.members = append(svc.members, roleMember{role, m.email})
			}
			m = nil
		case m != nil && s.keep:
			switch name {
			case "PassportName", "Email":
				if m.email == "" {
					m.email = s.value()
				}
			case "Deleted":
				m.deleted = s.isTrue()
			}
		case name == "MemberRole" && s.keep:
			role = s.value()
		case name == "Type" && s.keep:
			svc.kind = s.value()
		}
	}
	if !seen {
		return nil, errors.New("ab: no FindMembershipResult in the response")
	}
	return &out, nil
}

// serviceEntry is a Service being read. Its type (Info>Handle>Type) comes
// after its memberships, so they wait here until the service ends.
type serviceEntry struct {
	kind    string
	members []roleMember
}

type roleMember struct{ role, email string }

type memberEntry struct {
	email   string
	deleted bool
}

// add files a Messenger service's members under their roles.
func (out *Membership) add(svc *serviceEntry) {
	for _, rm := range svc.members {
		switch rm.role {
		case "Allow":
			out.Allow = append(out.Allow, rm.email)
		case "Block":
			out.Block = append(out.Block, rm.email)
		case "Reverse":
			out.Reverse = append(out.Reverse, rm.email)
		case "Pending":
			out.Pending = append(out.Pending, rm.email)
		}
	}
}

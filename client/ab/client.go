package ab

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"
)

// FindAll reads the whole address book (ABFindAll, not a delta).
func (c *Client) FindAll(ctx context.Context) (*AddressBook, error) {
	const op = "ABFindAll"
	resp, err := c.call(ctx, PathAB, op, scenarioInitial, buildFindAll())
	if err != nil {
		return nil, err
	}
	book, err := ParseFindAll(resp)
	if err != nil {
		return nil, fmt.Errorf("ab: %s: %s", op, trimPrefix(err))
	}
	return book, nil
}

// FindMembership reads the Messenger service's memberships: the allow,
// block, reverse and pending lists.
func (c *Client) FindMembership(ctx context.Context) (*Membership, error) {
	const op = "FindMembership"
	resp, err := c.call(ctx, PathSharing, op, scenarioInitial, buildFindMembership())
	if err != nil {
		return nil, err
	}
	m, err := ParseFindMembership(resp)
	if err != nil {
		return nil, fmt.Errorf("ab: %s: %s", op, trimPrefix(err))
	}
	return m, nil
}

// AddContact adds email to the address book as a Messenger contact (the
// forward list), with name as its display name when not empty, and
// returns the new entry's id.
//
// Real MSN refuses an address already in the book with ErrExists (the
// id is then "": FindAll has it); Escargot adds nothing and returns the
// existing entry's id. An address that is no Messenger account is
// ErrNoSuchUser. The contact is not put on the allow list: AddMember does
// that.
func (c *Client) AddContact(ctx context.Context, email, name string) (id string, err error) {
	const op = "ABContactAdd"
	if err := checkEmail(email); err != nil {
		return "", fmt.Errorf("ab: %s: %w", op, err)
	}
	if err := checkText("name", name, true); err != nil {
		return "", fmt.Errorf("ab: %s: %w", op, err)
	}
	resp, err := c.call(ctx, PathAB, op, scenarioContactSave, buildContactAdd(email, name))
	if err != nil {
		return "", err
	}
	return resultGUID(op, resp)
}

// DeleteContact removes the entry with the given id from the address book
// (and so from the forward list). An unknown id is ErrNotFound on real
// MSN; Escargot answers success.
func (c *Client) DeleteContact(ctx context.Context, id string) error {
	const op = "ABContactDelete"
	if err := checkGUID("contact id", id); err != nil {
		return fmt.Errorf("ab: %s: %w", op, err)
	}
	_, err := c.call(ctx, PathAB, op, scenarioTimer, buildContactDelete(id))
	return err
}

// AddMember puts email in role, "Allow" or "Block", of the Messenger
// service. Being there already is ErrExists on real MSN and success on
// Escargot; an address that is no Messenger account is ErrNoSuchUser.
func (c *Client) AddMember(ctx context.Context, role, email string) error {
	const op = "AddMember"
	if role != "Allow" && role != "Block" {
		return fmt.Errorf("ab: %s: role %q is not Allow or Block", op, role)
	}
	if err := checkEmail(email); err != nil {
		return fmt.Errorf("ab: %s: %w", op, err)
	}
	_, err := c.call(ctx, PathSharing, op, scenarioBlock, buildMember(op, role, email))
	return err
}

// DeleteMember takes email out of role: "Allow", "Block", or "Pending"
// (which dismisses the notice that email added the account). An address
// that is not a member is ErrNotFound (Escargot says so only for an
// address that is in none of the account's lists).
func (c *Client) DeleteMember(ctx context.Context, role, email string) error {
	const op = "DeleteMember"
	if role != "Allow" && role != "Block" && role != "Pending" {
		return fmt.Errorf("ab: %s: role %q is not Allow, Block or Pending", op, role)
	}
	if err := checkEmail(email); err != nil {
		return fmt.Errorf("ab: %s: %w", op, err)
	}
	_, err := c.call(ctx, PathSharing, op, scenarioBlock, buildMember(op, role, email))
	return err
}

// AddGroup creates a group and returns its id. A name in use (or the
// reserved "(No Group)") is ErrExists.
func (c *Client) AddGroup(ctx context.Context, name string) (id string, err error) {
	const op = "ABGroupAdd"
	if err := checkText("group name", name, false); err != nil {
		return "", fmt.Errorf("ab: %s: %w", op, err)
	}
	resp, err := c.call(ctx, PathAB, op, scenarioGroupSave, buildGroupAdd(name))
	if err != nil {
		return "", err
	}
	return resultGUID(op, resp)
}

// RenameGroup renames the group with the given id. A name in use is
// ErrExists (on Escargot, the group's own current name too). Escargot
// answers an unknown id with a bare HTTP 500 (a *soap.HTTPError).
func (c *Client) RenameGroup(ctx context.Context, id, name string) error {
	const op = "ABGroupUpdate"
	if err := checkGUID("group id", id); err != nil {
		return fmt.Errorf("ab: %s: %w", op, err)
	}
	if err := checkText("group name", name, false); err != nil {
		return fmt.Errorf("ab: %s: %w", op, err)
	}
	_, err := c.call(ctx, PathAB, op, scenarioGroupSave, buildGroupUpdate(id, name))
	return err
}

// DeleteGroup deletes the group with the given id; its contacts stay in
// the address book. An unknown id is ErrNotFound on real MSN and a bare
// HTTP 500 on Escargot.
func (c *Client) DeleteGroup(ctx context.Context, id string) error {
	const op = "ABGroupDelete"
	if err := checkGUID("group id", id); err != nil {
		return fmt.Errorf("ab: %s: %w", op, err)
	}
	_, err := c.call(ctx, PathAB, op, scenarioGroupSave, buildGroupDelete(id))
	return err
}

// AddToGroup puts the contact with id contactID in the group groupID. A
// contact that is not in the address book is ErrNotFound; Escargot
// answers a bare HTTP 500 for an unknown group or a contact already in it.
func (c *Client) AddToGroup(ctx context.Context, groupID, contactID string) error {
	const op = "ABGroupContactAdd"
	if err := checkGUID("group id", groupID); err != nil {
		return fmt.Errorf("ab: %s: %w", op, err)
	}
	if err := checkGUID("contact id", contactID); err != nil {
		return fmt.Errorf("ab: %s: %w", op, err)
	}
	_, err := c.call(ctx, PathAB, op, scenarioGroupSave, buildGroupContactAdd(groupID, contactID))
	return err
}

// RemoveFromGroup takes the contact with id contactID out of the group
// groupID. A contact that is not in the address book is ErrNotFound;
// Escargot answers a bare HTTP 500 for an unknown group or a contact not
// in it.
func (c *Client) RemoveFromGroup(ctx context.Context, groupID, contactID string) error {
	const op = "ABGroupContactDelete"
	if err := checkGUID("group id", groupID); err != nil {
		return fmt.Errorf("ab: %s: %w", op, err)
	}
	if err := checkGUID("contact id", contactID); err != nil {
		return fmt.Errorf("ab: %s: %w", op, err)
	}
	_, err := c.call(ctx, PathAB, op, scenarioGroupSave, buildGroupContactDelete(groupID, contactID))
	return err
}

// call wraps op in an envelope with the ticket, posts it to path with
// op's SOAPAction and wipes the request (it holds the ticket).
func (c *Client) call(ctx context.Context, path, op, scenario, body string) ([]byte, error) {
	if c == nil || c.SOAP == nil {
		return nil, fmt.Errorf("ab: %s: client has no SOAP client", op)
	}
	if err := checkTicket(c.Ticket); err != nil {
		return nil, fmt.Errorf("ab: %s: %w", op, err)
	}
	req := envelope(c.Ticket, scenario, body)
	resp, err := c.SOAP.Call(ctx, path, ActionPrefix+op, req)
	clear(req)
	if err != nil {
		return nil, callError(op, err)
	}
	return resp, nil
}

// checkEmail refuses what cannot be a Passport address: the services want
// an "@" and a "." (Escargot answers BadEmailArgument otherwise).
func checkEmail(email string) error {
	if email == "" {
		return errors.New("no email address")
	}
	if len(email) > 320 || !strings.Contains(email, "@") || !strings.Contains(email, ".") ||
		strings.ContainsFunc(email, func(r rune) bool { return r <= ' ' || r == 0x7f || r == utf8.RuneError }) {
		return fmt.Errorf("invalid email address %q", email)
	}
	return nil
}

// checkText refuses a name that is not UTF-8, has control characters or
// is too long; an empty one only when empty is allowed.
func checkText(what, s string, empty bool) error {
	switch {
	case s == "" && !empty:
		return fmt.Errorf("empty %s", what)
	case !utf8.ValidString(s):
		return fmt.Errorf("%s is not UTF-8", what)
	case len(s) > MaxText:
		return fmt.Errorf("%s longer than %d bytes", what, MaxText)
	case strings.ContainsFunc(s, func(r rune) bool { return r < ' ' || r == 0x7f }):
		return fmt.Errorf("%s has control characters", what)
	}
	return nil
}

// checkGUID refuses an id that is not a GUID (8-4-4-4-12 hex digits).
func checkGUID(what, id string) error {
	if !isGUID(id) {
		return fmt.Errorf("%s %q is not a GUID", what, id)
	}
	return nil
}

func isGUID(s string) bool {
	if len(s) != 36 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch i {
		case 8, 13, 18, 23:
			if c != '-' {
				return false
			}
		default:
			if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F') {
				return false
			}
		}
	}
	return true
}

// trimPrefix is an error's text without the package prefix, for errors
// wrapped in a longer sentence of this package.
func trimPrefix(err error) string {
	return strings.TrimPrefix(err.Error(), "ab: ")
}

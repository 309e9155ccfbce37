package contacts

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"strings"

	"github.com/msn-cli/msn/client/ab"
	"github.com/msn-cli/msn/client/msnp"
	"github.com/msn-cli/msn/client/ns"
)

// Errors of an Editor's changes, whichever service (the NS at MSNP12,
// the address book at MSNP15/18) refused them.
var (
	// ErrNoSuchGroup: a group named in a change does not exist.
	ErrNoSuchGroup = errors.New("contacts: no such group")
	// ErrNoSuchAccount: the server knows no account of that address.
	ErrNoSuchAccount = errors.New("contacts: no such account on this server")
	// ErrGroupExists: a group of that name exists already.
	ErrGroupExists = errors.New("contacts: a group with that name already exists")
)

// classify makes *err match ErrNoSuchAccount or ErrGroupExists when the
// NS or the address book refused for that reason.
func classify(err *error) {
	switch e := *err; {
	case errors.Is(e, ab.ErrNoSuchUser), errors.Is(e, msnp.ErrInvalidUsername), errors.Is(e, msnp.ErrInvalidPrincipal):
		*err = fmt.Errorf("%w: %w", ErrNoSuchAccount, e)
	case errors.Is(e, ab.ErrExists), errors.Is(e, msnp.ErrGroupExists):
		*err = fmt.Errorf("%w: %w", ErrGroupExists, e)
	}
}

// Editor changes the contact list of a session, given the list as loaded.
// Each method blocks until the server has answered every command it
// needed, and reports whether anything changed: adding what is there or
// removing what is not succeeds with changed false, so scripts can repeat
// themselves.
type Editor struct {
	Session *ns.Session
	Book    *ab.Client // MSNP15/18
	List    *List
}

func (e *Editor) soap() bool { return e.Session.Dialect.AddressBook }

// send runs one NS command; an error code in ignore counts as "already so".
func (e *Editor) send(ctx context.Context, name string, params []string, ignore ...*msnp.Error) (msnp.Command, bool, error) {
	reply, err := e.Session.Conn().Send(ctx, msnp.Command{Name: name, Params: params})
	for _, code := range ignore {
		if errors.Is(err, code) {
			return reply, false, nil
		}
	}
	if err != nil {
		return reply, false, fmt.Errorf("contacts: %s: %w", name, err)
	}
	return reply, true, nil
}

// list sends ADL (add) or RML (remove) for one contact and list bits.
func (e *Editor) list(ctx context.Context, cmd, email string, bits int) error {
	for _, payload := range adlPayloads([]adlEntry{{email: email, bits: bits}}, maxADL, false) {
		if _, err := e.Session.Conn().Send(ctx, msnp.Command{Name: cmd, Payload: payload}); err != nil {
			return fmt.Errorf("contacts: %s: %w", cmd, err)
		}
	}
	return nil
}

// Add puts email on the forward and allow lists with a display name (""
// means the email), and into group if not "".
func (e *Editor) Add(ctx context.Context, email, name, group string) (changed bool, err error) {
	defer classify(&err)
	var g *Group
	if group != "" {
		if g = e.List.group(group); g == nil {
			return false, fmt.Errorf("%w %q", ErrNoSuchGroup, group)
		}
	}
	if name == "" {
		name = email
	}
	c := e.List.find(email)
	pending := c != nil && c.has(ListPending)
	if c == nil || !c.has(ListForward) {
		id, err := e.addForward(ctx, email, name)
		if err != nil {
			return false, err
		}
		changed = true
		c = &Contact{Email: email, id: id}
	}
	if pending { // acknowledged now: off the pending list
		if err := e.clearPending(ctx, email); err != nil {
			return changed, err
		}
		changed = true
	}
	if g != nil && !contains(c.groupIDs, g.ID) {
		if err := e.addToGroup(ctx, c.id, g.ID); err != nil {
			return changed, err
		}
		changed = true
	}
	return changed, nil
}

func (e *Editor) addForward(ctx context.Context, email, name string) (id string, err error) {
	if e.soap() {
		id, err = e.Book.AddContact(ctx, email, name)
		if errors.Is(err, ab.ErrExists) {
			err = nil
		}
		if err != nil {
			return "", err
		}
		listed := bitForward
		if c := e.List.find(email); c == nil || !c.has(ListBlock) { // a blocked contact stays blocked
			if err := e.Book.AddMember(ctx, "Allow", email); err != nil && !errors.Is(err, ab.ErrExists) {
				return "", err
			}
			listed |= bitAllow
		}
		return id, e.list(ctx, "ADL", email, listed)
	}
	reply, _, err := e.send(ctx, "ADC", []string{"FL", "N=" + email, "F=" + url.PathEscape(name)})
	if err != nil {
		return "", err
	}
	for _, p := range reply.Params {
		if strings.HasPrefix(p, "C=") {
			id = p[2:]
		}
	}
	if c := e.List.find(email); c == nil || !c.has(ListBlock) {
		if _, _, err := e.send(ctx, "ADC", []string{"AL", "N=" + email}, msnp.ErrAlreadyInList); err != nil {
			return "", err
		}
	}
	return id, nil
}

// clearPending takes a contact who added the user off the pending list.
func (e *Editor) clearPending(ctx context.Context, email string) error {
	if e.soap() {
		if err := e.Book.DeleteMember(ctx, "Pending", email); err != nil && !errors.Is(err, ab.ErrNotFound) {
			return err
		}
		return nil
	}
	_, _, err := e.send(ctx, "REM", []string{"PL", email}, msnp.ErrNotInList)
	return err
}

func (e *Editor) addToGroup(ctx context.Context, contactID, groupID string) error {
	if e.soap() {
		return e.Book.AddToGroup(ctx, groupID, contactID)
	}
	_, _, err := e.send(ctx, "ADC", []string{"FL", "C=" + contactID, groupID}, msnp.ErrAlreadyInList)
	return err
}

// Remove takes email off the forward list (the allow and block lists stay
// as they are).
func (e *Editor) Remove(ctx context.Context, email string) (changed bool, err error) {
	defer classify(&err)
	c := e.List.find(email)
	if c == nil || !c.has(ListForward) {
		return false, nil
	}
	if e.soap() {
		err := e.Book.DeleteContact(ctx, c.id)
		if errors.Is(err, ab.ErrNotFound) {
			return false, nil
		}
		if err != nil {
			return false, err
		}
		return true, e.list(ctx, "RML", email, bitForward)
	}
	_, changed, err = e.send(ctx, "REM", []string{"FL", c.id}, msnp.ErrNotInList)
	return changed, err
}

// Block moves email from the allow list to the block list.
func (e *Editor) Block(ctx context.Context, email string) (changed bool, err error) {
	defer classify(&err)
	return e.move(ctx, email, ListAllow, ListBlock)
}

// Unblock moves email from the block list to the allow list.
func (e *Editor) Unblock(ctx context.Context, email string) (changed bool, err error) {
	defer classify(&err)
	return e.move(ctx, email, ListBlock, ListAllow)
}

var (
	roles = map[string]string{ListAllow: "Allow", ListBlock: "Block"}
	codes = map[string]string{ListAllow: "AL", ListBlock: "BL"}
	bits  = map[string]int{ListAllow: bitAllow, ListBlock: bitBlock}
)

func (e *Editor) move(ctx context.Context, email, from, to string) (bool, error) {
	if c := e.List.find(email); c != nil && c.has(to) && !c.has(from) {
		return false, nil
	}
	if e.soap() {
		if err := e.Book.DeleteMember(ctx, roles[from], email); err != nil && !errors.Is(err, ab.ErrNotFound) {
			return false, err
		}
		if err := e.Book.AddMember(ctx, roles[to], email); err != nil && !errors.Is(err, ab.ErrExists) {
			return false, err
		}
		if err := e.list(ctx, "RML", email, bits[from]); err != nil {
			return false, err
		}
		return true, e.list(ctx, "ADL", email, bits[to])
	}
	if c := e.List.find(email); c != nil && c.has(from) { // REM of a stranger is 208
		if _, _, err := e.send(ctx, "REM", []string{codes[from], email}, msnp.ErrNotInList); err != nil {
			return false, err
		}
	}
	_, _, err := e.send(ctx, "ADC", []string{codes[to], "N=" + email}, msnp.ErrAlreadyInList)
	return err == nil, err
}

// CreateGroup adds a group; one with that name already there is no change.
func (e *Editor) CreateGroup(ctx context.Context, name string) (changed bool, err error) {
	defer classify(&err)
	if e.List.group(name) != nil {
		return false, nil
	}
	if e.soap() {
		_, err := e.Book.AddGroup(ctx, name)
		if errors.Is(err, ab.ErrExists) {
			return false, nil
		}
		return err == nil, err
	}
	_, changed, err = e.send(ctx, "ADG", []string{url.PathEscape(name)}, msnp.ErrGroupExists)
	return changed, err
}

// RenameGroup renames group old; a missing group is ErrNoSuchGroup.
func (e *Editor) RenameGroup(ctx context.Context, old, name string) (changed bool, err error) {
	defer classify(&err)
	g := e.List.group(old)
	if g == nil {
		return false, fmt.Errorf("%w %q", ErrNoSuchGroup, old)
	}
	if g.Name == name {
		return false, nil
	}
	if e.soap() {
		return true, e.Book.RenameGroup(ctx, g.ID, name)
	}
	_, changed, err = e.send(ctx, "REG", []string{g.ID, url.PathEscape(name)})
	return changed, err
}

// DeleteGroup removes a group (its contacts stay on the list); a missing
// group is no change.
func (e *Editor) DeleteGroup(ctx context.Context, name string) (changed bool, err error) {
	defer classify(&err)
	g := e.List.group(name)
	if g == nil {
		return false, nil
	}
	if e.soap() {
		err := e.Book.DeleteGroup(ctx, g.ID)
		if errors.Is(err, ab.ErrNotFound) {
			return false, nil
		}
		return err == nil, err
	}
	_, changed, err = e.send(ctx, "RMG", []string{g.ID}, msnp.ErrInvalidGroup)
	return changed, err
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

func equalFold(a, b string) bool { return strings.EqualFold(a, b) }

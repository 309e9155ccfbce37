package contacts

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/msn-cli/msn/client/ab"
	"github.com/msn-cli/msn/client/msnp"
	"github.com/msn-cli/msn/client/ns"
)

// Fetch reads the contact list and the contacts' presence, which the
// session records. It sets the user's initial status to hidden, so
// contacts do not see the user appear, and blocks until the presence
// burst is complete or ctx is done. book is used at MSNP15/18 (it may be
// nil at MSNP12).
func Fetch(ctx context.Context, sess *ns.Session, book *ab.Client) (*List, error) {
	var list *List
	var err error
	if sess.Dialect.AddressBook {
		list, err = fetchAddressBook(ctx, sess, book)
	} else {
		list, err = fetchSYN(ctx, sess)
	}
	if err != nil {
		return nil, err
	}
	if err := sess.SetPresence(ctx, ns.StatusHidden); err != nil {
		return nil, err
	}
	if err := sess.Sync(ctx); err != nil {
		return nil, err
	}
	applyPresence(list, sess)
	sortList(list)
	return list, nil
}

// fetchSYN reads the MSNP12 list: SYN answers with counts, then LSG and
// LST lines without a TrID.
func fetchSYN(ctx context.Context, sess *ns.Session) (*List, error) {
	reply, burst, err := sess.SyncList(ctx)
	if err != nil {
		return nil, err
	}
	wantContacts, _ := strconv.Atoi(reply.Param(2))
	list := parseSYN(burst)
	if len(list.Contacts) != wantContacts {
		return nil, fmt.Errorf("%w: SYN announced %d contacts, %d arrived", msnp.ErrUnexpectedReply, wantContacts, len(list.Contacts))
	}
	return list, nil
}

// parseSYN reads LSG (`LSG name id`) and LST (`LST N=email F=name C=id
// bits [1] [group,ids]`) lines; LST of a contact in no group ends with a
// space, which the codec drops.
func parseSYN(lines []msnp.Command) *List {
	list := &List{}
	names := map[string]string{}
	for _, cmd := range lines {
		if cmd.Name == "LSG" && len(cmd.Params) >= 2 {
			g := Group{ID: cmd.Params[1], Name: decodeName(cmd.Params[0])}
			list.Groups = append(list.Groups, g)
			names[g.ID] = g.Name
		}
	}
	for _, cmd := range lines {
		if cmd.Name != "LST" {
			continue
		}
		var c Contact
		var rest []string
		for _, p := range cmd.Params {
			switch {
			case strings.HasPrefix(p, "N="):
				c.Email = strings.ToLower(p[2:])
			case strings.HasPrefix(p, "F="):
				c.Name = decodeName(p[2:])
			case strings.HasPrefix(p, "C="):
				c.id = p[2:]
			default:
				rest = append(rest, p)
			}
		}
		if c.Email == "" || len(rest) == 0 {
			continue
		}
		bits, _ := strconv.Atoi(rest[0])
		c.Lists = listNames(bits)
		if last := rest[len(rest)-1]; len(rest) > 1 && strings.Contains(last, "-") {
			c.groupIDs = strings.Split(last, ",")
		}
		c.Groups = groupNames(c.groupIDs, names)
		list.Contacts = append(list.Contacts, c)
	}
	return list
}

func groupNames(ids []string, names map[string]string) []string {
	out := []string{}
	for _, id := range ids {
		if n, ok := names[id]; ok {
			out = append(out, n)
		}
	}
	return out
}

// fetchAddressBook reads the MSNP15/18 list from ABFindAll and
// FindMembership (in parallel), then tells the NS whom to report on (ADL).
func fetchAddressBook(ctx context.Context, sess *ns.Session, book *ab.Client) (*List, error) {
	type found struct {
		book *ab.AddressBook
		mem  *ab.Membership
		err  error
	}
	memc := make(chan found, 1)
	go func() {
		m, err := book.FindMembership(ctx)
		memc <- found{mem: m, err: err}
	}()
	all, err := book.FindAll(ctx)
	m := <-memc
	if err != nil {
		return nil, fmt.Errorf("contacts: ABFindAll: %w", err)
	}
	if m.err != nil {
		return nil, fmt.Errorf("contacts: FindMembership: %w", m.err)
	}
	list := merge(all, m.mem)
	if err := announce(ctx, sess, list); err != nil {
		return nil, err
	}
	return list, nil
}

// merge builds the list from the address book (the forward list, groups)
// and the memberships (allow, block, reverse, pending).
func merge(all *ab.AddressBook, mem *ab.Membership) *List {
	list := &List{}
	names := map[string]string{}
	for _, g := range all.Groups {
		list.Groups = append(list.Groups, Group{ID: g.ID, Name: g.Name})
		names[g.ID] = g.Name
	}
	bits := map[string]int{}
	byEmail := map[string]*Contact{}
	var order []string
	add := func(email string) *Contact {
		email = strings.ToLower(email)
		if c := byEmail[email]; c != nil {
			return c
		}
		byEmail[email] = &Contact{Email: email}
		order = append(order, email)
		return byEmail[email]
	}
	for _, ac := range all.Contacts {
		if ac.Email == "" || !ac.IsMessenger {
			continue
		}
		c := add(ac.Email)
		c.Name, c.id, c.groupIDs = ac.Name, ac.ID, ac.Groups
		c.Groups = groupNames(ac.Groups, names)
		bits[c.Email] |= bitForward
	}
	for _, role := range []struct {
		emails []string
		bit    int
	}{{mem.Allow, bitAllow}, {mem.Block, bitBlock}, {mem.Reverse, bitReverse}, {mem.Pending, bitPending}} {
		for _, e := range role.emails {
			bits[add(e).Email] |= role.bit
		}
	}
	for _, email := range order {
		c := byEmail[email]
		c.Lists = listNames(bits[email])
		if c.Groups == nil {
			c.Groups = []string{}
		}
		list.Contacts = append(list.Contacts, *c)
	}
	return list
}

// maxADL keeps each ADL payload under the size servers accept.
const maxADL = 7400

// announce sends ADL for the forward, allow and block lists, the bits as
// they already are (ADL also changes lists: it must repeat, not alter),
// in chunks, and waits for each OK.
func announce(ctx context.Context, sess *ns.Session, list *List) error {
	var entries []adlEntry
	for _, c := range list.Contacts {
		bits := 0
		for _, l := range []struct {
			name string
			bit  int
		}{{ListForward, bitForward}, {ListAllow, bitAllow}, {ListBlock, bitBlock}} {
			if c.has(l.name) {
				bits |= l.bit
			}
		}
		if bits != 0 {
			entries = append(entries, adlEntry{email: c.Email, bits: bits})
		}
	}
	for _, payload := range adlPayloads(entries, maxADL, true) {
		if _, err := sess.Conn().Send(ctx, msnp.Command{Name: "ADL", Payload: payload}); err != nil {
			return fmt.Errorf("contacts: ADL: %w", err)
		}
	}
	return nil
}

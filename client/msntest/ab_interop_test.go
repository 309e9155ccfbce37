package msntest

import (
	"context"
	"errors"
	"reflect"
	"slices"
	"testing"

	"github.com/msn-cli/msn/client/ab"
	"github.com/msn-cli/msn/client/soap"
)

// The client package's address book client against this server, every
// operation, checked on the server's own state.
func TestABClientInterop(t *testing.T) {
	ctx := context.Background()
	s := newTestServer(t, Options{})
	s.AddAccount("erin@example.com", "erin123", "Erin")
	const alice = "alice@example.com"
	c := login(t, s, alice, "alice123", 18, guidA)
	book := abClient(t, s, alice)
	friends := groupID(t, s, alice, "Friends")
	bobID, daveID := uuidOf(t, s, "bob@example.com"), uuidOf(t, s, "dave@example.com")

	all, err := book.FindAll(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(all.Contacts) != 2 || all.Contacts[0].ID != bobID || !slices.Equal(all.Contacts[0].Groups, []string{friends}) ||
		all.Me.Email != alice || all.Me.ID != uuidOf(t, s, alice) || !reflect.DeepEqual(all.Groups, []ab.Group{{ID: friends, Name: "Friends"}}) {
		t.Errorf("FindAll: %+v", all)
	}
	m, err := book.FindMembership(ctx)
	if err != nil || !slices.Equal(m.Allow, []string{"bob@example.com", "carol@example.com"}) || len(m.Block) != 0 {
		t.Errorf("FindMembership: %+v, %v", m, err)
	}

	// Contacts.
	id, err := book.AddContact(ctx, "dave@example.com", "Dave")
	if err != nil || id != daveID {
		t.Fatalf("AddContact: %q, %v", id, err)
	}
	if l := s.Lists(alice, "dave@example.com"); l != listFL {
		t.Errorf("dave on alice's lists: %d", l)
	}
	if l := s.Lists("dave@example.com", alice); l != listRL|listPL {
		t.Errorf("alice on dave's lists: %d", l)
	}
	if id, err := book.AddContact(ctx, "dave@example.com", ""); err != nil || id != daveID {
		t.Errorf("AddContact again: %q, %v (Escargot answers the same id)", id, err)
	}
	if _, err := book.AddContact(ctx, "nobody@example.com", ""); !errors.Is(err, ab.ErrNoSuchUser) {
		t.Errorf("AddContact of nobody: %v", err)
	}

	// Memberships.
	for _, step := range []struct {
		do   func() error
		want int
	}{
		{func() error { return book.AddMember(ctx, "Allow", "dave@example.com") }, listFL | listAL},
		{func() error { return book.AddMember(ctx, "Allow", "dave@example.com") }, listFL | listAL},
		{func() error { return book.AddMember(ctx, "Block", "dave@example.com") }, listFL | listAL | listBL},
		{func() error { return book.DeleteMember(ctx, "Allow", "dave@example.com") }, listFL | listBL},
		{func() error { return book.DeleteMember(ctx, "Allow", "dave@example.com") }, listFL | listBL},
		{func() error { return book.DeleteMember(ctx, "Block", "dave@example.com") }, listFL},
	} {
		if err := step.do(); err != nil {
			t.Fatal(err)
		}
		if l := s.Lists(alice, "dave@example.com"); l != step.want {
			t.Errorf("dave on alice's lists: %d, want %d", l, step.want)
		}
	}
	if err := book.DeleteMember(ctx, "Block", "erin@example.com"); !errors.Is(err, ab.ErrNotFound) {
		t.Errorf("DeleteMember of someone in no list: %v", err)
	}
	if err := book.AddMember(ctx, "Block", "nobody@example.com"); !errors.Is(err, ab.ErrNoSuchUser) {
		t.Errorf("AddMember of nobody: %v", err)
	}

	// Groups.
	work, err := book.AddGroup(ctx, "Work & Play")
	if err != nil || s.Groups(alice)[work] != "Work & Play" {
		t.Fatalf("AddGroup: %q, %v, %v", work, err, s.Groups(alice))
	}
	if _, err := book.AddGroup(ctx, "Work & Play"); !errors.Is(err, ab.ErrExists) {
		t.Errorf("AddGroup again: %v", err)
	}
	if err := book.RenameGroup(ctx, work, "Colleagues"); err != nil || s.Groups(alice)[work] != "Colleagues" {
		t.Errorf("RenameGroup: %v, %v", err, s.Groups(alice))
	}
	if err := book.RenameGroup(ctx, work, "Friends"); !errors.Is(err, ab.ErrExists) {
		t.Errorf("RenameGroup to a name in use: %v", err)
	}
	if err := book.AddToGroup(ctx, work, daveID); err != nil || !slices.Equal(s.ContactGroups(alice, "dave@example.com"), []string{work}) {
		t.Errorf("AddToGroup: %v, %v", err, s.ContactGroups(alice, "dave@example.com"))
	}
	var he *soap.HTTPError
	if err := book.AddToGroup(ctx, work, daveID); !errors.As(err, &he) || he.Status != 500 {
		t.Errorf("AddToGroup again: %v (Escargot: a bare 500)", err)
	}
	if err := book.AddToGroup(ctx, work, uuidOf(t, s, "erin@example.com")); !errors.Is(err, ab.ErrNotFound) {
		t.Errorf("AddToGroup of someone not in the book: %v", err)
	}
	if err := book.RemoveFromGroup(ctx, work, daveID); err != nil || s.ContactGroups(alice, "dave@example.com") != nil {
		t.Errorf("RemoveFromGroup: %v, %v", err, s.ContactGroups(alice, "dave@example.com"))
	}
	if err := book.RemoveFromGroup(ctx, work, uuidOf(t, s, "erin@example.com")); !errors.Is(err, ab.ErrNotFound) {
		t.Errorf("RemoveFromGroup of someone not in the book: %v", err)
	}
	if err := book.AddToGroup(ctx, work, bobID); err != nil {
		t.Fatal(err)
	}
	if err := book.DeleteGroup(ctx, work); err != nil {
		t.Fatal(err)
	}
	if _, ok := s.Groups(alice)[work]; ok || !slices.Equal(s.ContactGroups(alice, "bob@example.com"), []string{friends}) {
		t.Errorf("after DeleteGroup: %v, bob in %v", s.Groups(alice), s.ContactGroups(alice, "bob@example.com"))
	}
	if err := book.DeleteGroup(ctx, work); !errors.As(err, &he) || he.Status != 500 {
		t.Errorf("DeleteGroup again: %v (Escargot: a bare 500)", err)
	}

	// Deleting a contact; an unknown id is no error on Escargot.
	if err := book.DeleteContact(ctx, daveID); err != nil {
		t.Fatal(err)
	}
	if l, r := s.Lists(alice, "dave@example.com"), s.Lists("dave@example.com", alice); l != 0 || r != 0 {
		t.Errorf("after DeleteContact: alice has dave on %d, dave has alice on %d", l, r)
	}
	if err := book.DeleteContact(ctx, daveID); err != nil {
		t.Errorf("DeleteContact again: %v", err)
	}
	all, err = book.FindAll(ctx)
	if err != nil || len(all.Contacts) != 2 || len(all.Groups) != 1 {
		t.Errorf("FindAll at the end: %+v, %v", all, err)
	}

	// Once the NS session has ended, the ticket is refused.
	c.sendf("OUT")
	c.expectClosed()
	if _, err := book.FindMembership(ctx); !errors.Is(err, ab.ErrNoSession) {
		t.Errorf("after logout: %v", err)
	}
}

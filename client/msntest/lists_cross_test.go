package msntest

import (
	"context"
	"fmt"
	"reflect"
	"testing"

	"github.com/msn-cli/msn/client/ab"
)

// One list, two views: what an MSNP18 client changes through the address
// book and sharing services is what MSNP12's SYN shows, and what an
// MSNP12 client changes with ADC/REM/ADG is what ABFindAll and
// FindMembership show at MSNP15.
func TestListsAcrossDialects(t *testing.T) {
	ctx := context.Background()
	s := newTestServer(t, Options{})
	const alice = "alice@example.com"
	bobID, carolID, daveID := uuidOf(t, s, "bob@example.com"), uuidOf(t, s, "carol@example.com"), uuidOf(t, s, "dave@example.com")
	friends := groupID(t, s, alice, "Friends")

	// MSNP18, through SOAP.
	c := login(t, s, alice, "alice123", 18, guidA)
	book := abClient(t, s, alice)
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	_, err := book.AddContact(ctx, "dave@example.com", "Dave")
	must(err)
	must(book.AddMember(ctx, "Allow", "dave@example.com"))
	work, err := book.AddGroup(ctx, "Work")
	must(err)
	must(book.AddToGroup(ctx, work, daveID))
	must(book.AddMember(ctx, "Block", "carol@example.com"))
	must(book.RenameGroup(ctx, friends, "Buddies"))
	c.sendf("OUT")
	c.expectClosed()

	// MSNP12 sees it in SYN.
	c = login(t, s, alice, "alice123", 12, "")
	c.sendf("SYN 5 0 0")
	for _, want := range []string{
		"SYN 5 2000-01-01T00:00:00.0-00:00 2000-01-01T00:00:00.0-00:00 3 2",
		"GTC A",
		"BLP AL",
		"PRP MFN Alice",
		"LSG Buddies " + friends,
		"LSG Work " + work,
		fmt.Sprintf("LST N=bob@example.com F=Bob C=%s 11 1 %s", bobID, friends),
		fmt.Sprintf("LST N=carol@example.com F=Carol C=%s 15 1 ", carolID),
		fmt.Sprintf("LST N=dave@example.com F=Dave C=%s 3 1 %s", daveID, work),
	} {
		if got, _ := c.read(); got != want {
			t.Errorf("SYN: got %q, want %q", got, want)
		}
	}

	// MSNP12 changes it.
	for _, step := range []struct{ send, want string }{
		{"REM 6 BL carol@example.com", "REM 6 BL carol@example.com"},
		{"ADC 7 BL N=bob@example.com", "ADC 7 BL N=bob@example.com"},
		{"REM 8 FL " + bobID, "REM 8 FL " + bobID},
		{"ADG 9 Family", "ADG 9 Family "},
	} {
		c.send(step.send)
		line, _ := c.expectNext(step.want)
		if step.send == "ADG 9 Family" {
			family := line[len("ADG 9 Family "):][:36]
			c.sendf("ADC 10 FL C=%s %s", daveID, family)
			c.expectNext(fmt.Sprintf("ADC 10 FL C=%s %s", daveID, family))
		}
	}
	family := groupID(t, s, alice, "Family")
	c.sendf("OUT")
	c.expectClosed()

	// MSNP15 sees it through SOAP.
	login(t, s, alice, "alice123", 15, "")
	book = abClient(t, s, alice)
	all, err := book.FindAll(ctx)
	must(err)
	wantBook := &ab.AddressBook{
		Groups: []ab.Group{{ID: friends, Name: "Buddies"}, {ID: work, Name: "Work"}, {ID: family, Name: "Family"}},
		Contacts: []ab.Contact{
			{ID: carolID, Email: "carol@example.com", Name: "Carol", IsMessenger: true},
			{ID: daveID, Email: "dave@example.com", Name: "Dave", Groups: []string{work, family}, IsMessenger: true},
		},
		Me: ab.Contact{ID: uuidOf(t, s, alice), Email: alice, Name: "Alice"},
	}
	if !reflect.DeepEqual(all, wantBook) {
		t.Errorf("FindAll\n got %+v\nwant %+v", all, wantBook)
	}
	m, err := book.FindMembership(ctx)
	must(err)
	wantMembers := &ab.Membership{
		Allow:   []string{"bob@example.com", "carol@example.com", "dave@example.com"},
		Block:   []string{"bob@example.com"},
		Reverse: []string{"bob@example.com", "carol@example.com"},
	}
	if !reflect.DeepEqual(m, wantMembers) {
		t.Errorf("FindMembership\n got %+v\nwant %+v", m, wantMembers)
	}
	// The other side's reverse lists followed.
	for _, tc := range []struct {
		owner string
		want  int
	}{{"bob@example.com", listFL | listAL}, {"carol@example.com", listFL | listAL | listRL}, {"dave@example.com", listRL | listPL}} {
		if l := s.Lists(tc.owner, alice); l != tc.want {
			t.Errorf("alice on %s's lists: %d, want %d", tc.owner, l, tc.want)
		}
	}
}

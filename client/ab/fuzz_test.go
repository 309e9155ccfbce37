package ab

import (
	"reflect"
	"strings"
	"testing"
)

// FuzzParseFindAll checks that ParseFindAll never panics, that an error
// comes alone and names the package, and that a result respects the
// limits and is the same on a second parse.
func FuzzParseFindAll(f *testing.F) {
	f.Add([]byte(`<ABFindAllResult/>`))
	f.Add([]byte(`<ABFindAllResult><groups><Group><groupId>g</groupId><groupInfo><name>N</name></groupInfo></Group></groups>` +
		`<contacts><Contact><contactId>c</contactId><contactInfo><contactType>Me</contactType><passportName>a@b.c</passportName>` +
		`<groupIds><guid>g</guid></groupIds><isMessengerUser>true</isMessengerUser></contactInfo><fDeleted>false</fDeleted></Contact></contacts></ABFindAllResult>`))
	f.Add([]byte(`<x:ABFindAllResult xmlns:x="u"><x:contacts><x:Contact><x:contactInfo><x:displayName>&amp;</x:displayName>`))
	f.Add([]byte(`<ABFindAllResult><contacts></groups></ABFindAllResult>`))
	f.Fuzz(func(t *testing.T, body []byte) {
		book, err := ParseFindAll(body)
		if err != nil {
			if book != nil {
				t.Errorf("book %+v returned with error %v", book, err)
			}
			if !strings.HasPrefix(err.Error(), "ab: ") {
				t.Errorf("error %q lacks the package prefix", err)
			}
			return
		}
		if len(book.Contacts) > MaxEntries || len(book.Groups) > MaxEntries {
			t.Errorf("%d contacts, %d groups", len(book.Contacts), len(book.Groups))
		}
		for _, c := range append(book.Contacts, book.Me) {
			for _, s := range append([]string{c.ID, c.Email, c.Name}, c.Groups...) {
				if len(s) > MaxText {
					t.Errorf("a %d-byte value", len(s))
				}
			}
		}
		again, err := ParseFindAll(body)
		if err != nil || !reflect.DeepEqual(book, again) {
			t.Errorf("second parse differs: %+v, %v", again, err)
		}
	})
}

// FuzzParseFindMembership is FuzzParseFindAll for FindMembership.
func FuzzParseFindMembership(f *testing.F) {
	f.Add([]byte(`<FindMembershipResult/>`))
	f.Add([]byte(`<FindMembershipResult><Services><Service><Memberships><Membership><MemberRole>Allow</MemberRole><Members>` +
		`<Member><PassportName>a@b.c</PassportName><Deleted>false</Deleted></Member></Members></Membership></Memberships>` +
		`<Info><Handle><Type>Messenger</Type></Handle></Info></Service></Services></FindMembershipResult>`))
	f.Add([]byte(`<FindMembershipResult><Services><Service><Memberships><Membership><MemberRole>Block</MemberRole><Members><Member><Email>x`))
	f.Fuzz(func(t *testing.T, body []byte) {
		m, err := ParseFindMembership(body)
		if err != nil {
			if m != nil {
				t.Errorf("membership %+v returned with error %v", m, err)
			}
			if !strings.HasPrefix(err.Error(), "ab: ") {
				t.Errorf("error %q lacks the package prefix", err)
			}
			return
		}
		all := [][]string{m.Allow, m.Block, m.Reverse, m.Pending}
		n := 0
		for _, list := range all {
			n += len(list)
			for _, e := range list {
				if e == "" || len(e) > MaxText {
					t.Errorf("member %q", e)
				}
			}
		}
		if n > MaxEntries {
			t.Errorf("%d members", n)
		}
		again, err := ParseFindMembership(body)
		if err != nil || !reflect.DeepEqual(m, again) {
			t.Errorf("second parse differs: %+v, %v", again, err)
		}
	})
}

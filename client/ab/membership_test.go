package ab

import (
	"fmt"
	"reflect"
	"strings"
	"testing"
)

// passportMember is a Member element as Escargot's FindMembership writes
// one.
func passportMember(role, uuid, email string) string {
	return fmt.Sprintf(`<Member xsi:type="PassportMember">
	<MembershipId>%s/%s</MembershipId>
	<Type>Passport</Type>
	<State>Accepted</State>
	<Deleted>false</Deleted>
	<LastChanged>2026-11-24T21:13:03Z</LastChanged>
	<JoinedDate>2026-11-24T21:11:50Z</JoinedDate>
	<ExpirationDate>0001-01-01T00:00:00</ExpirationDate>
	<Changes />
	<PassportName>%s</PassportName>
	<IsPassportNameHidden>false</IsPassportNameHidden>
	<PassportId>0</PassportId>
	<CID>-8632455932681191022</CID>
	<PassportChanges />
	<LookedupByCID>false</LookedupByCID>
</Member>`, role, uuid, email)
}

// findMembershipDoc is a response shaped like Escargot's: one Messenger
// service with its memberships, then the owner namespace.
func findMembershipDoc(services ...string) string {
	return `<?xml version="1.0" encoding="utf-8"?>
<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xsd="http://www.w3.org/2001/XMLSchema">
	<soap:Header><ServiceHeader xmlns="http://www.msn.com/webservices/AddressBook"><Version>15.01.1408.0000</Version></ServiceHeader></soap:Header>
	<soap:Body>
		<FindMembershipResponse xmlns="http://www.msn.com/webservices/AddressBook">
			<FindMembershipResult>
				<Services>` + strings.Join(services, "") + `</Services>
				<OwnerNamespace><Info><Handle><Id>00000000-0000-0000-0000-000000000000</Id><IsPassportNameHidden>false</IsPassportNameHidden><CID>0</CID></Handle>
				<CreatorPuid>0</CreatorPuid><CreatorPassportName>alice@example.com</CreatorPassportName></Info></OwnerNamespace>
			</FindMembershipResult>
		</FindMembershipResponse>
	</soap:Body>
</soap:Envelope>`
}

// service is a Service element with the given type and memberships
// (role followed by member elements).
func service(kind string, memberships ...[]string) string {
	var b strings.Builder
	b.WriteString("<Service><Memberships>")
	for _, m := range memberships {
		b.WriteString("<Membership><MemberRole>" + m[0] + "</MemberRole><Members>")
		for _, mem := range m[1:] {
			b.WriteString(mem)
		}
		b.WriteString("</Members><MembershipIsComplete>true</MembershipIsComplete></Membership>")
	}
	b.WriteString("</Memberships>")
	if kind != "" {
		b.WriteString("<Info><Handle><Id>1</Id><Type>" + kind + "</Type><ForeignId /></Handle><InverseRequired>false</InverseRequired></Info>")
	}
	b.WriteString("<Changes /><LastChange>2026-11-24T21:13:03Z</LastChange><Deleted>false</Deleted></Service>")
	return b.String()
}

const (
	uuidBob   = "ce61d4dc-9719-4c7f-9201-53e1105b3388"
	uuidCarol = "2251c27d-c9f4-468c-b698-871b0ebfee29"
	uuidDave  = "d8b3fff8-7cb1-417c-a029-eb69305edcbe"
)

func TestParseFindMembership(t *testing.T) {
	doc := findMembershipDoc(service("Messenger",
		[]string{"Allow", passportMember("Allow", uuidBob, "bob@example.com"), passportMember("Allow", uuidCarol, "carol@example.com")},
		[]string{"Block", passportMember("Block", uuidDave, "dave@example.com")},
		[]string{"Reverse", passportMember("Reverse", uuidBob, "bob@example.com"), passportMember("Reverse", uuidCarol, "carol@example.com")},
		[]string{"Pending", passportMember("Pending", uuidDave, "dave@example.com")},
	))
	got, err := ParseFindMembership([]byte(doc))
	if err != nil {
		t.Fatal(err)
	}
	want := &Membership{
		Allow:   []string{"bob@example.com", "carol@example.com"},
		Block:   []string{"dave@example.com"},
		Reverse: []string{"bob@example.com", "carol@example.com"},
		Pending: []string{"dave@example.com"},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got  %+v\nwant %+v", got, want)
	}
}

func TestParseFindMembershipShapes(t *testing.T) {
	email := `<Member xsi:type="EmailMember"><Type>Email</Type><State>Accepted</State><Email>mail@example.com</Email></Member>`
	circle := `<Member xsi:type="CircleMember"><MembershipId>Block/00000000-0000-0000-0009-aabbccddeeff</MembershipId><Type>Circle</Type><State>Accepted</State><CircleId>00000000-0000-0000-0009-aabbccddeeff</CircleId></Member>`
	deleted := strings.Replace(passportMember("Allow", uuidDave, "gone@example.com"), "<Deleted>false", "<Deleted>true", 1)
	for _, tc := range []struct {
		name string
		doc  string
		want Membership
	}{
		{"nothing", findMembershipDoc(), Membership{}},
		{"empty roles", findMembershipDoc(service("Messenger", []string{"Allow"}, []string{"Block"}, []string{"Reverse"}, []string{"Pending"})), Membership{}},
		{"other services skipped", findMembershipDoc(
			service("Invitation", []string{"Allow", passportMember("Allow", uuidBob, "invite@example.com")}),
			service("Messenger", []string{"Allow", passportMember("Allow", uuidBob, "bob@example.com")}),
			service("Space", []string{"Block", passportMember("Block", uuidBob, "space@example.com")}),
		), Membership{Allow: []string{"bob@example.com"}}},
		{"untyped service taken as Messenger", findMembershipDoc(service("", []string{"Block", passportMember("Block", uuidBob, "bob@example.com")})),
			Membership{Block: []string{"bob@example.com"}}},
		{"e-mail members kept, circles and deleted skipped", findMembershipDoc(service("Messenger",
			[]string{"Allow", email, deleted}, []string{"Block", circle})),
			Membership{Allow: []string{"mail@example.com"}}},
		{"unknown roles skipped", findMembershipDoc(service("Messenger",
			[]string{"ProfileExpression", passportMember("ProfileExpression", uuidBob, "bob@example.com")})), Membership{}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := ParseFindMembership([]byte(tc.doc))
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(*got, tc.want) {
				t.Errorf("got  %+v\nwant %+v", *got, tc.want)
			}
		})
	}
}

func TestParseFindMembershipRefuses(t *testing.T) {
	for _, tc := range []struct{ name, doc, want string }{
		{"no result", `<Envelope><Body><FindMembershipResponse/></Body></Envelope>`, "no FindMembershipResult"},
		{"broken", `<FindMembershipResult><Services><Service>`, "ends inside"},
		{"long text", `<FindMembershipResult><Services><Service><Memberships><Membership><MemberRole>Allow</MemberRole><Members><Member><PassportName>` +
			strings.Repeat("é", MaxText) + `</PassportName></Member></Members></Membership></Memberships></Service></Services></FindMembershipResult>`, "longer than"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m, err := ParseFindMembership([]byte(tc.doc))
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("got %+v, %v; want an error with %q", m, err, tc.want)
			}
		})
	}
}

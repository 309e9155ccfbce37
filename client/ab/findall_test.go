package ab

import (
	"reflect"
	"strings"
	"testing"
)

// The captured Escargot answer: alice's book with bob (in Friends) and
// carol, and alice herself as the Me entry.
func TestParseFindAllCaptured(t *testing.T) {
	book, err := ParseFindAll(readCaptured(t, "02-abservice_abservice.asmx.response.200.xml"))
	if err != nil {
		t.Fatal(err)
	}
	want := &AddressBook{
		Groups: []Group{{ID: "fc6cf9b7-bbff-42b4-a6f4-cdc1cdd159e1", Name: "Friends"}},
		Contacts: []Contact{
			{ID: "ce61d4dc-9719-4c7f-9201-53e1105b3388", Email: "bob@example.com", Name: "Bob",
				Groups: []string{"fc6cf9b7-bbff-42b4-a6f4-cdc1cdd159e1"}, IsMessenger: true},
			{ID: "2251c27d-c9f4-468c-b698-871b0ebfee29", Email: "carol@example.com", Name: "Carol", IsMessenger: true},
		},
		Me: Contact{ID: "2b5fec57-0d71-4974-b075-c3b7594bc2ba", Email: "alice@example.com", Name: "Alice (15)"},
	}
	if !reflect.DeepEqual(book, want) {
		t.Errorf("got  %+v\nwant %+v", book, want)
	}
}

func TestParseFindAllShapes(t *testing.T) {
	wrap := func(inner string) string {
		return `<?xml version="1.0"?><s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body>` +
			`<ABFindAllResponse xmlns="http://www.msn.com/webservices/AddressBook"><ABFindAllResult>` + inner +
			`</ABFindAllResult></ABFindAllResponse></s:Body></s:Envelope>`
	}
	for _, tc := range []struct {
		name string
		doc  string
		want AddressBook
	}{
		{"empty book", wrap(`<groups/><contacts/>`), AddressBook{}},
		{"no groups element", wrap(`<contacts><Contact><contactId>1</contactId><contactInfo><passportName>a@b.c</passportName><quickName>Q</quickName><isMessengerUser>1</isMessengerUser></contactInfo></Contact></contacts>`),
			AddressBook{Contacts: []Contact{{ID: "1", Email: "a@b.c", Name: "Q", IsMessenger: true}}}},
		{"deleted entries are left out", wrap(
			`<groups><Group><groupId>g1</groupId><groupInfo><name>Old</name></groupInfo><fDeleted>true</fDeleted></Group>` +
				`<Group><groupId>g2</groupId><groupInfo><name>Work</name></groupInfo><fDeleted>false</fDeleted></Group></groups>` +
				`<contacts><Contact><contactId>1</contactId><contactInfo><passportName>x@y.z</passportName></contactInfo><fDeleted>true</fDeleted></Contact></contacts>`),
			AddressBook{Groups: []Group{{ID: "g2", Name: "Work"}}}},
		{"prefixed elements and escaped text", `<a:Envelope xmlns:a="http://schemas.xmlsoap.org/soap/envelope/" xmlns:ab="http://www.msn.com/webservices/AddressBook"><a:Body><ab:ABFindAllResponse><ab:ABFindAllResult>` +
			`<ab:contacts><ab:Contact><ab:contactId>7</ab:contactId><ab:contactInfo><ab:contactType>Regular</ab:contactType><ab:passportName>d@e.f</ab:passportName>` +
			`<ab:displayName>D &amp; &lt;E&gt; ☃</ab:displayName><ab:groupIds><ab:guid> g1 </ab:guid><ab:guid>g2</ab:guid></ab:groupIds><ab:isMessengerUser>true</ab:isMessengerUser></ab:contactInfo></ab:Contact></ab:contacts>` +
			`</ab:ABFindAllResult></ab:ABFindAllResponse></a:Body></a:Envelope>`,
			AddressBook{Contacts: []Contact{{ID: "7", Email: "d@e.f", Name: "D & <E> ☃", Groups: []string{"g1", "g2"}, IsMessenger: true}}}},
		{"annotations and unknown elements are skipped", wrap(
			`<contacts><Contact><contactId>1</contactId><contactInfo><annotations><Annotation><Name>AB.NickName</Name><Value>nick</Value></Annotation></annotations>` +
				`<passportName>a@b.c</passportName><unknown><displayName>not this</displayName></unknown><displayName>Shown</displayName><quickName>Quick</quickName></contactInfo></Contact></contacts>`),
			AddressBook{Contacts: []Contact{{ID: "1", Email: "a@b.c", Name: "Shown"}}}},
		{"Me apart", wrap(`<contacts><Contact><contactId>m</contactId><contactInfo><contactType>Me</contactType><passportName>me@x.y</passportName><displayName>Me!</displayName></contactInfo></Contact></contacts>`),
			AddressBook{Me: Contact{ID: "m", Email: "me@x.y", Name: "Me!"}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := ParseFindAll([]byte(tc.doc))
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(*got, tc.want) {
				t.Errorf("got  %+v\nwant %+v", *got, tc.want)
			}
		})
	}
}

func TestParseFindAllRefuses(t *testing.T) {
	deep := strings.Repeat("<a>", 70) + strings.Repeat("</a>", 70)
	long := `<ABFindAllResult><contacts><Contact><contactInfo><passportName>` + strings.Repeat("x", MaxText+1) + `</passportName></contactInfo></Contact></contacts></ABFindAllResult>`
	for _, tc := range []struct{ name, doc, want string }{
		{"empty", ``, "no ABFindAllResult"},
		{"not XML", `{"contacts": []}`, "no ABFindAllResult"},
		{"broken XML", `<ABFindAllResult><contacts>`, "ends inside an element"},
		{"mismatched tags", `<ABFindAllResult><contacts></groups></ABFindAllResult>`, "not XML"},
		{"no result", `<Envelope><Body><ABFindAllResponse/></Body></Envelope>`, "no ABFindAllResult"},
		{"too deep", deep, "nested deeper"},
		{"text too long", long, "longer than"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			book, err := ParseFindAll([]byte(tc.doc))
			if err == nil || !strings.Contains(err.Error(), tc.want) || !strings.HasPrefix(err.Error(), "ab: ") {
				t.Fatalf("got %+v, %v; want an error with %q", book, err, tc.want)
			}
		})
	}
	if _, err := ParseFindAll(make([]byte, MaxDocument+1)); err == nil {
		t.Error("a body over MaxDocument was parsed")
	}
}

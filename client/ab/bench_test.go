package ab

import (
	"fmt"
	"strings"
	"testing"
)

// contactXML is one entry as Escargot's ABFindAll writes it (the captured
// response's layout), in one group.
func contactXML(i int, group string) string {
	return fmt.Sprintf(`<Contact>
	<contactId>%08x-9719-4c7f-9201-53e1105b3388</contactId>
	<contactInfo><contactType>Regular</contactType>
		<quickName>User %d</quickName><passportName>user%d@example.com</passportName>
		<IsPassportNameHidden>false</IsPassportNameHidden>
		<displayName>User %d</displayName>
		<puid>0</puid><groupIds>
				<guid>%s</guid>
			</groupIds><CID>-8632455932681191022</CID>
		<IsNotMobileVisible>false</IsNotMobileVisible>
		<isMobileIMEnabled>false</isMobileIMEnabled>
		<isMessengerUser>true</isMessengerUser>
		<isFavorite>false</isFavorite>
		<isSmtp>false</isSmtp>
		<hasSpace>false</hasSpace>
		<spotWatchState>NoDevice</spotWatchState>
		<birthdate>0001-01-01T00:00:00</birthdate><primaryEmailType>ContactEmailPersonal</primaryEmailType>
		<PrimaryLocation>ContactLocationPersonal</PrimaryLocation>
		<PrimaryPhone>ContactPhonePersonal</PrimaryPhone>
		<IsPrivate>false</IsPrivate>
		<Gender>Unspecified</Gender>
		<TimeZone>None</TimeZone>
	</contactInfo>
	<propertiesChanged />
	<fDeleted>false</fDeleted>
	<lastChange>2026-11-24T21:13:03Z</lastChange>
</Contact>`, i, i, i, i, group)
}

// findAllDoc is an ABFindAll response with n contacts spread over ten
// groups.
func findAllDoc(n int) []byte {
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="utf-8"?><soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body>` +
		`<ABFindAllResponse xmlns="http://www.msn.com/webservices/AddressBook"><ABFindAllResult><groups>`)
	groups := make([]string, 10)
	for i := range groups {
		groups[i] = fmt.Sprintf("fc6cf9b7-bbff-42b4-a6f4-%012x", i)
		fmt.Fprintf(&b, `<Group><groupId>%s</groupId><groupInfo><annotations><Annotation><Name>MSN.IM.Display</Name><Value>1</Value></Annotation></annotations>`+
			`<groupType>c8529ce2-6ead-434d-881f-341e17db3ff8</groupType><name>Group %d</name></groupInfo><propertiesChanged /><fDeleted>false</fDeleted></Group>`, groups[i], i)
	}
	b.WriteString(`</groups><contacts>`)
	for i := range n {
		b.WriteString(contactXML(i, groups[i%len(groups)]))
	}
	b.WriteString(`</contacts></ABFindAllResult></ABFindAllResponse></soap:Body></soap:Envelope>`)
	return []byte(b.String())
}

// membershipDoc is a FindMembership response with n members in each of
// Allow and Reverse and n/10 in Block and Pending.
func membershipDoc(n int) []byte {
	role := func(name string, count int) []string {
		out := []string{name}
		for i := range count {
			out = append(out, passportMember(name, fmt.Sprintf("%08x-9719-4c7f-9201-53e1105b3388", i), fmt.Sprintf("user%d@example.com", i)))
		}
		return out
	}
	return []byte(findMembershipDoc(service("Messenger", role("Allow", n), role("Block", n/10), role("Reverse", n), role("Pending", n/10))))
}

func BenchmarkParseFindAll1000(b *testing.B) {
	doc := findAllDoc(1000)
	b.SetBytes(int64(len(doc)))
	b.ReportAllocs()
	for b.Loop() {
		book, err := ParseFindAll(doc)
		if err != nil || len(book.Contacts) != 1000 {
			b.Fatal(len(book.Contacts), err)
		}
	}
}

func BenchmarkParseFindMembership1000(b *testing.B) {
	doc := membershipDoc(1000)
	b.SetBytes(int64(len(doc)))
	b.ReportAllocs()
	for b.Loop() {
		m, err := ParseFindMembership(doc)
		if err != nil || len(m.Allow) != 1000 {
			b.Fatal(err)
		}
	}
}

// The generated documents parse to what they were made of.
func TestGeneratedDocuments(t *testing.T) {
	book, err := ParseFindAll(findAllDoc(25))
	if err != nil || len(book.Contacts) != 25 || len(book.Groups) != 10 {
		t.Fatalf("%+v, %v", book, err)
	}
	if c := book.Contacts[13]; c.Email != "user13@example.com" || c.Name != "User 13" || len(c.Groups) != 1 || c.Groups[0] != book.Groups[3].ID {
		t.Errorf("contact 13: %+v", c)
	}
	m, err := ParseFindMembership(membershipDoc(30))
	if err != nil || len(m.Allow) != 30 || len(m.Block) != 3 || len(m.Reverse) != 30 || len(m.Pending) != 3 {
		t.Fatalf("%+v, %v", m, err)
	}
}

package msntest

import (
	"crypto/rand"
	"encoding/base64"
	"strings"
	"time"
)

// The answers of the address book and sharing services, shaped like
// Escargot's (the captured ABFindAll response; its templates for the
// rest): the same elements, namespace and layout, text escaped as its
// template engine escapes it.

const nsABService = "http://www.msn.com/webservices/AddressBook"

// serviceHeader is the ServiceHeader every success answer starts with: a
// fresh cache key and session id.
func serviceHeader(host string) string {
	var key [172]byte
	rand.Read(key[:])
	return "\t<soap:Header>\n" +
		"\t\t<ServiceHeader xmlns=\"" + nsABService + "\">\n" +
		"\t\t\t<Version>15.01.1408.0000</Version>\n" +
		"\t\t\t<CacheKey>12r1:" + base64.RawURLEncoding.EncodeToString(key[:]) + "</CacheKey>\n" +
		"\t\t\t<CacheKeyChanged>true</CacheKeyChanged>\n" +
		"\t\t\t<PreferredHostName>" + autoescape(host) + "</PreferredHostName>\n" +
		"\t\t\t<SessionId>" + newUUID() + "</SessionId>\n" +
		"\t\t</ServiceHeader>\n" +
		"\t</soap:Header>\n"
}

// emptyResponse is the answer of an operation that returns nothing.
func emptyResponse(op, host string) string {
	return soapHead + serviceHeader(host) +
		"\t<soap:Body>\n" +
		"\t\t<" + op + "Response xmlns=\"" + nsABService + "\" />\n" +
		"\t</soap:Body>\n" +
		"</soap:Envelope>"
}

// guidResponse is the answer of ABContactAdd, ABGroupAdd and
// ABGroupContactAdd: the id of what was added.
func guidResponse(op, id, host string) string {
	return soapHead + serviceHeader(host) +
		"\t<soap:Body>\n" +
		"\t\t<" + op + "Response xmlns=\"" + nsABService + "\">\n" +
		"\t\t\t<" + op + "Result>\n" +
		"\t\t\t\t<guid>" + id + "</guid>\n" +
		"\t\t\t</" + op + "Result>\n" +
		"\t\t</" + op + "Response>\n" +
		"\t</soap:Body>\n" +
		"</soap:Envelope>"
}

// findAllResponse is a's address book: the groups, the contacts on the
// forward list (contactId is the contact's account id, as in SYN's C=),
// then a itself as the "Me" entry with its GTC and BLP settings as
// annotations, and the book's own record.
func findAllResponse(a *account, host string) string {
	now := stamp(time.Now())
	var b strings.Builder
	b.WriteString(soapHead + serviceHeader(host))
	b.WriteString("\t<soap:Body>\n")
	b.WriteString("\t\t<ABFindAllResponse xmlns=\"" + nsABService + "\">\n")
	b.WriteString("\t\t\t<ABFindAllResult>\n")
	b.WriteString("\t\t\t\t<groups>\n")
	for _, g := range a.groups {
		writeGroupEntry(&b, g, now)
	}
	b.WriteString("\t\t\t\t</groups>\n")
	b.WriteString("\t\t\t\t<contacts>")
	for _, ct := range a.contacts {
		if ct.lists&listFL != 0 {
			writeContactEntry(&b, ct, now)
		}
	}
	writeMeEntry(&b, a, now)
	b.WriteString("\t\t\t\t</contacts>\n")
	b.WriteString("\t\t\t\t<ab>\n")
	b.WriteString("\t\t\t\t\t<abId>" + defaultABID + "</abId>\n")
	b.WriteString("\t\t\t\t\t<abInfo>\n")
	b.WriteString("\t\t\t\t\t\t<ownerPuid>0</ownerPuid>\n")
	b.WriteString("\t\t\t\t\t\t<OwnerCID>" + cid(a.uuid) + "</OwnerCID>\n")
	b.WriteString("\t\t\t\t\t\t<ownerEmail>" + autoescape(a.email) + "</ownerEmail>\n")
	b.WriteString("\t\t\t\t\t\t<fDefault>true</fDefault>\n")
	b.WriteString("\t\t\t\t\t\t<joinedNamespace>false</joinedNamespace>\n")
	b.WriteString("\t\t\t\t\t\t<IsBot>false</IsBot>\n")
	b.WriteString("\t\t\t\t\t\t<IsParentManaged>false</IsParentManaged>\n")
	b.WriteString("\t\t\t\t\t\t<SubscribeExternalPartner>false</SubscribeExternalPartner>\n")
	b.WriteString("\t\t\t\t\t\t<NotifyExternalPartner>false</NotifyExternalPartner>\n")
	b.WriteString("\t\t\t\t\t\t<AddressBookType>Individual</AddressBookType>\n")
	b.WriteString("\t\t\t\t\t</abInfo>\n")
	b.WriteString("\t\t\t\t\t<lastChange>" + now + "</lastChange>\n")
	b.WriteString("\t\t\t\t\t<DynamicItemLastChanged>0001-01-01T00:00:00</DynamicItemLastChanged>\n")
	b.WriteString("\t\t\t\t\t<createDate>" + stamp(a.created) + "</createDate>\n")
	b.WriteString("\t\t\t\t\t<propertiesChanged />\n")
	b.WriteString("\t\t\t\t</ab>\n")
	b.WriteString("\t\t\t</ABFindAllResult>\n")
	b.WriteString("\t\t</ABFindAllResponse>\n")
	b.WriteString("\t</soap:Body>\n")
	b.WriteString("</soap:Envelope>")
	return b.String()
}

func writeGroupEntry(b *strings.Builder, g *group, now string) {
	b.WriteString("\t\t\t\t\t<Group>\n")
	b.WriteString("\t\t\t\t\t\t<groupId>" + g.id + "</groupId>\n")
	b.WriteString("\t\t\t\t\t\t<groupInfo>\n")
	b.WriteString("\t\t\t\t\t\t\t<annotations>\n")
	b.WriteString("\t\t\t\t\t\t\t\t<Annotation>\n")
	b.WriteString("\t\t\t\t\t\t\t\t\t<Name>MSN.IM.Display</Name>\n")
	b.WriteString("\t\t\t\t\t\t\t\t\t<Value>1</Value>\n")
	b.WriteString("\t\t\t\t\t\t\t\t</Annotation>\n")
	b.WriteString("\t\t\t\t\t\t\t</annotations>\n")
	b.WriteString("\t\t\t\t\t\t\t<groupType>c8529ce2-6ead-434d-881f-341e17db3ff8</groupType>\n")
	b.WriteString("\t\t\t\t\t\t\t<name>" + autoescape(g.name) + "</name>\n")
	b.WriteString("\t\t\t\t\t\t\t<IsNotMobileVisible>false</IsNotMobileVisible>\n")
	b.WriteString("\t\t\t\t\t\t\t<IsPrivate>false</IsPrivate>\n")
	b.WriteString("\t\t\t\t\t\t\t<IsFavorite>false</IsFavorite>\n")
	b.WriteString("\t\t\t\t\t\t</groupInfo>\n")
	b.WriteString("\t\t\t\t\t\t<propertiesChanged />\n")
	b.WriteString("\t\t\t\t\t\t<fDeleted>false</fDeleted>\n")
	b.WriteString("\t\t\t\t\t\t<lastChange>" + now + "</lastChange>\n")
	b.WriteString("\t\t\t\t\t</Group>\n")
}

// contactInfoTail is what every entry's contactInfo ends with.
const contactInfoTail = "\t\t\t\t\t\t<isFavorite>false</isFavorite>\n" +
	"\t\t\t\t\t\t<isSmtp>false</isSmtp>\n" +
	"\t\t\t\t\t\t<hasSpace>false</hasSpace>\n" +
	"\t\t\t\t\t\t<spotWatchState>NoDevice</spotWatchState>\n" +
	"\t\t\t\t\t\t<birthdate>0001-01-01T00:00:00</birthdate>\n" +
	"\t\t\t\t\t\t<primaryEmailType>ContactEmailPersonal</primaryEmailType>\n" +
	"\t\t\t\t\t\t<PrimaryLocation>ContactLocationPersonal</PrimaryLocation>\n" +
	"\t\t\t\t\t\t<PrimaryPhone>ContactPhonePersonal</PrimaryPhone>\n" +
	"\t\t\t\t\t\t<IsPrivate>false</IsPrivate>\n" +
	"\t\t\t\t\t\t<Gender>Unspecified</Gender>\n" +
	"\t\t\t\t\t\t<TimeZone>None</TimeZone>\n" +
	"\t\t\t\t\t</contactInfo>\n"

// contactTail closes an entry.
func contactTail(now string) string {
	return "\t\t\t\t\t<propertiesChanged />\n" +
		"\t\t\t\t\t<fDeleted>false</fDeleted>\n" +
		"\t\t\t\t\t<lastChange>" + now + "</lastChange>\n" +
		"\t\t\t\t</Contact>"
}

func writeContactEntry(b *strings.Builder, ct *contact, now string) {
	c := ct.acct
	name := autoescape(c.friendly)
	b.WriteString("<Contact>\n")
	b.WriteString("\t\t\t\t\t<contactId>" + c.uuid + "</contactId>\n")
	b.WriteString("\t\t\t\t\t<contactInfo>\n")
	b.WriteString("\t\t\t\t\t\t<contactType>Regular</contactType>\n")
	b.WriteString("\t\t\t\t\t\t<quickName>" + name + "</quickName>\n")
	b.WriteString("\t\t\t\t\t\t<passportName>" + autoescape(c.email) + "</passportName>\n")
	b.WriteString("\t\t\t\t\t\t<IsPassportNameHidden>false</IsPassportNameHidden>\n")
	b.WriteString("\t\t\t\t\t\t<displayName>" + name + "</displayName>\n")
	b.WriteString("\t\t\t\t\t\t<puid>0</puid>\n")
	if len(ct.groups) > 0 {
		b.WriteString("\t\t\t\t\t\t<groupIds>\n")
		for _, id := range ct.groups {
			b.WriteString("\t\t\t\t\t\t\t<guid>" + id + "</guid>\n")
		}
		b.WriteString("\t\t\t\t\t\t</groupIds>\n")
	}
	b.WriteString("\t\t\t\t\t\t<CID>" + cid(c.uuid) + "</CID>\n")
	b.WriteString("\t\t\t\t\t\t<IsNotMobileVisible>false</IsNotMobileVisible>\n")
	b.WriteString("\t\t\t\t\t\t<isMobileIMEnabled>false</isMobileIMEnabled>\n")
	b.WriteString("\t\t\t\t\t\t<isMessengerUser>true</isMessengerUser>\n")
	b.WriteString(contactInfoTail)
	b.WriteString(contactTail(now))
}

// settingValue is how the Me entry's annotations give GTC and BLP: 1 for
// the first value (A, AL), 2 for the second (N, BL), 0 when unset.
func settingValue(v, first, second string) string {
	switch v {
	case first:
		return "1"
	case second:
		return "2"
	}
	return "0"
}

func writeMeEntry(b *strings.Builder, a *account, now string) {
	name := autoescape(a.friendly)
	b.WriteString("<Contact>\n")
	b.WriteString("\t\t\t\t\t<contactId>" + a.uuid + "</contactId>\n")
	b.WriteString("\t\t\t\t\t<contactInfo>\n")
	b.WriteString("\t\t\t\t\t\t<annotations>\n")
	for _, an := range [][2]string{
		{"MSN.IM.MBEA", "0"},
		{"MSN.IM.GTC", settingValue(a.gtc, "A", "N")},
		{"MSN.IM.BLP", settingValue(a.blp, "AL", "BL")},
	} {
		b.WriteString("\t\t\t\t\t\t\t<Annotation>\n")
		b.WriteString("\t\t\t\t\t\t\t\t<Name>" + an[0] + "</Name>\n")
		b.WriteString("\t\t\t\t\t\t\t\t<Value>" + an[1] + "</Value>\n")
		b.WriteString("\t\t\t\t\t\t\t</Annotation>\n")
	}
	b.WriteString("\t\t\t\t\t\t</annotations>\n")
	b.WriteString("\t\t\t\t\t\t<contactType>Me</contactType>\n")
	b.WriteString("\t\t\t\t\t\t<quickName>" + name + "</quickName>\n")
	b.WriteString("\t\t\t\t\t\t<passportName>" + autoescape(a.email) + "</passportName>\n")
	b.WriteString("\t\t\t\t\t\t<IsPassportNameHidden>false</IsPassportNameHidden>\n")
	b.WriteString("\t\t\t\t\t\t<displayName>" + name + "</displayName>\n")
	b.WriteString("\t\t\t\t\t\t<puid>0</puid>\n")
	b.WriteString("\t\t\t\t\t\t<CID>" + cid(a.uuid) + "</CID>\n")
	b.WriteString("\t\t\t\t\t\t<IsNotMobileVisible>false</IsNotMobileVisible>\n")
	b.WriteString("\t\t\t\t\t\t<isMobileIMEnabled>false</isMobileIMEnabled>\n")
	b.WriteString("\t\t\t\t\t\t<isMessengerUser>false</isMessengerUser>\n")
	b.WriteString(contactInfoTail)
	b.WriteString(contactTail(now))
	b.WriteString("\n")
}

// findMembershipResponse is a's memberships for the Messenger service:
// Allow, Block and Reverse (contacts whose add is pending left out of
// all three, as in Escargot), then Pending (pending contacts a has not
// put on its forward list).
func findMembershipResponse(a *account, host string) string {
	now := stamp(time.Now())
	var b strings.Builder
	b.WriteString(soapHead + serviceHeader(host))
	b.WriteString("\t<soap:Body>\n")
	b.WriteString("\t\t<FindMembershipResponse xmlns=\"" + nsABService + "\">\n")
	b.WriteString("\t\t\t<FindMembershipResult>\n")
	b.WriteString("\t\t\t\t<Services>\n")
	b.WriteString("\t\t\t\t\t<Service>\n")
	b.WriteString("\t\t\t\t\t\t<Memberships>")
	for _, role := range []struct {
		name string
		bit  int
	}{{"Allow", listAL}, {"Block", listBL}, {"Reverse", listRL}, {"Pending", listPL}} {
		b.WriteString("<Membership>\n")
		b.WriteString("\t\t\t\t\t\t\t<MemberRole>" + role.name + "</MemberRole>\n")
		b.WriteString("\t\t\t\t\t\t\t<Members>")
		for _, ct := range a.contacts {
			in := ct.lists&role.bit != 0 && !ct.pending
			if role.bit == listPL {
				in = ct.pending && ct.lists&listFL == 0
			}
			if in {
				writeMember(&b, role.name, ct.acct, now)
			}
		}
		b.WriteString("</Members>\n")
		b.WriteString("\t\t\t\t\t\t\t<MembershipIsComplete>true</MembershipIsComplete>\n")
		b.WriteString("\t\t\t\t\t\t</Membership>")
	}
	b.WriteString("\n\t\t\t\t\t\t</Memberships>\n")
	b.WriteString("\t\t\t\t\t\t<Info>\n")
	b.WriteString("\t\t\t\t\t\t\t<Handle>\n")
	b.WriteString("\t\t\t\t\t\t\t\t<Id>1</Id>\n")
	b.WriteString("\t\t\t\t\t\t\t\t<Type>Messenger</Type>\n")
	b.WriteString("\t\t\t\t\t\t\t\t<ForeignId />\n")
	b.WriteString("\t\t\t\t\t\t\t</Handle>\n")
	b.WriteString("\t\t\t\t\t\t\t<InverseRequired>false</InverseRequired>\n")
	b.WriteString("\t\t\t\t\t\t\t<AuthorizationCriteria>Everyone</AuthorizationCriteria>\n")
	b.WriteString("\t\t\t\t\t\t\t<IsBot>false</IsBot>\n")
	b.WriteString("\t\t\t\t\t\t</Info>\n")
	b.WriteString("\t\t\t\t\t\t<Changes />\n")
	b.WriteString("\t\t\t\t\t\t<LastChange>" + now + "</LastChange>\n")
	b.WriteString("\t\t\t\t\t\t<Deleted>false</Deleted>\n")
	b.WriteString("\t\t\t\t\t</Service>\n")
	b.WriteString("\t\t\t\t</Services>\n")
	b.WriteString("\t\t\t\t<OwnerNamespace>\n")
	b.WriteString("\t\t\t\t\t<Info>\n")
	b.WriteString("\t\t\t\t\t\t<Handle>\n")
	b.WriteString("\t\t\t\t\t\t\t<Id>" + defaultABID + "</Id>\n")
	b.WriteString("\t\t\t\t\t\t\t<IsPassportNameHidden>false</IsPassportNameHidden>\n")
	b.WriteString("\t\t\t\t\t\t\t<CID>0</CID>\n")
	b.WriteString("\t\t\t\t\t\t</Handle>\n")
	b.WriteString("\t\t\t\t\t\t<CreatorPuid>0</CreatorPuid>\n")
	b.WriteString("\t\t\t\t\t\t<CreatorCID>" + cid(a.uuid) + "</CreatorCID>\n")
	b.WriteString("\t\t\t\t\t\t<CreatorPassportName>" + autoescape(a.email) + "</CreatorPassportName>\n")
	b.WriteString("\t\t\t\t\t\t<CircleAttributes>\n")
	b.WriteString("\t\t\t\t\t\t\t<IsPresenceEnabled>false</IsPresenceEnabled>\n")
	b.WriteString("\t\t\t\t\t\t\t<Domain>WindowsLive</Domain>\n")
	b.WriteString("\t\t\t\t\t\t</CircleAttributes>\n")
	b.WriteString("\t\t\t\t\t\t<MessengerApplicationServiceCreated>false</MessengerApplicationServiceCreated>\n")
	b.WriteString("\t\t\t\t\t</Info>\n")
	b.WriteString("\t\t\t\t\t<Changes />\n")
	b.WriteString("\t\t\t\t\t<CreateDate>" + now + "</CreateDate>\n")
	b.WriteString("\t\t\t\t\t<LastChange>" + now + "</LastChange>\n")
	b.WriteString("\t\t\t\t</OwnerNamespace>\n")
	b.WriteString("\t\t\t</FindMembershipResult>\n")
	b.WriteString("\t\t</FindMembershipResponse>\n")
	b.WriteString("\t</soap:Body>\n")
	b.WriteString("</soap:Envelope>")
	return b.String()
}

func writeMember(b *strings.Builder, role string, c *account, now string) {
	b.WriteString("<Member xsi:type=\"PassportMember\">\n")
	b.WriteString("\t\t\t\t\t\t\t\t\t<MembershipId>" + role + "/" + c.uuid + "</MembershipId>\n")
	b.WriteString("\t\t\t\t\t\t\t\t\t<Type>Passport</Type>\n")
	b.WriteString("\t\t\t\t\t\t\t\t\t<State>Accepted</State>\n")
	b.WriteString("\t\t\t\t\t\t\t\t\t<Deleted>false</Deleted>\n")
	b.WriteString("\t\t\t\t\t\t\t\t\t<LastChanged>" + now + "</LastChanged>\n")
	b.WriteString("\t\t\t\t\t\t\t\t\t<JoinedDate>" + stamp(c.created) + "</JoinedDate>\n")
	b.WriteString("\t\t\t\t\t\t\t\t\t<ExpirationDate>0001-01-01T00:00:00</ExpirationDate>\n")
	b.WriteString("\t\t\t\t\t\t\t\t\t<Changes />\n")
	b.WriteString("\t\t\t\t\t\t\t\t\t<PassportName>" + autoescape(c.email) + "</PassportName>\n")
	b.WriteString("\t\t\t\t\t\t\t\t\t<IsPassportNameHidden>false</IsPassportNameHidden>\n")
	b.WriteString("\t\t\t\t\t\t\t\t\t<PassportId>0</PassportId>\n")
	b.WriteString("\t\t\t\t\t\t\t\t\t<CID>" + cid(c.uuid) + "</CID>\n")
	b.WriteString("\t\t\t\t\t\t\t\t\t<PassportChanges />\n")
	b.WriteString("\t\t\t\t\t\t\t\t\t<LookedupByCID>false</LookedupByCID>\n")
	b.WriteString("\t\t\t\t\t\t\t\t</Member>")
}

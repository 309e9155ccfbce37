package ab

import (
	"encoding/xml"
	"errors"
	"strings"
)

// Namespaces and fixed values of the requests, as Windows Live Messenger
// 2009 writes them (the captured ABFindAll request has the same).
const (
	nsAB      = "http://www.msn.com/webservices/AddressBook"
	nsSOAP    = "http://schemas.xmlsoap.org/soap/envelope/"
	nsXSI     = "http://www.w3.org/2001/XMLSchema-instance"
	nsXSD     = "http://www.w3.org/2001/XMLSchema"
	nsSOAPEnc = "http://schemas.xmlsoap.org/soap/encoding/"

	applicationID = "CFE80F9D-180F-4399-82AB-413F33A1FA11"
	defaultAB     = "00000000-0000-0000-0000-000000000000"
	// groupTypeMessenger is the groupType of a Messenger contact group.
	groupTypeMessenger = "C8529CE2-6EAD-434d-881F-341E17DB3FF8"
	// fullSync is the lastChange of a request for the whole book.
	fullSync = "0001-01-01T00:00:00.0000000-08:00"
)

// PartnerScenario values: why the client calls. Services log them; some
// servers pick cache behaviour by them.
const (
	scenarioInitial     = "Initial"
	scenarioContactSave = "ContactSave"
	scenarioGroupSave   = "GroupSave"
	scenarioBlock       = "BlockUnblock"
	scenarioTimer       = "Timer"
)

// checkTicket refuses a ticket that is empty or would break the request.
func checkTicket(ticket string) error {
	if ticket == "" {
		return errors.New("client has no ticket")
	}
	if strings.ContainsFunc(ticket, func(r rune) bool { return r <= ' ' || r == 0x7f }) {
		return errors.New("ticket has white space or control characters")
	}
	return nil
}

// envelope writes a request: SOAP 1.1, the application and authentication
// headers, and op (one element, already written) as the only child of
// Body. The ticket goes in TicketToken, XML-escaped ("&" as "&amp;").
func envelope(ticket, scenario, op string) []byte {
	var b strings.Builder
	b.Grow(800 + len(ticket) + len(op))
	b.WriteString(`<?xml version="1.0" encoding="utf-8"?>` + "\n")
	b.WriteString(`<soap:Envelope xmlns:soap="` + nsSOAP + `" xmlns:xsi="` + nsXSI + `" xmlns:xsd="` + nsXSD + `" xmlns:soapenc="` + nsSOAPEnc + `">` + "\n")
	b.WriteString(" <soap:Header>\n")
	b.WriteString(`  <ABApplicationHeader xmlns="` + nsAB + `">`)
	b.WriteString("<ApplicationId>" + applicationID + "</ApplicationId>")
	b.WriteString("<IsMigration>false</IsMigration>")
	b.WriteString("<PartnerScenario>" + scenario + "</PartnerScenario>")
	b.WriteString("</ABApplicationHeader>\n")
	b.WriteString(`  <ABAuthHeader xmlns="` + nsAB + `">`)
	b.WriteString("<ManagedGroupRequest>false</ManagedGroupRequest>")
	b.WriteString("<TicketToken>" + text(ticket) + "</TicketToken>")
	b.WriteString("</ABAuthHeader>\n")
	b.WriteString(" </soap:Header>\n")
	b.WriteString(" <soap:Body>\n")
	b.WriteString("  " + op + "\n")
	b.WriteString(" </soap:Body>\n")
	b.WriteString("</soap:Envelope>")
	return []byte(b.String())
}

// opOpen starts an operation element in the address book namespace.
func opOpen(name string) string { return "<" + name + ` xmlns="` + nsAB + `">` }

// The operations' bodies. Values are escaped; the callers have checked
// them.

func buildFindAll() string {
	return opOpen("ABFindAll") +
		"<abId>" + defaultAB + "</abId>" +
		"<abView>Full</abView>" +
		"<deltasOnly>false</deltasOnly>" +
		"<lastChange>" + fullSync + "</lastChange>" +
		"</ABFindAll>"
}

func buildFindMembership() string {
	return opOpen("FindMembership") +
		"<serviceFilter><Types><ServiceType>Messenger</ServiceType></Types></serviceFilter>" +
		"<View>Full</View>" +
		"</FindMembership>"
}

func buildContactAdd(email, name string) string {
	var b strings.Builder
	b.WriteString(opOpen("ABContactAdd"))
	b.WriteString("<abId>" + defaultAB + "</abId>")
	b.WriteString("<contacts><Contact><contactInfo>")
	b.WriteString("<contactType>LivePending</contactType>")
	b.WriteString("<passportName>" + text(email) + "</passportName>")
	b.WriteString("<isMessengerUser>true</isMessengerUser>")
	if name != "" {
		b.WriteString("<MessengerMemberInfo><DisplayName>" + text(name) + "</DisplayName></MessengerMemberInfo>")
	}
	b.WriteString("</contactInfo></Contact></contacts>")
	b.WriteString("<options><EnableAllowListManagement>true</EnableAllowListManagement></options>")
	b.WriteString("</ABContactAdd>")
	return b.String()
}

func buildContactDelete(id string) string {
	return opOpen("ABContactDelete") +
		"<abId>" + defaultAB + "</abId>" +
		"<contacts><Contact><contactId>" + text(id) + "</contactId></Contact></contacts>" +
		"</ABContactDelete>"
}

// buildMember is AddMember or DeleteMember (op) of one Passport member in
// role, for the Messenger service.
func buildMember(op, role, email string) string {
	return opOpen(op) +
		"<serviceHandle><Id>0</Id><Type>Messenger</Type><ForeignId></ForeignId></serviceHandle>" +
		"<memberships><Membership>" +
		"<MemberRole>" + role + "</MemberRole>" +
		"<Members>" +
		`<Member xsi:type="PassportMember">` +
		"<Type>Passport</Type>" +
		"<State>Accepted</State>" +
		"<PassportName>" + text(email) + "</PassportName>" +
		"</Member>" +
		"</Members>" +
		"</Membership></memberships>" +
		"</" + op + ">"
}

func buildGroupAdd(name string) string {
	return opOpen("ABGroupAdd") +
		"<abId>" + defaultAB + "</abId>" +
		"<groupAddOptions><fRenameOnMsgrConflict>false</fRenameOnMsgrConflict></groupAddOptions>" +
		"<groupInfo><GroupInfo>" +
		"<name>" + text(name) + "</name>" +
		"<groupType>" + groupTypeMessenger + "</groupType>" +
		"<fMessenger>false</fMessenger>" +
		"<annotations><Annotation><Name>MSN.IM.Display</Name><Value>1</Value></Annotation></annotations>" +
		"</GroupInfo></groupInfo>" +
		"</ABGroupAdd>"
}

func buildGroupUpdate(id, name string) string {
	return opOpen("ABGroupUpdate") +
		"<abId>" + defaultAB + "</abId>" +
		"<groups><Group>" +
		"<groupId>" + text(id) + "</groupId>" +
		"<groupInfo><name>" + text(name) + "</name></groupInfo>" +
		"<propertiesChanged>GroupName</propertiesChanged>" +
		"</Group></groups>" +
		"</ABGroupUpdate>"
}

func groupFilter(id string) string {
	return "<groupFilter><groupIds><guid>" + text(id) + "</guid></groupIds></groupFilter>"
}

func buildGroupDelete(id string) string {
	return opOpen("ABGroupDelete") +
		"<abId>" + defaultAB + "</abId>" +
		groupFilter(id) +
		"</ABGroupDelete>"
}

func buildGroupContactAdd(groupID, contactID string) string {
	return opOpen("ABGroupContactAdd") +
		"<abId>" + defaultAB + "</abId>" +
		groupFilter(groupID) +
		"<contacts><Contact><contactId>" + text(contactID) + "</contactId></Contact></contacts>" +
		"</ABGroupContactAdd>"
}

func buildGroupContactDelete(groupID, contactID string) string {
	return opOpen("ABGroupContactDelete") +
		"<abId>" + defaultAB + "</abId>" +
		"<contacts><Contact><contactId>" + text(contactID) + "</contactId></Contact></contacts>" +
		groupFilter(groupID) +
		"</ABGroupContactDelete>"
}

// text escapes element text. Invalid UTF-8 becomes U+FFFD.
func text(s string) string {
	if !strings.ContainsAny(s, "&<>\"'\r\n\t") && isPrintableASCII(s) {
		return s
	}
	var b strings.Builder
	xml.EscapeText(&b, []byte(s))
	return b.String()
}

func isPrintableASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < ' ' || s[i] >= 0x7f {
			return false
		}
	}
	return true
}

package oim

import (
	"strconv"
	"strings"
)

// Where and how a message is stored.
const (
	// PathStore is the store service's path under the services base URL
	// (https://ows.messenger.msn.com/OimWS/oim.asmx on the real network).
	PathStore = "/OimWS/oim.asmx"

	// ActionStore2 is the SOAPAction of the Store2 operation.
	ActionStore2 = "http://messenger.live.com/ws/2006/09/oim/Store2"
)

// Namespaces of the Store2 request.
const (
	nsSOAP     = "http://schemas.xmlsoap.org/soap/envelope/"
	nsOIM      = "http://messenger.live.com/ws/2006/09/oim/"
	nsRM       = "http://schemas.xmlsoap.org/ws/2003/03/rm"
	nsUtility  = "http://schemas.xmlsoap.org/ws/2002/07/utility"
	sequenceID = "http://messenger.msn.com"
)

// What the From element says about the client, matching ProductID: the
// Windows Live Messenger 8.5 build that speaks MSNP15.
const (
	clientProxy   = "MSNMSGR"
	clientMSNP    = "MSNP15"
	clientBuild   = "8.5.1302"
	clientLang    = "en-US"
	messageTypeOf = "text"
)

// buildStore writes the Store2 envelope for m, authenticated by ticket (a
// compact ticket, t=…&p=…) and lockKey ("" before the service has issued
// a challenge). The layout follows what Messenger sends: SOAP 1.1, the
// From, To, Ticket and WS-ReliableMessaging Sequence headers, and a body of
// MessageType and the MIME Content.
func buildStore(m *Message, ticket, lockKey string) []byte {
	var b strings.Builder
	b.Grow(1200 + len(ticket) + 2*len(m.Text))
	b.WriteString(`<?xml version="1.0" encoding="utf-8"?>` + "\n")
	b.WriteString(`<soap:Envelope xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:soap="` + nsSOAP + `">` + "\n")
	b.WriteString("<soap:Header>\n")

	b.WriteString(`  <From memberName="` + attr(m.From) + `"`)
	if m.FromName != "" {
		b.WriteString(` friendlyName="` + attr(encodeName(m.FromName)) + `"`)
	}
	b.WriteString(` xml:lang="` + clientLang + `" proxy="` + clientProxy + `" xmlns="` + nsOIM + `" msnpVer="` + clientMSNP + `" buildVer="` + clientBuild + `"/>` + "\n")
	b.WriteString(`  <To memberName="` + attr(m.To) + `" xmlns="` + nsOIM + `"/>` + "\n")
	b.WriteString(`  <Ticket passport="` + attr(ticket) + `" appid="` + attr(ProductID) + `" lockkey="` + attr(lockKey) + `" xmlns="` + nsOIM + `"/>` + "\n")
	b.WriteString(`  <Sequence xmlns="` + nsRM + `">` + "\n")
	b.WriteString(`    <Identifier xmlns="` + nsUtility + `">` + sequenceID + `</Identifier>` + "\n")
	b.WriteString(`    <MessageNumber>` + strconv.Itoa(m.Sequence) + `</MessageNumber>` + "\n")
	b.WriteString("  </Sequence>\n")
	b.WriteString("</soap:Header>\n")

	b.WriteString("<soap:Body>\n")
	b.WriteString(`  <MessageType xmlns="` + nsOIM + `">` + messageTypeOf + `</MessageType>` + "\n")
	b.WriteString(`  <Content xmlns="` + nsOIM + `">` + text(m.content()) + `</Content>` + "\n")
	b.WriteString("</soap:Body>\n")
	b.WriteString("</soap:Envelope>")
	return []byte(b.String())
}

// attrEscaper escapes an attribute value in double quotes; white space
// other than the space is written as a character reference so that
// attribute normalisation cannot change it.
var attrEscaper = strings.NewReplacer(
	"&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;",
	"\t", "&#x9;", "\n", "&#xA;", "\r", "&#xD;",
)

func attr(s string) string { return attrEscaper.Replace(s) }

// textEscaper escapes element text, keeping line breaks as they are (the
// Content is a multi-line MIME message).
var textEscaper = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;")

func text(s string) string { return textEscaper.Replace(s) }

package msntest

import (
	"strconv"
	"strings"
)

// The rsi service's answers, shaped like Escargot's (NOTES.md quirk 18):
// the same elements, namespace, indentation and so sizes. Escargot fills
// its templates with auto-escaping on, which is why the <MD> document and
// the message come back as escaped text.

const nsRSI = "http://www.hotmail.msn.com/ws/2004/09/oim/rsi"

// envelopeOpen is soapHead without the line break after the declaration,
// as the GetMetadata template has it.
const envelopeOpen = `<?xml version="1.0" encoding="utf-8"?>` +
	`<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xsd="http://www.w3.org/2001/XMLSchema">` + "\n"

// autoescape escapes like the template engine's autoescape: the three
// markup characters and both quotes.
var autoescape = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&#34;", "'", "&#39;").Replace

// rsiMetadata answers GetMetadata with md as escaped text.
func rsiMetadata(md string) string {
	return envelopeOpen +
		"\t<soap:Body>\n" +
		"\t\t<GetMetadataResponse xmlns=\"" + nsRSI + "\">" + autoescape(md) + "</GetMetadataResponse>\n" +
		"\t</soap:Body>\n" +
		"</soap:Envelope>"
}

// rsiMessage answers GetMessage with the message as escaped text.
func rsiMessage(text string) string {
	return soapHead +
		"\t<soap:Body>\n" +
		"\t\t<GetMessageResponse xmlns=\"" + nsRSI + "\">\n" +
		"\t\t\t<GetMessageResult>" + autoescape(text) + "</GetMessageResult>\n" +
		"\t\t</GetMessageResponse>\n" +
		"\t</soap:Body>\n" +
		"</soap:Envelope>"
}

// rsiDeleted answers DeleteMessages.
const rsiDeleted = soapHead +
	"\t<soap:Body>\n" +
	"\t\t<DeleteMessagesResponse xmlns=\"" + nsRSI + "\" />\n" +
	"\t</soap:Body>\n" +
	"</soap:Envelope>"

// rsiValidationFault is Escargot's one refusal, for a missing or unknown
// ticket as for an unknown id to delete (HTTP 500).
const rsiValidationFault = soapHead +
	"\t<soap:Body>\n" +
	"\t\t<soap:Fault>\n" +
	"\t\t\t<faultcode>soap:Client</faultcode>\n" +
	"\t\t\t<faultstring>Schema validation error</faultstring>\n" +
	"\t\t\t<faultactor>https://ersih.log1p.xyz/rsi/rsi.asmx</faultactor>\n" +
	"\t\t\t<detail />\n" +
	"\t\t</soap:Fault>\n" +
	"\t</soap:Body>\n" +
	"</soap:Envelope>"

// rsiUnsupported answers an operation the service does not have (HTTP
// 200), naming it as Escargot's generic template does.
func rsiUnsupported(op string) string {
	op = autoescape(op)
	return soapHead +
		"\t<soap:Body>\n" +
		"\t\t<soap:Fault>\n" +
		"\t\t\t<faultcode>soap:Client</faultcode>\n" +
		"\t\t\t<faultstring>API " + op + " no longer supported</faultstring>\n" +
		"\t\t\t<faultactor>http://www.msn.com/webservices/AddressBook/" + op + "</faultactor>\n" +
		"\t\t\t<detail>\n" +
		"\t\t\t\t<errorcode xmlns=\"http://www.msn.com/webservices/AddressBook\">Forbidden</errorcode>\n" +
		"\t\t\t\t<errorstring xmlns=\"http://www.msn.com/webservices/AddressBook\">API " + op + " no longer supported</errorstring>\n" +
		"\t\t\t\t<machineName xmlns=\"http://www.msn.com/webservices/AddressBook\">DM2CDP1011931</machineName>\n" +
		"\t\t\t\t<additionalDetails>\n" +
		"\t\t\t\t\t<originalExceptionErrorMessage>API " + op + " no longer supported</originalExceptionErrorMessage>\n" +
		"\t\t\t\t</additionalDetails>\n" +
		"\t\t\t</detail>\n" +
		"\t\t</soap:Fault>\n" +
		"\t</soap:Body>\n" +
		"</soap:Envelope>"
}

// activeMailNotification is what the NS session whose ticket deleted n
// messages is told.
func activeMailNotification(n int) string {
	return "MIME-Version: 1.0\r\n" +
		"Content-Type: text/x-msmsgsactivemailnotification; charset=UTF-8\r\n" +
		"\r\n" +
		"Src-Folder: .!!OIM\r\n" +
		"Dest-Folder: .!!trAsH\r\n" +
		"Message-Delta: " + strconv.Itoa(n) + "\r\n"
}

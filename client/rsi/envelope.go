package rsi

import (
	"errors"
	"strings"
)

// Where and how the service is called.
const (
	// PathRSI is the service's path under the services base URL
	// (https://rsi.hotmail.com/rsi/rsi.asmx on the real network).
	PathRSI = "/rsi/rsi.asmx"

	// SOAPActions of the three operations.
	ActionGetMetadata    = nsRSI + "/GetMetadata"
	ActionGetMessage     = nsRSI + "/GetMessage"
	ActionDeleteMessages = nsRSI + "/DeleteMessages"
)

const (
	nsRSI  = "http://www.hotmail.msn.com/ws/2004/09/oim/rsi"
	nsSOAP = "http://schemas.xmlsoap.org/soap/envelope/"
	nsXSI  = "http://www.w3.org/2001/XMLSchema-instance"
	nsXSD  = "http://www.w3.org/2001/XMLSchema"
)

// cookie is the PassportCookie pair a ticket is sent as.
type cookie struct{ t, p string }

// splitTicket turns a compact ticket, "t=…&p=…", into the PassportCookie
// parts: t without its "t=" prefix (Escargot reads the token from the
// first 20 characters of t) and p, what follows "&p=" (often nothing). A
// ticket without the "t=" prefix is taken as the t part already.
func splitTicket(ticket string) (cookie, error) {
	s := strings.TrimPrefix(ticket, "t=")
	t, p, _ := strings.Cut(s, "&p=")
	if t == "" {
		return cookie{}, errors.New("rsi: client has no ticket")
	}
	if strings.ContainsFunc(ticket, func(r rune) bool { return r <= ' ' || isControl(r) }) {
		return cookie{}, errors.New("rsi: ticket has white space or control characters")
	}
	return cookie{t, p}, nil
}

// envelope writes a request the way Messenger lays it out: SOAP 1.1, the
// PassportCookie header, and op as the only child of Body.
func envelope(c cookie, op string) []byte {
	var b strings.Builder
	b.Grow(600 + len(c.t) + len(c.p) + len(op))
	b.WriteString(`<?xml version="1.0" encoding="utf-8"?>` + "\n")
	b.WriteString(`<soap:Envelope xmlns:xsi="` + nsXSI + `" xmlns:xsd="` + nsXSD + `" xmlns:soap="` + nsSOAP + `">` + "\n")
	b.WriteString("  <soap:Header>\n")
	b.WriteString(`    <PassportCookie xmlns="` + nsRSI + `">` + "\n")
	b.WriteString("      <t>" + text(c.t) + "</t>\n")
	b.WriteString("      <p>" + text(c.p) + "</p>\n")
	b.WriteString("    </PassportCookie>\n")
	b.WriteString("  </soap:Header>\n")
	b.WriteString("  <soap:Body>\n")
	b.WriteString("    " + op + "\n")
	b.WriteString("  </soap:Body>\n")
	b.WriteString("</soap:Envelope>")
	return []byte(b.String())
}

// buildGetMetadata is the GetMetadata request. The element is nil rather
// than empty: Escargot crashes on an empty <GetMetadata/>.
func buildGetMetadata(c cookie) []byte {
	return envelope(c, `<GetMetadata xmlns="`+nsRSI+`" xsi:nil="true" />`)
}

// buildGetMessage is the GetMessage request for id.
func buildGetMessage(c cookie, id string, markRead bool) []byte {
	mark := "false"
	if markRead {
		mark = "true"
	}
	return envelope(c, `<GetMessage xmlns="`+nsRSI+`"><messageId>`+text(id)+`</messageId><alsoMarkAsRead>`+mark+`</alsoMarkAsRead></GetMessage>`)
}

// buildDeleteMessages is the DeleteMessages request for ids.
func buildDeleteMessages(c cookie, ids []string) []byte {
	var b strings.Builder
	b.WriteString(`<DeleteMessages xmlns="` + nsRSI + `"><messageIds>`)
	for _, id := range ids {
		b.WriteString("<messageId>" + text(id) + "</messageId>")
	}
	b.WriteString("</messageIds></DeleteMessages>")
	return envelope(c, b.String())
}

// textEscaper escapes element text.
var textEscaper = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;")

func text(s string) string { return textEscaper.Replace(s) }

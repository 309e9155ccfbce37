package msntest

import (
	"bytes"
	"regexp"
	"strings"
	"testing"
	"time"
)

// RSI SOAP actions, as the captured requests send them.
const (
	actionGetMetadata    = "http://www.hotmail.msn.com/ws/2004/09/oim/rsi/GetMetadata"
	actionGetMessage     = "http://www.hotmail.msn.com/ws/2004/09/oim/rsi/GetMessage"
	actionDeleteMessages = "http://www.hotmail.msn.com/ws/2004/09/oim/rsi/DeleteMessages"
)

// The captured run (soap/offline-messages 03/04 stored, 06 to 09 fetched
// and deleted): ids and time as the captured listing gives them.
var (
	capturedRSIIDs   = []string{"E888A24B-16ED-4C58-B3A0-D0A1E0578D41", "4218CD8F-0212-4450-9010-B0C51CD05D2B"}
	capturedRSITexts = []string{"Hi Bob, you were offline - this is an OIM from Alice. éè ☃", "Second offline message."}
	capturedRSITime  = time.Date(2026, 11, 24, 21, 12, 40, 0, time.UTC)
	capturedRSIRun   = "{33C34A79-A799-4BA2-8DFD-4DC7CF10704A}"
)

// seedCaptured stores the captured run's two messages for bob, with the
// captured ids and time.
func seedCaptured(s *Server) {
	for i, id := range capturedRSIIDs {
		s.StoreOffline("bob@example.com", OIM{ID: id, From: "alice@example.com", FromName: "Alice",
			Text: capturedRSITexts[i], Sequence: i + 1, RunID: capturedRSIRun, Received: capturedRSITime})
	}
}

var cookieT = regexp.MustCompile(`<t>[^<]*</t>`)

// withCookie puts the t part of tkt (a compact ticket: without "t=" and
// "&p=…") in a captured rsi request's PassportCookie.
func withCookie(body []byte, tkt string) []byte {
	t, _, _ := strings.Cut(strings.TrimPrefix(tkt, "t="), "&p=")
	return cookieT.ReplaceAll(body, []byte("<t>"+t+"</t>"))
}

// postRSI posts body to the rsi service with the given SOAP action.
func postRSI(t *testing.T, s *Server, action string, body []byte) soapResponse {
	t.Helper()
	return postSOAP(t, s, "/rsi/rsi.asmx", action, body)
}

// rsiRequest is a request shaped like the captured ones, with the t part
// of tkt and op as the Body's child.
func rsiRequest(tkt, op string) []byte {
	t, _, _ := strings.Cut(strings.TrimPrefix(tkt, "t="), "&p=")
	return []byte(`<?xml version="1.0" encoding="utf-8"?>
<soap:Envelope xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/">
  <soap:Header>
    <PassportCookie xmlns="http://www.hotmail.msn.com/ws/2004/09/oim/rsi">
      <t>` + t + `</t>
      <p></p>
    </PassportCookie>
  </soap:Header>
  <soap:Body>
    ` + op + `
  </soap:Body>
</soap:Envelope>`)
}

// deleteOp is a DeleteMessages element for ids.
func deleteOp(ids ...string) string {
	var b strings.Builder
	b.WriteString(`<DeleteMessages xmlns="http://www.hotmail.msn.com/ws/2004/09/oim/rsi"><messageIds>`)
	for _, id := range ids {
		b.WriteString("<messageId>" + id + "</messageId>")
	}
	b.WriteString("</messageIds></DeleteMessages>")
	return b.String()
}

// getMessageOp is a GetMessage element for id.
func getMessageOp(id string) string {
	return `<GetMessage xmlns="http://www.hotmail.msn.com/ws/2004/09/oim/rsi"><messageId>` + id + `</messageId><alsoMarkAsRead>false</alsoMarkAsRead></GetMessage>`
}

const getMetadataNil = `<GetMetadata xmlns="http://www.hotmail.msn.com/ws/2004/09/oim/rsi" xsi:nil="true" />`

// firstCHG sends the first CHG and returns the Mail-Data value of the
// initial mail notification that answers it (no contact is online).
func (c *rawClient) firstCHG(trid int) string {
	c.t.Helper()
	c.sendf("CHG %d NLN 0", trid)
	c.expectNext("CHG ")
	_, payload := c.expect("MSG Hotmail Hotmail ")
	if !bytes.Contains(payload, []byte("text/x-msmsgsinitialmdatanotification")) {
		c.t.Fatalf("%s: not the initial mail data: %q", c.name, payload)
	}
	return mailDataOf(c.t, payload)
}

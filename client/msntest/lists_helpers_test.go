package msntest

import (
	"net/url"
	"sort"
	"strings"
	"testing"

	"github.com/msn-cli/msn/client/ab"
	"github.com/msn-cli/msn/client/soap"
)

// uuidOf is an account's id: the C= of LST and ADC, ABFindAll's
// contactId.
func uuidOf(t *testing.T, s *Server, email string) string {
	t.Helper()
	s.mu.Lock()
	defer s.mu.Unlock()
	a := s.accounts[email]
	if a == nil {
		t.Fatalf("no account %s", email)
	}
	return a.uuid
}

// groupID is the id of owner's group called name.
func groupID(t *testing.T, s *Server, owner, name string) string {
	t.Helper()
	for id, n := range s.Groups(owner) {
		if n == name {
			return id
		}
	}
	t.Fatalf("%s has no group %q: %v", owner, name, s.Groups(owner))
	return ""
}

// groupNames is owner's group names, sorted.
func groupNames(s *Server, owner string) []string {
	var out []string
	for _, n := range s.Groups(owner) {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}

// abClient is the client package's address book client, authenticated by
// email's live NS session.
func abClient(t *testing.T, s *Server, email string) *ab.Client {
	t.Helper()
	base, err := url.Parse(s.ServicesURL())
	if err != nil {
		t.Fatal(err)
	}
	return &ab.Client{SOAP: &soap.Client{HTTP: s.HTTPClient(), Base: base}, Ticket: liveTicket(t, s, email)}
}

// abResponse is one answer of the address book or sharing service.
type abResponse struct {
	status int
	ctype  string
	body   string
}

// postAB posts body to path (PathAB or PathSharing) with op's SOAPAction.
func postAB(t *testing.T, s *Server, path, op, body string) abResponse {
	t.Helper()
	r := postSOAP(t, s, path, ab.ActionPrefix+op, []byte(body))
	return abResponse{r.status, r.ctype, string(r.body)}
}

// abEnvelope is a request as a client writes one: tkt in TicketToken
// (escaped), op as the Body's child.
func abEnvelope(tkt, op string) string {
	return `<?xml version="1.0" encoding="utf-8"?>
<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xsd="http://www.w3.org/2001/XMLSchema">
 <soap:Header>
  <ABApplicationHeader xmlns="http://www.msn.com/webservices/AddressBook"><ApplicationId>CFE80F9D-180F-4399-82AB-413F33A1FA11</ApplicationId><IsMigration>false</IsMigration><PartnerScenario>Initial</PartnerScenario></ABApplicationHeader>
  <ABAuthHeader xmlns="http://www.msn.com/webservices/AddressBook"><ManagedGroupRequest>false</ManagedGroupRequest><TicketToken>` + strings.ReplaceAll(tkt, "&", "&amp;") + `</TicketToken></ABAuthHeader>
 </soap:Header>
 <soap:Body>
  ` + op + `
 </soap:Body>
</soap:Envelope>`
}

// abOp is an operation element in the address book namespace.
func abOp(name, inner string) string {
	return "<" + name + ` xmlns="http://www.msn.com/webservices/AddressBook">` + inner + "</" + name + ">"
}

// faultCode is the service's code in an answer's fault, or "".
func faultCode(body string) string {
	f := soap.FindFault([]byte(body))
	if f == nil {
		return ""
	}
	return ab.FaultCode(f)
}

// expectPayload reads the next line, checks it, and returns the payload.
func (c *rawClient) expectPayload(prefix string) string {
	c.t.Helper()
	_, p := c.expectNext(prefix)
	return string(p)
}

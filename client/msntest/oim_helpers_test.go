package msntest

import (
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/msn-cli/msn/client/internal/transcript"
	"github.com/msn-cli/msn/client/soap"
)

// liveTicket is the compact ticket of email's newest NS session, as the
// client that logged it in got it from RST.
func liveTicket(t *testing.T, s *Server, email string) string {
	t.Helper()
	s.mu.Lock()
	defer s.mu.Unlock()
	a := s.accounts[email]
	if a == nil || len(a.sessions) == 0 {
		t.Fatalf("%s has no NS session", email)
	}
	return ticket(a.sessions[len(a.sessions)-1].token)
}

// capturedOIM reads a captured offline-messages body (request header
// block dropped), failing the test when it is missing.
func capturedOIM(t *testing.T, name string) []byte {
	t.Helper()
	return transcript.Capture(t, filepath.Join("soap", "offline-messages", name))
}

var passportAttr = regexp.MustCompile(`passport="[^"]*"`)

// withTicket puts tkt in a captured request's Ticket passport attribute.
func withTicket(body []byte, tkt string) []byte {
	return passportAttr.ReplaceAll(body, []byte(`passport="`+strings.ReplaceAll(tkt, "&", "&amp;")+`"`))
}

// code is the fault code of the answer, "" when it has none.
func (r soapResponse) code() string {
	if f := soap.FindFault(r.body); f != nil {
		return f.Code
	}
	return ""
}

const actionStore2 = "http://messenger.live.com/ws/2006/09/oim/Store2"

// postOIM posts body to the store service with the given SOAP action.
func postOIM(t *testing.T, s *Server, action string, body []byte) soapResponse {
	t.Helper()
	return postSOAP(t, s, "/OimWS/oim.asmx", action, body)
}

// sync waits until the server has handled everything c sent before: it
// answers PNG with QNG in order.
func (c *rawClient) sync() {
	c.t.Helper()
	c.send("PNG")
	c.expect("QNG ")
}

// mailData returns the Mail-Data value of a Hotmail MSG payload.
func mailDataOf(t *testing.T, payload []byte) string {
	t.Helper()
	for line := range strings.SplitSeq(string(payload), "\r\n") {
		if v, ok := strings.CutPrefix(line, "Mail-Data: "); ok {
			return v
		}
	}
	t.Fatalf("no Mail-Data in %q", payload)
	return ""
}

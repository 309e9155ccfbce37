package rsi

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"

	"github.com/msn-cli/msn/client/soap"
)

// reply is one scripted answer.
type reply struct {
	status int
	ctype  string
	body   []byte
}

// script answers every request with reply and records what it was sent.
type script struct {
	mu       sync.Mutex
	reply    reply
	requests []recorded
}

type recorded struct {
	path, action string
	body         string
}

func (s *script) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	s.mu.Lock()
	s.requests = append(s.requests, recorded{r.URL.Path, r.Header.Get("SOAPAction"), string(body)})
	rep := s.reply
	s.mu.Unlock()
	w.Header().Set("Content-Type", rep.ctype)
	w.WriteHeader(rep.status)
	w.Write(rep.body)
}

func (s *script) answer(status int, ctype string, body []byte) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.reply = reply{status, ctype, body}
}

func (s *script) sent() []recorded {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]recorded(nil), s.requests...)
}

// newClient starts a server running s and returns a Client for it.
func newClient(t *testing.T, s *script, ticket string) *Client {
	t.Helper()
	srv := httptest.NewServer(s)
	t.Cleanup(srv.Close)
	base, _ := url.Parse(srv.URL)
	return &Client{SOAP: &soap.Client{HTTP: srv.Client(), Base: base}, Ticket: ticket}
}

const testTicket = "t=0123456789abcdef0123Y6+H31sTUOFk&p=secretproof"

// validationFault is Escargot's answer to an unknown id or a bad ticket.
const validationFault = `<?xml version="1.0" encoding="utf-8"?>
<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xsd="http://www.w3.org/2001/XMLSchema">
	<soap:Body>
		<soap:Fault>
			<faultcode>soap:Client</faultcode>
			<faultstring>Schema validation error</faultstring>
			<faultactor>https://rsi.example/rsi/rsi.asmx</faultactor>
			<detail />
		</soap:Fault>
	</soap:Body>
</soap:Envelope>`

// The three operations against the captured answers: each posts to the
// rsi path with its SOAPAction and the cookie split from the ticket.
func TestClientCaptured(t *testing.T) {
	s := &script{}
	c := newClient(t, s, testTicket)
	ctx := context.Background()

	s.answer(200, "text/xml", readCaptured(t, "06-rsi_rsi.asmx.response.200.xml"))
	entries, err := c.GetMetadata(ctx)
	if err != nil {
		t.Fatal(err)
	}
	checkCapturedEntries(t, entries, true)

	var msgs []Message
	for i, name := range []string{"07-rsi_rsi.asmx.response.200.xml", "08-rsi_rsi.asmx.response.200.xml"} {
		s.answer(200, "text/xml", readCaptured(t, name))
		m, err := c.GetMessage(ctx, entries[i].ID, true)
		if err != nil {
			t.Fatal(err)
		}
		if m.ID != entries[i].ID || m.Sequence != i+1 || m.From != "alice@example.com" {
			t.Errorf("message %d: %+v", i, m)
		}
		msgs = append(msgs, m)
	}

	s.answer(200, "text/xml", readCaptured(t, "09-rsi_rsi.asmx.response.200.xml"))
	if err := c.DeleteMessages(ctx, []string{msgs[0].ID, msgs[1].ID}); err != nil {
		t.Fatal(err)
	}

	sent := s.sent()
	actions := []string{ActionGetMetadata, ActionGetMessage, ActionGetMessage, ActionDeleteMessages}
	if len(sent) != len(actions) {
		t.Fatalf("%d requests, want %d", len(sent), len(actions))
	}
	for i, r := range sent {
		if r.path != PathRSI || r.action != `"`+actions[i]+`"` {
			t.Errorf("request %d: %s %s", i, r.path, r.action)
		}
		if !strings.Contains(r.body, "<t>0123456789abcdef0123Y6+H31sTUOFk</t>") || !strings.Contains(r.body, "<p>secretproof</p>") {
			t.Errorf("request %d: cookie not split from the ticket:\n%s", i, r.body)
		}
	}
	if !strings.Contains(sent[0].body, `<GetMetadata xmlns="`+nsRSI+`" xsi:nil="true" />`) {
		t.Errorf("GetMetadata element: %s", sent[0].body)
	}
	if !strings.Contains(sent[1].body, "<messageId>"+capturedIDs[0]+"</messageId><alsoMarkAsRead>true</alsoMarkAsRead>") {
		t.Errorf("GetMessage body: %s", sent[1].body)
	}
	if !strings.Contains(sent[3].body, "<messageIds><messageId>"+capturedIDs[0]+"</messageId><messageId>"+capturedIDs[1]+"</messageId></messageIds>") {
		t.Errorf("DeleteMessages body: %s", sent[3].body)
	}
}

// Refusals become errors that say what failed, wrap the fault, and never
// show the ticket.
func TestClientErrors(t *testing.T) {
	s := &script{}
	c := newClient(t, s, testTicket)
	ctx := context.Background()
	noSecrets := func(err error) {
		t.Helper()
		for _, secret := range []string{"0123456789abcdef0123", "secretproof"} {
			if strings.Contains(err.Error(), secret) {
				t.Errorf("error %q shows the ticket", err)
			}
		}
	}

	s.answer(500, "text/xml", []byte(validationFault))
	err := c.DeleteMessages(ctx, []string{"A", "B", "C"})
	var f *soap.Fault
	if !errors.As(err, &f) || f.HTTPStatus != 500 || !f.HasCode("Client") {
		t.Fatalf("delete refused: %v", err)
	}
	if !strings.Contains(err.Error(), "deleting 3 messages") || !strings.Contains(err.Error(), "none deleted") {
		t.Errorf("delete refused: %q does not say how many", err)
	}
	noSecrets(err)
	if err := c.DeleteMessages(ctx, []string{"A"}); err == nil || !strings.Contains(err.Error(), "deleting 1 message:") {
		t.Errorf("one id: %v", err)
	}

	_, err = c.GetMetadata(ctx)
	if !errors.As(err, &f) || !strings.HasPrefix(err.Error(), "rsi: listing offline messages: ") {
		t.Errorf("metadata refused: %v", err)
	}
	noSecrets(err)

	// Escargot's crash on an unknown id.
	s.answer(500, "text/plain", []byte("500 Internal Server Error\n\nServer got itself in trouble"))
	_, err = c.GetMessage(ctx, "UNKNOWN-ID", false)
	var he *soap.HTTPError
	if !errors.As(err, &he) || he.Status != 500 || !strings.Contains(err.Error(), "UNKNOWN-ID") {
		t.Errorf("unknown id: %v", err)
	}
	noSecrets(err)

	// Answers that are not what was asked for.
	for name, body := range map[string]string{
		"no response element": "<Envelope><Body/></Envelope>",
		"not XML":             "<<<",
		"empty result":        "<GetMessageResponse><GetMessageResult> </GetMessageResult></GetMessageResponse>",
		"broken message":      "<GetMessageResponse><GetMessageResult>no header</GetMessageResult></GetMessageResponse>",
		"empty metadata":      "<GetMetadataResponse/>",
		"too-large metadata":  "<GetMetadataResponse>too-large</GetMetadataResponse>",
	} {
		s.answer(200, "text/xml", []byte(body))
		if strings.Contains(name, "metadata") {
			if _, err := c.GetMetadata(ctx); err == nil {
				t.Errorf("%s: no error", name)
			}
			continue
		}
		if _, err := c.GetMessage(ctx, "ID", false); err == nil {
			t.Errorf("%s: no error", name)
		}
		if err := c.DeleteMessages(ctx, []string{"ID"}); err == nil {
			t.Errorf("%s: delete: no error", name)
		}
	}
}

// Requests that cannot be made fail before anything is sent.
func TestClientRefusesBeforeSending(t *testing.T) {
	s := &script{}
	c := newClient(t, s, testTicket)
	ctx := context.Background()
	if err := c.DeleteMessages(ctx, nil); err != nil {
		t.Errorf("no ids: %v", err)
	}
	if err := c.DeleteMessages(ctx, make([]string, MaxEntries+1)); err == nil {
		t.Error("too many ids: no error")
	}
	for _, id := range []string{"", "a b", "a\nb", strings.Repeat("x", 300)} {
		if _, err := c.GetMessage(ctx, id, false); err == nil {
			t.Errorf("GetMessage(%q): no error", id)
		}
		if err := c.DeleteMessages(ctx, []string{"ok", id}); err == nil {
			t.Errorf("DeleteMessages(%q): no error", id)
		}
	}
	for _, ticket := range []string{"", "t=", "t=&p=x", "t=abc\r\n&p="} {
		c.Ticket = ticket
		if _, err := c.GetMetadata(ctx); err == nil || !strings.Contains(err.Error(), "ticket") {
			t.Errorf("ticket %q: %v", ticket, err)
		}
	}
	if _, err := (&Client{Ticket: testTicket}).GetMetadata(ctx); err == nil {
		t.Error("no SOAP client: no error")
	}
	if n := len(s.sent()); n != 0 {
		t.Errorf("%d requests sent", n)
	}

	cctx, cancel := context.WithCancel(ctx)
	cancel()
	c.Ticket = testTicket
	if _, err := c.GetMetadata(cctx); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled: %v", err)
	}
}

func TestSplitTicket(t *testing.T) {
	for _, c := range []struct{ ticket, t, p string }{
		{"t=abc&p=def", "abc", "def"},
		{"t=abc&p=", "abc", ""},
		{"t=abc", "abc", ""},
		{"abc&p=x", "abc", "x"}, // an MSPAuth-style value without "t="
	} {
		got, err := splitTicket(c.ticket)
		if err != nil || got.t != c.t || got.p != c.p {
			t.Errorf("%q: %+v, %v", c.ticket, got, err)
		}
	}
	// Markup in a ticket is escaped, never sent as markup.
	ck, _ := splitTicket("t=a<b>&amp;&p=c")
	if body := string(buildGetMetadata(ck)); !strings.Contains(body, "<t>a&lt;b&gt;&amp;amp;</t>") {
		t.Errorf("escaping: %s", body)
	}
}

// The SOAP trace shows the requests with the cookie redacted.
func TestClientTraceRedacted(t *testing.T) {
	s := &script{}
	s.answer(200, "text/xml", []byte(`<GetMetadataResponse>&lt;MD&gt;&lt;/MD&gt;</GetMetadataResponse>`))
	c := newClient(t, s, testTicket)
	var trace strings.Builder
	c.SOAP.Trace = &trace
	if _, err := c.GetMetadata(context.Background()); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(trace.String(), "PassportCookie") {
		t.Fatalf("no request in the trace:\n%s", trace.String())
	}
	for _, secret := range []string{"0123456789abcdef0123", "secretproof"} {
		if strings.Contains(trace.String(), secret) {
			t.Errorf("trace shows %q:\n%s", secret, trace.String())
		}
	}
}

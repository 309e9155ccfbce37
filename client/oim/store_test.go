package oim

import (
	"bytes"
	"context"
	"encoding/xml"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/msn-cli/msn/client/soap"
)

// reply is one scripted answer.
type reply struct {
	status int
	ctype  string
	body   []byte
}

// script answers requests with its replies in order (repeating the last)
// and records what it was sent.
type script struct {
	mu       sync.Mutex
	replies  []reply
	requests []recorded
}

type recorded struct {
	path, action string
	body         []byte
}

func (s *script) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	s.mu.Lock()
	s.requests = append(s.requests, recorded{r.URL.Path, r.Header.Get("SOAPAction"), body})
	rep := s.replies[min(len(s.requests), len(s.replies))-1]
	s.mu.Unlock()
	w.Header().Set("Content-Type", rep.ctype)
	w.WriteHeader(rep.status)
	w.Write(rep.body)
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

// lockKeyOf returns the lockkey attribute of a request.
func lockKeyOf(t *testing.T, body []byte) string {
	t.Helper()
	var env struct {
		Ticket struct {
			LockKey *string `xml:"lockkey,attr"`
		} `xml:"Header>Ticket"`
	}
	if err := xml.Unmarshal(body, &env); err != nil || env.Ticket.LockKey == nil {
		t.Fatalf("no lockkey in request: %v", err)
	}
	return *env.Ticket.LockKey
}

// The captured exchange: the empty lock key is refused with the
// challenge, the retry with its answer is stored. Exactly two requests,
// the second the captured one; a second message of the run then takes one
// request with the remembered key.
func TestStoreLockKeyRetry(t *testing.T) {
	challenge := readCaptured(t, "02-OimWS_oim.asmx.response.500.xml")
	ok1 := readCaptured(t, "03-OimWS_oim.asmx.response.200.xml")
	ok2 := readCaptured(t, "04-OimWS_oim.asmx.response.200.xml")
	ticket := capturedTicket(t, readCaptured(t, "02-OimWS_oim.asmx.request.xml"))
	s := &script{replies: []reply{
		{500, "text/xml", challenge},
		{200, "text/xml", ok1},
		{200, "text/xml", ok2},
	}}
	c := newClient(t, s, ticket)
	if err := c.Store(context.Background(), capturedMessage); err != nil {
		t.Fatalf("Store: %v", err)
	}
	sent := s.sent()
	if len(sent) != 2 {
		t.Fatalf("%d requests, want 2", len(sent))
	}
	for i, r := range sent {
		if r.path != PathStore || r.action != `"`+ActionStore2+`"` {
			t.Errorf("request %d: %s action %s", i+1, r.path, r.action)
		}
	}
	if want := readCaptured(t, "03-OimWS_oim.asmx.request.xml"); !bytes.Equal(sent[1].body, want) {
		t.Errorf("retry differs from the captured request\n got: %q\nwant: %q", sent[1].body, want)
	}

	second := capturedMessage
	second.Sequence, second.Text = 2, "Second offline message."
	if err := c.Store(context.Background(), second); err != nil {
		t.Fatalf("second Store: %v", err)
	}
	if sent = s.sent(); len(sent) != 3 {
		t.Fatalf("%d requests after the second message, want 3", len(sent))
	}
	if want := readCaptured(t, "04-OimWS_oim.asmx.request.xml"); !bytes.Equal(sent[2].body, want) {
		t.Errorf("second message differs from the captured request\n got: %q\nwant: %q", sent[2].body, want)
	}
}

// A service that keeps answering with the challenge (the sender's session
// ended) gets exactly one retry, then ErrRefused.
func TestStoreRetriesOnce(t *testing.T) {
	s := &script{replies: []reply{{500, "text/xml", readCaptured(t, "02-OimWS_oim.asmx.response.500.xml")}}}
	c := newClient(t, s, testTicket)
	err := c.Store(context.Background(), capturedMessage)
	if !errors.Is(err, ErrRefused) || errors.Is(err, ErrRecipientUnknown) {
		t.Fatalf("err = %v, want ErrRefused", err)
	}
	var f *soap.Fault
	if !errors.As(err, &f) || !f.HasCode("AuthenticationFailed") {
		t.Errorf("err %v does not wrap the fault", err)
	}
	sent := s.sent()
	if len(sent) != 2 {
		t.Fatalf("%d requests, want 2 (one retry)", len(sent))
	}
	if k := lockKeyOf(t, sent[0].body); k != "" {
		t.Errorf("first lock key %q, want empty", k)
	}
	if k := lockKeyOf(t, sent[1].body); k != "844559b18ac25f3affb9281fd729203c" {
		t.Errorf("retry lock key %q", k)
	}
	checkNoSecrets(t, err, "844559b18ac25f3affb9281fd729203c")

	// With the key remembered, the same refusal is final at once: the
	// same key would be refused again.
	if err := c.Store(context.Background(), capturedMessage); !errors.Is(err, ErrRefused) {
		t.Fatalf("err = %v, want ErrRefused", err)
	}
	if n := len(s.sent()); n != 3 {
		t.Errorf("%d requests in all, want 3", n)
	}
}

// checkNoSecrets fails when err's text holds the ticket, its parts, the
// text of the message or the given lock key.
func checkNoSecrets(t *testing.T, err error, lockKey string) {
	t.Helper()
	msg := err.Error()
	for _, secret := range []string{testTicket, "0123456789abcdef0123", "secretproof", capturedMessage.Text, "éè", lockKey} {
		if secret != "" && strings.Contains(msg, secret) {
			t.Errorf("error %q contains %q", msg, secret)
		}
	}
}

// faultBody is an oim.asmx fault with the given code and no challenge.
func faultBody(code string) []byte {
	return []byte(`<?xml version="1.0" encoding="utf-8"?>
<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body><soap:Fault>
<faultcode xmlns:q0="http://messenger.live.com/ws/2006/09/oim/">` + code + `</faultcode>
<faultstring>Exception of type System.Web.Services.Protocols.SoapException was thrown.</faultstring><detail /></soap:Fault></soap:Body></soap:Envelope>`)
}

func TestStoreFaults(t *testing.T) {
	for _, tt := range []struct {
		code string
		want error
	}{
		{"q0:SystemUnavailable", ErrRecipientUnknown},
		{"q0:InvalidContent", ErrRefused},
		{"q0:SenderThrottleLimitExceeded", ErrRefused},
		{"q0:AuthenticationFailed", ErrRefused}, // no challenge: nothing to retry with
		{"soap:Client", ErrRefused},
	} {
		s := &script{replies: []reply{{500, "text/xml", faultBody(tt.code)}}}
		c := newClient(t, s, testTicket)
		err := c.Store(context.Background(), capturedMessage)
		if !errors.Is(err, tt.want) {
			t.Errorf("%s: err = %v, want %v", tt.code, err, tt.want)
			continue
		}
		if tt.want == ErrRefused && errors.Is(err, ErrRecipientUnknown) {
			t.Errorf("%s: also ErrRecipientUnknown", tt.code)
		}
		if !strings.Contains(err.Error(), tt.code) || !strings.Contains(err.Error(), "bob@example.com") {
			t.Errorf("%s: error %q does not say the code and the recipient", tt.code, err)
		}
		if n := len(s.sent()); n != 1 {
			t.Errorf("%s: %d requests, want 1", tt.code, n)
		}
		checkNoSecrets(t, err, "")
	}
}

// Escargot's crash (HTTP 500, text/plain, no fault) and other failures are
// not refusals: they are server or network errors.
func TestStoreServerErrors(t *testing.T) {
	crash := &script{replies: []reply{{500, "text/plain", []byte("500 Internal Server Error\n\nServer got itself in trouble")}}}
	err := newClient(t, crash, testTicket).Store(context.Background(), capturedMessage)
	var he *soap.HTTPError
	if !errors.As(err, &he) || he.Status != 500 || errors.Is(err, ErrRefused) || errors.Is(err, ErrRecipientUnknown) {
		t.Errorf("crash: err = %v", err)
	}

	for name, body := range map[string]string{
		"no StoreResponse": `<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body/></soap:Envelope>`,
		"wrong ack":        strings.Replace(string(readCaptured(t, "03-OimWS_oim.asmx.response.200.xml")), `Upper="1"`, `Upper="2"`, 1),
		"not XML":          `<soap:Envelope><StoreResponse>`,
	} {
		s := &script{replies: []reply{{200, "text/xml", []byte(body)}}}
		err := newClient(t, s, testTicket).Store(context.Background(), capturedMessage)
		if err == nil || errors.Is(err, ErrRefused) || !strings.HasPrefix(err.Error(), "oim: ") {
			t.Errorf("%s: err = %v", name, err)
		}
	}
}

func TestStoreContext(t *testing.T) {
	release := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-r.Context().Done():
		case <-release:
		}
	}))
	defer srv.Close()
	defer close(release)
	base, _ := url.Parse(srv.URL)
	c := &Client{SOAP: &soap.Client{HTTP: srv.Client(), Base: base}, Ticket: testTicket}
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	err := c.Store(ctx, capturedMessage)
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("err = %v, want context.DeadlineExceeded", err)
	}
	checkNoSecrets(t, err, "")
}

func TestStoreArguments(t *testing.T) {
	s := &script{replies: []reply{{200, "text/xml", nil}}}
	c := newClient(t, s, testTicket)
	bad := capturedMessage
	bad.Sequence = 0
	for name, err := range map[string]error{
		"nil client":  (*Client)(nil).Store(context.Background(), capturedMessage),
		"no SOAP":     (&Client{Ticket: testTicket}).Store(context.Background(), capturedMessage),
		"no ticket":   (&Client{SOAP: c.SOAP}).Store(context.Background(), capturedMessage),
		"bad message": c.Store(context.Background(), bad),
	} {
		if err == nil || !strings.HasPrefix(err.Error(), "oim: ") {
			t.Errorf("%s: err = %v", name, err)
		}
	}
	if n := len(s.sent()); n != 0 {
		t.Errorf("%d requests sent for invalid arguments", n)
	}
}

// The trace shows the exchange with the ticket and the lock key redacted.
func TestStoreTraceRedacted(t *testing.T) {
	var trace bytes.Buffer
	s := &script{replies: []reply{
		{500, "text/xml", readCaptured(t, "02-OimWS_oim.asmx.response.500.xml")},
		{200, "text/xml", readCaptured(t, "03-OimWS_oim.asmx.response.200.xml")},
	}}
	c := newClient(t, s, testTicket)
	c.SOAP.Trace = &trace
	if err := c.Store(context.Background(), capturedMessage); err != nil {
		t.Fatal(err)
	}
	for _, secret := range []string{"0123456789abcdef0123", "secretproof", "844559b18ac25f3affb9281fd729203c"} {
		if strings.Contains(trace.String(), secret) {
			t.Errorf("trace contains %q", secret)
		}
	}
	if !strings.Contains(trace.String(), "LockKeyChallenge") {
		t.Error("trace lacks the exchange")
	}
}

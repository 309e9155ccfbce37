package passport

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/msn-cli/msn/client/soap"
)

// tokenServer serves captured responses by path and records the last
// request body.
type tokenServer struct {
	responses map[string][]byte
	status    int
	lastBody  []byte
	lastPath  string
}

func (s *tokenServer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.lastBody, _ = io.ReadAll(r.Body)
	s.lastPath = r.URL.Path
	body, ok := s.responses[r.URL.Path]
	if !ok {
		http.NotFound(w, r)
		return
	}
	w.Header().Set("Content-Type", "text/xml; charset=utf-8")
	if s.status != 0 {
		w.WriteHeader(s.status)
	}
	w.Write(body)
}

func newTokenClient(t *testing.T, prefix string, s *tokenServer) (*Client, *bytes.Buffer) {
	t.Helper()
	srv := httptest.NewServer(s)
	t.Cleanup(srv.Close)
	base, err := url.Parse(srv.URL + prefix)
	if err != nil {
		t.Fatal(err)
	}
	var trace bytes.Buffer
	return &Client{SOAP: &soap.Client{HTTP: srv.Client(), Base: base, Trace: &trace}}, &trace
}

const testPassword = `s3cr<t&"pw'`

func TestRequestTokens(t *testing.T) {
	for _, tt := range []struct{ path, capture string }{
		{PathRST, "soap/sso-and-addressbook/01-RST.srf.response.200.xml"},
		{PathRST2, "soap/sso-and-addressbook/03-RST2.srf.response.200.xml"},
	} {
		s := &tokenServer{responses: map[string][]byte{"/escargot" + tt.path: readCaptured(t, tt.capture)}}
		c, trace := newTokenClient(t, "/escargot/", s)
		tokens, err := c.RequestTokens(context.Background(), tt.path, "alice@example.com", testPassword, SSORequests("MBI_KEY_OLD"))
		if err != nil {
			t.Fatalf("%s: %v", tt.path, err)
		}
		if len(tokens) != 7 || tokens[AddrMessengerClear].BinarySecret == "" {
			t.Errorf("%s: tokens = %+v", tt.path, tokens)
		}
		sent := parseRequest(t, s.lastBody)
		if sent.user != "alice@example.com" || sent.password != testPassword || len(sent.reqs) != 7 {
			t.Errorf("%s: server read %q / %q / %d requests", tt.path, sent.user, sent.password, len(sent.reqs))
		}
		for _, secret := range []string{testPassword, "s3cr&lt;t", tokens[AddrMessengerClear].BinarySecret, tokens[AddrContacts].Ticket[:22]} {
			if strings.Contains(trace.String(), secret) {
				t.Errorf("%s: trace contains secret %q", tt.path, secret)
			}
		}
		if !strings.Contains(trace.String(), "SOAP> POST ") || !strings.Contains(trace.String(), AddrMessengerClear) {
			t.Errorf("%s: trace lacks the exchange:\n%s", tt.path, trace.String())
		}
	}
}

func TestRequestTokensWrongPassword(t *testing.T) {
	s := &tokenServer{responses: map[string][]byte{PathRST: readCaptured(t, "soap/sso-and-addressbook/07-RST.srf.response.200.xml")}}
	c, _ := newTokenClient(t, "", s)
	_, err := c.RequestTokens(context.Background(), PathRST, "alice@example.com", testPassword, SSORequests("MBI_KEY_OLD"))
	if !errors.Is(err, ErrAuthFailed) {
		t.Fatalf("err = %v, want ErrAuthFailed", err)
	}
	if strings.Contains(err.Error(), "s3cr") {
		t.Errorf("error contains the password: %q", err)
	}
}

func TestRequestTokensHTTPErrors(t *testing.T) {
	// No fault, HTTP 500.
	s := &tokenServer{responses: map[string][]byte{PathRST: []byte("boom")}, status: http.StatusInternalServerError}
	c, _ := newTokenClient(t, "", s)
	_, err := c.RequestTokens(context.Background(), PathRST, "alice@example.com", testPassword, SSORequests("MBI_KEY_OLD"))
	var he *soap.HTTPError
	if !errors.As(err, &he) || he.Status != 500 || !strings.HasPrefix(err.Error(), "passport: ") {
		t.Errorf("err = %v, want a wrapped *soap.HTTPError 500", err)
	}

	// Wrong path: 404.
	_, err = c.RequestTokens(context.Background(), "/login2.srf", "alice@example.com", testPassword, SSORequests("MBI_KEY_OLD"))
	if !errors.As(err, &he) || he.Status != 404 {
		t.Errorf("err = %v, want a wrapped *soap.HTTPError 404", err)
	}

	// Nothing listening.
	srv := httptest.NewServer(http.NotFoundHandler())
	base, _ := url.Parse(srv.URL)
	srv.Close()
	c = &Client{SOAP: &soap.Client{Base: base}}
	_, err = c.RequestTokens(context.Background(), PathRST, "alice@example.com", testPassword, SSORequests("MBI_KEY_OLD"))
	if err == nil || strings.Contains(err.Error(), "s3cr") || errors.Is(err, ErrAuthFailed) {
		t.Errorf("err = %v", err)
	}
}

func TestRequestTokensArguments(t *testing.T) {
	if _, err := (&Client{}).RequestTokens(context.Background(), PathRST, "a", "b", SSORequests("x")); err == nil {
		t.Error("no error without a SOAP client")
	}
	c := &Client{SOAP: &soap.Client{Base: &url.URL{Scheme: "http", Host: "127.0.0.1:1"}}}
	if _, err := c.RequestTokens(context.Background(), PathRST, "a", "b", nil); err == nil {
		t.Error("no error without token requests")
	}
}

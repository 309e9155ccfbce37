package soap

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"strings"
	"syscall"
	"testing"
	"time"
)

// newServer starts an httptest server running h and a Client for it whose
// base URL has the given path prefix.
func newServer(t *testing.T, prefix string, h http.HandlerFunc) *Client {
	t.Helper()
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	base, err := url.Parse(srv.URL + prefix)
	if err != nil {
		t.Fatal(err)
	}
	return &Client{HTTP: srv.Client(), Base: base}
}

// reply returns a handler that answers every request with status and body.
func reply(status int, contentType string, body []byte) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		io.Copy(io.Discard, r.Body)
		w.Header().Set("Content-Type", contentType)
		w.WriteHeader(status)
		w.Write(body)
	}
}

func TestCallSendsRequest(t *testing.T) {
	var got struct {
		method, path, ctype, action string
		body                        []byte
	}
	c := newServer(t, "/x/", func(w http.ResponseWriter, r *http.Request) {
		got.method, got.path = r.Method, r.URL.Path
		got.ctype, got.action = r.Header.Get("Content-Type"), r.Header.Get("SOAPAction")
		got.body, _ = io.ReadAll(r.Body)
		w.Write([]byte("<Envelope><Body><ok/></Body></Envelope>"))
	})
	req := []byte("<Envelope><Body><Store/></Body></Envelope>")
	resp, err := c.Call(context.Background(), "/OimWS/oim.asmx", "http://messenger.live.com/ws/2006/09/oim/Store2", req)
	if err != nil {
		t.Fatal(err)
	}
	if string(resp) != "<Envelope><Body><ok/></Body></Envelope>" {
		t.Errorf("response body = %q", resp)
	}
	if got.method != http.MethodPost || got.path != "/x/OimWS/oim.asmx" {
		t.Errorf("request = %s %s, want POST /x/OimWS/oim.asmx", got.method, got.path)
	}
	if got.ctype != "text/xml; charset=utf-8" {
		t.Errorf("Content-Type = %q", got.ctype)
	}
	if got.action != `"http://messenger.live.com/ws/2006/09/oim/Store2"` {
		t.Errorf("SOAPAction = %q", got.action)
	}
	if !bytes.Equal(got.body, req) {
		t.Errorf("request body = %q", got.body)
	}
}

func TestCallNoActionHeader(t *testing.T) {
	var has bool
	c := newServer(t, "", func(w http.ResponseWriter, r *http.Request) {
		_, has = r.Header["Soapaction"]
	})
	if _, err := c.Call(context.Background(), "/RST.srf", "", nil); err != nil {
		t.Fatal(err)
	}
	if has {
		t.Error("SOAPAction header sent for an empty action")
	}
}

func TestCallFaultUnderEnvelope(t *testing.T) {
	// RST.srf's answer to a wrong password: HTTP 200, S:Fault directly under
	// S:Envelope, SOAP 1.1.
	body := readCaptured(t, "sso-and-addressbook/07-RST.srf.response.200.xml")
	c := newServer(t, "", reply(http.StatusOK, "text/xml", body))
	_, err := c.Call(context.Background(), "/RST.srf", "", []byte("<x/>"))
	var f *Fault
	if !errors.As(err, &f) {
		t.Fatalf("err = %v (%T), want *Fault", err, err)
	}
	want := Fault{HTTPStatus: 200, Code: "wsse:FailedAuthentication", Message: "Authentication Failure"}
	if *f != want {
		t.Errorf("fault = %+v, want %+v", *f, want)
	}
	if !f.HasCode("FailedAuthentication") || f.HasCode("Client") {
		t.Errorf("HasCode wrong for %q", f.Code)
	}
	if got := f.Error(); got != "soap: fault wsse:FailedAuthentication: Authentication Failure" {
		t.Errorf("Error() = %q", got)
	}
}

func TestCallFaultUnderBodySOAP12(t *testing.T) {
	body, err := os.ReadFile("testdata/fault-soap12.xml")
	if err != nil {
		t.Fatal(err)
	}
	c := newServer(t, "", reply(http.StatusOK, "application/soap+xml", body))
	_, err = c.Call(context.Background(), "/RST2.srf", "", nil)
	var f *Fault
	if !errors.As(err, &f) {
		t.Fatalf("err = %v, want *Fault", err)
	}
	if f.Code != "env:Sender/wst:FailedAuthentication" || f.Message != "Authentication Failure" || f.HTTPStatus != 200 {
		t.Errorf("fault = %+v", *f)
	}
	if !f.HasCode("FailedAuthentication") || !f.HasCode("sender") {
		t.Errorf("HasCode misses a code in %q", f.Code)
	}
	if !strings.Contains(f.Detail, "<psf:value>0x80048821</psf:value>") {
		t.Errorf("Detail = %q", f.Detail)
	}
}

func TestCallHTTP500WithFault(t *testing.T) {
	// oim.asmx's answer to an empty lock key: HTTP 500 with a fault whose
	// detail carries the challenge.
	body := readCaptured(t, "offline-messages/02-OimWS_oim.asmx.response.500.xml")
	c := newServer(t, "", reply(http.StatusInternalServerError, "text/xml", body))
	_, err := c.Call(context.Background(), "/OimWS/oim.asmx", "http://messenger.live.com/ws/2006/09/oim/Store2", []byte("<x/>"))
	var f *Fault
	if !errors.As(err, &f) {
		t.Fatalf("err = %v, want *Fault", err)
	}
	if f.HTTPStatus != 500 || f.Code != "q0:AuthenticationFailed" || !f.HasCode("AuthenticationFailed") {
		t.Errorf("fault = %+v", *f)
	}
	if !strings.Contains(f.Detail, ">1850937852</LockKeyChallenge>") {
		t.Errorf("Detail lacks the lock key challenge: %q", f.Detail)
	}
	if !strings.HasPrefix(err.Error(), "soap: fault q0:AuthenticationFailed (http 500): ") {
		t.Errorf("Error() = %q", err)
	}
	var he *HTTPError
	if errors.As(err, &he) {
		t.Error("a fault must not also be an *HTTPError")
	}
}

func TestCallHTTP500WithoutFault(t *testing.T) {
	// Escargot's OIM handler crashing: HTTP 500 text/plain.
	secret := "t=0123456789abcdef0123&p="
	c := newServer(t, "", reply(http.StatusInternalServerError, "text/plain", []byte("500 Internal Server Error\n\n"+secret)))
	_, err := c.Call(context.Background(), "/OimWS/oim.asmx", "", nil)
	var he *HTTPError
	if !errors.As(err, &he) {
		t.Fatalf("err = %v (%T), want *HTTPError", err, err)
	}
	if *he != (HTTPError{Status: 500, Path: "/OimWS/oim.asmx"}) {
		t.Errorf("HTTPError = %+v", *he)
	}
	if got := err.Error(); got != "soap: /OimWS/oim.asmx: http 500 internal server error" || strings.Contains(got, secret) {
		t.Errorf("Error() = %q", got)
	}
}

func TestCallHTTP403NoBody(t *testing.T) {
	c := newServer(t, "", reply(http.StatusForbidden, "text/html", nil))
	_, err := c.Call(context.Background(), "/abservice/abservice.asmx", "", nil)
	var he *HTTPError
	if !errors.As(err, &he) || he.Status != 403 {
		t.Fatalf("err = %v, want *HTTPError 403", err)
	}
}

func TestCallSizeLimit(t *testing.T) {
	const limit = 1000
	for _, tt := range []struct {
		name    string
		size    int
		chunked bool
		ok      bool
	}{
		{"at limit", limit, false, true},
		{"over limit", limit + 1, false, false},
		{"at limit chunked", limit, true, true},
		{"over limit chunked", limit + 1, true, false},
		{"far over chunked", 10 * limit, true, false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			body := bytes.Repeat([]byte("a"), tt.size)
			c := newServer(t, "", func(w http.ResponseWriter, r *http.Request) {
				if tt.chunked {
					w.Write(body[:1])
					w.(http.Flusher).Flush() // no Content-Length
					w.Write(body[1:])
					return
				}
				w.Header().Set("Content-Length", itoa(len(body)))
				w.Write(body)
			})
			c.MaxResponse = limit
			got, err := c.Call(context.Background(), "/big", "", nil)
			if tt.ok {
				if err != nil || len(got) != tt.size {
					t.Fatalf("got %d bytes, err %v; want %d bytes", len(got), err, tt.size)
				}
				return
			}
			if err == nil || got != nil {
				t.Fatalf("got %d bytes, err %v; want an error", len(got), err)
			}
			if !strings.Contains(err.Error(), "larger than 1000 bytes") || !strings.Contains(err.Error(), "/big") {
				t.Errorf("err = %v", err)
			}
			var tooLarge *TooLargeError
			if !errors.As(err, &tooLarge) || tooLarge.Limit != limit {
				t.Errorf("err = %#v, want a *TooLargeError with the limit", err)
			}
		})
	}
}

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	var b []byte
	for ; n > 0; n /= 10 {
		b = append([]byte{byte('0' + n%10)}, b...)
	}
	return string(b)
}

func TestCallDefaultLimit(t *testing.T) {
	if (&Client{}).limit() != DefaultMaxResponse || (&Client{MaxResponse: -1}).limit() != DefaultMaxResponse {
		t.Error("zero or negative MaxResponse must mean DefaultMaxResponse")
	}
}

// hang returns a handler that never answers on its own: it reads the
// request, closes arrived (if not nil) and waits until the client goes away
// or release is called. Defer release so that it runs before the server's
// Close, which waits for handlers.
func hang(arrived chan struct{}) (h http.HandlerFunc, release func()) {
	done := make(chan struct{})
	return func(w http.ResponseWriter, r *http.Request) {
		io.Copy(io.Discard, r.Body)
		if arrived != nil {
			close(arrived)
		}
		select {
		case <-r.Context().Done():
		case <-done:
		}
	}, func() { close(done) }
}

func TestCallContextCancel(t *testing.T) {
	arrived := make(chan struct{})
	h, release := hang(arrived)
	c := newServer(t, "", h)
	defer release()
	ctx, cancel := context.WithCancel(context.Background())
	go func() {
		<-arrived
		cancel()
	}()
	start := time.Now()
	_, err := c.Call(ctx, "/RST.srf", "", []byte("<Password>hunter2</Password>"))
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
	if time.Since(start) > 5*time.Second {
		t.Error("Call did not return promptly after cancel")
	}
	if msg := err.Error(); !strings.HasPrefix(msg, "soap: /RST.srf: ") || strings.Contains(msg, "hunter2") {
		t.Errorf("Error() = %q", msg)
	}
}

func TestCallDeadline(t *testing.T) {
	h, release := hang(nil)
	c := newServer(t, "", h)
	defer release()
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	if _, err := c.Call(ctx, "/RST.srf", "", nil); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("err = %v, want context.DeadlineExceeded", err)
	}
}

func TestCallNetworkError(t *testing.T) {
	srv := httptest.NewServer(http.NotFoundHandler())
	base, _ := url.Parse(srv.URL)
	srv.Close() // nothing listens any more
	c := &Client{Base: base}
	_, err := c.Call(context.Background(), "/RST.srf", "", []byte("<Password>hunter2</Password>"))
	if err == nil {
		t.Fatal("no error from a closed server")
	}
	if msg := err.Error(); !strings.HasPrefix(msg, "soap: /RST.srf: ") || strings.Contains(msg, "hunter2") {
		t.Errorf("Error() = %q", msg)
	}
	var terr *TransportError
	if !errors.As(err, &terr) || terr.Path != "/RST.srf" || !errors.Is(err, syscall.ECONNREFUSED) {
		t.Errorf("err = %#v, want a *TransportError for /RST.srf wrapping ECONNREFUSED", err)
	}
}

func TestCallNoBase(t *testing.T) {
	if _, err := (&Client{}).Call(context.Background(), "/RST.srf", "", nil); err == nil || !strings.HasPrefix(err.Error(), "soap: ") {
		t.Errorf("err = %v", err)
	}
}

func TestCallTrace(t *testing.T) {
	respBody := readCaptured(t, "sso-and-addressbook/01-RST.srf.response.200.xml")
	reqBody := readCaptured(t, "sso-and-addressbook/01-RST.srf.request.xml")
	c := newServer(t, "/p/", reply(http.StatusOK, "text/xml", respBody))
	var trace bytes.Buffer
	c.Trace = &trace
	if _, err := c.Call(context.Background(), "/RST.srf", "urn:act", reqBody); err != nil {
		t.Fatal(err)
	}
	out := trace.String()
	lines := strings.Split(out, "\n")
	wantReq := "SOAP> POST " + c.Base.String() + "RST.srf action=urn:act (" + itoa(len(reqBody)) + " bytes)"
	if lines[0] != wantReq {
		t.Errorf("first trace line = %q, want %q", lines[0], wantReq)
	}
	wantResp := "SOAP< 200 (" + itoa(len(respBody)) + " bytes)"
	if !strings.Contains(out, "\n"+wantResp+"\n") {
		t.Errorf("trace lacks %q", wantResp)
	}
	for _, secret := range []string{"alice123", "eIZxECn0sKBre8wtdOwUjIpySapLqbmv", "266c3f2fca59b29b7c49", "Cap26AQZrSyMm2Sw"} {
		if strings.Contains(out, secret) {
			t.Errorf("trace contains secret %q", secret)
		}
	}
	for _, keep := range []string{"alice@example.com", "messengerclear.live.com", "MBI_KEY_OLD", "2026-11-25T21:13:02Z"} {
		if !strings.Contains(out, keep) {
			t.Errorf("trace lost %q", keep)
		}
	}
}

func TestCallTraceRedactsBaseUserinfo(t *testing.T) {
	c := newServer(t, "", reply(http.StatusOK, "text/xml", nil))
	c.Base.User = url.UserPassword("u", "sekrit")
	var trace bytes.Buffer
	c.Trace = &trace
	c.Call(context.Background(), "/RST.srf", "", nil)
	if strings.Contains(trace.String(), "sekrit") {
		t.Errorf("trace shows the URL password: %q", trace.String())
	}
}

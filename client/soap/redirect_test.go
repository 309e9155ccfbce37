package soap

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"
)

// countingServer starts a plain HTTP server that counts the requests it
// gets and answers each with an empty envelope.
func countingServer(t *testing.T) (*httptest.Server, *atomic.Int32) {
	t.Helper()
	var n atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n.Add(1)
		io.Copy(io.Discard, r.Body)
		w.Write([]byte("<Envelope><Body/></Envelope>"))
	}))
	t.Cleanup(srv.Close)
	return srv, &n
}

// redirectTo answers every request with status and a Location under target.
func redirectTo(target string, status int) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		io.Copy(io.Discard, r.Body)
		http.Redirect(w, r, target+r.URL.Path+"?t=secret-token", status)
	}
}

// TestCallRefusesRedirects: a services URL that redirects to another host
// must not get the body (it holds the password) sent there, whatever the
// redirect status, and an https service must not send it to plain http.
func TestCallRefusesRedirects(t *testing.T) {
	for _, tc := range []struct {
		name   string
		tls    bool
		status int
	}{
		{"307", false, http.StatusTemporaryRedirect},
		{"308", false, http.StatusPermanentRedirect},
		{"302", false, http.StatusFound},
		{"301", false, http.StatusMovedPermanently},
		{"303", false, http.StatusSeeOther},
		{"https to http", true, http.StatusTemporaryRedirect},
	} {
		t.Run(tc.name, func(t *testing.T) {
			second, reached := countingServer(t)
			first := httptest.NewUnstartedServer(redirectTo(second.URL, tc.status))
			if tc.tls {
				first.StartTLS()
			} else {
				first.Start()
			}
			t.Cleanup(first.Close)
			base, _ := url.Parse(first.URL)
			hc := first.Client()
			hc.CheckRedirect = func(*http.Request, []*http.Request) error { return nil } // a caller's client that would follow
			c := &Client{HTTP: hc, Base: base}

			_, err := c.Call(context.Background(), "/RST2.srf", "", []byte("<Password>hunter2</Password>"))
			if n := reached.Load(); n != 0 {
				t.Fatalf("the second host got %d requests", n)
			}
			var re *RedirectError
			if !errors.As(err, &re) {
				t.Fatalf("err = %v, want a *RedirectError", err)
			}
			want := second.URL + "/RST2.srf"
			if re.Status != tc.status || re.Path != "/RST2.srf" || re.Location != want {
				t.Errorf("RedirectError = %+v, want status %d, path /RST2.srf, location %s", re, tc.status, want)
			}
			msg := err.Error()
			if !strings.HasPrefix(msg, "soap: /RST2.srf: http ") || !strings.Contains(msg, "not followed") || strings.Contains(msg, "secret-token") {
				t.Errorf("err = %q", msg)
			}
		})
	}
}

// TestCallRefusesRedirectsWithTheDefaultClient: a Client with no HTTP
// client uses http.DefaultClient, which follows redirects on its own.
func TestCallRefusesRedirectsWithTheDefaultClient(t *testing.T) {
	second, reached := countingServer(t)
	first := httptest.NewServer(redirectTo(second.URL, http.StatusTemporaryRedirect))
	t.Cleanup(first.Close)
	base, _ := url.Parse(first.URL)
	_, err := (&Client{Base: base}).Call(context.Background(), "/RST.srf", "", []byte("x"))
	var re *RedirectError
	if !errors.As(err, &re) || reached.Load() != 0 {
		t.Fatalf("err = %v, second host reached %d times", err, reached.Load())
	}
}

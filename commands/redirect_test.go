package commands

import (
	"encoding/pem"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/msn-cli/msn/client/msntest"
)

// TestServicesRedirectIsRefused: a --services URL that redirects elsewhere
// must not get the login (the password is in its body) forwarded there,
// from http to https as from https to plain http. The run exits 5 and
// names --services.
func TestServicesRedirectIsRefused(t *testing.T) {
	for _, tc := range []struct {
		name string
		tls  bool // the redirecting server; msntest serves the other scheme
	}{{"http to https", false}, {"https to http", true}} {
		t.Run(tc.name, func(t *testing.T) {
			c := newCLI(t, msntest.Options{PlainHTTP: tc.tls})
			target := c.srv.ServicesURL()
			redirector := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				io.Copy(io.Discard, r.Body)
				http.Redirect(w, r, target+r.URL.Path, http.StatusTemporaryRedirect)
			}))
			var extra []string
			if tc.tls {
				redirector.StartTLS()
				ca := filepath.Join(c.home, "redirector.pem")
				cert := pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: redirector.Certificate().Raw})
				if err := os.WriteFile(ca, cert, 0o644); err != nil {
					t.Fatal(err)
				}
				extra = append(extra, "MSN_CA_FILE="+ca)
			} else {
				redirector.Start()
			}
			defer redirector.Close()
			extra = append(extra, "MSN_SERVICES="+redirector.URL)

			const password = "alice123"
			r := c.runEnv(extra, password, "-a", "alice@example.com", "login", "--password-stdin", "--insecure-storage")
			r.expect(t, 5, "redirect", "--services")
			if n := c.srv.SOAPTotal(); n != 0 {
				t.Fatalf("the redirect target got %d SOAP requests", n)
			}
			if strings.Contains(r.stderr, password) {
				t.Fatal("the password is in the output")
			}
		})
	}
}

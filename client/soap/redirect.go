package soap

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
)

// RedirectError reports a service that answered with a redirect. Call never
// follows one: every request body holds a password or a ticket, and
// following a redirect would hand it to whatever host the server names,
// perhaps over plain HTTP. The fix is a base URL that needs no redirect.
type RedirectError struct {
	Status   int    // the 3xx status
	Path     string // path the request was posted to
	Location string // where the server pointed, without userinfo, query or fragment; "" when it named nothing
}

// Error returns "soap: <path>: http <status> redirect to <location> not
// followed (...)".
func (e *RedirectError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "soap: %s: http %d redirect", e.Path, e.Status)
	if e.Location != "" {
		fmt.Fprintf(&b, " to %s", e.Location)
	}
	b.WriteString(" not followed (a request that carries credentials is never redirected)")
	return b.String()
}

// noRedirects returns a copy of hc that returns a redirect response to the
// caller instead of following it. The copy shares hc's transport, so
// connections are pooled as before.
func noRedirects(hc *http.Client) *http.Client {
	c := *hc
	c.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	return &c
}

// redirectError returns a *RedirectError when resp is a redirect, else nil.
func redirectError(resp *http.Response, path string) error {
	loc := resp.Header.Get("Location")
	if resp.StatusCode < 300 || resp.StatusCode > 399 || (loc == "" && !isRedirectStatus(resp.StatusCode)) {
		return nil
	}
	return &RedirectError{Status: resp.StatusCode, Path: path, Location: showLocation(resp.Request.URL, loc)}
}

func isRedirectStatus(status int) bool {
	switch status {
	case http.StatusMovedPermanently, http.StatusFound, http.StatusSeeOther,
		http.StatusTemporaryRedirect, http.StatusPermanentRedirect:
		return true
	}
	return false
}

// showLocation resolves loc against the request's URL and keeps scheme,
// host and path: enough to fix --services, nothing that could carry a
// token.
func showLocation(from *url.URL, loc string) string {
	if loc == "" {
		return ""
	}
	u, err := from.Parse(loc)
	if err != nil {
		return "an invalid URL"
	}
	shown := url.URL{Scheme: u.Scheme, Host: u.Host, Path: u.Path}
	return shown.String()
}

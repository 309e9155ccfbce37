package soap

import (
	"fmt"
	"net/url"
	"strings"
)

// JoinURL returns base with path appended to its path, with exactly one
// slash between them, and with the query of path (if any) in place of the
// base's query:
//
//	http://h      + /RST.srf  = http://h/RST.srf
//	http://h/     + /RST.srf  = http://h/RST.srf
//	http://h/x/   + /RST.srf  = http://h/x/RST.srf
//	http://h/x    + RST.srf   = http://h/x/RST.srf
//	http://h/     + //RST.srf = http://h/RST.srf
//
// path is taken as an escaped path, optionally followed by "?query". Nothing
// else is cleaned: dot segments and inner double slashes are sent as written,
// because Escargot does not normalise paths either. A path that contains a
// scheme ("://") is refused. base is not modified.
func JoinURL(base *url.URL, path string) (*url.URL, error) {
	p, query, hasQuery := strings.Cut(path, "?")
	p, _, _ = strings.Cut(p, "#")
	query, _, _ = strings.Cut(query, "#")
	if strings.Contains(p, "://") {
		return nil, fmt.Errorf("soap: path %q must not name a scheme or host", path)
	}
	escaped := strings.TrimRight(base.EscapedPath(), "/") + "/" + strings.TrimLeft(p, "/")
	unescaped, err := url.PathUnescape(escaped)
	if err != nil {
		return nil, fmt.Errorf("soap: invalid path %q: %w", path, err)
	}
	u := *base
	if base.User != nil {
		ui := *base.User
		u.User = &ui
	}
	u.Path = unescaped
	u.RawPath = escaped // used by String only when it is a valid encoding of Path
	u.RawQuery = query
	u.ForceQuery = hasQuery && query == ""
	u.Fragment = ""
	u.RawFragment = ""
	return &u, nil
}

package passport

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/msn-cli/msn/client/soap"
)

// ErrAuthFailed is returned, possibly wrapped, when Passport refuses the
// account name or password (a FailedAuthentication fault). Test for it
// with errors.Is.
var ErrAuthFailed = errors.New("passport: wrong account or password")

// MaxResponseSize is the largest token response ParseResponse accepts. A
// full SSO response is about 20 KB.
const MaxResponseSize = 4 << 20

// Token is one security token from a Passport response.
type Token struct {
	// Address is the service the token is for, as the response names it
	// (for example AddrMessengerClear).
	Address string

	// Ticket is the compact ticket, "t=…&p=…", with XML escaping undone.
	// It is empty for AddrPassport, whose token is an encrypted blob.
	Ticket string

	// BinarySecret is the base64 proof key as given, or empty. Only
	// AddrMessengerClear's is meaningful (it is the MBI key); Escargot
	// gives AddrPassport a constant, meaningless one.
	BinarySecret string

	// Expires is when the token stops being accepted, from the token's
	// Lifetime (RST2.srf, WS-Trust 2005) or LifeTime (RST.srf, WS-Trust
	// 2004). It is the zero time when absent or unreadable.
	Expires time.Time
}

// ParseResponse extracts the tokens from a RequestSecurityTokenResponse
// collection, the answer of RST.srf or RST2.srf, keyed by address. Tokens
// are matched by their wsa:Address, never by position or by their
// "Compact<n>" id, which counts from the request order.
//
// A FailedAuthentication fault gives an error satisfying
// errors.Is(err, ErrAuthFailed); any other fault gives an error that wraps
// the *soap.Fault. A body larger than MaxResponseSize, malformed XML or a
// response with no tokens is an error. Apart from a fault's own code and
// message, error texts never quote the body.
func ParseResponse(body []byte) (map[string]Token, error) {
	if len(body) > MaxResponseSize {
		return nil, fmt.Errorf("passport: response of %d bytes exceeds the %d byte limit", len(body), MaxResponseSize)
	}
	if f := soap.FindFault(body); f != nil {
		return nil, faultError(f)
	}

	d := soap.NewDecoder(bytes.NewReader(body))
	tokens := make(map[string]Token)
	var (
		stack []string // local names of the open elements
		cur   *Token   // the RequestSecurityTokenResponse being read
		depth int      // len(stack) where cur started
	)
	for {
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, malformed(err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			name := t.Name.Local
			if cur != nil && isTokenField(name) {
				var s string
				if err := d.DecodeElement(&s, &t); err != nil {
					return nil, malformed(err)
				}
				cur.set(name, strings.TrimSpace(s), stack[depth:])
				continue
			}
			stack = append(stack, name)
			if name == "RequestSecurityTokenResponse" {
				cur, depth = &Token{}, len(stack)
			}
		case xml.EndElement:
			if len(stack) == 0 {
				break // the decoder rejects unbalanced documents anyway
			}
			stack = stack[:len(stack)-1]
			if cur != nil && len(stack) < depth {
				if _, dup := tokens[cur.Address]; cur.Address != "" && !dup {
					tokens[cur.Address] = *cur
				}
				cur = nil
			}
		}
	}
	if len(tokens) == 0 {
		return nil, errors.New("passport: no security tokens in response")
	}
	return tokens, nil
}

// isTokenField reports whether an element inside a token response holds a
// value that Token keeps.
func isTokenField(name string) bool {
	switch name {
	case "Address", "BinarySecurityToken", "BinarySecret", "Expires":
		return true
	}
	return false
}

// set stores the text of element name found under the path of local names
// within the token response.
func (t *Token) set(name, text string, path []string) {
	parent := ""
	if len(path) > 0 {
		parent = path[len(path)-1]
	}
	switch name {
	case "Address":
		if t.Address == "" && contains(path, "AppliesTo") {
			t.Address = text
		}
	case "BinarySecurityToken":
		if t.Ticket == "" {
			t.Ticket = text
		}
	case "BinarySecret":
		if t.BinarySecret == "" {
			t.BinarySecret = text
		}
	case "Expires":
		// wst:Lifetime (2005) or wst:LifeTime (2004); the wsu:Expires of
		// the header's Timestamp is outside any token response.
		if strings.EqualFold(parent, "Lifetime") {
			if exp, err := time.Parse(time.RFC3339, text); err == nil {
				t.Expires = exp
			}
		}
	}
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

// malformed reports a response that is not well-formed XML. It keeps only
// the line number: encoding/xml's messages can quote names and entities
// from the document, and the document holds tickets.
func malformed(err error) error {
	var se *xml.SyntaxError
	if errors.As(err, &se) {
		return fmt.Errorf("passport: malformed response: xml syntax error on line %d", se.Line)
	}
	return errors.New("passport: malformed response")
}

// faultError turns a Passport fault into the error callers see.
func faultError(f *soap.Fault) error {
	if f.HasCode("FailedAuthentication") {
		return ErrAuthFailed
	}
	return fmt.Errorf("passport: token request refused: %w", f)
}

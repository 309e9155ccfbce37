package ab

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/msn-cli/msn/client/soap"
)

// Errors a call can be tested for with errors.Is. The error also wraps what
// the service answered (a *soap.Fault or *soap.HTTPError), for errors.As.
var (
	// ErrExists is the service saying that what was to be added is
	// already there: the ContactAlreadyExists, GroupAlreadyExists and
	// MemberAlreadyExists faults. Callers that want an idempotent add
	// treat it as success.
	ErrExists = errors.New("ab: already exists")

	// ErrNotFound is the service saying that what was to be changed or
	// removed is not there: the ContactDoesNotExist, GroupDoesNotExist and
	// MemberDoesNotExist faults. Callers that want an idempotent removal
	// treat it as success.
	ErrNotFound = errors.New("ab: does not exist")

	// ErrNoSuchUser is the service saying that an address is not a
	// Messenger account: the InvalidPassportUser and UserDoesNotExist
	// faults.
	ErrNoSuchUser = errors.New("ab: no such user")

	// ErrNoSession is the service refusing the ticket with HTTP 403: it
	// belongs to no notification server session that is logged in (the
	// session has ended, or never logged in with this ticket's login).
	ErrNoSession = errors.New("ab: the session is not logged in (the service wants the ticket of a live notification server session)")
)

// faultKinds maps the service's error codes to the errors above.
var faultKinds = map[string]error{
	"ContactAlreadyExists": ErrExists,
	"GroupAlreadyExists":   ErrExists,
	"MemberAlreadyExists":  ErrExists,
	"ContactDoesNotExist":  ErrNotFound,
	"GroupDoesNotExist":    ErrNotFound,
	"MemberDoesNotExist":   ErrNotFound,
	"InvalidPassportUser":  ErrNoSuchUser,
	"UserDoesNotExist":     ErrNoSuchUser,
}

// opError is a failed call: "ab: <op>: <what>: <cause>". It wraps the
// sentinel that applies (if any) and the cause, and never holds the
// request.
type opError struct {
	op, what string
	kind     error // ErrExists...; nil when none applies
	err      error // what soap.Client.Call returned
}

func (e *opError) Error() string {
	return "ab: " + e.op + ": " + e.what + ": " + e.err.Error()
}

func (e *opError) Unwrap() []error {
	if e.kind == nil {
		return []error{e.err}
	}
	return []error{e.kind, e.err}
}

// callError turns what soap.Client.Call returned into this package's
// error for op.
func callError(op string, err error) error {
	var f *soap.Fault
	if errors.As(err, &f) {
		code := FaultCode(f)
		what := code
		if what == "" {
			what = "refused"
		}
		return &opError{op: op, what: what, kind: faultKinds[code], err: err}
	}
	var he *soap.HTTPError
	if errors.As(err, &he) && he.Status == http.StatusForbidden {
		return &opError{op: op, what: "the session is not logged in", kind: ErrNoSession, err: err}
	}
	return fmt.Errorf("ab: %s: %w", op, err)
}

// FaultCode is the address book's own error code of a fault: the text of
// the errorcode element in its detail ("ContactAlreadyExists"), which is
// where the service says what went wrong (the faultcode itself is only
// soap:Client). A fault without one gives the local part of its faultcode.
func FaultCode(f *soap.Fault) string {
	if code := detailCode(f.Detail); code != "" {
		return code
	}
	c := f.Code
	if i := strings.LastIndexByte(c, '/'); i >= 0 {
		c = c[i+1:]
	}
	if i := strings.LastIndexByte(c, ':'); i >= 0 {
		c = c[i+1:]
	}
	return c
}

// detailCode finds the first errorcode element in a fault's detail. The
// detail may use prefixes declared outside it, so names are read raw.
func detailCode(detail string) string {
	if !strings.Contains(detail, "errorcode") {
		return ""
	}
	d := xml.NewDecoder(strings.NewReader(detail))
	d.Strict = false
	in := false
	var text bytes.Buffer
	for {
		tok, err := d.RawToken()
		if err != nil {
			return ""
		}
		switch t := tok.(type) {
		case xml.StartElement:
			in = t.Name.Local == "errorcode"
			text.Reset()
		case xml.CharData:
			if in && text.Len()+len(t) <= MaxText {
				text.Write(t)
			}
		case xml.EndElement:
			if in {
				return strings.TrimSpace(text.String())
			}
		}
	}
}

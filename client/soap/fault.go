package soap

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"net/http"
	"strings"
)

// Fault is a SOAP fault returned by a service, in either SOAP version.
type Fault struct {
	// HTTPStatus is the status of the response that carried the fault
	// (services use 200 as well as 500). It is 0 for a fault found by
	// FindFault outside of a call.
	HTTPStatus int

	// Code is the fault code as written, namespace prefix included: the
	// SOAP 1.1 faultcode ("wsse:FailedAuthentication"), or for SOAP 1.2 the
	// Code/Value followed by each Subcode/Value, separated by "/"
	// ("S:Sender/wst:FailedAuthentication"). Use HasCode to test it.
	Code string

	// Message is the SOAP 1.1 faultstring or the first SOAP 1.2
	// Reason/Text, with surrounding space removed.
	Message string

	// Detail is the raw XML inside the detail (SOAP 1.1) or Detail (SOAP
	// 1.2) element, with surrounding space removed, for services that put
	// data there (the OIM lock key challenge). Namespace prefixes in it may
	// refer to declarations outside it. It is not part of Error.
	Detail string
}

// Error returns "soap: fault <code>: <message>", with the HTTP status when
// it is not 200, on one line.
func (f *Fault) Error() string {
	var b strings.Builder
	b.WriteString("soap: fault")
	if f.Code != "" {
		b.WriteString(" ")
		b.WriteString(oneLine(f.Code))
	}
	if f.HTTPStatus != 0 && f.HTTPStatus != http.StatusOK {
		fmt.Fprintf(&b, " (http %d)", f.HTTPStatus)
	}
	if f.Message != "" {
		b.WriteString(": ")
		b.WriteString(oneLine(f.Message))
	}
	return b.String()
}

// HasCode reports whether name is one of the fault's codes, comparing local
// names only (the part after any namespace prefix) and ignoring case, so
// f.HasCode("FailedAuthentication") is true for "wsse:FailedAuthentication"
// as well as for a SOAP 1.2 fault with that subcode.
func (f *Fault) HasCode(name string) bool {
	for part := range strings.SplitSeq(f.Code, "/") {
		part = strings.TrimSpace(part)
		if i := strings.LastIndexByte(part, ':'); i >= 0 {
			part = part[i+1:]
		}
		if strings.EqualFold(part, name) {
			return true
		}
	}
	return false
}

// HTTPError reports a response with a status outside 2xx that carried no
// SOAP fault (Escargot's address book answers 403 this way when the ticket
// has no live session).
type HTTPError struct {
	Status int    // HTTP status code
	Path   string // path the request was posted to
}

// Error returns "soap: <path>: http <status> <text>".
func (e *HTTPError) Error() string {
	return fmt.Sprintf("soap: %s: http %d %s", e.Path, e.Status, strings.ToLower(http.StatusText(e.Status)))
}

// FindFault looks for a SOAP Fault element anywhere in body, in any
// namespace: directly under Envelope (as Passport's RST.srf puts it) or
// under Body. It returns nil when there is none or when body is not XML. A
// Fault element that cannot be fully decoded still gives a non-nil Fault
// with whatever could be read.
func FindFault(body []byte) *Fault {
	d := NewDecoder(bytes.NewReader(body))
	for {
		tok, err := d.Token()
		if err != nil {
			return nil
		}
		se, ok := tok.(xml.StartElement)
		if !ok || se.Name.Local != "Fault" {
			continue
		}
		var fx faultXML
		_ = d.DecodeElement(&fx, &se) // a broken fault is still a fault
		return fx.fault()
	}
}

// NewDecoder returns an encoding/xml decoder for a service response. Declared
// encodings other than UTF-8 are read as UTF-8 rather than refused: the
// services send ASCII-compatible documents and a wrong label should not hide
// a fault.
func NewDecoder(r io.Reader) *xml.Decoder {
	d := xml.NewDecoder(r)
	d.CharsetReader = func(_ string, in io.Reader) (io.Reader, error) { return in, nil }
	return d
}

// faultXML covers both SOAP versions; element names match in any namespace.
type faultXML struct {
	Code11   string    `xml:"faultcode"`
	String11 string    `xml:"faultstring"`
	Detail11 *innerXML `xml:"detail"`
	Code12   *code12   `xml:"Code"`
	Reason12 []string  `xml:"Reason>Text"`
	Detail12 *innerXML `xml:"Detail"`
}

type code12 struct {
	Value   string  `xml:"Value"`
	Subcode *code12 `xml:"Subcode"`
}

type innerXML struct {
	Inner string `xml:",innerxml"`
}

func (fx *faultXML) fault() *Fault {
	f := &Fault{
		Code:    strings.TrimSpace(fx.Code11),
		Message: strings.TrimSpace(fx.String11),
	}
	if f.Code == "" && fx.Code12 != nil {
		var parts []string
		for c := fx.Code12; c != nil; c = c.Subcode {
			if v := strings.TrimSpace(c.Value); v != "" {
				parts = append(parts, v)
			}
		}
		f.Code = strings.Join(parts, "/")
	}
	if f.Message == "" {
		for _, t := range fx.Reason12 {
			if t = strings.TrimSpace(t); t != "" {
				f.Message = t
				break
			}
		}
	}
	switch {
	case fx.Detail11 != nil:
		f.Detail = strings.TrimSpace(fx.Detail11.Inner)
	case fx.Detail12 != nil:
		f.Detail = strings.TrimSpace(fx.Detail12.Inner)
	}
	return f
}

// oneLine collapses runs of white space, so server text cannot break a log
// line.
func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

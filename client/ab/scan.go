package ab

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"
)

// scanner walks a response one token at a time, keeping only the stack
// of open elements (local names: the services' namespaces and prefixes
// vary, their element names do not) and the text of the element that the
// caller asked to keep. It reads raw tokens, checks that end tags match
// itself, and bounds depth, kept text and input size.
type scanner struct {
	d     *xml.Decoder
	stack []xml.Name // open elements, as written (prefix in Space)
	keep  bool       // collect the current element's text
	text  []byte
	ended bool // the innermost element has ended: pop it at the next call
}

func newScanner(body []byte) (*scanner, error) {
	if len(body) > MaxDocument {
		return nil, fmt.Errorf("ab: response larger than %d bytes", MaxDocument)
	}
	d := xml.NewDecoder(bytes.NewReader(body))
	d.CharsetReader = func(_ string, in io.Reader) (io.Reader, error) { return in, nil }
	return &scanner{d: d, stack: make([]xml.Name, 0, 16)}, nil
}

// event is what next returns: an element starting (start), or ending with
// its kept text (end), or the end of the document (done).
type event int

const (
	evStart event = iota + 1
	evEnd
	evDone
)

// next returns the next start or end of an element. At evStart the
// caller sets s.keep to have the element's text collected; at evEnd,
// s.name() is the ending element and s.value() its text when it was kept.
// The ended element is popped at the following call.
func (s *scanner) next() (event, error) {
	if s.ended {
		s.stack = s.stack[:len(s.stack)-1]
		s.ended, s.keep = false, false
	}
	for {
		tok, err := s.d.RawToken()
		if errors.Is(err, io.EOF) {
			if len(s.stack) > 0 {
				return 0, errors.New("ab: response ends inside an element")
			}
			return evDone, nil
		}
		if err != nil {
			return 0, fmt.Errorf("ab: response is not XML: %w", err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if len(s.stack) >= maxDepth {
				return 0, fmt.Errorf("ab: response nested deeper than %d elements", maxDepth)
			}
			s.stack = append(s.stack, t.Name)
			s.keep = false
			s.text = s.text[:0]
			return evStart, nil
		case xml.EndElement:
			if len(s.stack) == 0 {
				return 0, errors.New("ab: response is not XML: unexpected end tag")
			}
			if top := s.stack[len(s.stack)-1]; top != t.Name {
				return 0, fmt.Errorf("ab: response is not XML: <%s> closed by </%s>", local(top), local(t.Name))
			}
			s.ended = true
			return evEnd, nil
		case xml.CharData:
			if !s.keep {
				continue
			}
			if len(s.text)+len(t) > MaxText {
				return 0, fmt.Errorf("ab: <%s> longer than %d bytes", s.name(), MaxText)
			}
			s.text = append(s.text, t...)
		}
	}
}

// name is the local name of the innermost open element.
func (s *scanner) name() string { return s.stack[len(s.stack)-1].Local }

// parent is the local name of the element enclosing the innermost one, or
// "".
func (s *scanner) parent() string {
	if len(s.stack) < 2 {
		return ""
	}
	return s.stack[len(s.stack)-2].Local
}

// value is the kept text, trimmed.
func (s *scanner) value() string { return string(bytes.TrimSpace(s.text)) }

// isTrue reads an xsd:boolean.
func (s *scanner) isTrue() bool {
	v := bytes.TrimSpace(s.text)
	return string(v) == "true" || string(v) == "1"
}

func local(n xml.Name) string { return n.Local }

// resultGUID reads the guid that ABContactAdd and ABGroupAdd answer with:
// <opResponse><opResult><guid>…</guid></opResult></opResponse>.
func resultGUID(op string, body []byte) (string, error) {
	s, err := newScanner(body)
	if err != nil {
		return "", fmt.Errorf("ab: %s: %s", op, trimPrefix(err))
	}
	result := op + "Result"
	for {
		ev, err := s.next()
		if err != nil {
			return "", fmt.Errorf("ab: %s: %s", op, trimPrefix(err))
		}
		switch ev {
		case evDone:
			return "", fmt.Errorf("ab: %s: no %s>guid in the response", op, result)
		case evStart:
			s.keep = s.name() == "guid" && s.parent() == result
		case evEnd:
			if s.keep {
				id := s.value()
				if !isGUID(id) {
					return "", fmt.Errorf("ab: %s: the id %q in the response is not a GUID", op, strings.ToValidUTF8(id, "?"))
				}
				return id, nil
			}
		}
	}
}

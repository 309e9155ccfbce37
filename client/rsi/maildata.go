package rsi

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
)

// MaxEntries is the most messages a listing may hold; a longer one is an
// error rather than an unbounded allocation. Escargot sets no limit, real
// MSN kept far fewer.
const MaxEntries = 10000

// maxMailData bounds the <MD> document given to ParseMailData.
const maxMailData = 8 << 20

// tooLargeValue is the Mail-Data value the notification server sends
// instead of a list when there are too many messages to list.
const tooLargeValue = "too-large"

// Entry is one offline message in a listing: one <M> element of an <MD>
// document.
type Entry struct {
	// ID identifies the message for GetMessage and DeleteMessages (the
	// <I> element, a GUID on Escargot). It is never empty.
	ID string

	// From is the sender's account (<E>) and FromName the sender's
	// friendly name (<N>), decoded from RFC 2047; either may be empty.
	From, FromName string

	// Received is when the service stored the message (<RT>), in UTC; the
	// zero time when the entry has none (the notification of a message
	// just stored) or it does not parse.
	Received time.Time

	// Size is the size of the message as GetMessage returns it (<SZ>),
	// 0 when absent.
	Size int

	// Sequence is the message's number within its run. A listing does
	// not say, so it is 0 (unknown) here; GetMessage gives it.
	Sequence int
}

// ParseMailData reads an <MD> document: the Mail-Data header value of the
// notification server's text/x-msmsgsinitialmdatanotification and
// text/x-msmsgsoimnotification messages, or what GetMetadata returns. The
// entries come in document order.
//
// The value "too-large" gives tooLarge true and no entries: there are
// more messages than the notification server lists, and GetMetadata must
// be asked. Elements other than <M> (the <E> mailbox counts, the <Q>
// quota) and unknown children of <M> are ignored. An entry without an id,
// more than MaxEntries entries, or a document that is not well-formed XML
// with an MD root is an error.
func ParseMailData(md []byte) (entries []Entry, tooLarge bool, err error) {
	if len(md) > maxMailData {
		return nil, false, fmt.Errorf("rsi: mail data of %d bytes is too large", len(md))
	}
	trimmed := bytes.TrimSpace(md)
	if string(trimmed) == tooLargeValue {
		return nil, true, nil
	}
	d := newDecoder(bytes.NewReader(trimmed))
	for {
		tok, err := d.Token()
		if err != nil {
			if errors.Is(err, io.EOF) {
				return nil, false, errors.New("rsi: mail data has no MD element")
			}
			return nil, false, fmt.Errorf("rsi: mail data is not XML: %w", err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if t.Name.Local != "MD" {
				return nil, false, fmt.Errorf("rsi: mail data has a %s element where MD was expected", shorten(t.Name.Local, 40))
			}
			entries, err := decodeMD(d, t)
			if err != nil {
				return nil, false, err
			}
			if err := expectEnd(d); err != nil {
				return nil, false, err
			}
			return entries, false, nil
		case xml.CharData:
			if len(bytes.TrimSpace(t)) > 0 {
				return nil, false, errors.New("rsi: mail data is neither an MD document nor too-large")
			}
		}
	}
}

// expectEnd checks that nothing but white space, comments and processing
// instructions follows the root element.
func expectEnd(d *xml.Decoder) error {
	for {
		tok, err := d.Token()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return fmt.Errorf("rsi: mail data is not XML: %w", err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			return errors.New("rsi: mail data has more than one root element")
		case xml.CharData:
			if len(bytes.TrimSpace(t)) > 0 {
				return errors.New("rsi: mail data has text after the MD element")
			}
		}
	}
}

// mXML is one <M> element. Children match in any namespace.
type mXML struct {
	RT string `xml:"RT"`
	SZ string `xml:"SZ"`
	E  string `xml:"E"`
	I  string `xml:"I"`
	N  string `xml:"N"`
}

// decodeMD reads the children of the MD element start up to its end
// element, returning one Entry per <M>.
func decodeMD(d *xml.Decoder, start xml.StartElement) ([]Entry, error) {
	var entries []Entry
	for {
		tok, err := d.Token()
		if err != nil {
			return nil, fmt.Errorf("rsi: mail data is not XML: %w", err)
		}
		switch t := tok.(type) {
		case xml.EndElement:
			return entries, nil
		case xml.StartElement:
			if t.Name.Local != "M" {
				if err := d.Skip(); err != nil {
					return nil, fmt.Errorf("rsi: mail data is not XML: %w", err)
				}
				continue
			}
			if len(entries) == MaxEntries {
				return nil, fmt.Errorf("rsi: mail data lists more than %d messages", MaxEntries)
			}
			var m mXML
			if err := d.DecodeElement(&m, &t); err != nil {
				return nil, fmt.Errorf("rsi: mail data is not XML: %w", err)
			}
			e, err := m.entry(len(entries) + 1)
			if err != nil {
				return nil, err
			}
			entries = append(entries, e)
		}
	}
}

// entry converts the n-th <M> element. Only the id is required; a size or
// time that does not parse is left zero.
func (m *mXML) entry(n int) (Entry, error) {
	id := strings.TrimSpace(m.I)
	if err := checkID(id); err != nil {
		return Entry{}, fmt.Errorf("rsi: mail data entry %d: %w", n, err)
	}
	e := Entry{
		ID:       id,
		From:     oneLine(m.E),
		FromName: decodeName(m.N),
	}
	if rt := strings.TrimSpace(m.RT); rt != "" {
		if t, err := time.Parse(time.RFC3339Nano, rt); err == nil {
			e.Received = t.UTC()
		}
	}
	if sz, err := strconv.Atoi(strings.TrimSpace(m.SZ)); err == nil && sz > 0 {
		e.Size = sz
	}
	return e, nil
}

// maxIDLength bounds a message id; GUIDs have 36 characters.
const maxIDLength = 256

// checkID accepts an id that can be sent back to the service: not empty,
// not too long, no white space or control characters.
func checkID(id string) error {
	switch {
	case id == "":
		return errors.New("message id is empty")
	case len(id) > maxIDLength:
		return fmt.Errorf("message id longer than %d bytes", maxIDLength)
	case strings.ContainsFunc(id, func(r rune) bool { return r <= ' ' || isControl(r) || r == '\uFFFD' }):
		return errors.New("message id has white space or control characters")
	}
	return nil
}

// newDecoder is an XML decoder for service documents: declared encodings
// are read as UTF-8, as the services send UTF-8 whatever they declare.
func newDecoder(r io.Reader) *xml.Decoder {
	d := xml.NewDecoder(r)
	d.CharsetReader = func(_ string, in io.Reader) (io.Reader, error) { return in, nil }
	return d
}

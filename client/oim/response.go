package oim

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/msn-cli/msn/client/soap"
)

// maxChallenge bounds the LockKeyChallenge accepted from a fault; the
// service's are decimal numbers of about ten digits.
const maxChallenge = 64

// lockKeyChallenge returns the text of the LockKeyChallenge element in the
// fault's detail, in any namespace, and whether there was a usable one.
func lockKeyChallenge(f *soap.Fault) (string, bool) {
	if f == nil || f.Detail == "" {
		return "", false
	}
	d := soap.NewDecoder(strings.NewReader("<detail>" + f.Detail + "</detail>"))
	d.Strict = false // prefixes declared outside the detail
	for {
		tok, err := d.Token()
		if err != nil {
			return "", false
		}
		se, ok := tok.(xml.StartElement)
		if !ok || se.Name.Local != "LockKeyChallenge" {
			continue
		}
		var s string
		if err := d.DecodeElement(&s, &se); err != nil {
			return "", false
		}
		s = strings.TrimSpace(s)
		if s == "" || len(s) > maxChallenge || strings.ContainsFunc(s, func(r rune) bool { return r <= ' ' || r >= 0x7f }) {
			return "", false
		}
		return s, true
	}
}

// checkStoreResponse checks that a successful answer is a StoreResponse
// and, when it carries a WS-ReliableMessaging acknowledgment, that the
// acknowledged range is the message sent.
func checkStoreResponse(body []byte, seq int) error {
	d := soap.NewDecoder(bytes.NewReader(body))
	stored := false
	var lower, upper string
	ack := false
	for {
		tok, err := d.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return fmt.Errorf("malformed response: %w", err)
		}
		se, ok := tok.(xml.StartElement)
		if !ok {
			continue
		}
		switch se.Name.Local {
		case "StoreResponse":
			stored = true
		case "AcknowledgmentRange":
			ack = true
			for _, a := range se.Attr {
				switch a.Name.Local {
				case "Lower":
					lower = a.Value
				case "Upper":
					upper = a.Value
				}
			}
		}
	}
	if !stored {
		return errors.New("the service answered without a StoreResponse")
	}
	if ack {
		want := strconv.Itoa(seq)
		if strings.TrimSpace(lower) != want || strings.TrimSpace(upper) != want {
			return fmt.Errorf("the service acknowledged messages %.20q to %.20q, not %s", lower, upper, want)
		}
	}
	return nil
}

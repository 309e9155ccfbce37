package rsi

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"
)

// findElement advances d to the first start element named local (in any
// namespace) and returns it.
func findElement(d *xml.Decoder, local string) (xml.StartElement, error) {
	for {
		tok, err := d.Token()
		if errors.Is(err, io.EOF) {
			return xml.StartElement{}, fmt.Errorf("no %s element in the response", local)
		}
		if err != nil {
			return xml.StartElement{}, fmt.Errorf("response is not XML: %w", err)
		}
		if se, ok := tok.(xml.StartElement); ok && se.Name.Local == local {
			return se, nil
		}
	}
}

// parseGetMetadata reads the <MD> document of a GetMetadataResponse, as
// child elements (real MSN) or as escaped text content (Escargot).
func parseGetMetadata(body []byte) ([]Entry, error) {
	d := newDecoder(bytes.NewReader(body))
	if _, err := findElement(d, "GetMetadataResponse"); err != nil {
		return nil, err
	}
	var text strings.Builder
	for {
		tok, err := d.Token()
		if err != nil {
			return nil, fmt.Errorf("response is not XML: %w", err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if t.Name.Local == "MD" {
				return decodeMD(d, t)
			}
			if err := d.Skip(); err != nil {
				return nil, fmt.Errorf("response is not XML: %w", err)
			}
		case xml.CharData:
			text.Write(t)
		case xml.EndElement:
			md := strings.TrimSpace(text.String())
			if md == "" {
				return nil, errors.New("GetMetadataResponse holds no MD document")
			}
			entries, tooLarge, err := ParseMailData([]byte(md))
			if err != nil {
				return nil, errors.New(trimPrefix(err))
			}
			if tooLarge {
				return nil, errors.New("GetMetadataResponse says too-large")
			}
			return entries, nil
		}
	}
}

// parseGetMessage returns the text of GetMessageResult.
func parseGetMessage(body []byte) ([]byte, error) {
	d := newDecoder(bytes.NewReader(body))
	se, err := findElement(d, "GetMessageResult")
	if err != nil {
		return nil, err
	}
	var result string
	if err := d.DecodeElement(&result, &se); err != nil {
		return nil, fmt.Errorf("response is not XML: %w", err)
	}
	if strings.TrimSpace(result) == "" {
		return nil, errors.New("GetMessageResult is empty")
	}
	return []byte(result), nil
}

// checkDeleteMessages checks that the answer is a DeleteMessagesResponse.
func checkDeleteMessages(body []byte) error {
	_, err := findElement(newDecoder(bytes.NewReader(body)), "DeleteMessagesResponse")
	return err
}

package soap

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
)

// DefaultMaxResponse is the response size limit used when
// Client.MaxResponse is zero: 8 MiB, well above the largest address book a
// one-shot client is expected to read.
const DefaultMaxResponse = 8 << 20

// Client sends SOAP requests to the services under one base URL.
//
// A Client is safe for concurrent use when its HTTP client and Trace writer
// are. Its fields must not be changed while a call is in flight.
type Client struct {
	// HTTP sends the requests. Nil means http.DefaultClient. TLS settings,
	// proxies and any overall timeout come from here.
	HTTP *http.Client

	// Base is the URL that every path is joined to, for example
	// https://login.live.com or http://127.0.0.1:8081/prefix/. Any path it
	// has is kept as a prefix; its query and fragment are ignored. It must
	// not be nil.
	Base *url.URL

	// Trace, when not nil, receives a readable record of each exchange: a
	// "SOAP> POST <url> action=<action> (<n> bytes)" line followed by the
	// request body, then a "SOAP< <status> (<n> bytes)" line followed by
	// the response body. Bodies pass through Redact first. Each of the two
	// blocks is written with a single Write call; if the Client is used by
	// several goroutines at once, Trace must be safe for concurrent use.
	Trace io.Writer

	// MaxResponse is the largest response body accepted, in bytes. Zero or
	// a negative value means DefaultMaxResponse. A longer body makes Call
	// fail rather than return a truncated document.
	MaxResponse int64
}

// Call posts body to the path under c.Base and returns the response body.
//
// The request has Content-Type "text/xml; charset=utf-8" and, when action is
// not empty, a SOAPAction header with the action in double quotes. Call
// blocks until the whole response has been read or ctx is done.
//
// Call never follows a redirect, whatever c.HTTP's CheckRedirect says: the
// body carries the password or a ticket. A redirect is a [*RedirectError].
//
// Otherwise the error is a [*Fault] when the response contains a SOAP
// Fault element, whatever the HTTP status (its HTTPStatus field tells
// which); an [*HTTPError] when the status is not 2xx and there is no
// fault; a [*TooLargeError] when the body is over MaxResponse; and a
// [*TransportError] naming the path and wrapping the cause (for example
// context.Canceled, a net.Error or a TLS certificate error) when no
// complete response came. No error contains the request body or, beyond a
// fault's code and message, the response body.
func (c *Client) Call(ctx context.Context, path, action string, body []byte) ([]byte, error) {
	if c.Base == nil {
		return nil, errors.New("soap: client has no base URL")
	}
	u, err := JoinURL(c.Base, path)
	if err != nil {
		return nil, err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, u.String(), bytes.NewReader(body))
	if err != nil {
		return nil, fmt.Errorf("soap: %s: %w", path, err)
	}
	req.Header.Set("Content-Type", "text/xml; charset=utf-8")
	if action != "" {
		req.Header.Set("SOAPAction", quoteAction(action))
	}

	c.trace(fmt.Sprintf("SOAP> POST %s action=%s (%d bytes)", u.Redacted(), action, len(body)), body)

	hc := c.HTTP
	if hc == nil {
		hc = http.DefaultClient
	}
	resp, err := noRedirects(hc).Do(req)
	if err != nil {
		return nil, transportError(ctx, path, err)
	}
	defer resp.Body.Close()

	data, err := readBounded(resp, c.limit())
	if err != nil {
		if errors.Is(err, errTooLarge) {
			return nil, &TooLargeError{Path: path, Limit: c.limit()}
		}
		return nil, transportError(ctx, path, err)
	}

	c.trace(fmt.Sprintf("SOAP< %d (%d bytes)", resp.StatusCode, len(data)), data)

	if err := redirectError(resp, path); err != nil {
		return nil, err
	}
	if f := FindFault(data); f != nil {
		f.HTTPStatus = resp.StatusCode
		return nil, f
	}
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return nil, &HTTPError{Status: resp.StatusCode, Path: path}
	}
	return data, nil
}

func (c *Client) limit() int64 {
	if c.MaxResponse <= 0 {
		return DefaultMaxResponse
	}
	return c.MaxResponse
}

// trace writes one header line and the redacted body to c.Trace in a
// single Write.
func (c *Client) trace(line string, body []byte) {
	if c.Trace == nil {
		return
	}
	var b bytes.Buffer
	b.WriteString(line)
	b.WriteByte('\n')
	if len(body) > 0 {
		b.Write(Redact(body))
		if body[len(body)-1] != '\n' {
			b.WriteByte('\n')
		}
	}
	c.Trace.Write(b.Bytes()) // a failing trace must not fail the call
}

var errTooLarge = errors.New("response too large")

// readBounded reads the whole body, failing with errTooLarge as soon as it
// is known to exceed limit.
func readBounded(resp *http.Response, limit int64) ([]byte, error) {
	if resp.ContentLength > limit {
		return nil, errTooLarge
	}
	data, err := io.ReadAll(io.LimitReader(resp.Body, limit+1))
	if err != nil {
		return nil, err
	}
	if int64(len(data)) > limit {
		return nil, errTooLarge
	}
	return data, nil
}

// transportError names the path and keeps the cause in a *TransportError;
// the URL is left out because http.Client already repeats it and the path
// is enough. When the context ended, its error is what the caller sees.
func transportError(ctx context.Context, path string, err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		err = ue.Err
	}
	if cerr := ctx.Err(); cerr != nil && !errors.Is(err, cerr) {
		err = cerr
	}
	return &TransportError{Path: path, Err: err}
}

// quoteAction returns the SOAPAction header value: SOAP 1.1 wants a quoted
// URI, and an action that is already quoted is left alone.
func quoteAction(action string) string {
	if len(action) >= 2 && strings.HasPrefix(action, `"`) && strings.HasSuffix(action, `"`) {
		return action
	}
	return `"` + action + `"`
}

package rsi

import (
	"context"
	"errors"
	"fmt"

	"github.com/msn-cli/msn/client/soap"
)

// Client lists, fetches and deletes the offline messages of the account
// that is logged in with Ticket.
//
// The service authorises by the ticket of a notification server session
// that is still logged in: call it while that session is open.
//
// A Client is safe for concurrent use. Its fields must not change while a
// call is in flight.
type Client struct {
	// SOAP posts the requests; its base URL is the services URL
	// (https://rsi.hotmail.com, or a revival server's single base URL).
	// Its trace redacts the PassportCookie. It must not be nil.
	SOAP *soap.Client

	// Ticket is the compact ticket, "t=…&p=…", of the logged-in session
	// (any ticket of the session's login will do on Escargot).
	Ticket string
}

// GetMetadata lists the stored messages, in the service's order (which
// means nothing: see Sort). It blocks until the service has answered or
// ctx is done.
//
// Errors wrap what soap.Client.Call returned: a *soap.Fault when the
// service refused (a soap:Client fault when the session is not logged in
// or the ticket is wrong), an *soap.HTTPError, a context error.
func (c *Client) GetMetadata(ctx context.Context) ([]Entry, error) {
	resp, err := c.call(ctx, ActionGetMetadata, buildGetMetadata)
	if err != nil {
		return nil, fmt.Errorf("rsi: listing offline messages: %w", err)
	}
	entries, err := parseGetMetadata(resp)
	if err != nil {
		return nil, fmt.Errorf("rsi: listing offline messages: %w", err)
	}
	return entries, nil
}

// GetMessage fetches the message with the given id; markRead asks the
// service to mark it read (Escargot records that and shows it nowhere).
// The Message's ID is id. It blocks until the service has answered or ctx
// is done.
//
// An unknown id makes Escargot's handler crash: the error then wraps an
// *soap.HTTPError with status 500. Other errors are as for GetMetadata,
// or say why the message could not be read.
func (c *Client) GetMessage(ctx context.Context, id string, markRead bool) (Message, error) {
	if err := checkID(id); err != nil {
		return Message{}, fmt.Errorf("rsi: fetching message: %w", err)
	}
	resp, err := c.call(ctx, ActionGetMessage, func(ck cookie) []byte { return buildGetMessage(ck, id, markRead) })
	if err != nil {
		return Message{}, fmt.Errorf("rsi: fetching message %s: %w", id, err)
	}
	raw, err := parseGetMessage(resp)
	if err != nil {
		return Message{}, fmt.Errorf("rsi: fetching message %s: %w", id, err)
	}
	m, err := ParseMessage(raw)
	if err != nil {
		return Message{}, fmt.Errorf("rsi: message %s: %s", id, trimPrefix(err))
	}
	m.ID = id
	return m, nil
}

// DeleteMessages deletes the messages with the given ids in one request:
// all of them, or none when the service refuses. No ids is nothing to do.
// It blocks until the service has answered or ctx is done.
//
// The service refuses the whole request when any id is unknown (already
// deleted, or never there) with a soap:Client fault, the same fault as
// for a session that has ended; the error then says how many ids were
// asked for and that none was deleted, and wraps the *soap.Fault. More than MaxEntries ids is an error before any request.
func (c *Client) DeleteMessages(ctx context.Context, ids []string) error {
	if len(ids) == 0 {
		return nil
	}
	if len(ids) > MaxEntries {
		return fmt.Errorf("rsi: deleting %d messages: more than %d in one request", len(ids), MaxEntries)
	}
	for i, id := range ids {
		if err := checkID(id); err != nil {
			return fmt.Errorf("rsi: deleting messages: id %d: %w", i+1, err)
		}
	}
	resp, err := c.call(ctx, ActionDeleteMessages, func(ck cookie) []byte { return buildDeleteMessages(ck, ids) })
	if err != nil {
		var f *soap.Fault
		if errors.As(err, &f) {
			return fmt.Errorf("rsi: deleting %s: refused, none deleted (an id is unknown or already deleted, or the session has ended): %w", count(len(ids)), err)
		}
		return fmt.Errorf("rsi: deleting %s: %w", count(len(ids)), err)
	}
	if err := checkDeleteMessages(resp); err != nil {
		return fmt.Errorf("rsi: deleting %s: %w", count(len(ids)), err)
	}
	return nil
}

// call builds a request with the ticket's cookie, posts it and wipes it.
func (c *Client) call(ctx context.Context, action string, build func(cookie) []byte) ([]byte, error) {
	if c == nil || c.SOAP == nil {
		return nil, errors.New("client has no SOAP client")
	}
	ck, err := splitTicket(c.Ticket)
	if err != nil {
		return nil, errors.New(trimPrefix(err))
	}
	body := build(ck)
	resp, err := c.SOAP.Call(ctx, PathRSI, action, body)
	clear(body) // the ticket
	return resp, err
}

// count is "1 message" or "n messages".
func count(n int) string {
	if n == 1 {
		return "1 message"
	}
	return fmt.Sprintf("%d messages", n)
}

// trimPrefix is an error's text without the package prefix, for errors
// that are wrapped in a longer sentence of this package.
func trimPrefix(err error) string {
	s := err.Error()
	if len(s) > len("rsi: ") && s[:len("rsi: ")] == "rsi: " {
		return s[len("rsi: "):]
	}
	return s
}

package passport

import (
	"context"
	"errors"
	"fmt"

	"github.com/msn-cli/msn/client/soap"
)

// Client requests tokens from a Passport login server.
type Client struct {
	// SOAP posts the requests; its base URL is the login server
	// (https://login.live.com, or a revival server's single base URL). Its
	// trace redacts the password and the tickets. It must not be nil.
	SOAP *soap.Client
}

// RequestTokens asks the login server for the tokens in reqs, logging in as
// user with password, and returns them keyed by address. path is PathRST or
// PathRST2. It blocks until the server answers or ctx is done.
//
// The map holds what the server returned, which is normally one token per
// request; callers check for the addresses they need. A wrong account or
// password gives an error satisfying errors.Is(err, ErrAuthFailed). Errors
// never contain the password.
func (c *Client) RequestTokens(ctx context.Context, path, user, password string, reqs []TokenRequest) (map[string]Token, error) {
	if c == nil || c.SOAP == nil {
		return nil, errors.New("passport: client has no SOAP client")
	}
	if len(reqs) == 0 {
		return nil, errors.New("passport: no tokens requested")
	}
	body := BuildRequest(user, password, reqs)
	resp, err := c.SOAP.Call(ctx, path, "", body)
	clear(body) // the request holds the password in clear
	if err != nil {
		var f *soap.Fault
		if errors.As(err, &f) {
			return nil, faultError(f)
		}
		return nil, fmt.Errorf("passport: requesting tokens: %w", err)
	}
	return ParseResponse(resp)
}

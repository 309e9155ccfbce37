package ns

import (
	"context"
	"errors"
	"fmt"
	"html"
	"strings"

	"github.com/msn-cli/msn/client/msnp"
)

// ErrUnknownContact: the server knows no such account.
var ErrUnknownContact = errors.New("ns: no such account")

// uumHeader starts an MSNP18 offline text message. Escargot stores a UUM
// only when it carries `Dest-Agent: client` (NOTES.md quirk 21).
const uumHeader = "MIME-Version: 1.0\r\n" +
	"Content-Type: text/plain; charset=UTF-8\r\n" +
	"Dest-Agent: client\r\n" +
	"\r\n"

// SendOffline leaves text for an offline contact with UUM (MSNP18). The
// server never answers UUM, so it is followed in the same write by an FQY
// for the contact: the FQY reply shows the UUM was taken in order, and a
// 208 for it that the account does not exist (ErrUnknownContact). A
// contact who blocks the user still makes the server drop the message
// silently; nothing on the wire tells.
func (s *Session) SendOffline(ctx context.Context, to, text string) error {
	if !s.Dialect.OfflineUUM {
		return fmt.Errorf("ns: %s has no UUM", s.Dialect)
	}
	user, domain, ok := strings.Cut(to, "@")
	if !ok {
		return fmt.Errorf("%w: %q is not an address", ErrUnknownContact, to)
	}
	fqy := []byte(`<ml><d n="` + html.EscapeString(domain) + `"><c n="` + html.EscapeString(user) + `" /></d></ml>`)
	if _, err := s.conn.Post(ctx, msnp.Command{Name: "UUM", Params: []string{to, "1", "1"}, Payload: []byte(uumHeader + text)}); err != nil {
		return err
	}
	_, err := s.conn.Send(ctx, msnp.Command{Name: "FQY", Payload: fqy})
	switch {
	case errors.Is(err, msnp.ErrInvalidUsername), errors.Is(err, msnp.ErrInvalidPrincipal):
		return fmt.Errorf("%w: %s", ErrUnknownContact, to)
	case err != nil:
		return fmt.Errorf("ns: UUM: %w", err)
	}
	return nil
}

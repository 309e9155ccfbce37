package ns

import (
	"fmt"
	"net/url"

	"github.com/msn-cli/msn/client/msnp"
)

// Invitation is an RNG: a contact invites the user to a switchboard.
type Invitation struct {
	SessionID string // opaque (Escargot: 31 hex characters)
	Addr      string // switchboard host:port
	Cookie    string
	From      string // inviter's email
	Friendly  string // inviter's friendly name, URL-decoded
}

// parseInvitation reads `RNG session addr CKI cookie email friendly ...`.
func parseInvitation(cmd msnp.Command) (Invitation, error) {
	if cmd.Name != "RNG" || cmd.Param(2) != "CKI" || cmd.Param(4) == "" {
		return Invitation{}, fmt.Errorf("ns: malformed RNG")
	}
	friendly, err := url.PathUnescape(cmd.Param(5))
	if err != nil {
		friendly = cmd.Param(5)
	}
	return Invitation{SessionID: cmd.Param(0), Addr: cmd.Param(1), Cookie: cmd.Param(3), From: cmd.Param(4), Friendly: friendly}, nil
}

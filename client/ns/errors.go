package ns

import (
	"github.com/msn-cli/msn/client/conn"
	"github.com/msn-cli/msn/client/msnp"
)

// The errors of the connections and the wire below a session (the
// notification server's, and the switchboards' of packages built on it),
// under the names callers match them by, so that they need not reach
// below this package.
var (
	// ErrConnectionLost: the server closed a connection or it broke
	// (wrapped with the cause).
	ErrConnectionLost = conn.ErrConnectionLost
	// ErrSignedInElsewhere: the server signed the session out because the
	// account signed in from another location (OUT OTH); see OutError.
	ErrSignedInElsewhere = conn.ErrSignedInElsewhere
	// ErrUnexpectedReply: the server answered something this client
	// cannot use.
	ErrUnexpectedReply = msnp.ErrUnexpectedReply
	// ErrLineTooLong, ErrPayloadTooLarge and ErrMalformed: the server
	// sent a line over MaxLine bytes, a payload over MaxPayload bytes, or
	// a line this client cannot parse, and the client hung up.
	ErrLineTooLong     = msnp.ErrLineTooLong
	ErrPayloadTooLarge = msnp.ErrPayloadTooLarge
	ErrMalformed       = msnp.ErrMalformed
)

// The limits on what a connection reads from the server.
const (
	MaxLine    = msnp.DefaultMaxLine
	MaxPayload = msnp.DefaultMaxPayload
)

// OutError is why the server signed a session out (OUT): Reason is "OTH"
// for another login of the account, "SSD" for a server shutting down.
type OutError = conn.OutError

// ServerError is a numeric error the server answered a command with; its
// text names the code.
type ServerError = msnp.Error

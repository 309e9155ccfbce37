package conn

import (
	"errors"
	"fmt"
)

// ErrSignedInElsewhere matches (errors.Is) the OutError of `OUT OTH`: the
// account signed in from another location, which signs this session out.
var ErrSignedInElsewhere = errors.New("conn: the account signed in from another location")

// OutError is why a connection ended when the server said OUT.
type OutError struct {
	Reason string // OTH, SSD, or empty for a plain OUT
}

// Error explains the reason in words a user acts on.
func (e *OutError) Error() string {
	switch e.Reason {
	case "OTH":
		return "conn: signed out by the server: the account signed in from another location"
	case "SSD":
		return "conn: signed out by the server: the server is shutting down"
	case "":
		return "conn: signed out by the server"
	default:
		return fmt.Sprintf("conn: signed out by the server (reason %s)", e.Reason)
	}
}

// Is matches ErrSignedInElsewhere for `OUT OTH`.
func (e *OutError) Is(target error) bool {
	return target == ErrSignedInElsewhere && e.Reason == "OTH"
}

package transfer

import (
	"context"
	"errors"
	"fmt"
)

// Errors of a transfer, for exit statuses: ErrDeclined and ErrCancelled
// are the peer's doing (exit 7); a lost link is a network failure.
var (
	// ErrDeclined: the receiver declined the file (603 Decline).
	ErrDeclined = errors.New("transfer: the contact declined the file")
	// ErrCancelled: the other side cancelled the transfer part-way (an
	// SLP BYE), or left the conversation during it.
	ErrCancelled = errors.New("transfer: the transfer was cancelled")
	// ErrPeerLeft: the peer left the switchboard the link runs over.
	ErrPeerLeft = fmt.Errorf("%w: the contact left the conversation", ErrCancelled)
	// ErrStalled: nothing of a file being received arrived for
	// Options.IncomingIdle while the sender stayed; the file is abandoned
	// and the sender told (BYE).
	ErrStalled = fmt.Errorf("%w: nothing of the file arrived", ErrCancelled)
	// ErrLinkClosed: the link was closed by this side.
	ErrLinkClosed = errors.New("transfer: the link is closed")
	// ErrNoAnswer: the receiver did not answer the invitation in time.
	ErrNoAnswer = errors.New("transfer: the contact did not answer the file invitation")
)

// RefusedError: the receiver answered the invitation with an SLP error
// status other than 603 (for example 500 Internal Error).
type RefusedError struct {
	Status int
	Reason string
}

func (e *RefusedError) Error() string {
	return fmt.Sprintf("transfer: the contact's client refused the file (%d %s)", e.Status, e.Reason)
}

// ctxErr returns err's context error (Canceled or DeadlineExceeded), or nil.
func ctxErr(err error) error {
	switch {
	case errors.Is(err, context.Canceled):
		return context.Canceled
	case errors.Is(err, context.DeadlineExceeded):
		return context.DeadlineExceeded
	}
	return nil
}

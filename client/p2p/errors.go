package p2p

import "errors"

// The errors of this package wrap one of these, so callers can tell a peer
// that sent garbage (ErrMalformed), one that exceeded a bound (ErrTooLarge)
// and one whose chunks do not fit together (ErrSequence) with errors.Is.
var (
	ErrMalformed = errors.New("p2p: malformed")
	ErrTooLarge  = errors.New("p2p: too large")
	ErrSequence  = errors.New("p2p: out of sequence")
)

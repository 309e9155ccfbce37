package soap

import "fmt"

// TooLargeError is the error of a call whose response body is longer than
// Client.MaxResponse; the body is not kept.
type TooLargeError struct {
	Path  string // the path the request was posted to
	Limit int64  // the limit in bytes
}

// Error returns "soap: <path>: response larger than <limit> bytes".
func (e *TooLargeError) Error() string {
	return fmt.Sprintf("soap: %s: response larger than %d bytes", e.Path, e.Limit)
}

// TransportError is a call that got no complete HTTP response: the service
// could not be reached (connection refused, no such host), TLS failed, or
// the connection broke while the response was read. Err is the cause, for
// errors.Is and errors.As (a net.Error, a TLS certificate error,
// context.DeadlineExceeded...).
type TransportError struct {
	Path string // the path the request was posted to
	Err  error
}

// Error returns "soap: <path>: <cause>".
func (e *TransportError) Error() string { return "soap: " + e.Path + ": " + e.Err.Error() }

func (e *TransportError) Unwrap() error { return e.Err }

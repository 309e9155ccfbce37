package commands

import (
	"context"
	"errors"
	"fmt"
	"net"
	"strings"
	"syscall"
	"time"

	"github.com/msn-cli/msn/client/conn"
	"github.com/msn-cli/msn/client/msnp"
	"github.com/msn-cli/msn/client/ns"
	"github.com/msn-cli/msn/client/soap"
	"github.com/msn-cli/msn/keyring"
)

// Exit statuses, as documented in the README and the man page.
const (
	ExitOK          = 0
	ExitFailure     = 1
	ExitUsage       = 2
	ExitAuth        = 4
	ExitNetwork     = 5
	ExitRecipient   = 6
	ExitTransfer    = 7
	ExitPartial     = 8
	ExitInterrupted = 130
)

// ExitError is an error with its exit status and the one line shown to the
// user, which says what happened and what to do.
type ExitError struct {
	Code int
	Msg  string
	Err  error // the cause, for errors.Is; may be nil
}

func (e *ExitError) Error() string { return e.Msg }
func (e *ExitError) Unwrap() error { return e.Err }

// usageError is a command-line mistake (exit 2).
func usageError(format string, args ...any) error {
	return &ExitError{Code: ExitUsage, Msg: fmt.Sprintf(format, args...)}
}

// Describe maps any error from a command to its exit status and message.
// It never repeats secrets: the messages come from typed errors whose text
// holds none.
func Describe(err error) (int, string) {
	var ee *ExitError
	var out *conn.OutError
	var perr *msnp.Error
	var nerr *net.OpError
	var fault *soap.Fault
	var herr *soap.HTTPError
	var redirect *soap.RedirectError
	switch {
	case err == nil:
		return ExitOK, ""
	case errors.As(err, &ee):
		return ee.Code, ee.Msg
	case errors.Is(err, context.Canceled):
		return ExitInterrupted, "interrupted"
	case errors.Is(err, ns.ErrAuthFailed):
		return ExitAuth, "login failed: wrong account or password (store the right one with `msn login`)"
	case errors.Is(err, keyring.ErrUnavailable):
		return ExitAuth, strings.TrimPrefix(err.Error(), "keyring: ")
	case errors.Is(err, context.DeadlineExceeded):
		return ExitNetwork, "the server did not answer in time (raise --timeout, or check --server)"
	case errors.As(err, &out):
		return ExitNetwork, strings.TrimPrefix(out.Error(), "conn: ")
	case errors.Is(err, ns.ErrNoCommonProtocol):
		return ExitNetwork, strings.TrimPrefix(err.Error(), "ns: ") + " (try --protocol)"
	case errors.As(err, &fault):
		return ExitNetwork, "the server's web service refused: " + strings.TrimPrefix(fault.Error(), "soap: ")
	case errors.As(err, &redirect):
		return ExitNetwork, redirectMessage(redirect)
	case errors.As(err, &herr):
		return ExitNetwork, "the server's web service failed: " + strings.TrimPrefix(herr.Error(), "soap: ") + " (check --services)"
	case errors.As(err, &perr):
		return ExitNetwork, "the server refused: " + strings.TrimPrefix(perr.Error(), "msnp: ")
	case errors.Is(err, conn.ErrConnectionLost):
		return ExitNetwork, "the server closed the connection (try again; if it persists, check --server)"
	case errors.Is(err, msnp.ErrUnexpectedReply):
		return ExitNetwork, "the server answered something this client does not understand (try --protocol, or --debug to see it)"
	case errors.Is(err, syscall.EPIPE):
		return ExitOK, "" // the reader of our output is gone (| head): nothing to report
	case errors.As(err, &nerr):
		return ExitNetwork, "network error: " + lastCause(err) + " (check --server and your connection)"
	}
	return ExitFailure, err.Error()
}

// withTimeout turns a deadline error into the message that names the
// timeout in force.
func withTimeout(err error, timeout time.Duration) error {
	var ee *ExitError
	if errors.Is(err, context.DeadlineExceeded) && !errors.As(err, &ee) {
		return &ExitError{Code: ExitNetwork, Err: err,
			Msg: fmt.Sprintf("the server did not answer within %s (raise --timeout, or check --server)", timeout)}
	}
	return err
}

// redirectMessage says where a service tried to send the request, and that
// --services must name where the services really are.
func redirectMessage(e *soap.RedirectError) string {
	where := ""
	if e.Location != "" {
		where = " to " + e.Location
	}
	return fmt.Sprintf("the server's web service redirected %s%s (http %d); msn does not follow redirects, which would send your credentials there: set --services to the URL the services are at",
		e.Path, where, e.Status)
}

// lastCause keeps the innermost, most specific part of a wrapped network
// error ("dial tcp 127.0.0.1:1: connect: connection refused").
func lastCause(err error) string {
	var op *net.OpError
	if errors.As(err, &op) {
		return op.Error()
	}
	return err.Error()
}

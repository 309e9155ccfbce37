package commands

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"io/fs"
	"net"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"time"

	"github.com/msn-cli/msn/client/ns"
	"github.com/msn-cli/msn/client/soap"
	"github.com/msn-cli/msn/keyring"
)

// Exit statuses, as documented in the README and the man page. This file
// is the one place that maps errors, signals and child processes to them.
const (
	ExitOK            = 0
	ExitFailure       = 1
	ExitUsage         = 2
	ExitAuth          = 4
	ExitNetwork       = 5
	ExitRecipient     = 6
	ExitTransfer      = 7 // transfer commands only
	ExitPartial       = 8
	ExitCannotExecute = 126 // msn serve: the command exists but cannot run
	ExitNotFound      = 127 // msn serve: no such command
	ExitInterrupted   = 130 // SIGINT: 128 + 2
	ExitTerminated    = 143 // SIGTERM: 128 + 15
)

// signalBase is what shells add to a signal's number for the status of a
// process the signal ended.
const signalBase = 128

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
	var out *ns.OutError
	var perr *ns.ServerError
	var nerr *net.OpError
	var fault *soap.Fault
	var herr *soap.HTTPError
	var redirect *soap.RedirectError
	var untrusted *tls.CertificateVerificationError
	var tooLarge *soap.TooLargeError
	var unreachable *soap.TransportError
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
	case errors.As(err, &untrusted):
		return ExitNetwork, "the web services' TLS certificate is not trusted: " + untrusted.Err.Error() + " (add its CA with --ca-file, or check --services)"
	case errors.As(err, &tooLarge):
		return ExitNetwork, fmt.Sprintf("the server's web service sent a response over %d bytes, so msn gave up on it (check --services)", tooLarge.Limit)
	case errors.As(err, &unreachable):
		return ExitNetwork, "cannot reach the web services: " + lastCause(unreachable.Err) + " (check --services and your connection)"
	case errors.As(err, &perr):
		return ExitNetwork, "the server refused: " + strings.TrimPrefix(perr.Error(), "msnp: ")
	case errors.Is(err, ns.ErrLineTooLong), errors.Is(err, ns.ErrPayloadTooLarge), errors.Is(err, ns.ErrMalformed):
		// conn reports every read error as a lost connection; this one
		// was msn's own decision to hang up, so say what the server sent.
		return ExitNetwork, "hung up on the server: it sent " + codecProblem(err) + " (check --server; --debug shows the exchange)"
	case errors.Is(err, ns.ErrConnectionLost):
		return ExitNetwork, "the server closed the connection (try again; if it persists, check --server)"
	case errors.Is(err, ns.ErrUnexpectedReply):
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

// codecProblem says what broke the msnp codec's limits or grammar.
func codecProblem(err error) string {
	switch {
	case errors.Is(err, ns.ErrLineTooLong):
		return fmt.Sprintf("a command line longer than %d bytes", ns.MaxLine)
	case errors.Is(err, ns.ErrPayloadTooLarge):
		return fmt.Sprintf("a payload larger than %d bytes", ns.MaxPayload)
	}
	return "a malformed command"
}

// StoppedBy is the error of a run that sig stopped: SIGINT exits 130 and
// SIGTERM 143, as shells report a process those signals ended.
func StoppedBy(sig os.Signal) error {
	if sig == syscall.SIGTERM {
		return &ExitError{Code: ExitTerminated, Msg: "terminated", Err: context.Canceled}
	}
	return &ExitError{Code: ExitInterrupted, Msg: "interrupted", Err: context.Canceled}
}

// childExit is the status msn serve passes on for its command, as a shell
// would: the command's own status, 128 plus the signal that ended it, 127
// when there is no such command and 126 when it cannot be executed.
func childExit(name string, err error) error {
	var exit *exec.ExitError
	switch {
	case err == nil:
		return nil
	case errors.As(err, &exit):
		if ws, ok := exit.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
			return &ExitError{Code: signalBase + int(ws.Signal()), Err: err, Msg: fmt.Sprintf("%s was killed by signal %d (%v)", name, int(ws.Signal()), ws.Signal())}
		}
		return &ExitError{Code: exit.ExitCode(), Err: err, Msg: fmt.Sprintf("%s exited with status %d", name, exit.ExitCode())}
	case errors.Is(err, exec.ErrNotFound), errors.Is(err, fs.ErrNotExist):
		return &ExitError{Code: ExitNotFound, Err: err, Msg: name + ": command not found"}
	}
	return &ExitError{Code: ExitCannotExecute, Err: err, Msg: fmt.Sprintf("%s cannot be executed: %s", name, lastCause(err))}
}

// lastCause keeps the innermost, most specific part of a wrapped network
// error ("dial tcp 127.0.0.1:1: connect: connection refused").
func lastCause(err error) string {
	var op *net.OpError
	var perr *fs.PathError
	switch {
	case errors.As(err, &op):
		return op.Error()
	case errors.As(err, &perr):
		return perr.Err.Error()
	}
	return err.Error()
}

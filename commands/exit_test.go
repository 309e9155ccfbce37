package commands

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io/fs"
	"net"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/msn-cli/msn/client/conn"
	"github.com/msn-cli/msn/client/msnp"
	"github.com/msn-cli/msn/client/ns"
	"github.com/msn-cli/msn/client/passport"
	"github.com/msn-cli/msn/client/soap"
	"github.com/msn-cli/msn/keyring"
)

func TestDescribe(t *testing.T) {
	refused := &net.OpError{Op: "dial", Net: "tcp", Err: errors.New("connect: connection refused")}
	for _, tt := range []struct {
		err  error
		code int
		want string
	}{
		{nil, ExitOK, ""},
		{usageError("bad flag"), ExitUsage, "bad flag"},
		{fmt.Errorf("x: %w", context.Canceled), ExitInterrupted, "interrupted"},
		{fmt.Errorf("%w: %w", ns.ErrAuthFailed, passport.ErrAuthFailed), ExitAuth, "wrong account or password"},
		{fmt.Errorf("get: %w", keyring.ErrUnavailable), ExitAuth, "unavailable"},
		{withTimeout(fmt.Errorf("no reply to USR: %w", context.DeadlineExceeded), 3*time.Second), ExitNetwork, "within 3s"},
		{fmt.Errorf("ns: BLP: %w", &conn.OutError{Reason: "OTH"}), ExitNetwork, "signed in from another location"},
		{fmt.Errorf("ns: %w", &conn.OutError{Reason: "SSD"}), ExitNetwork, "shutting down"},
		{fmt.Errorf("%w (offered [MSNP18])", ns.ErrNoCommonProtocol), ExitNetwork, "--protocol"},
		{fmt.Errorf("conn: NS: %w", refused), ExitNetwork, "connection refused"},
		{fmt.Errorf("ns: USR: %w", msnp.ErrServerBusy), ExitNetwork, "server is busy"},
		{fmt.Errorf("passport: %w", &soap.RedirectError{Status: 307, Path: "/RST2.srf", Location: "http://elsewhere/RST2.srf"}), ExitNetwork, "redirected /RST2.srf to http://elsewhere/RST2.srf (http 307)"},
		{fmt.Errorf("passport: %w", &soap.TransportError{Path: "/RST2.srf", Err: &tls.CertificateVerificationError{Err: x509.UnknownAuthorityError{}}}), ExitNetwork, "--ca-file"},
		{fmt.Errorf("passport: %w", &soap.TooLargeError{Path: "/RST2.srf", Limit: 8}), ExitNetwork, "over 8 bytes"},
		{fmt.Errorf("passport: %w", &soap.TransportError{Path: "/RST2.srf", Err: refused}), ExitNetwork, "check --services"},
		{fmt.Errorf("%w (NS): %w", conn.ErrConnectionLost, msnp.ErrLineTooLong), ExitNetwork, "hung up on the server: it sent a command line longer than"},
		{fmt.Errorf("%w (NS): %w", conn.ErrConnectionLost, fmt.Errorf("%w: MSG announces 9 bytes", msnp.ErrPayloadTooLarge)), ExitNetwork, "a payload larger than"},
		{StoppedBy(os.Interrupt), ExitInterrupted, "interrupted"},
		{StoppedBy(syscall.SIGTERM), ExitTerminated, "terminated"},
		{childExit("nope", fmt.Errorf("exec: %w", exec.ErrNotFound)), ExitNotFound, "nope: command not found"},
		{childExit("./x", &fs.PathError{Op: "fork/exec", Path: "./x", Err: syscall.EACCES}), ExitCannotExecute, "./x cannot be executed: permission denied"},
		{errors.New("something else"), ExitFailure, "something else"},
	} {
		code, msg := Describe(tt.err)
		if code != tt.code || !strings.Contains(msg, tt.want) {
			t.Errorf("Describe(%v) = %d %q; want %d and %q", tt.err, code, msg, tt.code, tt.want)
		}
		if code != ExitOK && strings.Contains(msg, "\n") {
			t.Errorf("Describe(%v) spans lines: %q", tt.err, msg)
		}
	}
}

package commands

import (
	"context"
	"errors"
	"fmt"
	"net"
	"strings"
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

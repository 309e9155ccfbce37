package msnp

import (
	"errors"
	"fmt"
	"strconv"
)

// ErrUnexpectedReply wraps a reply a client cannot use: a wrong command,
// missing or malformed parameters. Sessions wrap it with what they expected.
var ErrUnexpectedReply = errors.New("msnp: unexpected reply from the server")

// Error is a numeric error reply from a server, such as `911 4`.
//
// Two Errors match under errors.Is when their codes are equal, so the
// sentinel values below work as targets whatever the TrID:
//
//	if errors.Is(err, msnp.ErrAuthFailed) { ... }
type Error struct {
	Code    int
	TrID    int    // NoTrID in the sentinels
	Payload []byte // some MSNP13+ errors explain themselves in a payload
}

// Error describes the code by name, for example
// "msnp: server error 217 (principal not online)".
func (e *Error) Error() string {
	if text := errorText[e.Code]; text != "" {
		return fmt.Sprintf("msnp: server error %d (%s)", e.Code, text)
	}
	return fmt.Sprintf("msnp: server error %d", e.Code)
}

// Is matches another *Error with the same code.
func (e *Error) Is(target error) bool {
	t, ok := target.(*Error)
	return ok && t.Code == e.Code
}

// AsError returns the *Error a numeric reply stands for, or nil when cmd is
// not a numeric reply.
func AsError(cmd Command) *Error {
	code, ok := errorCode(cmd.Name)
	if !ok {
		return nil
	}
	return &Error{Code: code, TrID: cmd.TrID, Payload: cmd.Payload}
}

// errorCode parses a three-digit command name.
func errorCode(name string) (int, bool) {
	if len(name) != 3 || !isDigits(name) {
		return 0, false
	}
	n, _ := strconv.Atoi(name)
	return n, true
}

func sentinel(code int) *Error { return &Error{Code: code, TrID: NoTrID} }

// Sentinels for the codes callers act on. Compare with errors.Is.
var (
	ErrSyntax             = sentinel(200)
	ErrInvalidParameter   = sentinel(201)
	ErrInvalidPrincipal   = sentinel(205) // no such account
	ErrDomainMissing      = sentinel(206)
	ErrAlreadyLoggedIn    = sentinel(207)
	ErrInvalidUsername    = sentinel(208)
	ErrListFull           = sentinel(210)
	ErrAlreadyInList      = sentinel(215)
	ErrNotInList          = sentinel(216)
	ErrNotOnline          = sentinel(217) // CAL to an offline or unknown contact
	ErrAlreadyInMode      = sentinel(218)
	ErrInOppositeList     = sentinel(219)
	ErrTooManyGroups      = sentinel(223)
	ErrInvalidGroup       = sentinel(224)
	ErrNotInGroup         = sentinel(225)
	ErrGroupNotEmpty      = sentinel(227)
	ErrGroupExists        = sentinel(228)
	ErrGroupNameTooLong   = sentinel(229)
	ErrInvalidXML         = sentinel(241)
	ErrSwitchboardFailed  = sentinel(280)
	ErrTransferFailed     = sentinel(281)
	ErrNotLoggedIn        = sentinel(302)
	ErrInternal           = sentinel(500)
	ErrCommandDisabled    = sentinel(502) // SYN at MSNP13+
	ErrChallengeFailed    = sentinel(540)
	ErrServerBusy         = sentinel(600)
	ErrServerUnavailable  = sentinel(601)
	ErrServerGoingDown    = sentinel(604)
	ErrBadCVR             = sentinel(710)
	ErrTooManySessions    = sentinel(714)
	ErrRateLimited        = sentinel(800)
	ErrAuthFailed         = sentinel(911) // wrong ticket, MBI response or SB cookie
	ErrNotAllowedOffline  = sentinel(913) // XFR while hidden or before the first CHG
	ErrAccountNotVerified = sentinel(924)
	ErrBadTicket          = sentinel(928)
)

// errorText names the codes of the public protocol documentation.
var errorText = map[int]string{
	200: "syntax error",
	201: "invalid parameter",
	205: "invalid principal",
	206: "domain name missing",
	207: "already logged in",
	208: "invalid principal name",
	209: "nickname change illegal",
	210: "principal list full",
	213: "invalid rename request",
	215: "principal already on list",
	216: "principal not on list",
	217: "principal not online",
	218: "already in mode",
	219: "principal is in the opposite list",
	223: "too many groups",
	224: "invalid group",
	225: "principal not in group",
	227: "group not empty",
	228: "group with same name already exists",
	229: "group name too long",
	230: "cannot remove group zero",
	231: "invalid group",
	240: "empty domain",
	241: "invalid contact list XML",
	280: "switchboard failed",
	281: "transfer to switchboard failed",
	300: "required field missing",
	302: "not logged in",
	402: "error accessing contact list",
	403: "error accessing contact list",
	420: "invalid account permissions",
	500: "internal server error",
	501: "database server error",
	502: "command disabled",
	510: "file operation failed",
	520: "memory allocation failed",
	540: "challenge response failed",
	600: "server is busy",
	601: "server is unavailable",
	602: "peer notification server down",
	603: "database connection failed",
	604: "server is going down",
	605: "server unavailable",
	707: "could not create connection",
	710: "bad CVR parameters",
	711: "write is blocking",
	712: "session is overloaded",
	713: "calling too rapidly",
	714: "too many sessions",
	715: "not expected",
	717: "bad friend file",
	731: "not expected",
	800: "changing too rapidly",
	910: "server too busy",
	911: "authentication failed",
	912: "server too busy",
	913: "not allowed when offline",
	914: "server unavailable",
	915: "server unavailable",
	916: "server unavailable",
	917: "authentication failed",
	918: "server too busy",
	919: "server too busy",
	920: "not accepting new principals",
	921: "server too busy",
	922: "server too busy",
	923: "kids passport without parental consent",
	924: "passport account not yet verified",
	928: "bad ticket",
	931: "account not on this server",
}

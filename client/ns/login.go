package ns

import (
	"context"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/msn-cli/msn/client/conn"
	"github.com/msn-cli/msn/client/msnp"
	"github.com/msn-cli/msn/client/passport"
)

// Errors of Login. Authentication failures are errors.Is(err,
// ErrAuthFailed) whether the Passport service or the NS refused.
var (
	ErrAuthFailed       = errors.New("ns: authentication failed: wrong account or password")
	ErrNoCommonProtocol = errors.New("ns: the server speaks none of the offered protocol versions")
	ErrTooManyRedirects = fmt.Errorf("%w: too many XFR NS redirects", msnp.ErrUnexpectedReply)
)

// maxRedirects bounds XFR NS hops (and dialect retries) of one login.
const maxRedirects = 3

// PasswordFunc returns the account's password. Login calls it on its own
// goroutine, only when it needs the password (no usable cached ticket, or
// the server rejected it), at most once per attempt, while the login's
// context deadline runs: a source that may block (a prompt) should be read
// before Login.
type PasswordFunc func(ctx context.Context) (string, error)

// Config says where and as whom to log in.
type Config struct {
	Server   string // NS host:port
	Account  string
	Password PasswordFunc
	Passport *passport.Client
	// Tickets from an earlier run, tried before the password; may be nil.
	Tickets *Tickets
	// Dialects offered in VER, in order of preference; nil means all.
	Dialects []Dialect
	// MachineGUID for MSNP16+ ("{...}"); empty means a fresh one, so a
	// run never signs the user's other clients out.
	MachineGUID string
	// Trace receives the redacted protocol trace; may be nil.
	Trace io.Writer
	// Handler receives what the server sends unasked (presence,
	// invitations, offline-message notices, sign-out), decoded; see
	// Handler for the goroutine it runs on.
	Handler Handler
	// Now is the clock for ticket expiry; nil means time.Now.
	Now func() time.Time
}

// Login connects and authenticates. It blocks until the server has said
// `USR ... OK` or ctx is done. The returned session owns the connection;
// call Logout.
func Login(ctx context.Context, cfg Config) (*Session, error) {
	if cfg.Dialects == nil {
		cfg.Dialects = Dialects()
	}
	if cfg.MachineGUID == "" {
		cfg.MachineGUID = msnp.NewGUID()
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	s, err := attempt(ctx, &cfg, cfg.Tickets)
	if errors.Is(err, errTicketRejected) {
		s, err = attempt(ctx, &cfg, nil)
	}
	return s, err
}

// errTicketRejected: the NS refused a cached ticket; try the password.
var errTicketRejected = errors.New("ns: cached ticket rejected")

// expected is the dialect the server will pick when it is known before
// VER: the only one offered, or the one the cached tickets were used with.
func (cfg *Config) expected(cached *Tickets) (Dialect, bool) {
	if len(cfg.Dialects) == 1 {
		return cfg.Dialects[0], true
	}
	if cached != nil {
		return dialectNamed(Dialect{Version: cached.Dialect}.String(), cfg.Dialects)
	}
	return Dialect{}, false
}

// attempt runs one login, following redirects, with cached tickets (nil:
// ask Passport for new ones).
func attempt(ctx context.Context, cfg *Config, cached *Tickets) (*Session, error) {
	server := cfg.Server
	guess, known := cfg.expected(cached)
	for hop := 0; hop <= maxRedirects; hop++ {
		s := newSession(cfg)
		c, err := conn.Dial(ctx, server, conn.Options{Name: "NS", Trace: cfg.Trace, Unsolicited: s.unsolicited})
		if err != nil {
			return nil, err
		}
		s.conn = c
		next, err := s.handshake(ctx, server, guess, known, cached)
		switch {
		case err != nil:
			c.Close()
			return nil, err
		case next.redirect != "":
			c.Close()
			server = next.redirect
		case next.retryAs != nil:
			c.Close()
			guess, known = *next.retryAs, true
		default:
			s.start()
			return s, nil
		}
	}
	return nil, ErrTooManyRedirects
}

// hop says what to do after a handshake that did not log in.
type hop struct {
	redirect string   // XFR NS to this address
	retryAs  *Dialect // the server chose a dialect with another USR method
}

// handshake runs VER, CVR and USR on a fresh connection. With known set,
// USR I is pipelined with VER and CVR in the auth method of guess.
func (s *Session) handshake(ctx context.Context, server string, guess Dialect, known bool, cached *Tickets) (hop, error) {
	offered := []string{}
	for _, d := range s.cfg.Dialects {
		offered = append(offered, d.String())
	}
	cmds := []msnp.Command{
		{Name: "VER", Params: append(offered, "CVR0")},
		{Name: "CVR", Params: []string{"0x0409", "winnt", "10.0", "i386", "MSNMSGR", s.cfg.Dialects[0].ClientVersion, "msmsgs", s.cfg.Account}},
	}
	if known {
		cmds = append(cmds, usrI(guess, s.cfg.Account))
	}
	calls, err := s.conn.Start(ctx, cmds...)
	if err != nil {
		return hop{}, err
	}
	ver, err := calls[0].Wait(ctx)
	if err != nil {
		return hop{}, fmt.Errorf("ns: VER: %w", err)
	}
	if ver.Name == "XFR" {
		return redirectOf(ver)
	}
	d, ok := dialectNamed(ver.Param(0), s.cfg.Dialects)
	if !ok {
		return hop{}, fmt.Errorf("%w (offered %v, server answered %q)", ErrNoCommonProtocol, offered, ver.Param(0))
	}
	s.Dialect = d
	if _, err := calls[1].Wait(ctx); err != nil {
		return hop{}, fmt.Errorf("ns: CVR: %w", err)
	}
	if known && guess.Auth != d.Auth {
		return hop{retryAs: &d}, nil
	}
	var challenge msnp.Command
	if known {
		challenge, err = calls[2].Wait(ctx)
	} else {
		challenge, err = s.conn.Send(ctx, usrI(d, s.cfg.Account))
	}
	if errors.Is(err, msnp.ErrAuthFailed) {
		return hop{}, fmt.Errorf("%w (the server does not know %s)", ErrAuthFailed, s.cfg.Account)
	}
	if err != nil {
		return hop{}, fmt.Errorf("ns: USR: %w", err)
	}
	if challenge.Name == "XFR" {
		return redirectOf(challenge)
	}
	return hop{}, s.authenticate(ctx, server, challenge, cached)
}

func usrI(d Dialect, account string) msnp.Command {
	return msnp.Command{Name: "USR", Params: []string{string(d.Auth), "I", account}}
}

// redirectOf reads `XFR trid NS host:port ...`.
func redirectOf(xfr msnp.Command) (hop, error) {
	if xfr.Param(0) != "NS" || xfr.Param(1) == "" {
		return hop{}, fmt.Errorf("%w: %s to the login", msnp.ErrUnexpectedReply, xfr.Name)
	}
	return hop{redirect: xfr.Param(1)}, nil
}

// authenticate answers `USR trid TWN S policy` or `USR trid SSO S policy
// nonce` with a ticket, from the cache or from Passport.
func (s *Session) authenticate(ctx context.Context, server string, challenge msnp.Command, cached *Tickets) error {
	d := s.Dialect
	if challenge.Name != "USR" || challenge.Param(0) != string(d.Auth) || challenge.Param(1) != "S" || challenge.Param(2) == "" {
		return fmt.Errorf("%w: %s %s %s to USR I", msnp.ErrUnexpectedReply, challenge.Name, challenge.Param(0), challenge.Param(1))
	}
	policy, nonce := challenge.Param(2), challenge.Param(3)
	tickets := cached
	if !tickets.usable(server, d, s.cfg.Now()) {
		fresh, err := s.requestTickets(ctx, server, d, policy)
		if err != nil {
			return err
		}
		tickets, cached = fresh, nil
	}
	params, err := usrS(d, tickets.Tokens[nsAddress(d)], nonce, s.cfg.MachineGUID)
	if err != nil {
		return err
	}
	reply, err := s.conn.Send(ctx, msnp.Command{Name: "USR", Params: params})
	switch {
	case errors.Is(err, msnp.ErrAuthFailed) && cached != nil:
		return errTicketRejected
	case errors.Is(err, msnp.ErrAuthFailed):
		return fmt.Errorf("%w (the server refused the new ticket)", ErrAuthFailed)
	case err != nil:
		return fmt.Errorf("ns: USR S: %w", err)
	case reply.Param(0) != "OK":
		return fmt.Errorf("%w: USR %s to USR S", msnp.ErrUnexpectedReply, reply.Param(0))
	}
	s.Account = reply.Param(1)
	s.Tickets = tickets
	s.FreshTickets = cached == nil
	return nil
}

func (s *Session) requestTickets(ctx context.Context, server string, d Dialect, policy string) (*Tickets, error) {
	if s.cfg.Password == nil || s.cfg.Passport == nil {
		return nil, fmt.Errorf("%w: no password available", ErrAuthFailed)
	}
	password, err := s.cfg.Password(ctx)
	if err != nil {
		return nil, err
	}
	tokens, err := s.cfg.Passport.RequestTokens(ctx, d.RSTPath, s.cfg.Account, password, tokenRequests(d, policy))
	if errors.Is(err, passport.ErrAuthFailed) {
		return nil, fmt.Errorf("%w: %w", ErrAuthFailed, err)
	}
	if err != nil {
		return nil, err
	}
	if _, ok := tokens[nsAddress(d)]; !ok {
		return nil, fmt.Errorf("ns: Passport returned no ticket for %s", nsAddress(d))
	}
	return &Tickets{Server: server, Dialect: d.Version, Tokens: tokens}, nil
}

// usrS builds the parameters of `USR SSO|TWN S ...`.
func usrS(d Dialect, tok passport.Token, nonce, guid string) ([]string, error) {
	params := []string{string(d.Auth), "S", tok.Ticket}
	if d.Auth == TWN {
		return params, nil
	}
	iv, err := passport.NewIV()
	if err != nil {
		return nil, err
	}
	mbi, err := passport.MBIResponse(tok.BinarySecret, nonce, iv)
	if err != nil {
		return nil, fmt.Errorf("ns: MBI response: %w", err)
	}
	params = append(params, mbi)
	if d.MachineGUID {
		params = append(params, guid)
	}
	return params, nil
}

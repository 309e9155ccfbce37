package ns

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/textproto"
	"strings"
	"sync"
	"time"

	"github.com/msn-cli/msn/client/conn"
	"github.com/msn-cli/msn/client/msnp"
)

// KeepAlive is how often a session pings the server (PNG) while it is up.
var KeepAlive = 45 * time.Second

// Session is a logged-in notification server connection.
type Session struct {
	cfg     *Config
	conn    *conn.Conn
	Dialect Dialect
	// Account as the server spelled it in USR OK.
	Account string
	// Tickets used to log in; FreshTickets when they came from Passport
	// in this run (worth saving for the next).
	Tickets      *Tickets
	FreshTickets bool

	mu           sync.Mutex
	profile      textproto.MIMEHeader
	visibleSince time.Time // first visible CHG; zero while hidden
	pings        int       // PNGs sent, for Sync
	pongs        int       // QNGs received
	pongChanged  chan struct{}
	// otherEndpoints: the account's other sign-ins (MSNP16+), machine
	// GUID -> the State their client set ("" unknown), from the own UBX;
	// endpointsKnown once a UBX listing this session's endpoint arrived,
	// endpointsChanged closed and replaced on each.
	otherEndpoints   map[string]string
	endpointsKnown   bool
	endpointsChanged chan struct{}
	roster           map[string]Presence // contacts by lower-case email, from ILN/NLN/FLN/UBX
	presenceChanged  chan struct{}       // closed and replaced on each of those
	ownName          string              // the user's display name, from PRP MFN or the own NLN
	ownNameSeen      bool
	ownPSM           string   // the personal message of the own UBX (MSNP16+)
	own              Presence // the account as its own NLN and UBX show it

	listMu    sync.Mutex     // one SyncList at a time
	listing   bool           // SyncList collects the burst (under mu)
	listBurst []msnp.Command // what it collected so far (under mu)

	observeMu sync.Mutex // ObservePresence runs once
	observed  bool

	presenceMu  sync.Mutex // orders the first CHG before any XFR
	presenceSet bool

	stop chan struct{}
	once sync.Once
}

func newSession(cfg *Config) *Session {
	return &Session{cfg: cfg, stop: make(chan struct{}), pongChanged: make(chan struct{}), endpointsChanged: make(chan struct{}), presenceChanged: make(chan struct{})}
}

// Conn is the session's connection, for sending commands.
func (s *Session) Conn() *conn.Conn { return s.conn }

// MachineGUID is the endpoint GUID this session logged in with (MSNP16+).
func (s *Session) MachineGUID() string { return s.cfg.MachineGUID }

// Profile returns a header of the login profile message (MSG Hotmail
// text/x-msmsgsprofile), such as "ClientIP", or "" if it has not arrived.
func (s *Session) Profile(key string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.profile.Get(key)
}

// Done is closed when the connection ends.
func (s *Session) Done() <-chan struct{} { return s.conn.Done() }

// Err is why the connection ended (an *conn.OutError for OUT OTH), or nil.
func (s *Session) Err() error { return s.conn.Err() }

// watchHotmail keeps the login profile (MSG Hotmail
// text/x-msmsgsprofile) and reads a Mail-Data notice; it runs on the read
// goroutine.
func (s *Session) watchHotmail(cmd msnp.Command) (MailNotice, bool) {
	if cmd.Param(0) != "Hotmail" {
		return MailNotice{}, false
	}
	if n, ok := mailNotice(cmd); ok {
		return n, true
	}
	if h, _ := parseMIMEBlock(cmd.Payload); strings.HasPrefix(h.Get("Content-Type"), "text/x-msmsgsprofile") {
		s.mu.Lock()
		s.profile = h
		s.mu.Unlock()
	}
	return MailNotice{}, false
}

// parseMIMEBlock splits an MSG payload into its header block and body.
func parseMIMEBlock(payload []byte) (textproto.MIMEHeader, []byte) {
	r := bufio.NewReader(bytes.NewReader(payload))
	h, err := textproto.NewReader(r).ReadMIMEHeader()
	if err != nil && len(h) == 0 {
		h = textproto.MIMEHeader{}
	}
	rest, _ := io.ReadAll(r)
	return h, rest
}

// ErrNoKeepAlive: the server did not answer a keep-alive ping (PNG)
// within KeepAlive, so the session hung up on it: the connection is taken
// for dead (errors.Is ErrConnectionLost too).
var ErrNoKeepAlive = fmt.Errorf("%w: the server did not answer the keep-alive ping", conn.ErrConnectionLost)

// start begins the keep-alive pings once logged in. A ping the server does
// not answer before the next one is due ends the connection with
// ErrNoKeepAlive, so that a connection that died without a word is seen.
func (s *Session) start() {
	interval := KeepAlive // read once, on the caller's goroutine
	go func() {
		t := time.NewTicker(interval)
		defer t.Stop()
		for {
			select {
			case <-t.C:
				ctx, cancel := context.WithTimeout(context.Background(), interval)
				err := s.Sync(ctx) // counted like any PNG, so Sync's arithmetic holds
				cancel()
				if errors.Is(err, context.DeadlineExceeded) {
					s.conn.CloseWithError(fmt.Errorf("%w (after %s)", ErrNoKeepAlive, interval))
					return
				}
			case <-s.stop:
				return
			case <-s.conn.Done():
				return
			}
		}
	}()
}

// Logout says OUT and closes the connection. A session that appeared
// online first stays until MinVisible has passed since then; one that hid
// an account signed in elsewhere (MSNP16+) first puts back that
// endpoint's state. It blocks at
// most until ctx is done, and is safe to call more than once.
func (s *Session) Logout(ctx context.Context) error {
	var err error
	s.once.Do(func() {
		s.lingerVisible(ctx)
		if s.conn.Err() == nil {
			s.restoreAccountStatus(ctx)
		}
		close(s.stop)
		if s.conn.Err() == nil {
			_, err = s.conn.Post(ctx, msnp.Command{Name: "OUT"})
		}
		s.conn.Close()
	})
	return err
}

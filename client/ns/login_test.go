package ns

import (
	"context"
	"errors"
	"net/url"
	"testing"
	"time"

	"github.com/msn-cli/msn/client/conn"
	"github.com/msn-cli/msn/client/msnp"
	"github.com/msn-cli/msn/client/msntest"
	"github.com/msn-cli/msn/client/passport"
	"github.com/msn-cli/msn/client/soap"
)

func newServer(t testing.TB, opts msntest.Options) *msntest.Server {
	t.Helper()
	srv, err := msntest.New(opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(srv.Close)
	srv.AddAccount("alice@example.com", "alice123", "Alice")
	srv.AddAccount("bob@example.com", "bob123", "Bob")
	srv.AddContact("alice@example.com", "bob@example.com")
	return srv
}

func config(t testing.TB, srv *msntest.Server, account, password string, dialects ...Dialect) Config {
	t.Helper()
	base, err := url.Parse(srv.ServicesURL())
	if err != nil {
		t.Fatal(err)
	}
	return Config{
		Server:   srv.NSAddr(),
		Account:  account,
		Password: func(context.Context) (string, error) { return password, nil },
		Passport: &passport.Client{SOAP: &soap.Client{HTTP: srv.HTTPClient(), Base: base}},
		Dialects: dialects,
	}
}

func ctxT(t testing.TB) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	t.Cleanup(cancel)
	return ctx
}

func TestLoginEachDialectThenWithCachedTicket(t *testing.T) {
	for _, d := range Dialects() {
		t.Run(d.String(), func(t *testing.T) {
			srv := newServer(t, msntest.Options{})
			cfg := config(t, srv, "alice@example.com", "alice123", d)
			s, err := Login(ctxT(t), cfg)
			if err != nil {
				t.Fatal(err)
			}
			if s.Dialect.Version != d.Version || !s.FreshTickets || s.Account != "alice@example.com" {
				t.Fatalf("dialect %s, fresh %v, account %q", s.Dialect, s.FreshTickets, s.Account)
			}
			if got := srv.Online("alice@example.com"); len(got) != 1 || got[0] != d.String() {
				t.Fatalf("server sees alice online as %v", got)
			}
			s.Logout(ctxT(t))
			soapBefore := srv.SOAPTotal()

			cfg.Tickets = s.Tickets
			cfg.Password = func(context.Context) (string, error) {
				t.Error("password asked for although the cached ticket is valid")
				return "", errors.New("no")
			}
			s2, err := Login(ctxT(t), cfg)
			if err != nil {
				t.Fatal(err)
			}
			defer s2.Logout(ctxT(t))
			if s2.FreshTickets || srv.SOAPTotal() != soapBefore {
				t.Fatalf("second login: fresh %v, SOAP requests %d -> %d", s2.FreshTickets, soapBefore, srv.SOAPTotal())
			}
			if srv.Logins("alice@example.com") != 2 {
				t.Fatalf("server counted %d logins", srv.Logins("alice@example.com"))
			}
		})
	}
}

func TestNegotiationPrefersMSNP18(t *testing.T) {
	srv := newServer(t, msntest.Options{})
	s, err := Login(ctxT(t), config(t, srv, "alice@example.com", "alice123"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Logout(ctxT(t))
	if s.Dialect.Version != 18 || s.MachineGUID() == "" {
		t.Fatalf("negotiated %s with GUID %q", s.Dialect, s.MachineGUID())
	}
}

func TestWrongPassword(t *testing.T) {
	for _, d := range Dialects() {
		srv := newServer(t, msntest.Options{})
		_, err := Login(ctxT(t), config(t, srv, "alice@example.com", "wrong", d))
		if !errors.Is(err, ErrAuthFailed) {
			t.Errorf("%s: err = %v, want ErrAuthFailed", d, err)
		}
	}
}

func TestUnknownAccount(t *testing.T) {
	srv := newServer(t, msntest.Options{})
	_, err := Login(ctxT(t), config(t, srv, "nobody@example.com", "x", MSNP18))
	if !errors.Is(err, ErrAuthFailed) {
		t.Fatalf("err = %v, want ErrAuthFailed", err)
	}
}

func TestRejectedTicketFallsBackToPassword(t *testing.T) {
	for _, d := range Dialects() {
		t.Run(d.String(), func(t *testing.T) {
			srv := newServer(t, msntest.Options{})
			cfg := config(t, srv, "alice@example.com", "alice123", d)
			s, err := Login(ctxT(t), cfg)
			if err != nil {
				t.Fatal(err)
			}
			s.Logout(ctxT(t))
			// A ticket the server does not know, as after a server restart.
			forged := *s.Tickets
			forged.Tokens = map[string]passport.Token{}
			for addr, tok := range s.Tickets.Tokens {
				tok.Ticket = "t=00000000000000000000Y6+H31sTUOFkqjNTDY&p="
				forged.Tokens[addr] = tok
			}
			cfg.Tickets = &forged
			asked := 0
			cfg.Password = func(context.Context) (string, error) { asked++; return "alice123", nil }
			s2, err := Login(ctxT(t), cfg)
			if err != nil {
				t.Fatal(err)
			}
			defer s2.Logout(ctxT(t))
			if asked != 1 || !s2.FreshTickets {
				t.Fatalf("password asked %d times, fresh %v", asked, s2.FreshTickets)
			}
		})
	}
}

func TestCachedDialectMismatchRetries(t *testing.T) {
	srv := newServer(t, msntest.Options{})
	cfg := config(t, srv, "alice@example.com", "alice123", MSNP12)
	s, err := Login(ctxT(t), cfg)
	if err != nil {
		t.Fatal(err)
	}
	s.Logout(ctxT(t))
	// The ticket was cached at MSNP12 (TWN); the server now picks MSNP18
	// (SSO), whose USR I the pipelined guess did not send.
	cfg.Dialects = []Dialect{MSNP18, MSNP12}
	cfg.Tickets = s.Tickets
	s2, err := Login(ctxT(t), cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer s2.Logout(ctxT(t))
	if s2.Dialect.Version != 18 {
		t.Fatalf("dialect %s", s2.Dialect)
	}
}

func TestSecondLoginSignsOutFirstBelowMSNP16(t *testing.T) {
	for _, tt := range []struct {
		d       Dialect
		coexist bool
	}{{MSNP12, false}, {MSNP15, false}, {MSNP18, true}} {
		t.Run(tt.d.String(), func(t *testing.T) {
			srv := newServer(t, msntest.Options{})
			first, err := Login(ctxT(t), config(t, srv, "alice@example.com", "alice123", tt.d))
			if err != nil {
				t.Fatal(err)
			}
			defer first.Logout(ctxT(t))
			second, err := Login(ctxT(t), config(t, srv, "alice@example.com", "alice123", tt.d))
			if err != nil {
				t.Fatal(err)
			}
			defer second.Logout(ctxT(t))
			if tt.coexist {
				// A command on the first session still gets its answer.
				if _, err := first.Conn().Send(ctxT(t), msnp.Command{Name: "BLP", Params: []string{"AL"}}); err != nil {
					t.Fatalf("first MSNP18 session broken by the second: %v", err)
				}
				return
			}
			select {
			case <-first.Done():
			case <-ctxT(t).Done():
				t.Fatal("first session still up after a second login")
			}
			var out *conn.OutError
			if !errors.As(first.Err(), &out) || out.Reason != "OTH" {
				t.Fatalf("first session ended with %v, want OUT OTH", first.Err())
			}
		})
	}
}

func TestOutOTHFailsPendingCommand(t *testing.T) {
	srv := newServer(t, msntest.Options{})
	s, err := Login(ctxT(t), config(t, srv, "alice@example.com", "alice123", MSNP15))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Logout(ctxT(t))
	srv.Inject(msntest.Fault{Server: "NS", Command: "BLP", Action: msntest.Silence})
	call, err := s.Conn().Start(ctxT(t), msnp.Command{Name: "BLP", Params: []string{"AL"}})
	if err != nil {
		t.Fatal(err)
	}
	srv.Kick("alice@example.com", "OTH")
	_, err = call[0].Wait(ctxT(t))
	var out *conn.OutError
	if !errors.As(err, &out) || out.Reason != "OTH" {
		t.Fatalf("pending BLP ended with %v, want OUT OTH", err)
	}
}

func TestServerThatNeverAnswers(t *testing.T) {
	srv := newServer(t, msntest.Options{})
	srv.Inject(msntest.Fault{Server: "NS", Command: "USR", Action: msntest.Silence})
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	_, err := Login(ctx, config(t, srv, "alice@example.com", "alice123"))
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("err = %v, want DeadlineExceeded", err)
	}
}

func TestConnectionDroppedDuringLogin(t *testing.T) {
	srv := newServer(t, msntest.Options{})
	srv.Inject(msntest.Fault{Server: "NS", Command: "CVR", Action: msntest.CloseConn})
	_, err := Login(ctxT(t), config(t, srv, "alice@example.com", "alice123"))
	if err == nil || errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("err = %v, want a closed-connection error", err)
	}
}

func TestNoCommonProtocol(t *testing.T) {
	srv := newServer(t, msntest.Options{})
	cfg := config(t, srv, "alice@example.com", "alice123")
	cfg.Dialects = []Dialect{{Version: 99, Auth: SSO, ClientVersion: "1"}}
	_, err := Login(ctxT(t), cfg)
	if !errors.Is(err, ErrNoCommonProtocol) {
		t.Fatalf("err = %v, want ErrNoCommonProtocol", err)
	}
}

func TestParseDialect(t *testing.T) {
	for in, want := range map[string]int{"MSNP18": 18, "msnp15": 15, "12": 12, " MSNP12 ": 12} {
		d, err := ParseDialect(in)
		if err != nil || d.Version != want {
			t.Errorf("ParseDialect(%q) = %v, %v", in, d, err)
		}
	}
	for _, in := range []string{"MSNP13", "", "MSNP", "18x"} {
		if _, err := ParseDialect(in); err == nil {
			t.Errorf("ParseDialect(%q) accepted", in)
		}
	}
}

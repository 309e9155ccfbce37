package commands

import (
	"context"
	"errors"
	"fmt"

	"github.com/urfave/cli/v2"

	"github.com/msn-cli/msn/client/ns"
	"github.com/msn-cli/msn/keyring"
)

// credentials say where the password comes from and where tickets are
// cached (where the password went: nil store for an explicit source).
type credentials struct {
	password func(context.Context) (string, error)
	store    keyring.Store
	source   string // for messages: "MSN_PASSWORD", "system keyring (Secret Service)"...
}

// findCredentials looks in the documented order: an explicit source, the
// system keyring, the opt-in file store.
func findCredentials(c *cli.Context, s *settings) (*credentials, error) {
	if read, source, ok := explicitPassword(c, s); ok {
		return &credentials{password: read, source: source}, nil
	}
	var unavailable error
	for _, kind := range []string{storeSystem, storeFile} {
		store, err := openStore(kind)
		if err != nil {
			continue
		}
		pw, err := store.Get(s.Account, keyring.ItemPassword)
		if errors.Is(err, keyring.ErrNotFound) {
			if legacy, ok := adoptLegacyPassword(s, store); ok {
				pw, err = legacy, nil
			}
		}
		switch {
		case err == nil:
			return &credentials{password: func(context.Context) (string, error) { return pw, nil }, store: store, source: store.Name()}, nil
		case errors.Is(err, keyring.ErrUnavailable):
			unavailable = err
		case !errors.Is(err, keyring.ErrNotFound):
			return nil, err
		}
	}
	msg := fmt.Sprintf("no password stored for %s: run `msn login`, or give one with MSN_PASSWORD, --password-stdin, --password-file or --password-command", s.Account)
	return nil, &ExitError{Code: ExitAuth, Msg: msg, Err: unavailable}
}

// sessionOptions tune openSession for a command.
type sessionOptions struct {
	handler ns.Handler // what the server sends unasked
}

// openSession logs in with the stored or given credentials, a cached
// ticket first, and caches new tickets where the password lives. The login
// is bounded by --timeout.
func openSession(ctx context.Context, c *cli.Context, s *settings, opts sessionOptions) (*ns.Session, error) {
	creds, err := findCredentials(c, s)
	if err != nil {
		return nil, err
	}
	return login(ctx, s, creds, opts, true)
}

// login runs ns.Login. With useCache, cached tickets are tried first.
func login(ctx context.Context, s *settings, creds *credentials, opts sessionOptions, useCache bool) (*ns.Session, error) {
	pp, err := s.passportClient()
	if err != nil {
		return nil, err
	}
	cache := ticketCache{}
	if creds.store != nil && useCache {
		cache = loadTickets(creds.store, s.Account)
	}
	ctx, cancel := context.WithTimeout(ctx, s.Timeout)
	defer cancel()
	sess, err := ns.Login(ctx, ns.Config{
		Server:   s.Server,
		Account:  s.Account,
		Password: creds.password,
		Passport: pp,
		Tickets:  cache[s.Server],
		Dialects: s.Dialects,
		Trace:    s.trace(),
		Handler:  opts.handler,
	})
	if err != nil {
		return nil, withTimeout(err, s.Timeout)
	}
	if s.Dialects == nil && sess.Dialect.SecondLoginBoots {
		s.notef("the server speaks only %s: this login signs out any other client of %s (pin it with --protocol %s to silence this)", sess.Dialect, s.Account, sess.Dialect)
	}
	if sess.FreshTickets && creds.store != nil {
		if err := cacheTickets(creds.store, s.Account, s.Server, sess.Tickets); err != nil {
			s.notef("could not cache the login ticket (%v); the next run will log in with the password again", err)
		}
	}
	return sess, nil
}

// closeSession logs out within logoutGrace, after the run's deadline if
// need be, so that a cancelled or timed-out run still says OUT.
func closeSession(sess *ns.Session) {
	ctx, cancel := cleanupContext()
	defer cancel()
	sess.Logout(ctx)
}

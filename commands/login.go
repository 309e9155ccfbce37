package commands

import (
	"context"
	"errors"
	"fmt"
	"os"
	"time"

	"github.com/urfave/cli/v2"
	"golang.org/x/term"

	"github.com/msn-cli/msn/keyring"
)

func loginCommand() *cli.Command {
	return &cli.Command{
		Name:  "login",
		Usage: "check a password by logging in, and store it",
		Description: `Asks for the password (without echo) on a terminal, or reads it from
--password-stdin, --password-file, --password-command or MSN_PASSWORD,
logs in to check it, and stores it with the login ticket in the system
keyring (or, with --insecure-storage, in a file readable only by you).
Later commands use the stored ticket and make no Passport request while
it is valid (24 hours).`,
		Flags: append([]cli.Flag{
			&cli.BoolFlag{Name: "insecure-storage", Usage: "store the password in $XDG_CONFIG_HOME/msn/credentials.json (mode 0600) instead of the system keyring"},
		}, globalFlags()...),
		Action: runLogin,
	}
}

func runLogin(c *cli.Context) error {
	if c.NArg() > 0 {
		return usageError("login takes no arguments (the account goes in --account)")
	}
	s, err := resolve(c, true)
	if err != nil {
		return err
	}
	kind := storeSystem
	if c.Bool("insecure-storage") {
		kind = storeFile
	}
	store, err := openStore(kind)
	if err != nil {
		return err
	}
	if _, err := store.Get(s.Account, keyring.ItemPassword); errors.Is(err, keyring.ErrUnavailable) {
		return err // fail before logging in: the password could not be kept
	} else if err != nil && !errors.Is(err, keyring.ErrNotFound) {
		return err
	}
	read, _, ok := explicitPassword(c, s)
	if !ok {
		read = promptPassword(s)
	}
	// Read it now, before the login's deadline starts: a person typing
	// is not a server that does not answer.
	password, err := read(c.Context)
	if err != nil {
		return err
	}
	creds := &credentials{password: func(context.Context) (string, error) { return password, nil }}
	sess, err := login(c.Context, s, creds, sessionOptions{}, false)
	if err != nil {
		return err
	}
	defer closeSession(sess)
	if err := store.Set(s.Account, keyring.ItemPassword, password); err != nil {
		return err
	}
	if err := cacheTickets(store, s.Account, s.Server, sess.Tickets); err != nil {
		s.notef("could not store the login ticket (%v); the next run will log in with the password", err)
	}
	// What an earlier msn kept in this store under the account as written
	// is superseded.
	legacy := legacyAccounts(s)
	for _, old := range legacy {
		forgetItems(store, old)
	}
	entry := indexEntry{Store: kind, Server: s.Server, Saved: time.Now().UTC()}
	err = updateIndex(s.ConfigDir, func(idx *accountIndex) {
		for _, old := range legacy {
			if idx.Accounts[old].Store == kind {
				delete(idx.Accounts, old)
			}
		}
		idx.Accounts[s.Account] = entry
	})
	if err != nil {
		return fmt.Errorf("logged in, but could not record the account: %w", err)
	}
	s.notef("logged in as %s (%s); password stored in the %s", sess.Account, sess.Dialect, store.Name())
	return nil
}

// promptPassword asks on the terminal without echo. Without a terminal it
// is a usage error that names the non-interactive ways. Ctrl-C (ctx done)
// ends the prompt and restores the terminal's echo.
func promptPassword(s *settings) func(context.Context) (string, error) {
	return func(ctx context.Context) (string, error) {
		f, ok := s.Stdin.(*os.File)
		if !ok || !term.IsTerminal(int(f.Fd())) {
			return "", usageError("no terminal to ask for the password: use --password-stdin, --password-file, --password-command or MSN_PASSWORD")
		}
		fd := int(f.Fd())
		saved, err := term.GetState(fd)
		if err != nil {
			return "", fmt.Errorf("cannot use the terminal: %w", err)
		}
		fmt.Fprintf(s.Stderr, "Password for %s: ", s.Account)
		type answer struct {
			b   []byte
			err error
		}
		got := make(chan answer, 1)
		go func() {
			b, err := term.ReadPassword(fd)
			got <- answer{b, err}
		}()
		select {
		case a := <-got:
			fmt.Fprintln(s.Stderr)
			if a.err != nil {
				return "", fmt.Errorf("cannot read the password: %w", a.err)
			}
			return checkPassword(string(a.b), "the terminal")
		case <-ctx.Done():
			term.Restore(fd, saved)
			fmt.Fprintln(s.Stderr)
			return "", ctx.Err()
		}
	}
}

package commands

import (
	"errors"

	"github.com/urfave/cli/v2"

	"github.com/msn-cli/msn/keyring"
)

func logoutCommand() *cli.Command {
	return &cli.Command{
		Name:  "logout",
		Usage: "forget the stored password and tickets of an account",
		Description: `Deletes the account's password and cached tickets from the system
keyring and the file store. Logging out an account that is not stored
succeeds with a note.`,
		Flags:  globalFlags(),
		Action: runLogout,
	}
}

func runLogout(c *cli.Context) error {
	if c.NArg() > 0 {
		return usageError("logout takes no arguments (the account goes in --account)")
	}
	s, err := resolve(c, true)
	if err != nil {
		return err
	}
	idx, err := loadIndex(s.ConfigDir)
	if err != nil {
		return err
	}
	removed := false
	var firstErr error
	for _, kind := range []string{storeSystem, storeFile} {
		store, err := openStore(kind)
		if err != nil {
			continue
		}
		for _, item := range []string{keyring.ItemPassword, keyring.ItemTickets} {
			err := store.Delete(s.Account, item)
			switch {
			case err == nil:
				removed = true
			case errors.Is(err, keyring.ErrNotFound):
			case errors.Is(err, keyring.ErrUnavailable) && idx.Accounts[s.Account].Store != kind:
				// A store that was never used for this account.
			default:
				if firstErr == nil {
					firstErr = err
				}
			}
		}
	}
	if firstErr != nil {
		return firstErr
	}
	if _, ok := idx.Accounts[s.Account]; ok {
		if err := updateIndex(s.ConfigDir, func(idx *accountIndex) { delete(idx.Accounts, s.Account) }); err != nil {
			return err
		}
		removed = true
	}
	if removed {
		s.notef("forgot %s", s.Account)
	} else {
		s.notef("nothing stored for %s", s.Account)
	}
	return nil
}

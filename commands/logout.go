package commands

import (
	"errors"
	"slices"

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
	// The account's own key, and those an earlier msn used (see
	// legacyAccounts).
	keys := append([]string{s.Account}, legacyAccounts(s)...)
	removed := false
	var firstErr error
	for _, kind := range []string{storeSystem, storeFile} {
		store, err := openStore(kind)
		if err != nil {
			continue
		}
		for _, key := range keys {
			gone, err := forgetItems(store, key)
			removed = removed || gone
			// An unavailable store is an error only if it holds the account.
			if err != nil && !(errors.Is(err, keyring.ErrUnavailable) && idx.Accounts[key].Store != kind) && firstErr == nil {
				firstErr = err
			}
		}
	}
	if firstErr != nil {
		return firstErr
	}
	if slices.ContainsFunc(keys, func(k string) bool { _, ok := idx.Accounts[k]; return ok }) {
		err := updateIndex(s.ConfigDir, func(idx *accountIndex) {
			for _, k := range keys {
				delete(idx.Accounts, k)
			}
		})
		if err != nil {
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

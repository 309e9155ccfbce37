package commands

import (
	"errors"
	"slices"
	"strings"

	"github.com/msn-cli/msn/keyring"
)

// legacyAccounts are the other keys an earlier msn may have stored the
// account's credentials under, before it wrote addresses in lower case:
// the account as the user wrote it this time, and every account in the
// index that differs from it only in case.
func legacyAccounts(s *settings) []string {
	var keys []string
	add := func(k string) {
		if k != s.Account && strings.EqualFold(k, s.Account) && !slices.Contains(keys, k) {
			keys = append(keys, k)
		}
	}
	add(s.accountAsGiven)
	if idx, err := loadIndex(s.ConfigDir); err == nil {
		for _, name := range idx.names() {
			add(name)
		}
	}
	return keys
}

// adoptLegacyPassword looks in store for a password kept under a legacy
// key of the account and, when there is one, moves it to the account's
// own key (dropping the old key's cached tickets, and renaming its index
// entry) and returns it. When the move fails the password is still
// returned, and the move is tried again next run.
func adoptLegacyPassword(s *settings, store keyring.Store) (string, bool) {
	for _, old := range legacyAccounts(s) {
		pw, err := store.Get(old, keyring.ItemPassword)
		if err != nil {
			continue
		}
		if err := store.Set(s.Account, keyring.ItemPassword, pw); err != nil {
			return pw, true
		}
		forgetItems(store, old)
		updateIndex(s.ConfigDir, func(idx *accountIndex) {
			if entry, ok := idx.Accounts[old]; ok {
				delete(idx.Accounts, old)
				if _, has := idx.Accounts[s.Account]; !has {
					idx.Accounts[s.Account] = entry
				}
			}
		})
		return pw, true
	}
	return "", false
}

// forgetItems deletes the password and tickets of account from store. It
// reports whether anything was deleted, and the first error other than
// ErrNotFound.
func forgetItems(store keyring.Store, account string) (removed bool, err error) {
	for _, item := range []string{keyring.ItemPassword, keyring.ItemTickets} {
		switch e := store.Delete(account, item); {
		case e == nil:
			removed = true
		case errors.Is(e, keyring.ErrNotFound):
		case err == nil:
			err = e
		}
	}
	return removed, err
}

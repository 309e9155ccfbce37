package commands

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"time"

	"github.com/msn-cli/msn/client/ns"
	"github.com/msn-cli/msn/keyring"
)

// The stores credentials can live in.
const (
	storeSystem = "system"
	storeFile   = "file"
)

// keyringTimeout bounds each keyring call.
const keyringTimeout = 5 * time.Second

// openStore returns the store named kind.
func openStore(kind string) (keyring.Store, error) {
	if kind == storeFile {
		path, err := keyring.DefaultFilePath()
		if err != nil {
			return nil, err
		}
		return keyring.NewFile(path), nil
	}
	return keyring.NewSystem(keyringTimeout), nil
}

// accountIndex lists which accounts have stored credentials and where. It
// holds no secret (the keyring cannot be listed, so this file can), and
// lives at $XDG_CONFIG_HOME/msn/accounts.json.
type accountIndex struct {
	Accounts map[string]indexEntry `json:"accounts"`
}

type indexEntry struct {
	Store  string    `json:"store"`
	Server string    `json:"server"`
	Saved  time.Time `json:"saved"`
}

// indexPath is where the index of the config dir dir lives.
func indexPath(dir string) string { return filepath.Join(dir, "accounts.json") }

// loadIndex reads the index; a missing file is an empty index.
func loadIndex(dir string) (*accountIndex, error) {
	b, err := os.ReadFile(indexPath(dir))
	if err != nil && !errors.Is(err, os.ErrNotExist) {
		return nil, err
	}
	return parseIndex(indexPath(dir), b)
}

// updateIndex runs change on the index and saves the result, under a lock
// and atomically, so that concurrent logins and logouts keep each other's
// entries.
func updateIndex(dir string, change func(*accountIndex)) error {
	path := indexPath(dir)
	return keyring.UpdateFile(path, func(old []byte) ([]byte, error) {
		idx, err := parseIndex(path, old)
		if err != nil {
			return nil, err
		}
		change(idx)
		b, err := json.MarshalIndent(idx, "", "  ")
		return append(b, '\n'), err
	})
}

// parseIndex decodes the index file's content b (empty: no file).
func parseIndex(path string, b []byte) (*accountIndex, error) {
	idx := &accountIndex{Accounts: map[string]indexEntry{}}
	if len(b) == 0 {
		return idx, nil
	}
	if err := json.Unmarshal(b, idx); err != nil {
		return nil, fmt.Errorf("%s is damaged (%v); remove it and run msn login again", path, err)
	}
	if idx.Accounts == nil {
		idx.Accounts = map[string]indexEntry{}
	}
	return idx, nil
}

func (idx *accountIndex) names() []string {
	names := make([]string, 0, len(idx.Accounts))
	for name := range idx.Accounts {
		names = append(names, name)
	}
	sort.Strings(names)
	return names
}

// onlyStoredAccount is the default account: the one stored, when there is
// exactly one.
func onlyStoredAccount(dir string) string {
	idx, err := loadIndex(dir)
	if err != nil || len(idx.Accounts) != 1 {
		return ""
	}
	return idx.names()[0]
}

// ticketCache is the tickets item of a store: tickets by NS address.
type ticketCache map[string]*ns.Tickets

// loadTickets returns the account's cached tickets; none when there are
// none or the cache is damaged (the login then uses the password).
func loadTickets(store keyring.Store, account string) ticketCache {
	raw, err := store.Get(account, keyring.ItemTickets)
	if err != nil {
		return ticketCache{}
	}
	return parseTickets(raw)
}

func parseTickets(raw string) ticketCache {
	cache := ticketCache{}
	if json.Unmarshal([]byte(raw), &cache) != nil || cache == nil {
		return ticketCache{}
	}
	return cache
}

// cacheTickets stores the tickets for server in the account's cache, next
// to those of other servers. The read-modify-write holds the store's lock,
// so concurrent logins keep each other's tickets.
func cacheTickets(store keyring.Store, account, server string, tickets *ns.Tickets) error {
	return store.Update(account, keyring.ItemTickets, func(old string, _ bool) (string, error) {
		cache := parseTickets(old)
		cache[server] = tickets
		b, err := json.Marshal(cache)
		return string(b), err
	})
}

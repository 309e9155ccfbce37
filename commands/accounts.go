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
	path     string
	Accounts map[string]indexEntry `json:"accounts"`
}

type indexEntry struct {
	Store  string    `json:"store"`
	Server string    `json:"server"`
	Saved  time.Time `json:"saved"`
}

func loadIndex(dir string) (*accountIndex, error) {
	idx := &accountIndex{path: filepath.Join(dir, "accounts.json"), Accounts: map[string]indexEntry{}}
	b, err := os.ReadFile(idx.path)
	if errors.Is(err, os.ErrNotExist) {
		return idx, nil
	}
	if err != nil {
		return nil, err
	}
	if err := json.Unmarshal(b, idx); err != nil {
		return nil, fmt.Errorf("%s is damaged (%v); remove it and run msn login again", idx.path, err)
	}
	if idx.Accounts == nil {
		idx.Accounts = map[string]indexEntry{}
	}
	return idx, nil
}

func (idx *accountIndex) save() error {
	if err := os.MkdirAll(filepath.Dir(idx.path), 0o700); err != nil {
		return err
	}
	b, err := json.MarshalIndent(idx, "", "  ")
	if err != nil {
		return err
	}
	tmp := idx.path + ".tmp"
	if err := os.WriteFile(tmp, append(b, '\n'), 0o600); err != nil {
		return err
	}
	return os.Rename(tmp, idx.path)
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

func loadTickets(store keyring.Store, account string) ticketCache {
	raw, err := store.Get(account, keyring.ItemTickets)
	if err != nil {
		return ticketCache{}
	}
	cache := ticketCache{}
	if json.Unmarshal([]byte(raw), &cache) != nil {
		return ticketCache{} // damaged: log in with the password again
	}
	return cache
}

func (tc ticketCache) save(store keyring.Store, account string) error {
	b, err := json.Marshal(tc)
	if err != nil {
		return err
	}
	return store.Set(account, keyring.ItemTickets, string(b))
}

package keyring

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
)

// maxFileSize bounds the credentials file read into memory.
const maxFileSize = 1 << 20

// fileStore is the Store of NewFile.
type fileStore struct {
	path string
}

// credentials is the file's content: account → item → secret.
type credentials map[string]map[string]string

// NewFile returns the opt-in insecure store: one JSON file at path holding
// {"account": {"item": "secret"}} in clear text, protected only by its
// mode. It is what `msn login --insecure-storage` writes to; see
// DefaultFilePath for the usual path.
//
// The file is created with mode 0600, and its directory, when missing, with
// mode 0700. Every call refuses an existing file whose mode has any group or
// other bit set, with an error saying to run chmod 600. Writes replace the
// file atomically (a temporary file in the same directory, fsync, rename),
// so readers never see a partial file.
//
// Set, Delete and Update hold a lock (in this process, and an advisory
// lock on path + ".lock", which is left in place, for other processes)
// around their read-modify-write, so concurrent writers in several
// processes or goroutines do not lose each other's items. They block while
// another writer holds the lock, for at most DefaultTimeout; a writer holds
// it only for one read and one write of the file. Where the system has no
// file lock, only goroutines of one process exclude each other. Get takes
// no lock and blocks only on file I/O.
func NewFile(path string) Store {
	return &fileStore{path: path}
}

// Name implements Store.
func (f *fileStore) Name() string { return "file " + f.path }

// Get implements Store.
func (f *fileStore) Get(account, item string) (string, error) {
	if err := checkKey(account, item); err != nil {
		return "", err
	}
	c, err := f.read()
	if err != nil {
		return "", err
	}
	secret, ok := c[account][item]
	if !ok {
		return "", ErrNotFound
	}
	return secret, nil
}

// Set implements Store. It blocks while another writer holds the lock.
func (f *fileStore) Set(account, item, secret string) error {
	return f.Update(account, item, func(string, bool) (string, error) { return secret, nil })
}

// Update implements Store with the lock Set and Delete take. It blocks
// while another writer holds it.
func (f *fileStore) Update(account, item string, change func(old string, found bool) (string, error)) error {
	if err := checkKey(account, item); err != nil {
		return err
	}
	return f.update(func(c credentials) error {
		old, found := c[account][item]
		secret, err := change(old, found)
		if err != nil {
			return err
		}
		if c[account] == nil {
			c[account] = make(map[string]string)
		}
		c[account][item] = secret
		return nil
	})
}

// Delete implements Store. Deleting an account's last item removes the
// account. It blocks while another writer holds the lock.
func (f *fileStore) Delete(account, item string) error {
	if err := checkKey(account, item); err != nil {
		return err
	}
	return f.update(func(c credentials) error {
		if _, ok := c[account][item]; !ok {
			return ErrNotFound
		}
		delete(c[account], item)
		if len(c[account]) == 0 {
			delete(c, account)
		}
		return nil
	})
}

// update runs change on the file's content under the lock and writes the
// result back, unless change fails.
func (f *fileStore) update(change func(credentials) error) error {
	return updateFile(f.path, checkMode, func(old []byte) ([]byte, error) {
		c, err := f.parse(old)
		if err != nil {
			return nil, err
		}
		if err := change(c); err != nil {
			return nil, err
		}
		data, err := json.MarshalIndent(c, "", "  ")
		if err != nil {
			return nil, fmt.Errorf("keyring: %w", err)
		}
		return append(data, '\n'), nil
	})
}

// read returns the file's content, empty when the file does not exist. It
// refuses a file that others may read or write.
func (f *fileStore) read() (credentials, error) {
	data, err := readSmallFile(f.path, checkMode)
	if err != nil {
		return nil, err
	}
	return f.parse(data)
}

// parse decodes the file's content; empty data is an empty store.
func (f *fileStore) parse(data []byte) (credentials, error) {
	c := make(credentials)
	if len(data) == 0 {
		return c, nil
	}
	if err := json.Unmarshal(data, &c); err != nil {
		// json's messages can quote the file's bytes: say only where.
		var syn *json.SyntaxError
		if errors.As(err, &syn) {
			return nil, fmt.Errorf("keyring: %s is not valid JSON (at byte %d)", f.path, syn.Offset)
		}
		return nil, fmt.Errorf("keyring: %s is not a credentials file (want {\"account\": {\"item\": \"secret\"}})", f.path)
	}
	if c == nil { // the file held null
		c = make(credentials)
	}
	return c, nil
}

// checkMode refuses anything but a regular file that only its owner may
// read or write.
func checkMode(path string, fi fs.FileInfo) error {
	if !fi.Mode().IsRegular() {
		return fmt.Errorf("keyring: %s is not a regular file", path)
	}
	perm := fi.Mode().Perm()
	if perm&0o077 == 0 {
		return nil
	}
	what := "readable"
	if perm&0o044 == 0 {
		what = "writable"
	}
	return fmt.Errorf("keyring: %s is %s by others (mode %04o) and holds passwords, so it is not used; fix it with: chmod 600 %s",
		path, what, perm, path)
}

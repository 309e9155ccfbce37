package keyring

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
)

// UpdateFile runs a read-modify-write of the small file at path under a
// lock, for files that sit beside the stores (msn's account index): change
// gets the current content (nil when the file does not exist) and returns
// the new one, which replaces the file atomically, with mode 0600. Nothing
// is written when change fails. Concurrent updates, from goroutines or
// processes, each see the result of the one before. The directory is
// created with mode 0700 when missing.
//
// UpdateFile blocks while another update holds the lock, for at most
// DefaultTimeout, and then fails.
func UpdateFile(path string, change func(old []byte) ([]byte, error)) error {
	return updateFile(path, nil, change)
}

// updateFile is UpdateFile with a check of the file before it is read (see
// readSmallFile).
func updateFile(path string, check func(string, fs.FileInfo) error, change func(old []byte) ([]byte, error)) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return fmt.Errorf("keyring: %w", err)
	}
	unlock, err := lockFile(path+".lock", DefaultTimeout)
	if err != nil {
		return err
	}
	defer unlock()
	old, err := readSmallFile(path, check)
	if err != nil {
		return err
	}
	data, err := change(old)
	if err != nil {
		return err
	}
	return writeAtomic(path, data)
}

// readSmallFile returns the content of the file at path, nil when it does
// not exist. check, when not nil, may refuse the open file before it is
// read. More than maxFileSize bytes is an error.
func readSmallFile(path string, check func(string, fs.FileInfo) error) ([]byte, error) {
	file, err := os.Open(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("keyring: %w", err)
	}
	defer file.Close()
	if check != nil {
		fi, err := file.Stat()
		if err != nil {
			return nil, fmt.Errorf("keyring: %w", err)
		}
		if err := check(path, fi); err != nil {
			return nil, err
		}
	}
	data, err := io.ReadAll(io.LimitReader(file, maxFileSize+1))
	if err != nil {
		return nil, fmt.Errorf("keyring: %w", err)
	}
	if len(data) > maxFileSize {
		return nil, fmt.Errorf("keyring: %s is larger than %d bytes", path, maxFileSize)
	}
	return data, nil
}

// writeAtomic replaces the file at path with data: a temporary file with a
// unique name in the same directory, mode 0600, written, synced and renamed
// over it, then the directory synced. Readers see the old file or the new
// one, never a part.
func writeAtomic(path string, data []byte) (err error) {
	dir, base := filepath.Split(path)
	if dir == "" {
		dir = "."
	}
	tmp, err := os.CreateTemp(dir, "."+base+".tmp-*") // mode 0600
	if err != nil {
		return fmt.Errorf("keyring: %w", err)
	}
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	if err := tmp.Chmod(0o600); err != nil {
		return fmt.Errorf("keyring: %w", err)
	}
	if _, err := tmp.Write(data); err != nil {
		return fmt.Errorf("keyring: %w", err)
	}
	if err := tmp.Sync(); err != nil {
		return fmt.Errorf("keyring: %w", err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("keyring: %w", err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("keyring: %w", err)
	}
	syncDir(dir)
	return nil
}

// syncDir makes a rename in dir durable where the system allows it; errors
// are ignored (some systems cannot sync a directory).
func syncDir(dir string) {
	if d, err := os.Open(dir); err == nil {
		d.Sync()
		d.Close()
	}
}

package keyring

import (
	"fmt"
	"os"
	"path/filepath"
)

// DefaultFilePath returns where the insecure file store lives:
// $XDG_CONFIG_HOME/msn/credentials.json when XDG_CONFIG_HOME is an absolute
// path, else credentials.json in the msn directory of os.UserConfigDir. It
// creates nothing.
func DefaultFilePath() (string, error) {
	dir := os.Getenv("XDG_CONFIG_HOME")
	if !filepath.IsAbs(dir) {
		var err error
		if dir, err = os.UserConfigDir(); err != nil {
			return "", fmt.Errorf("keyring: no configuration directory: %w", err)
		}
	}
	return filepath.Join(dir, "msn", "credentials.json"), nil
}

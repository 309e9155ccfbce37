package commands

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// config is the optional settings file, by default
// $XDG_CONFIG_HOME/msn/config:
//
//	# defaults for every account
//	account = alice@example.com
//	timeout = 10s
//
//	[alice@example.com]
//	server   = 127.0.0.1:1863
//	services = http://127.0.0.1:8081
//	protocol = MSNP18
//
// Keys before any section apply to every account; a section overrides them
// for one account. Flags and MSN_* variables override both.
type config struct {
	path     string
	global   map[string]string
	sections map[string]map[string]string
}

// configKeys are the keys a config file may set.
var configKeys = map[string]bool{
	"account": true, "server": true, "services": true, "protocol": true,
	"timeout": true, "ca-file": true,
}

// configDir is $XDG_CONFIG_HOME/msn (or the OS default).
func configDir() (string, error) {
	if dir := os.Getenv("XDG_CONFIG_HOME"); dir != "" {
		return filepath.Join(dir, "msn"), nil
	}
	dir, err := os.UserConfigDir()
	if err != nil {
		return "", fmt.Errorf("no configuration directory: %w", err)
	}
	return filepath.Join(dir, "msn"), nil
}

// loadConfig reads path; a missing file is an empty config unless the user
// named it explicitly.
func loadConfig(path string, explicit bool) (*config, error) {
	cfg := &config{path: path, global: map[string]string{}, sections: map[string]map[string]string{}}
	f, err := os.Open(path)
	if os.IsNotExist(err) && !explicit {
		return cfg, nil
	}
	if err != nil {
		return nil, usageError("cannot read the config file: %v", err)
	}
	defer f.Close()
	section := cfg.global
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		switch {
		case line == "" || strings.HasPrefix(line, "#") || strings.HasPrefix(line, ";"):
			continue
		case strings.HasPrefix(line, "[") && strings.HasSuffix(line, "]"):
			name := strings.ToLower(strings.TrimSpace(line[1 : len(line)-1])) // as accounts are
			if cfg.sections[name] == nil {
				cfg.sections[name] = map[string]string{}
			}
			section = cfg.sections[name]
			continue
		}
		key, value, ok := strings.Cut(line, "=")
		key, value = strings.TrimSpace(key), strings.Trim(strings.TrimSpace(value), `"`)
		if !ok || !configKeys[key] {
			return nil, usageError("%s:%d: expected one of account, server, services, protocol, timeout, ca-file = value", path, n)
		}
		section[key] = value
	}
	if err := sc.Err(); err != nil {
		return nil, usageError("cannot read the config file: %v", err)
	}
	return cfg, nil
}

// get returns key for account: its section first, then the global keys.
// Sections match the account in any case.
func (c *config) get(account, key string) string {
	if v, ok := c.sections[strings.ToLower(account)][key]; ok {
		return v
	}
	return c.global[key]
}

package keyring

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// busEnv is where the session bus check looks. Tests replace its functions.
type busEnv struct {
	getenv func(key string) string
	stat   func(name string) (fs.FileInfo, error)
	setenv func(key, value string) error
}

// osEnv returns the process's environment and file system.
func osEnv() busEnv {
	return busEnv{getenv: os.Getenv, stat: os.Stat, setenv: os.Setenv}
}

// checkSessionBus returns nil when a D-Bus session bus can be reached without
// starting one, and an error matching ErrUnavailable otherwise. It does not
// block. When the bus is found only at $XDG_RUNTIME_DIR/bus it sets
// DBUS_SESSION_BUS_ADDRESS to that socket: godbus looks at /run/user/UID/bus
// instead, and would otherwise run dbus-launch when the two differ.
func (e busEnv) checkSessionBus() error {
	if addr := e.getenv("DBUS_SESSION_BUS_ADDRESS"); addr != "" && addr != "autolaunch:" {
		return nil
	}
	if dir := e.getenv("XDG_RUNTIME_DIR"); filepath.IsAbs(dir) {
		sock := filepath.Join(dir, "bus")
		if fi, err := e.stat(sock); err == nil && fi.Mode().Type() == fs.ModeSocket {
			if err := e.setenv("DBUS_SESSION_BUS_ADDRESS", "unix:path="+escapeBusAddress(sock)); err != nil {
				return unavailable("cannot set DBUS_SESSION_BUS_ADDRESS", err)
			}
			return nil
		}
	}
	return unavailable("no D-Bus session bus (DBUS_SESSION_BUS_ADDRESS is not set and $XDG_RUNTIME_DIR/bus is not a socket)", nil)
}

// escapeBusAddress escapes a value for a D-Bus address: every byte but
// [-0-9A-Za-z_/.\*] becomes %XX.
func escapeBusAddress(v string) string {
	const hex = "0123456789abcdef"
	var b strings.Builder
	for i := 0; i < len(v); i++ {
		c := v[i]
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9',
			c == '-', c == '_', c == '/', c == '.', c == '\\', c == '*':
			b.WriteByte(c)
		default:
			b.WriteByte('%')
			b.WriteByte(hex[c>>4])
			b.WriteByte(hex[c&0xf])
		}
	}
	return b.String()
}

package commands

import (
	"time"

	"github.com/urfave/cli/v2"
)

// Names of the global flags. Each is accepted before the command and after
// it (`msn -a x send` and `msn send -a x`), and has an MSN_* variable.
const (
	flagAccount         = "account"
	flagServer          = "server"
	flagServices        = "services"
	flagProtocol        = "protocol"
	flagTimeout         = "timeout"
	flagCAFile          = "ca-file"
	flagConfig          = "config"
	flagDebug           = "debug"
	flagQuiet           = "quiet"
	flagPasswordStdin   = "password-stdin"
	flagPasswordFile    = "password-file"
	flagPasswordCommand = "password-command"
)

// Defaults when neither a flag, a variable nor the config file says.
const (
	defaultServer  = "messenger.hotmail.com:1863"
	defaultTimeout = 30 * time.Second
)

// globalFlags returns new instances of the global flags (urfave/cli flags
// keep state, so each command gets its own).
func globalFlags() []cli.Flag {
	return []cli.Flag{
		&cli.StringFlag{Name: flagAccount, Aliases: []string{"a"}, EnvVars: []string{"MSN_ACCOUNT"}, Usage: "the account to use, e.g. `alice@example.com`"},
		&cli.StringFlag{Name: flagServer, EnvVars: []string{"MSN_SERVER"}, Usage: "notification server `host:port` (default " + defaultServer + ")"},
		&cli.StringFlag{Name: flagServices, EnvVars: []string{"MSN_SERVICES"}, Usage: "base `URL` of the Passport and SOAP services (default https://<server host>)"},
		&cli.StringFlag{Name: flagProtocol, EnvVars: []string{"MSN_PROTOCOL"}, Usage: "speak only this protocol `version`: MSNP18, MSNP15 or MSNP12 (default: negotiate, preferring MSNP18)"},
		&cli.DurationFlag{Name: flagTimeout, EnvVars: []string{"MSN_TIMEOUT"}, Usage: "give up on a server that does not answer after this `duration` (default 30s)"},
		&cli.StringFlag{Name: flagCAFile, EnvVars: []string{"MSN_CA_FILE"}, Usage: "also trust the certificates in this PEM `file`"},
		&cli.StringFlag{Name: flagConfig, EnvVars: []string{"MSN_CONFIG"}, Usage: "read settings from this `file` (default $XDG_CONFIG_HOME/msn/config)"},
		&cli.BoolFlag{Name: flagDebug, EnvVars: []string{"MSN_DEBUG"}, Usage: "trace the protocol on stderr (secrets redacted)"},
		&cli.BoolFlag{Name: flagQuiet, Aliases: []string{"q"}, EnvVars: []string{"MSN_QUIET"}, Usage: "print nothing on stderr but errors"},
		&cli.BoolFlag{Name: flagPasswordStdin, Usage: "read the password from standard input"},
		&cli.StringFlag{Name: flagPasswordFile, EnvVars: []string{"MSN_PASSWORD_FILE"}, Usage: "read the password from this `file`"},
		&cli.StringFlag{Name: flagPasswordCommand, EnvVars: []string{"MSN_PASSWORD_COMMAND"}, Usage: "run this shell `command` and read the password from its output"},
	}
}

// lookup returns the value of a global flag from the innermost command
// that set it (by flag or variable), and whether any did.
func lookup(c *cli.Context, name string) (*cli.Context, bool) {
	for _, ctx := range c.Lineage() {
		if ctx.Command == nil && ctx.App == nil {
			continue
		}
		if ctx.IsSet(name) {
			return ctx, true
		}
	}
	return nil, false
}

func stringFlag(c *cli.Context, name string) (string, bool) {
	if ctx, ok := lookup(c, name); ok {
		return ctx.String(name), true
	}
	return "", false
}

func boolFlag(c *cli.Context, name string) bool {
	if ctx, ok := lookup(c, name); ok {
		return ctx.Bool(name)
	}
	return false
}

func durationFlag(c *cli.Context, name string) (time.Duration, bool) {
	if ctx, ok := lookup(c, name); ok {
		return ctx.Duration(name), true
	}
	return 0, false
}

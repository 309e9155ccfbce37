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

// appFlags are the global flags as the application parses them, before
// the command, each with its MSN_* variable.
func appFlags() []cli.Flag { return newGlobalFlags(true) }

// globalFlags returns new instances of the global flags for a command, so
// they can follow it too. They do not read the variables (see lookup).
func globalFlags() []cli.Flag { return newGlobalFlags(false) }

func newGlobalFlags(withEnv bool) []cli.Flag {
	env := func(name string) []string {
		if withEnv {
			return []string{name}
		}
		return nil
	}
	return []cli.Flag{
		&cli.StringFlag{Name: flagAccount, Aliases: []string{"a"}, EnvVars: env("MSN_ACCOUNT"), Usage: "the account to use, e.g. `alice@example.com`"},
		&cli.StringFlag{Name: flagServer, EnvVars: env("MSN_SERVER"), Usage: "notification server `host:port`", DefaultText: defaultServer},
		&cli.StringFlag{Name: flagServices, EnvVars: env("MSN_SERVICES"), Usage: "base `URL` of the Passport and SOAP services", DefaultText: "https://<server host>"},
		&cli.StringFlag{Name: flagProtocol, EnvVars: env("MSN_PROTOCOL"), Usage: "speak only this protocol `version`: MSNP18, MSNP15 or MSNP12", DefaultText: "negotiate, preferring MSNP18"},
		&cli.DurationFlag{Name: flagTimeout, EnvVars: env("MSN_TIMEOUT"), Usage: "end the run when it is not done after this `duration`, retries included, plus " + logoutGrace.String() + " to sign out (send --lines: each line)", DefaultText: defaultTimeout.String()},
		&cli.StringFlag{Name: flagCAFile, EnvVars: env("MSN_CA_FILE"), Usage: "also trust the certificates in this PEM `file`"},
		&cli.StringFlag{Name: flagConfig, EnvVars: env("MSN_CONFIG"), Usage: "read settings from this `file`", DefaultText: "$XDG_CONFIG_HOME/msn/config"},
		&cli.BoolFlag{Name: flagDebug, EnvVars: env("MSN_DEBUG"), Usage: "trace the protocol on stderr (secrets redacted)"},
		&cli.BoolFlag{Name: flagQuiet, Aliases: []string{"q"}, EnvVars: env("MSN_QUIET"), Usage: "print nothing on stderr but errors"},
		&cli.BoolFlag{Name: flagPasswordStdin, Usage: "read the password from standard input"},
		&cli.StringFlag{Name: flagPasswordFile, EnvVars: env("MSN_PASSWORD_FILE"), Usage: "read the password from this `file`"},
		&cli.StringFlag{Name: flagPasswordCommand, EnvVars: env("MSN_PASSWORD_COMMAND"), Usage: "run this shell `command` and read the password from its output"},
	}
}

// lookup finds the command context whose value of a global flag counts:
// the innermost one where it is set. Only the application's copies read
// the MSN_* variables, so a flag given after the command beats one given
// before it, which beats the variable.
func lookup(c *cli.Context, name string) (*cli.Context, bool) {
	for _, ctx := range c.Lineage() {
		if (ctx.Command != nil || ctx.App != nil) && ctx.IsSet(name) {
			return ctx, true
		}
	}
	return nil, false
}

// stringFlag returns a global flag's value; an empty value counts as not
// given, so MSN_SERVER= falls back to the config file.
func stringFlag(c *cli.Context, name string) (string, bool) {
	if ctx, ok := lookup(c, name); ok {
		v := ctx.String(name)
		return v, v != ""
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

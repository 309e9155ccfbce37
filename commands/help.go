package commands

import (
	"regexp"
	"strings"

	"github.com/urfave/cli/v2"
)

// helpCommand is `msn help [COMMAND [SUBCOMMAND...]]`: the same help as
// `msn COMMAND [SUBCOMMAND...] --help`, which it runs.
func helpCommand() *cli.Command {
	return &cli.Command{
		Name:      "help",
		Usage:     "show the help of msn or of a command (msn help send is msn send --help)",
		ArgsUsage: "[COMMAND [SUBCOMMAND...]]",
		Action: func(c *cli.Context) error {
			path := c.Args().Slice()
			if len(path) == 0 {
				return cli.ShowAppHelp(c)
			}
			commands := c.App.Commands
			for i, name := range path {
				cmd := findCommand(commands, name)
				if cmd == nil {
					return usageError("no command %q (see %s --help)", strings.Join(path[:i+1], " "), strings.Join(append([]string{c.App.Name}, path[:i]...), " "))
				}
				commands = cmd.Subcommands
			}
			// A fresh app: this one's flags hold the values of this run
			// (MSN_* variables included), which help would show as defaults.
			args := append(append([]string{c.App.Name}, path...), "--help")
			return App(c.App.Reader, c.App.Writer, c.App.ErrWriter).RunContext(c.Context, args)
		},
	}
}

func findCommand(commands []*cli.Command, name string) *cli.Command {
	for _, cmd := range commands {
		if cmd.HasName(name) {
			return cmd
		}
	}
	return nil
}

// flagInError finds the flag package's "-name" in a parse error: "flag
// provided but not defined: -jsn", "invalid value "x" for flag -timeout:
// ...", "flag needs an argument: -a".
var flagInError = regexp.MustCompile(`(^|[ :])-([A-Za-z0-9][A-Za-z0-9-]*)`)

// onUsageError turns urfave/cli's flag parsing errors into usage errors
// (exit 2) that show each flag as the user typed it (--jsn, not -jsn) and
// name the help to read. It runs on the goroutine that runs the app.
func onUsageError(c *cli.Context, err error, isSubcommand bool) error {
	msg := strings.Replace(err.Error(), "flag provided but not defined:", "unknown flag", 1)
	var typed []string
	if isSubcommand {
		// The parent's arguments are this command's, as typed; the
		// failing context has none (its parse failed).
		typed = c.Lineage()[1].Args().Slice()
	}
	if m := flagInError.FindStringSubmatchIndex(msg); m != nil {
		name := msg[m[4]:m[5]]
		msg = msg[:m[4]-1] + typedFlag(typed, name) + msg[m[5]:]
	}
	help := c.App.Name
	if isSubcommand && c.Command != nil && c.Command.HelpName != "" {
		help = c.Command.HelpName
	}
	return usageError("%s (see %s --help)", msg, help)
}

// typedFlag returns how the flag name was written in args ("-jsn" or
// "--jsn", without any "=value"), or --name when it is not found there.
func typedFlag(args []string, name string) string {
	for _, a := range args {
		if a == "--" {
			break
		}
		flag, _, _ := strings.Cut(a, "=")
		if strings.HasPrefix(flag, "-") && strings.TrimLeft(flag, "-") == name {
			return flag
		}
	}
	return dashed(name)
}

// tidyCommands sets what every command of the tree shares: usage errors
// through onUsageError, no help subcommands (msn help covers them), and
// no "(default: false)" after boolean flags.
func tidyCommands(commands []*cli.Command) {
	for _, cmd := range commands {
		cmd.OnUsageError = onUsageError
		cmd.HideHelpCommand = true
		hideBoolDefaults(cmd.Flags)
		tidyCommands(cmd.Subcommands)
	}
}

func hideBoolDefaults(flags []cli.Flag) {
	for _, f := range flags {
		if b, ok := f.(*cli.BoolFlag); ok {
			b.DisableDefaultText = true
		}
	}
}

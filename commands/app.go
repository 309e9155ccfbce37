// Package commands is the msn command line: one file per subcommand, and
// the setup they share (settings, credentials, sessions, output, exit
// statuses). It parses flags, calls client/ and prints; the protocol lives
// in client/.
package commands

import (
	"io"

	"github.com/urfave/cli/v2"
)

// App builds the msn application writing to stdout and stderr.
func App(stdin io.Reader, stdout, stderr io.Writer) *cli.App {
	app := &cli.App{
		Name:  "msn",
		Usage: "the MSN Messenger network from the command line",
		Description: `Each command logs in, does one job, logs out and exits with a status a
script can trust: 0 done, 1 other error, 2 usage, 4 authentication,
5 network, server or timeout, 6 recipient unknown, blocked or offline,
8 partly done, 130 interrupted, 143 terminated (msn(1) has the details).`,
		Version:              version(),
		Reader:               stdin,
		Writer:               stdout,
		ErrWriter:            stderr,
		Flags:                appFlags(),
		HideHelpCommand:      true,
		EnableBashCompletion: false,
		Commands: []*cli.Command{
			sendCommand(),
			sendfileCommand(),
			receiveCommand(),
			offlineCommand(),
			contactsCommand(),
			profileCommand(),
			loginCommand(),
			logoutCommand(),
			statusCommand(),
			serveCommand(),
			completionCommand(),
			helpCommand(),
			manCommand(),
		},
		OnUsageError: onUsageError,
		Action: func(c *cli.Context) error {
			if c.NArg() > 0 {
				return usageError("unknown command %q (see msn --help)", c.Args().First())
			}
			return cli.ShowAppHelp(c)
		},
		ExitErrHandler: func(*cli.Context, error) {}, // main maps errors to statuses
	}
	// urfave/cli adds --help only when no command is named help.
	app.Flags = append(app.Flags, cli.HelpFlag)
	hideBoolDefaults(app.Flags)
	tidyCommands(app.Commands)
	return app
}

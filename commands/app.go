// Package commands is the msn command line: one file per subcommand, and
// the setup they share (settings, credentials, sessions, output, exit
// statuses). It parses flags, calls client/ and prints; the protocol lives
// in client/.
package commands

import (
	"io"

	"github.com/urfave/cli/v2"
)

// Version is set at build time with -ldflags "-X ...commands.Version=...".
var Version = "dev"

// App builds the msn application writing to stdout and stderr.
func App(stdin io.Reader, stdout, stderr io.Writer) *cli.App {
	app := &cli.App{
		Name:  "msn",
		Usage: "the MSN Messenger network from the command line",
		Description: `Each command logs in, does one job, logs out and exits with a status a
script can trust: 0 done, 1 other error, 2 usage, 4 authentication,
5 network, server or timeout, 6 recipient unknown, blocked or offline,
7 transfer declined or cancelled, 8 partly done, 130 interrupted.`,
		Version:              Version,
		Reader:               stdin,
		Writer:               stdout,
		ErrWriter:            stderr,
		Flags:                appFlags(),
		HideHelpCommand:      true,
		EnableBashCompletion: false,
		Commands: []*cli.Command{
			sendCommand(),
			sendfileCommand(),
			offlineCommand(),
			contactsCommand(),
			loginCommand(),
			logoutCommand(),
			statusCommand(),
			serveCommand(),
			completionCommand(),
			manCommand(),
		},
		OnUsageError: func(c *cli.Context, err error, isSubcommand bool) error {
			return usageError("%v (see msn --help)", err)
		},
		Action: func(c *cli.Context) error {
			if c.NArg() > 0 {
				return usageError("unknown command %q (see msn --help)", c.Args().First())
			}
			return cli.ShowAppHelp(c)
		},
		ExitErrHandler: func(*cli.Context, error) {}, // main maps errors to statuses
	}
	for _, cmd := range app.Commands {
		cmd.OnUsageError = app.OnUsageError
	}
	return app
}

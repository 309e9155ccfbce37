package commands

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"strings"

	"github.com/urfave/cli/v2"

	"github.com/msn-cli/msn/client/msntest"
)

func serveCommand() *cli.Command {
	return &cli.Command{
		Name:      "serve",
		Usage:     "run a local MSN server on loopback, for trying msn and for scripts' tests",
		ArgsUsage: "[-- command [args...]]",
		Description: `Starts the in-process test server (notification server, switchboard,
and the Passport and SOAP services over plain HTTP) on 127.0.0.1 with the
accounts given by --user, all on each other's contact lists.

Without a command it prints the settings to use and serves until
interrupted:

    msn serve --user alice@example.com:alice123 --user bob@example.com:bob123

With a command after --, it runs the command with MSN_SERVER and
MSN_SERVICES pointing at the server, stops when the command exits, and
exits with the command's status, as a shell would: 127 when there is no
such command, 126 when it cannot be executed, 128 plus the number of the
signal that ended it:

    msn serve --user alice@example.com:alice123 -- sh -c 'MSN_PASSWORD=alice123 msn -a alice@example.com status --verify'

--timeout does not apply: msn serve runs until it is interrupted or its
command exits. The server behaves as Escargot does; a contact who blocks
you, for instance, looks offline, and an offline message to them is
stored unless you block them too.`,
		Flags: []cli.Flag{
			&cli.StringSliceFlag{Name: "user", Usage: "an account as `email:password` (repeatable)"},
		},
		Action: runServe,
	}
}

func runServe(c *cli.Context) error {
	users := c.StringSlice("user")
	if len(users) == 0 {
		return usageError("serve needs at least one --user email:password")
	}
	srv, err := msntest.New(msntest.Options{PlainHTTP: true})
	if err != nil {
		return err
	}
	defer srv.Close()
	var emails []string
	for _, u := range users {
		given, password, ok := strings.Cut(u, ":")
		if !ok || password == "" {
			return usageError("--user %q is not email:password", u)
		}
		email, err := address(given)
		if err != nil {
			return err
		}
		friendly, _, _ := strings.Cut(email, "@")
		srv.AddAccount(email, password, friendly)
		emails = append(emails, email)
	}
	for i, a := range emails {
		for _, b := range emails[i+1:] {
			srv.AddContact(a, b)
		}
	}
	env := []string{"MSN_SERVER=" + srv.NSAddr(), "MSN_SERVICES=" + srv.ServicesURL()}
	if c.NArg() == 0 {
		fmt.Fprintf(c.App.Writer, "export %s\n", strings.Join(env, " "))
		fmt.Fprintf(c.App.ErrWriter, "msn: serving %d account(s) on loopback; Ctrl-C stops\n", len(emails))
		<-c.Context.Done()
		return nil
	}
	return runChild(c.Context, c.Args().Slice(), env, c)
}

// runChild runs argv with env added, passing our standard streams, and
// returns its exit status as an ExitError (see childExit).
func runChild(ctx context.Context, argv, env []string, c *cli.Context) error {
	cmd := exec.CommandContext(ctx, argv[0], argv[1:]...)
	cmd.Env = append(os.Environ(), env...)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = c.App.Reader, c.App.Writer, c.App.ErrWriter
	return childExit(argv[0], cmd.Run())
}

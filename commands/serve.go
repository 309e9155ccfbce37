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
		Usage:     "run a local MSN server on loopback, with contacts who are online, for trying msn and for scripts' tests",
		ArgsUsage: "[-- command [args...]]",
		Description: `Starts the in-process test server (notification server, switchboard,
and the Passport and SOAP services over plain HTTP) on 127.0.0.1 with the
accounts given by --user and --online, all on each other's contact lists.

Without a command it prints the settings to use, as one line a shell can
eval, and serves until interrupted:

    msn serve --user alice@example.com:alice123 --user bob@example.com:bob123
    # prints: export MSN_SERVER=127.0.0.1:40411 MSN_SERVICES=http://127.0.0.1:40413

MSN_SERVICES is the base URL of the SOAP services (Passport's /RST.srf,
the address book, the offline messages). The ports are free ones unless
--port fixes the notification server's (the switchboard then takes the
next one, unless --sb-port) and --services-port the services'. A port in
use is an error (exit 5) that names the flag to change.

With a command after --, it runs the command with MSN_SERVER and
MSN_SERVICES set (and prints no settings), stops when the command exits,
and exits with the command's status, as a shell would: 127 when there is
no such command, 126 when it cannot be executed, 128 plus the number of
the signal that ended it:

    msn serve --user alice@example.com:alice123 -- sh -c 'MSN_PASSWORD=alice123 msn -a alice@example.com status --verify'

An account given with --online is also kept signed in inside the server,
visible, as an echo contact: it answers every conversation, sends each
text message back to its sender, accepts every file into --files (by
default a temporary folder, removed when msn serve exits), and reports
each on standard error, one line each:

    msn serve: bob@example.com got "hi" from alice@example.com
    msn serve: bob@example.com echoed "hi" to alice@example.com
    msn serve: bob@example.com got file "a.txt" from alice@example.com (6 bytes, sha256 5891b5b5...): /tmp/msn-serve-123/a.txt

So msn send to it is delivered online (exit 0; nothing is stored offline)
and msn sendfile exits 0 once the file is saved. The echo goes back in a
new conversation that the echo contact opens once the sender is online:
msn send runs hidden and leaves its conversation at once, so the echo
reaches the sender's msn receive, whether that was already running
(MSNP18, where an account can be signed in twice) or is started after
msn send (at any protocol). A sender who is not online within
--echo-wait gets the echo as an offline message instead (msn offline).
Echo contacts do not echo each other, nor themselves.

    msn serve --user alice@example.com:alice123 --online bob@example.com:bob123 -- sh -c '
      export MSN_ACCOUNT=alice@example.com MSN_PASSWORD=alice123
      msn send bob@example.com hi && msn receive --json --for 5s'

--timeout does not apply: msn serve runs until it is interrupted or its
command exits. The server behaves as Escargot does; a contact who blocks
you, for instance, looks offline, and an offline message to them is
stored unless you block them too.

Exit status: the command's, when one is given; 2 a bad flag; 5 a port
in use; 130 interrupted (SIGINT), 143 terminated (SIGTERM).`,
		Flags: []cli.Flag{
			&cli.StringSliceFlag{Name: "user", Usage: "an account as `email:password` (repeatable)"},
			&cli.StringSliceFlag{Name: "online", Usage: "an account as `email:password`, also kept online as an echo contact (repeatable)"},
			&cli.IntFlag{Name: "port", Usage: "the notification server's `port`", DefaultText: "a free port"},
			&cli.IntFlag{Name: "sb-port", Usage: "the switchboard's `port`", DefaultText: "--port plus 1, or a free port"},
			&cli.IntFlag{Name: "services-port", Usage: "the SOAP services' `port`", DefaultText: "a free port"},
			&cli.StringFlag{Name: "files", Usage: "the `folder` echo contacts save files into", DefaultText: "a temporary folder, removed at exit"},
			&cli.DurationFlag{Name: "echo-wait", Value: defaultEchoWait, Usage: "wait this `duration` for a sender to come online before storing its echo as an offline message"},
		},
		Action: runServe,
	}
}

func runServe(c *cli.Context) error {
	accounts, err := serveAccounts(c)
	if err != nil {
		return err
	}
	ports, err := servePorts(c)
	if err != nil {
		return err
	}
	online, err := parseOnlineJob(c, accounts)
	if err != nil {
		return err
	}
	srv, err := msntest.New(msntest.Options{PlainHTTP: true, Ports: ports})
	if err != nil {
		return listenFailed(err)
	}
	defer srv.Close()
	for _, a := range accounts {
		friendly, _, _ := strings.Cut(a.email, "@")
		srv.AddAccount(a.email, a.password, friendly)
	}
	for i, a := range accounts {
		for _, b := range accounts[i+1:] {
			srv.AddContact(a.email, b.email)
		}
	}
	contacts, err := online.start(c.Context, srv, c.App.ErrWriter)
	if err != nil {
		return err
	}
	defer contacts.close()
	env := []string{"MSN_SERVER=" + srv.NSAddr(), "MSN_SERVICES=" + srv.ServicesURL()}
	if c.NArg() == 0 {
		fmt.Fprintf(c.App.Writer, "export %s\n", strings.Join(env, " "))
		fmt.Fprintf(c.App.ErrWriter, "msn: serving %d account(s) on loopback%s; Ctrl-C stops\n", len(accounts), contacts.describe())
		<-c.Context.Done()
		return nil
	}
	return runChild(c.Context, c.Args().Slice(), env, c)
}

// serveAccount is an account msn serve creates.
type serveAccount struct {
	email, password string
	online          bool // also an echo contact
}

// serveAccounts reads --user and --online, each email:password; an
// account given twice is a usage error.
func serveAccounts(c *cli.Context) ([]serveAccount, error) {
	var accounts []serveAccount
	seen := map[string]bool{}
	for _, flag := range []string{"user", "online"} {
		for _, u := range c.StringSlice(flag) {
			given, password, ok := strings.Cut(u, ":")
			if !ok || password == "" {
				return nil, usageError("--%s %q is not email:password", flag, given)
			}
			email, err := address(given)
			if err != nil {
				return nil, err
			}
			if seen[email] {
				return nil, usageError("%s is given twice (--user and --online each create the account)", email)
			}
			seen[email] = true
			accounts = append(accounts, serveAccount{email: email, password: password, online: flag == "online"})
		}
	}
	if len(accounts) == 0 {
		return nil, usageError("serve needs at least one --user or --online email:password")
	}
	return accounts, nil
}

// runChild runs argv with env added, passing our standard streams, and
// returns its exit status as an ExitError (see childExit).
func runChild(ctx context.Context, argv, env []string, c *cli.Context) error {
	cmd := exec.CommandContext(ctx, argv[0], argv[1:]...)
	cmd.Env = append(os.Environ(), env...)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = c.App.Reader, c.App.Writer, c.App.ErrWriter
	return childExit(argv[0], cmd.Run())
}

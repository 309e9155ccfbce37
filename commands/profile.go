package commands

import (
	"context"
	"errors"
	"strings"

	"github.com/urfave/cli/v2"

	"github.com/msn-cli/msn/client/ns"
	"github.com/msn-cli/msn/client/profile"
)

func profileCommand() *cli.Command {
	return &cli.Command{
		Name:  "profile",
		Usage: "show or set your display name and personal message",
		Description: `Without flags, prints your display name and personal message as your
contacts see them: a table on a terminal, otherwise one line
name<TAB>message. With --json, one JSON object:

    name      your display name (your address when you have set none)
    message   your personal message, "" when there is none; null when the
              server does not tell it (MSNP12 and MSNP15, see below)
    account   your address

--name and --message set either or both (--message "" clears the
message), then print the result the same way. The run stays invisible:
contacts are not told that you signed in. They see the new name and
message the next time you are online (at once, at MSNP18, when you are
signed in visibly elsewhere).

The server stores the display name: later logins, and every contact, get
it back. It keeps the personal message only in its memory, not in its
database: your contacts see it whenever you are online, until the server
restarts or one of your other clients sets its own (Messenger publishes
the message it holds at every sign-in). Only MSNP18 tells a client its own
personal message; at MSNP12 and MSNP15 it is shown only when this run set
it.

A display name is at most 387 bytes once URL-encoded, as the protocol
carries it (387 ASCII letters, or 43 characters such as ✨ or 漢, which
take 9 bytes each); a personal message at most 129 characters. Longer ones, and control characters, are refused (exit 2)
before anything is sent.

    msn profile --name "Alice ✨" --message "in a meeting"
    msn profile --message ""
    msn profile --json | jq -r .message`,
		Flags: append([]cli.Flag{
			&cli.StringFlag{Name: "name", Usage: "set your display name to `NAME`"},
			&cli.StringFlag{Name: "message", Usage: `set your personal message to ` + "`TEXT`" + ` ("" clears it)`},
			&cli.BoolFlag{Name: "json", Usage: "print one JSON object"},
		}, globalFlags()...),
		Action: runProfile,
	}
}

// profileJSON is what --json prints. Message is null when unknown.
type profileJSON struct {
	Name    string  `json:"name"`
	Message *string `json:"message"`
	Account string  `json:"account"`
}

func runProfile(c *cli.Context) error {
	if c.NArg() > 0 {
		return usageError("profile takes no arguments (set with --name and --message)")
	}
	change, err := profileChange(c)
	if err != nil {
		return err
	}
	return withContacts(c, func(ctx context.Context, run *contactsRun) error {
		var p profile.Profile
		if change.Name == nil && change.Message == nil {
			p, err = profile.Read(ctx, run.sess, run.book)
		} else {
			p, err = profile.Set(ctx, run.sess, run.book, change)
		}
		if err != nil {
			return err
		}
		if change.Message != nil {
			run.s.notef("the server keeps a personal message in memory only: contacts see it whenever you are online, until the server restarts or another of your clients sets its own")
		}
		if p.Message == nil {
			run.s.notef("%s does not tell a client its own personal message, so it is not shown (MSNP18 does: --protocol MSNP18)", run.sess.Dialect)
		}
		return printProfile(run.s, p, c.Bool("json"))
	})
}

// profileChange reads --name and --message (set, even to "", or not) and
// refuses values the server would not take, before anything is sent.
func profileChange(c *cli.Context) (profile.Change, error) {
	var change profile.Change
	if c.IsSet("name") {
		name := c.String("name")
		change.Name = &name
	}
	if c.IsSet("message") {
		msg := c.String("message")
		change.Message = &msg
	}
	err := change.Check()
	switch {
	case err == nil:
		return change, nil
	case errors.Is(err, ns.ErrEmptyName):
		return change, usageError("--name cannot be empty (your address shows when you have no name; give it as the name to go back to it)")
	case errors.Is(err, ns.ErrTooLong), errors.Is(err, ns.ErrNotText):
		return change, &ExitError{Code: ExitUsage, Err: err, Msg: strings.TrimPrefix(err.Error(), "ns: ")}
	}
	return change, err
}

// printProfile prints p as --json, a table or one tab-separated line.
func printProfile(s *settings, p profile.Profile, asJSON bool) error {
	if asJSON {
		return writeJSON(s.Stdout, profileJSON{Name: p.Name, Message: p.Message, Account: p.Account})
	}
	msg := ""
	if p.Message != nil {
		msg = *p.Message
	}
	return writeRows(s.Stdout, []string{"NAME", "MESSAGE"}, [][]string{{p.Name, msg}})
}

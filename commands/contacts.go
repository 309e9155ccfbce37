package commands

import (
	"context"
	"errors"
	"strings"
	"unicode/utf8"

	"github.com/urfave/cli/v2"

	"github.com/msn-cli/msn/client/ab"
	"github.com/msn-cli/msn/client/contacts"
	"github.com/msn-cli/msn/client/ns"
)

func contactsCommand() *cli.Command {
	edit := func(name, usage string, op func(ctx context.Context, e *contacts.Editor, email string, c *cli.Context) (bool, error), extra ...cli.Flag) *cli.Command {
		return &cli.Command{
			Name: name, Usage: usage, ArgsUsage: "EMAIL",
			Flags: append(extra, globalFlags()...),
			Action: func(c *cli.Context) error {
				if c.NArg() == 0 {
					return usageError("contacts %s takes one address", name)
				}
				// `add EMAIL --group G` as the usage shows: urfave/cli stops
				// at the address, so its own flags after it are read here.
				if err := trailingFlags(c, c.Args().Tail(), extra); err != nil {
					return err
				}
				email, err := address(c.Args().First())
				if err != nil {
					return err
				}
				if n := c.String("name"); n != "" && !printable(n) {
					return usageError("--name must be printable text")
				}
				return runContactsEdit(c, func(ctx context.Context, e *contacts.Editor) (bool, error) { return op(ctx, e, email, c) }, email)
			},
		}
	}
	return &cli.Command{
		Name:  "contacts",
		Usage: "list the contact list with presence, or change it",
		Description: `Without a subcommand, prints the contact list with each contact's
presence. The run stays invisible: contacts never see you online.

On a terminal the list is a table; otherwise one line per contact with
tab-separated fields: email, name, status, message, groups (comma-
separated), lists (comma-separated). With --json it is one JSON array of
objects with the fields:

    email         the contact's address
    name          their display name
    status        online, busy, away, be-right-back, on-the-phone,
                  out-to-lunch, idle or offline (hidden looks offline)
    message       their personal message, "" if none
    groups        names of the groups they are in
    lists         forward (you watch them), allow, block, reverse (they
                  watch you), pending (they added you, unacknowledged)
    capabilities  their client's capability flags, "" when offline

    msn contacts --json | jq -r '.[] | select(.status=="online") | .email'
    msn contacts --online --group Friends

The subcommands change the list and exit 0 also when there was nothing
to change (adding a contact already there, removing one who is not), with
a note on stderr, so scripts can run them repeatedly.`,
		Flags: append([]cli.Flag{
			&cli.BoolFlag{Name: "json", Usage: "print one JSON array"},
			&cli.BoolFlag{Name: "online", Usage: "only contacts who are not offline"},
			&cli.StringFlag{Name: "group", Usage: "only contacts in the group `NAME` (an unknown group is an error)"},
		}, globalFlags()...),
		Action: runContactsList,
		Subcommands: []*cli.Command{
			edit("add", "add a contact (and allow them)", func(ctx context.Context, e *contacts.Editor, email string, c *cli.Context) (bool, error) {
				return e.Add(ctx, email, c.String("name"), c.String("group"))
			}, &cli.StringFlag{Name: "group", Usage: "also put them in the group `NAME`"}, &cli.StringFlag{Name: "name", Usage: "their display `NAME` (MSNP12; the address book of MSNP15/18 shows their own)"}),
			edit("remove", "remove a contact from the list", func(ctx context.Context, e *contacts.Editor, email string, c *cli.Context) (bool, error) {
				return e.Remove(ctx, email)
			}),
			edit("block", "block a contact", func(ctx context.Context, e *contacts.Editor, email string, c *cli.Context) (bool, error) {
				return e.Block(ctx, email)
			}),
			edit("unblock", "unblock a contact", func(ctx context.Context, e *contacts.Editor, email string, c *cli.Context) (bool, error) {
				return e.Unblock(ctx, email)
			}),
			groupCommand(),
		},
	}
}

func groupCommand() *cli.Command {
	op := func(name, args string, n int, run func(context.Context, *contacts.Editor, []string) (bool, error)) *cli.Command {
		return &cli.Command{
			Name: name, ArgsUsage: args, Usage: name + " a group", Flags: globalFlags(),
			Action: func(c *cli.Context) error {
				if c.NArg() != n {
					return usageError("contacts group %s takes %s", name, args)
				}
				for _, a := range c.Args().Slice() {
					if strings.TrimSpace(a) == "" || len(a) > 61 || !printable(a) {
						return usageError("group names have 1 to 61 printable characters")
					}
				}
				return runContactsEdit(c, func(ctx context.Context, e *contacts.Editor) (bool, error) { return run(ctx, e, c.Args().Slice()) }, "group "+c.Args().First())
			},
		}
	}
	return &cli.Command{
		Name: "group", Usage: "create, rename or delete a contact group",
		Action: func(c *cli.Context) error {
			if c.NArg() > 0 {
				return usageError("unknown contacts group subcommand %q (create, rename, delete)", c.Args().First())
			}
			return cli.ShowSubcommandHelp(c)
		},
		Subcommands: []*cli.Command{
			op("create", "NAME", 1, func(ctx context.Context, e *contacts.Editor, a []string) (bool, error) {
				return e.CreateGroup(ctx, a[0])
			}),
			op("rename", "OLD NEW", 2, func(ctx context.Context, e *contacts.Editor, a []string) (bool, error) {
				return e.RenameGroup(ctx, a[0], a[1])
			}),
			op("delete", "NAME", 1, func(ctx context.Context, e *contacts.Editor, a []string) (bool, error) {
				return e.DeleteGroup(ctx, a[0])
			}),
		},
	}
}

// contactsRun is what a contacts command works with: a session, the
// address book client (MSNP15/18), and a context bounded by --timeout.
type contactsRun struct {
	s    *settings
	sess *ns.Session
	book *ab.Client
}

// withContacts resolves the settings, then logs in and runs f, the two
// under one --timeout, and logs out.
func withContacts(c *cli.Context, f func(context.Context, *contactsRun) error) error {
	s, err := resolve(c, true)
	if err != nil {
		return err
	}
	ctx, cancel := s.runDeadline(c.Context)
	defer cancel()
	sess, err := openSession(ctx, c, s, sessionOptions{})
	if err != nil {
		return err
	}
	defer closeSession(sess)
	pp, err := s.passportClient()
	if err != nil {
		return err
	}
	err = f(ctx, &contactsRun{s: s, sess: sess, book: ab.ForSession(pp.SOAP, sess)})
	return withTimeout(err, s.Timeout)
}

func runContactsList(c *cli.Context) error {
	if c.NArg() > 0 {
		return usageError("unknown contacts subcommand %q (add, remove, block, unblock, group)", c.Args().First())
	}
	return withContacts(c, func(ctx context.Context, r *contactsRun) error {
		list, err := contacts.Fetch(ctx, r.sess, r.book)
		if err != nil {
			return err
		}
		if err := checkGroupExists(list, c.String("group")); err != nil {
			return err
		}
		shown := []contacts.Contact{}
		for _, ct := range list.Contacts {
			if c.Bool("online") && ct.Status == "offline" {
				continue
			}
			if g := c.String("group"); g != "" && !containsFold(ct.Groups, g) {
				continue
			}
			shown = append(shown, ct)
		}
		if c.Bool("json") {
			return writeJSON(r.s.Stdout, shown)
		}
		rows := make([][]string, 0, len(shown))
		for _, ct := range shown {
			rows = append(rows, []string{ct.Email, ct.Name, ct.Status, ct.Message, strings.Join(ct.Groups, ","), strings.Join(ct.Lists, ",")})
		}
		return writeRows(r.s.Stdout, []string{"EMAIL", "NAME", "STATUS", "MESSAGE", "GROUPS", "LISTS"}, rows)
	})
}

// trailingFlags sets the command's own string flags given after its
// argument (`--group G` or `--group=G`); anything else there is a usage
// error.
func trailingFlags(c *cli.Context, args []string, own []cli.Flag) error {
	known := map[string]bool{}
	for _, f := range own {
		known[f.Names()[0]] = true
	}
	for i := 0; i < len(args); i++ {
		name, value, hasValue := strings.Cut(strings.TrimLeft(args[i], "-"), "=")
		if !strings.HasPrefix(args[i], "--") || !known[name] {
			return usageError("unexpected %q after the address (put other flags before it)", args[i])
		}
		if !hasValue {
			if i+1 == len(args) {
				return usageError("--%s needs a value", name)
			}
			i++
			value = args[i]
		}
		if err := c.Set(name, value); err != nil {
			return usageError("--%s: %v", name, err)
		}
	}
	return nil
}

// printable refuses control characters, which no server takes in a name.
func printable(s string) bool {
	for _, r := range s {
		if r < ' ' || r == 0x7f {
			return false
		}
	}
	return utf8.ValidString(s)
}

// checkGroupExists is a usage error naming the user's groups when name
// (compared case-insensitively, as --group filters) is none of them, so
// a mistyped group is not taken for an empty one. An empty name is no
// filter.
func checkGroupExists(list *contacts.List, name string) error {
	if name == "" {
		return nil
	}
	names := make([]string, 0, len(list.Groups))
	for _, g := range list.Groups {
		names = append(names, g.Name)
	}
	if containsFold(names, name) {
		return nil
	}
	if len(names) == 0 {
		return usageError("no group %q: you have no groups (create one with `msn contacts group create NAME`)", name)
	}
	return usageError("no group %q; your groups are: %s", name, strings.Join(names, ", "))
}

func containsFold(list []string, s string) bool {
	for _, v := range list {
		if strings.EqualFold(v, s) {
			return true
		}
	}
	return false
}

// runContactsEdit loads the list (no presence: the user stays signed out
// to others) and applies one change.
func runContactsEdit(c *cli.Context, op func(context.Context, *contacts.Editor) (bool, error), what string) error {
	return withContacts(c, func(ctx context.Context, r *contactsRun) error {
		list, err := contacts.Load(ctx, r.sess, r.book)
		if err != nil {
			return err
		}
		changed, err := op(ctx, &contacts.Editor{Session: r.sess, Book: r.book, List: list})
		switch {
		case errors.Is(err, contacts.ErrNoSuchGroup):
			return &ExitError{Code: ExitFailure, Err: err, Msg: strings.TrimPrefix(err.Error(), "contacts: ") + " (list them with msn contacts --json)"}
		case errors.Is(err, contacts.ErrNoSuchAccount):
			return &ExitError{Code: ExitRecipient, Err: err, Msg: "no such account on this server: " + what}
		case errors.Is(err, contacts.ErrGroupExists):
			return &ExitError{Code: ExitFailure, Err: err, Msg: "a group with that name already exists"}
		case err != nil:
			return err
		}
		if !changed {
			r.s.notef("%s: nothing to change", what)
		}
		return nil
	})
}

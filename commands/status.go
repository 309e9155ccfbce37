package commands

import (
	"time"

	"github.com/urfave/cli/v2"
)

func statusCommand() *cli.Command {
	return &cli.Command{
		Name:  "status",
		Usage: "show which accounts are stored, where, and whether their tickets are valid",
		Description: `Lists the accounts that msn login stored: the store that holds the
password (system keyring or file), the server, and until when the cached
login ticket is valid. Secrets are never shown.

With --verify, logs in with the stored (or given) credentials, using the
cached ticket when it is valid, and exits 0 when the login works, 4 when
the password is wrong and 5 when the server cannot be reached.

JSON fields: account, store, server, ticket_expires (RFC 3339, or null).`,
		Flags: append([]cli.Flag{
			&cli.BoolFlag{Name: "json", Usage: "print one JSON array"},
			&cli.BoolFlag{Name: "verify", Usage: "log in to check the credentials of --account"},
		}, globalFlags()...),
		Action: runStatus,
	}
}

// accountStatus is one row of msn status.
type accountStatus struct {
	Account       string     `json:"account"`
	Store         string     `json:"store"`
	Server        string     `json:"server"`
	TicketExpires *time.Time `json:"ticket_expires"`
}

func runStatus(c *cli.Context) error {
	if c.NArg() > 0 {
		return usageError("status takes no arguments")
	}
	s, err := resolve(c, c.Bool("verify"))
	if err != nil {
		return err
	}
	if c.Bool("verify") {
		return verifyLogin(c, s)
	}
	idx, err := loadIndex(s.ConfigDir)
	if err != nil {
		return err
	}
	list := []accountStatus{}
	for _, name := range idx.names() {
		entry := idx.Accounts[name]
		st := accountStatus{Account: name, Store: entry.Store, Server: entry.Server}
		if store, err := openStore(entry.Store); err == nil {
			if t := loadTickets(store, name)[entry.Server]; t != nil {
				for _, tok := range t.Tokens {
					if !tok.Expires.IsZero() && (st.TicketExpires == nil || tok.Expires.Before(*st.TicketExpires)) {
						exp := tok.Expires
						st.TicketExpires = &exp
					}
				}
			}
		}
		list = append(list, st)
	}
	if c.Bool("json") {
		return writeJSON(s.Stdout, list)
	}
	if len(list) == 0 {
		s.notef("no account stored; run msn login")
		return nil
	}
	rows := make([][]string, 0, len(list))
	for _, st := range list {
		ticket := "none"
		if st.TicketExpires != nil {
			ticket = st.TicketExpires.Local().Format(time.RFC3339)
			if time.Now().After(*st.TicketExpires) {
				ticket = "expired"
			}
		}
		rows = append(rows, []string{st.Account, st.Store, st.Server, ticket})
	}
	return writeRows(s.Stdout, []string{"ACCOUNT", "STORE", "SERVER", "TICKET EXPIRES"}, rows)
}

// verifyLogin logs in and out, reporting the dialect and whether the
// cached ticket was used.
func verifyLogin(c *cli.Context, s *settings) error {
	sess, err := openSession(c.Context, c, s, sessionOptions{})
	if err != nil {
		return err
	}
	defer closeSession(sess)
	how := "with the cached ticket"
	if sess.FreshTickets {
		how = "with the password"
	}
	s.notef("logged in as %s (%s) %s", sess.Account, sess.Dialect, how)
	return nil
}

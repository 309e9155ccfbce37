package commands

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"syscall"
	"time"

	"github.com/urfave/cli/v2"

	"github.com/msn-cli/msn/client/inbox"
	"github.com/msn-cli/msn/client/ns"
	"github.com/msn-cli/msn/client/rsi"
)

func offlineCommand() *cli.Command {
	return &cli.Command{
		Name:  "offline",
		Usage: "print the offline messages waiting for you, then delete them from the server",
		Description: `Logs in without changing your status, fetches the messages contacts
left while you were offline, prints them oldest first, and deletes from the server exactly the
ones that were printed: if standard output is closed early
(msn offline | head -1), the rest stay on the server for the next run.
Messages that arrive while the command runs are printed too. With no
messages it prints nothing and exits 0.

Output: on a terminal, a readable block per message; otherwise one line per
message: time (RFC 3339), sender, and text, separated by tabs, with
backslash, tab and newline in the text written as \\, \t and \n.

With --json, one JSON object per line (JSON lines) with the fields:
id (the server's message id), from (sender's address), name (sender's
friendly name), time (RFC 3339, when the server received it), sequence
(the sender's message number in its run, 0 if unknown) and text.

    msn offline
    msn offline --json | jq -r .text
    msn offline --keep          # print, leave them on the server`,
		Flags: append([]cli.Flag{
			&cli.BoolFlag{Name: "json", Usage: "print JSON lines"},
			&cli.BoolFlag{Name: "keep", Usage: "leave the messages on the server"},
		}, globalFlags()...),
		Action: runOffline,
	}
}

// offlineJSON is one message of msn offline --json.
type offlineJSON struct {
	ID       string    `json:"id"`
	From     string    `json:"from"`
	Name     string    `json:"name"`
	Time     time.Time `json:"time"`
	Sequence int       `json:"sequence"`
	Text     string    `json:"text"`
}

func runOffline(c *cli.Context) error {
	if c.NArg() > 0 {
		return usageError("offline takes no arguments")
	}
	s, err := resolve(c, true)
	if err != nil {
		return err
	}
	// The exchanges with the server share --timeout; printing waits for
	// the reader as long as it takes.
	run := &budget{left: s.Timeout}
	pp, err := s.passportClient()
	if err != nil {
		return err
	}
	box := inbox.New(pp.SOAP)
	ctx, done := run.phase(c.Context)
	sess, err := openSession(ctx, c, s, sessionOptions{handler: ns.Handler{OfflineMessages: box.Notice}})
	done()
	if err != nil {
		return err
	}
	defer closeSession(sess)
	out := newOfflinePrinter(s, c.Bool("json"))
	keep := c.Bool("keep")
	if !keep && !out.w.confirms() {
		keep = true
		s.notef("standard output is a pipe or socket whose reading cannot be confirmed here: the messages stay on the server (redirect to a file to have them deleted)")
	}
	ctx, done = run.phase(c.Context)
	entries, err := box.Waiting(ctx, sess)
	done()
	if err != nil {
		return withTimeout(err, s.Timeout)
	}
	var printed, unreadable []string
	for rounds := 0; len(entries) > 0 && rounds < 10; rounds++ {
		ctx, done := run.phase(c.Context)
		messages, bad := box.Fetch(ctx, sess, entries)
		stopped := ctx.Err() // timed out or interrupted: the failures are not the messages'
		done()
		if stopped != nil {
			return finishOffline(s, run, box, sess, printed, keep, withTimeout(stopped, s.Timeout))
		}
		if len(messages) == 0 && len(bad) == 0 {
			break // nothing new since the last round
		}
		unreadable = append(unreadable, bad...)
		for _, m := range messages {
			if err := out.print(c.Context, m); err != nil {
				if errors.Is(err, syscall.EPIPE) || errors.Is(err, errReaderGone) {
					err = errOutputClosed
				}
				return finishOffline(s, run, box, sess, printed, keep, err)
			}
			printed = append(printed, m.ID)
		}
		ctx, done = run.phase(c.Context)
		entries, err = box.Arrived(ctx, sess)
		done()
		if err != nil {
			return finishOffline(s, run, box, sess, printed, keep, withTimeout(err, s.Timeout))
		}
	}
	var cause error
	if len(unreadable) > 0 {
		cause = &ExitError{Code: ExitPartial, Msg: fmt.Sprintf("%d message(s) could not be read and stay on the server (ids %s); the others were printed", len(unreadable), strings.Join(unreadable, ", "))}
	}
	return finishOffline(s, run, box, sess, printed, keep, cause)
}

// errOutputClosed: standard output's reader went away (msn offline |
// head -1); what was printed is deleted, the rest stays, and the run
// succeeds.
var errOutputClosed = errors.New("standard output closed")

// finishOffline deletes what was printed (unless keep), with what is left
// of the run's budget but at least logoutGrace, and returns the run's
// outcome: cause, or a failed delete.
func finishOffline(s *settings, run *budget, box *inbox.Inbox, sess *ns.Session, printed []string, keep bool, cause error) error {
	if len(printed) > 0 && !keep {
		ctx, cancel := run.cleanup()
		defer cancel()
		if err := box.Delete(ctx, sess, printed); err != nil {
			err = withTimeout(err, s.Timeout)
			code, msg := Describe(err)
			if cause == nil || errors.Is(cause, errOutputClosed) {
				return &ExitError{Code: code, Err: err, Msg: fmt.Sprintf("printed %d message(s) but could not delete them from the server (%s); the next run prints them again", len(printed), msg)}
			}
		}
	}
	if errors.Is(cause, errOutputClosed) {
		return nil
	}
	return cause
}

// offlinePrinter writes messages in the chosen format, each as one
// record that counts only once the reader has consumed it.
type offlinePrinter struct {
	w        *consumedWriter
	json     bool
	terminal bool
}

func newOfflinePrinter(s *settings, asJSON bool) *offlinePrinter {
	return &offlinePrinter{w: newConsumedWriter(s.Stdout), json: asJSON, terminal: isTerminal(s.Stdout)}
}

func (p *offlinePrinter) print(ctx context.Context, m rsi.Message) error {
	var record string
	switch {
	case p.json:
		b, err := json.Marshal(offlineJSON{ID: m.ID, From: m.From, Name: m.FromName, Time: m.Received, Sequence: m.Sequence, Text: m.Text})
		if err != nil {
			return err
		}
		record = string(b) + "\n"
	case p.terminal:
		who := m.From
		if m.FromName != "" && m.FromName != m.From {
			who = m.FromName + " <" + m.From + ">"
		}
		record = m.Received.Local().Format("2006-01-02 15:04") + "  " + who + "\n  " +
			strings.ReplaceAll(m.Text, "\n", "\n  ") + "\n\n"
	default:
		record = m.Received.Format(time.RFC3339) + "\t" + m.From + "\t" + escapeField(m.Text) + "\n"
	}
	return p.w.Write(ctx, []byte(record))
}

// escapeField keeps a value on one tab-separated line.
func escapeField(s string) string {
	return strings.NewReplacer(`\`, `\\`, "\t", `\t`, "\n", `\n`, "\r", `\r`).Replace(s)
}

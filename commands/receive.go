package commands

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/urfave/cli/v2"

	"github.com/msn-cli/msn/client/contacts"
	"github.com/msn-cli/msn/client/ns"
	"github.com/msn-cli/msn/client/savefile"
	"github.com/msn-cli/msn/client/transfer"
)

func receiveCommand() *cli.Command {
	return &cli.Command{
		Name:  "receive",
		Usage: "stay online and print what contacts send; answer with --exec, receive files with --files",
		Description: `Signs in visibly (--status), answers every conversation a contact opens
(up to 1000 at once: past that an invitation is not answered, said on
stderr), and prints one line per event: a text message, a nudge, a file received
(with --files), an offline message left for you (fetched, printed, and
only then deleted from the server, as msn offline does), and with
--presence each change of a contact's status, name or personal message
(first the contacts online at sign-in, as the server lists them).

Output: one line per event, tab-separated: "message", sender, text;
"nudge", sender; "file", sender, path, size, sha256; "offline", sender,
text; "presence", contact, status, personal message (backslash, tab and
newline in a text written as \\, \t and \n). With --json, one JSON object
per line, with "type" and:

    message   from, name, text, time, conversation
    nudge     from, name, time, conversation
    file      from, name (as the sender named it), path, size, sha256,
              seconds, time, conversation
    offline   from, name, text, time (when the server stored it), id,
              sequence
    presence  from, name, status (online, busy, away, be-right-back,
              on-the-phone, out-to-lunch, idle, offline), message, time

"from" is the sender's (or the contact's) address, "name" their display
name, "time" RFC 3339 in UTC, and "conversation" the server's id of the
conversation the event came in.

With --exec CMD, CMD runs (sh -c CMD) for each message (text, offline or
file) with the event's JSON line on standard input and MSN_TYPE,
MSN_FROM and MSN_TEXT in its environment; what it prints is sent back
to the sender, in the same conversation (inviting them back if they
left it; an offline message is answered in a new one), split as msn
send splits a long text. At most --jobs commands run at once, and at
most 1000 messages wait for them (a message past that gets no run, said
on stderr). One that exits with a status other than 0, or runs longer
than --exec-timeout (it is then killed, with what it started), is
reported on stderr, its output is not sent, and the listener goes on. A
whole bot is one line:

    msn receive --exec ./answer.sh

Files come in with --files DIR: written to a hidden temporary name in
DIR, size checked, synced to disk and only then given their name (the
sender's msn sendfile exits 0 only after that); a large file is synced
every 64 MiB as it arrives, so little is left to write at the end. An existing file is
never replaced ("name (1).ext" instead) unless --overwrite. Names from
the network are made safe. A file larger than --max-size, or than the
free space in DIR less what files still arriving will write, is
declined, as is one past 16 files arriving at once; without --files every file is declined.
A file that stops part-way (cancelled, the sender gone, or nothing of it
for 2 minutes) is removed and said on stderr. Files come over a direct connection when one can be made (--port,
--address, --no-direct), otherwise through the server.

msn receive stays up: when the connection to the server drops, or the
server stops answering, it signs in again after a pause (1 s, 2 s, 4 s...
up to 30 s; it gives up after 8 attempts in a row), and says so on
stderr. Signed out because the account signed in elsewhere (at MSNP12
and MSNP15, where a second login signs the first out), it says so and
exits 5.

It runs until --count messages have been handled (printed, and their
--exec reply sent; nudges and presence after the last one are not
printed, so it comes last), until --for has passed, until the reader of its
output has gone (msn receive | head -1: seen at the next event), or
until interrupted, and then leaves every conversation and signs out.

    msn receive --json
    msn receive --files ~/Downloads
    msn receive --files . --count 1 --json | jq -r .path
    msn receive --exec 'echo "you said: $MSN_TEXT"'

Exit status: 0 after --count messages, --for, or the reader going; 2 a usage error (DIR is
not a folder); 4 authentication; 5 network or server (signed in elsewhere,
or no new sign-in after the connection dropped); 130 interrupted
(SIGINT), 143 terminated (SIGTERM).`,
		Flags: append([]cli.Flag{
			&cli.StringFlag{Name: "files", Usage: "accept files into this `folder`"},
			&cli.BoolFlag{Name: "overwrite", Usage: "replace a file of the same name instead of numbering the new one"},
			&cli.StringFlag{Name: "max-size", Usage: "decline files larger than this `size` (e.g. 500M, 2G)"},
			&cli.IntFlag{Name: "count", Usage: "exit after handling this `number` of messages (text, offline or file)"},
			&cli.DurationFlag{Name: "for", Usage: "exit after this `duration`"},
			&cli.StringFlag{Name: "status", Value: "online", Usage: "appear with this `status`: " + strings.Join(contacts.StatusWords(), ", ")},
			&cli.BoolFlag{Name: "presence", Usage: "also print contacts' status changes"},
			&cli.StringFlag{Name: "exec", Usage: "run this shell `command` for each message and send back what it prints"},
			&cli.IntFlag{Name: "jobs", Value: 1, Usage: "run at most this `number` of --exec commands at once"},
			&cli.DurationFlag{Name: "exec-timeout", Value: time.Minute, Usage: "kill an --exec command running longer than this `duration`"},
			&cli.BoolFlag{Name: "json", Usage: "print JSON lines"},
		}, append(directFlags(false), globalFlags()...)...),
		Action: runReceive,
	}
}

// receiveJob is what one run of msn receive does.
type receiveJob struct {
	dir         *savefile.Dir // nil: files are declined
	direct      transfer.DirectOptions
	count       int    // messages to handle; 0: no limit
	status      string // presence code
	json        bool
	presence    bool
	exec        string // "" without --exec
	jobs        int
	execTimeout time.Duration
}

func parseReceiveJob(c *cli.Context) (receiveJob, error) {
	var job receiveJob
	if path := c.String("files"); path != "" {
		fi, err := os.Stat(path)
		if err != nil || !fi.IsDir() {
			return job, usageError("--files %s is not a folder", path)
		}
		job.dir = &savefile.Dir{Path: path, Overwrite: c.Bool("overwrite")}
		if v := c.String("max-size"); v != "" {
			n, err := parseSize(v)
			if err != nil {
				return job, err
			}
			job.dir.MaxSize = n
		}
	} else if c.IsSet("overwrite") || c.IsSet("max-size") {
		return job, usageError("--overwrite and --max-size go with --files")
	}
	if job.count = c.Int("count"); job.count < 0 {
		return job, usageError("--count must be positive")
	}
	if c.IsSet("for") && c.Duration("for") <= 0 {
		return job, usageError("--for must be positive")
	}
	job.exec, job.jobs, job.execTimeout = c.String("exec"), c.Int("jobs"), c.Duration("exec-timeout")
	switch {
	case c.IsSet("exec") && strings.TrimSpace(job.exec) == "":
		return job, usageError("--exec needs a command")
	case job.jobs < 1:
		return job, usageError("--jobs must be at least 1")
	case job.execTimeout <= 0:
		return job, usageError("--exec-timeout must be positive")
	case job.exec == "" && (c.IsSet("jobs") || c.IsSet("exec-timeout")):
		return job, usageError("--jobs and --exec-timeout go with --exec")
	}
	var err error
	if job.direct, err = directOptions(c); err != nil {
		return job, err
	}
	code, ok := contacts.StatusCode(c.String("status"))
	if !ok {
		return job, usageError("--status %q is not one of %s", c.String("status"), strings.Join(contacts.StatusWords(), ", "))
	}
	job.status, job.json, job.presence = code, c.Bool("json"), c.Bool("presence")
	return job, nil
}

// receiveBackoff bounds signing in again after a drop (the help says so).
var receiveBackoff = ns.DefaultBackoff

func runReceive(c *cli.Context) error {
	s, err := resolve(c, true)
	if err != nil {
		return err
	}
	job, err := parseReceiveJob(c)
	if err != nil {
		return err
	}
	if c.NArg() > 0 {
		return usageError("msn receive takes no arguments (got %q)", c.Args().First())
	}
	creds, err := findCredentials(c, s)
	if err != nil {
		return err
	}
	pp, err := s.passportClient()
	if err != nil {
		return err
	}
	ctx, stop := context.WithCancel(c.Context)
	defer stop()
	if c.IsSet("for") {
		ctx, stop = context.WithTimeout(ctx, c.Duration("for"))
		defer stop()
	}
	r := newReceiver(ctx, stop, s, job, pp.SOAP)
	cfg, err := loginConfig(s, creds, sessionOptions{handler: r.handler()}, true)
	if err != nil {
		return err
	}
	first := true
	online, err := ns.StayOnline(c.Context, ns.OnlineConfig{
		Login:   cfg,
		Status:  job.status,
		Timeout: s.Timeout,
		Backoff: receiveBackoff,
		SignedIn: func(sess *ns.Session) {
			signedIn(s, creds, sess, first)
			if !first {
				s.notef("signed in again")
			}
			first = false
		},
		Dropped: func(err error, attempt int, wait time.Duration) {
			s.warnf("%s; signing in again in %s (attempt %d of %d)", droppedBecause(err, attempt), wait, attempt, receiveBackoff.Attempts)
		},
	})
	if err != nil {
		return withTimeout(err, s.Timeout)
	}
	r.start(online)
	select {
	case <-ctx.Done():
	case <-online.Done():
	}
	r.stop()
	closeOnline(online)
	if err := c.Context.Err(); err != nil {
		return err
	}
	if err := online.Err(); err != nil {
		return withTimeout(err, s.Timeout) // signed out elsewhere, or no new sign-in
	}
	return r.outputErr()
}

// droppedBecause says why a session ended (attempt 1) or why the last
// attempt to sign in again failed.
func droppedBecause(err error, attempt int) string {
	_, why := Describe(err)
	switch {
	case attempt > 1:
		return "signing in again failed: " + why
	case errors.Is(err, ns.ErrNoKeepAlive):
		return "the server stopped answering"
	case errors.Is(err, ns.ErrConnectionLost):
		return "the connection to the server dropped"
	}
	return "the server ended the session: " + why
}

// closeOnline signs out within logoutGrace.
func closeOnline(o *ns.Online) {
	ctx, cancel := cleanupContext()
	defer cancel()
	o.Close(ctx)
}

// outputErr is the first error writing the output; a reader that went
// away (msn receive | head -1) is nothing to report.
func (r *receiver) outputErr() error {
	err := r.out.err()
	if err == nil || errors.Is(err, os.ErrClosed) || errors.Is(err, errReaderGone) {
		return nil
	}
	return fmt.Errorf("writing the output: %w", err)
}

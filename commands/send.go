package commands

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"sync"
	"time"

	"github.com/urfave/cli/v2"

	"github.com/msn-cli/msn/client/im"
	"github.com/msn-cli/msn/client/ns"
)

func sendCommand() *cli.Command {
	return &cli.Command{
		Name:      "send",
		Usage:     "send a message; exit 0 only once the server acknowledged or stored it",
		ArgsUsage: "CONTACT [TEXT...] | CONTACT... -- TEXT...",
		Description: `Sends TEXT (the arguments, --file, or standard input when there are no
arguments or the argument is -) to CONTACT over a switchboard, and waits
for the server to acknowledge every part. Text is UTF-8; a long text is
split into parts of at most 1664 bytes each, at character boundaries,
sent in order.

A contact who is offline gets the text as an offline message (unless
--no-offline), and msn says so on stderr. A contact who blocks you looks
offline, so they get one too (the server refuses it only when you block
them as well). Several contacts (--to
repeated, or several before --) each get a private conversation, in
parallel over one login; --group puts them in one conversation.

A message to yourself goes to your account's other sign-ins (a desktop
client, msn receive), at MSNP18 where an account may be signed in more
than once. With none online, and always at MSNP12 and MSNP15 (where this
login signs the others out), it is a usage error (exit 2) at once, and
nothing is stored offline for yourself.

    msn send bob@example.com "backup finished"
    df -h | msn send bob@example.com
    tail -f app.log | grep --line-buffered ERROR | msn send --lines bob@example.com
    msn send --to bob@example.com --to carol@example.com -- "deploy done"

Message words that look like flags are refused unless they follow --:
msn send bob@example.com -- --verbose is the text "--verbose".

With --lines, each line of standard input goes as its own message as it
arrives (blank lines are skipped). A line that is not valid UTF-8 is
reported on stderr with its number and skipped; the lines after it still
go, and the run ends with exit 8.

A nudge cannot be stored offline: --nudge alone to a contact who is
offline fails (exit 6); with a text, the text is stored, stderr says the
nudge was not delivered, and the run exits 8.

With --json, stdout has one JSON object per line and contact (with
--lines, per contact and input line), in the order the contacts were
given; the exit status and stderr are the same as without it:

    contact  the contact's address
    line     the line of standard input it is about (--lines only), from 1
    status   delivered, stored-offline or failed
    parts    how many parts of the text arrived or were stored
    reason   why not, as stderr says it after the contact's name; empty
             when delivered or stored (but for a nudge not delivered)

    msn send --json --to bob@example.com --to carol@example.com hi | jq -r 'select(.status == "failed") | .contact'

Runs stay invisible to contacts where the protocol allows (MSNP15 and
MSNP18); at MSNP12 a run appears online, for about a quarter second, only
to talk to a contact who is online.

Exit status: 0 every contact got every part (acknowledged, or stored
offline); 2 a usage error, or a message to yourself with no other
sign-in online; 5 network, server or timeout (--timeout bounds the whole run,
retries included; with --lines, each line); 6 the contact is unknown, is
offline (or blocks you) with --no-offline, or the server refused the
message or the offline message, or a lone --nudge to a contact who is
offline; 8 partly done: some contacts failed (one line for each on
stderr, then a count), --lines skipped a line that is not UTF-8, or a
nudge could not go to an offline contact whose text was stored.`,
		Flags: append([]cli.Flag{
			&cli.StringSliceFlag{Name: "to", Usage: "a recipient (repeatable); then every argument is text"},
			&cli.StringFlag{Name: "file", Aliases: []string{"f"}, Usage: "read the message from this `file`"},
			&cli.BoolFlag{Name: "lines", Usage: "send each line of standard input as its own message, as it arrives"},
			&cli.BoolFlag{Name: "group", Usage: "one conversation with all the contacts instead of one each"},
			&cli.BoolFlag{Name: "nudge", Usage: "send a nudge (before the text, if any)"},
			&cli.BoolFlag{Name: "no-offline", Usage: "fail (exit 6) instead of storing an offline message"},
			&cli.BoolFlag{Name: "json", Usage: "print one JSON line per contact (with --lines, per contact and line): contact, line, status, parts, reason"},
		}, globalFlags()...),
		Action: runSend,
	}
}

// sendJob is what one run of msn send delivers.
type sendJob struct {
	contacts []string
	text     string // empty with lines or a lone nudge
	lines    bool
	group    bool
	nudge    bool
	offline  bool
}

func runSend(c *cli.Context) error {
	s, err := resolve(c, true)
	if err != nil {
		return err
	}
	contacts, words, err := splitSendArgs(c.Args().Slice(), c.StringSlice("to"))
	if err != nil {
		return err
	}
	for i, who := range contacts {
		if contacts[i], err = address(who); err != nil {
			return err
		}
	}
	job := sendJob{contacts: dedupe(contacts), lines: c.Bool("lines"), group: c.Bool("group"), nudge: c.Bool("nudge"), offline: !c.Bool("no-offline")}
	readsStdin := job.lines || (c.String("file") == "" && (len(words) == 0 || (len(words) == 1 && words[0] == "-")) && !job.nudge)
	switch {
	case readsStdin && boolFlag(c, flagPasswordStdin):
		return usageError("the message comes from standard input, so the password cannot: use MSN_PASSWORD, --password-file or --password-command")
	case job.lines && (len(words) > 0 || c.String("file") != ""):
		return usageError("--lines reads standard input; give no text and no --file")
	case job.lines && isTerminalReader(s.Stdin):
		return usageError("--lines reads standard input, which is a terminal")
	case !job.lines && !(job.nudge && len(words) == 0 && c.String("file") == ""):
		if job.text, err = messageBody(words, c.String("file"), s.Stdin); err != nil {
			return err
		}
		if job.text == "" && !job.nudge {
			s.notef("the message is empty: nothing sent")
			return nil
		}
	}
	rep := newSendReport(s, c.Bool("json"), job.contacts)
	if job.lines {
		return sendLines(c, s, job, rep)
	}
	return sendWithRetry(c, s, job, rep)
}

// conversations groups the contacts: all in one with --group, else one
// conversation each.
func (job sendJob) conversations() [][]string {
	if job.group {
		return [][]string{job.contacts}
	}
	var groups [][]string
	for _, who := range job.contacts {
		groups = append(groups, []string{who})
	}
	return groups
}

func dedupe(list []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, v := range list {
		if !seen[v] {
			seen[v] = true
			out = append(out, v)
		}
	}
	return out
}

// Retry bounds for a run signed out by another login of the same account
// (OUT OTH at MSNP12/15, where parallel runs log each other out).
const (
	maxSendAttempts = 10
	retryBase       = 50 * time.Millisecond
	retryCap        = 2 * time.Second
)

// sendWithRetry delivers the job, logging in again with a random backoff
// for the contacts that a sign-out by another login (OUT OTH) kept from
// their message. Contacts already served are not sent to again. The whole
// run, retries included, is bounded by --timeout.
func sendWithRetry(c *cli.Context, s *settings, job sendJob, rep *sendReport) error {
	ctx, cancel := s.runDeadline(c.Context)
	defer cancel()
	var done []delivery
	pending := job.contacts
	for attempt := 1; ; attempt++ {
		job.contacts = pending
		results, err := deliverOnce(ctx, c, s, job)
		if err != nil && attempt > 1 && ctx.Err() != nil {
			err = stoppedRetrying(ctx, s, err)
		}
		if err != nil && !signedOutElsewhere(err) && len(done) == 0 {
			return rep.runFailed(withTimeout(err, s.Timeout)) // the login failed: about no contact
		}
		if err != nil { // the login failed: every pending contact with it
			results = nil
			for _, who := range pending {
				results = append(results, delivery{Result: im.Result{To: who, Err: err}})
			}
		}
		pending = nil
		for _, r := range results {
			if signedOutElsewhere(r.Err) && attempt < maxSendAttempts {
				pending = append(pending, r.To)
				continue
			}
			done = append(done, r)
		}
		if len(pending) > 0 && sleepBackoff(ctx, attempt) != nil {
			for _, who := range pending {
				done = append(done, delivery{Result: im.Result{To: who, Err: stoppedRetrying(ctx, s, nil)}})
			}
			pending = nil
		}
		if len(pending) == 0 {
			return rep.summarize(done, 0)
		}
	}
}

// stoppedRetrying is why contacts signed out by other logins got nothing:
// the run ran out of time (or was interrupted) before a login lasted.
func stoppedRetrying(ctx context.Context, s *settings, last error) error {
	if !errors.Is(ctx.Err(), context.DeadlineExceeded) {
		return ctx.Err()
	}
	return &ExitError{Code: ExitNetwork, Err: errors.Join(ctx.Err(), last),
		Msg: fmt.Sprintf("not delivered within --timeout %s: each login was signed out by another login of the same account (raise --timeout, or sign the other one out)", s.Timeout)}
}

// signedOutElsewhere: another login of the account signed this one out
// (OUT OTH), as parallel runs do to each other at MSNP12 and 15.
func signedOutElsewhere(err error) bool {
	return errors.Is(err, ns.ErrSignedInElsewhere)
}

// sleepBackoff waits a random time that grows with attempt (full jitter).
func sleepBackoff(ctx context.Context, attempt int) error {
	limit := retryBase << attempt
	if limit > retryCap {
		limit = retryCap
	}
	t := time.NewTimer(time.Duration(rand.Int64N(int64(limit))))
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// deliverOnce logs in and delivers to job.contacts, within ctx: one
// conversation each, in parallel, or one for all with group. The error is
// for the login; the results carry each contact's outcome.
func deliverOnce(ctx context.Context, c *cli.Context, s *settings, job sendJob) ([]delivery, error) {
	sess, err := openSession(ctx, c, s, sessionOptions{})
	if err != nil {
		return nil, err
	}
	defer closeSession(sess)
	opts, err := conversationOptions(s, sess, job)
	if err != nil {
		return nil, err
	}
	groups := job.conversations()
	var mu sync.Mutex
	var results []delivery
	var wg sync.WaitGroup
	for _, to := range groups {
		wg.Add(1)
		go func() {
			defer wg.Done()
			rs := converse(ctx, sess, to, job, opts)
			mu.Lock()
			results = append(results, rs...)
			mu.Unlock()
		}()
	}
	wg.Wait()
	for i := range results {
		results[i].Err = withTimeout(results[i].Err, s.Timeout)
	}
	return results, nil
}

func conversationOptions(s *settings, sess *ns.Session, job sendJob) (im.Options, error) {
	opts := im.Options{Trace: s.trace()}
	if job.offline {
		pp, err := s.passportClient()
		if err != nil {
			return opts, err
		}
		opts.Offline = im.OfflineFor(sess, pp.SOAP)
	}
	return opts, nil
}

// converse opens one conversation, sends the nudge and the text, closes.
// A contact found offline gets the text stored and, since a nudge cannot
// be stored, a delivery that says so.
func converse(ctx context.Context, sess *ns.Session, to []string, job sendJob, opts im.Options) []delivery {
	conv, err := im.Open(ctx, sess, to, opts)
	if err != nil {
		out := make([]delivery, len(to))
		for i, who := range to {
			out[i] = delivery{Result: im.Result{To: who, Err: err}}
		}
		return out
	}
	defer conv.Close(ctx)
	var nudged []im.Result
	if job.nudge {
		nudged = conv.Nudge(ctx)
	}
	if job.nudge && job.text == "" {
		return deliveries(nudged)
	}
	out := deliveries(conv.Send(ctx, job.text))
	for i, r := range nudged {
		switch {
		case r.Err == nil || out[i].Err != nil:
		case errors.Is(r.Err, im.ErrNudgeOffline) && out[i].Offline:
			out[i].nudgeErr = r.Err // the text was stored, the nudge cannot be
		case !errors.Is(r.Err, im.ErrOffline):
			out[i].Err = r.Err // the text arrived, the nudge did not
		}
	}
	return out
}

func deliveries(results []im.Result) []delivery {
	out := make([]delivery, len(results))
	for i, r := range results {
		out[i] = delivery{Result: r}
	}
	return out
}

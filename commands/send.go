package commands

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"strings"
	"sync"
	"time"

	"github.com/urfave/cli/v2"

	"github.com/msn-cli/msn/client/conn"
	"github.com/msn-cli/msn/client/im"
	"github.com/msn-cli/msn/client/ns"
	"github.com/msn-cli/msn/client/sb"
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

Runs stay invisible to contacts where the protocol allows (MSNP15 and
MSNP18); at MSNP12 a run appears online, for about a quarter second, only
to talk to a contact who is online.

Exit status: 0 every contact got every part (acknowledged, or stored
offline); 2 a usage error, or a message to yourself with no other
sign-in online; 5 network, server or timeout (--timeout bounds the whole run,
retries included; with --lines, each line); 6 the contact is unknown, is
offline (or blocks you) with --no-offline, or the server refused the
message or the offline message; 8 some contacts failed (one line for each
on stderr, then a count).`,
		Flags: append([]cli.Flag{
			&cli.StringSliceFlag{Name: "to", Usage: "a recipient (repeatable); then every argument is text"},
			&cli.StringFlag{Name: "file", Aliases: []string{"f"}, Usage: "read the message from this `file`"},
			&cli.BoolFlag{Name: "lines", Usage: "send each line of standard input as its own message, as it arrives"},
			&cli.BoolFlag{Name: "group", Usage: "one conversation with all the contacts instead of one each"},
			&cli.BoolFlag{Name: "nudge", Usage: "send a nudge (before the text, if any)"},
			&cli.BoolFlag{Name: "no-offline", Usage: "fail (exit 6) instead of storing an offline message"},
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
	if job.lines {
		return sendLines(c, s, job)
	}
	return sendWithRetry(c, s, job)
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
func sendWithRetry(c *cli.Context, s *settings, job sendJob) error {
	ctx, cancel := s.runDeadline(c.Context)
	defer cancel()
	var done []im.Result
	pending := job.contacts
	for attempt := 1; ; attempt++ {
		job.contacts = pending
		results, err := deliverOnce(ctx, c, s, job)
		if err != nil && attempt > 1 && ctx.Err() != nil {
			err = stoppedRetrying(ctx, s, err)
		}
		if err != nil && !signedOutElsewhere(err) && len(done) == 0 {
			return withTimeout(err, s.Timeout) // the login failed: about no contact
		}
		if err != nil { // the login failed: every pending contact with it
			results = nil
			for _, who := range pending {
				results = append(results, im.Result{To: who, Err: err})
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
				done = append(done, im.Result{To: who, Err: stoppedRetrying(ctx, s, nil)})
			}
			pending = nil
		}
		if len(pending) == 0 {
			return summarize(s, done, map[string]bool{})
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
	var out *conn.OutError
	return errors.As(err, &out) && out.Reason == "OTH"
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
func deliverOnce(ctx context.Context, c *cli.Context, s *settings, job sendJob) ([]im.Result, error) {
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
	var results []im.Result
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
func converse(ctx context.Context, sess *ns.Session, to []string, job sendJob, opts im.Options) []im.Result {
	conv, err := im.Open(ctx, sess, to, opts)
	if err != nil {
		out := make([]im.Result, len(to))
		for i, who := range to {
			out[i] = im.Result{To: who, Err: err}
		}
		return out
	}
	defer conv.Close(ctx)
	if !job.nudge {
		return conv.Send(ctx, job.text)
	}
	nudged := conv.Nudge(ctx)
	if job.text == "" {
		return nudged
	}
	results := conv.Send(ctx, job.text)
	for i, r := range nudged {
		if r.Err != nil && !errors.Is(r.Err, im.ErrOffline) && results[i].Err == nil {
			results[i].Err = r.Err // the text arrived, the nudge did not
		}
	}
	return results
}

// summarize reports offline deliveries (once per contact in announced)
// and failures on stderr, and turns the results into the exit status: 0
// all delivered, the failure's own status when every contact failed
// alike, 8 when only some did.
func summarize(s *settings, results []im.Result, announced map[string]bool) error {
	var failed []im.Result
	for _, r := range results {
		switch {
		case r.Err != nil:
			failed = append(failed, r)
		case r.Offline && !announced[r.To]:
			announced[r.To] = true
			s.notef("%s is offline: stored as an offline message", r.To)
		}
	}
	if len(failed) == 0 {
		return nil
	}
	if len(failed) == 1 && len(results) == 1 {
		code, msg := failureLine(failed[0], true)
		return &ExitError{Code: code, Msg: msg, Err: failed[0].Err}
	}
	code := -1
	for _, r := range failed {
		c, msg := failureLine(r, false)
		fmt.Fprintf(s.Stderr, "msn: %s\n", msg)
		if code == -1 || code == c {
			code = c
		} else {
			code = ExitNetwork
		}
	}
	if len(failed) < len(results) {
		code = ExitPartial
	}
	return &ExitError{Code: code, Msg: fmt.Sprintf("delivered to %d of %d contacts", len(results)-len(failed), len(results))}
}

// failureLine is the line for a contact the text did not reach. The
// contact is named first when the error is about them; an error of the
// run (network, timeout...) is shown as such, naming the contact only
// when there were several (alone false), as the one not reached.
func failureLine(r im.Result, alone bool) (int, string) {
	code, msg, about := describeDelivery(r.Err)
	switch {
	case about:
		return code, r.To + ": " + msg
	case alone:
		return code, msg
	}
	return code, "not delivered to " + r.To + ": " + msg
}

// describeDelivery is Describe with the outcomes of a delivery; about
// reports whether the error is about the contact rather than the run.
func describeDelivery(err error) (code int, msg string, about bool) {
	switch {
	case errors.Is(err, context.Canceled):
		return ExitInterrupted, "interrupted before the server acknowledged the message", false
	case errors.Is(err, im.ErrSelf):
		return ExitUsage, "cannot send to yourself: no other sign-in of your account is online to receive it (only MSNP18 lets an account be signed in twice)", true
	case errors.Is(err, im.ErrUnknownContact):
		return ExitRecipient, "no such contact on this server, or one who does not take your offline messages", true
	case errors.Is(err, im.ErrOffline):
		return ExitRecipient, "offline, or not accepting messages from you (and offline delivery is off)", true
	case errors.Is(err, im.ErrOfflineRefused):
		return ExitRecipient, "offline, and the server refused to store the offline message", true
	case errors.Is(err, im.ErrNoAnswer):
		return ExitRecipient, "online, but did not join the conversation (their client did not answer)", true
	case errors.Is(err, sb.ErrLeft):
		return ExitRecipient, "left the conversation while the message was sent; it may not have arrived", true
	case errors.Is(err, im.ErrNotDelivered):
		return ExitRecipient, "the server could not deliver the message (NAK)", true
	}
	code, msg = Describe(err)
	return code, msg, false
}

// sendLines sends each line of stdin as it arrives, to every contact,
// over conversations kept open for the whole stream.
func sendLines(c *cli.Context, s *settings, job sendJob) error {
	sess, err := openSession(c.Context, c, s, sessionOptions{})
	if err != nil {
		return err
	}
	defer closeSession(sess)
	opts, err := conversationOptions(s, sess, job)
	if err != nil {
		return err
	}
	groups := job.conversations()
	var convs []*im.Conversation
	defer func() {
		ctx, cancel := cleanupContext()
		defer cancel()
		for _, conv := range convs {
			conv.Close(ctx)
		}
	}()
	for _, to := range groups {
		ctx, cancel := context.WithTimeout(c.Context, s.Timeout)
		conv, err := im.Open(ctx, sess, to, opts)
		cancel()
		if err != nil {
			return withTimeout(err, s.Timeout)
		}
		convs = append(convs, conv)
	}
	announced := map[string]bool{} // contacts already reported offline
	lines, readErr := readLines(c.Context, s.Stdin)
	sent := 0
	for {
		var text string
		var more bool
		select {
		case text, more = <-lines:
		case <-c.Context.Done():
			return c.Context.Err()
		}
		if !more {
			break
		}
		line, err := checkText(text, fmt.Sprintf("line %d of standard input", sent+1))
		if err != nil {
			return err
		}
		if strings.TrimSpace(line) == "" {
			continue
		}
		ctx, cancel := context.WithTimeout(c.Context, s.Timeout)
		var results []im.Result
		for _, conv := range convs {
			results = append(results, conv.Send(ctx, line)...)
		}
		cancel()
		for i := range results {
			results[i].Err = withTimeout(results[i].Err, s.Timeout)
		}
		if err := summarize(s, results, announced); err != nil {
			var ee *ExitError
			if errors.As(err, &ee) {
				return &ExitError{Code: ee.Code, Msg: fmt.Sprintf("%s (after %d lines delivered)", ee.Msg, sent), Err: ee.Err}
			}
			return err
		}
		sent++
	}
	if err := c.Context.Err(); err != nil {
		return err
	}
	if err := readErr(); err != nil {
		return usageError("reading standard input after %d lines: %v", sent, err)
	}
	return nil
}

// readLines reads r line by line on a goroutine of its own, so that the
// caller can stop waiting when ctx is done (a blocked read cannot be
// interrupted; the goroutine then ends with the process). The channel is
// closed at the end of input; err, valid after that, says why reading
// stopped.
func readLines(ctx context.Context, r io.Reader) (lines <-chan string, err func() error) {
	ch := make(chan string)
	var readErr error
	go func() {
		defer close(ch)
		sc := bufio.NewScanner(r)
		sc.Buffer(make([]byte, 64<<10), maxBody)
		for sc.Scan() {
			select {
			case ch <- sc.Text():
			case <-ctx.Done():
				return
			}
		}
		readErr = sc.Err()
	}()
	return ch, func() error { return readErr }
}

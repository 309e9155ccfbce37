package commands

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"

	"github.com/msn-cli/msn/client/im"
	"github.com/msn-cli/msn/client/sb"
)

// delivery is what became of the message for one contact: the text's
// Result (or the nudge's, for a lone nudge), and nudgeErr when the text
// reached the contact or was stored but the nudge before it did not,
// because a nudge cannot be stored offline.
type delivery struct {
	im.Result
	nudgeErr error
}

// failed reports whether the text (or lone nudge) did not reach the
// contact.
func (d delivery) failed() bool { return d.Err != nil }

// status is the --json status: delivered, stored-offline or failed.
func (d delivery) status() string {
	switch {
	case d.Err != nil:
		return "failed"
	case d.Offline:
		return "stored-offline"
	}
	return "delivered"
}

// problem is what to report about the contact: the exit status, the
// reason, whether the reason is about the contact rather than the run,
// and the error behind it; ok is false when there is nothing to report.
func (d delivery) problem() (code int, reason string, about bool, cause error, ok bool) {
	switch {
	case d.Err != nil:
		code, reason, about = describeDelivery(d.Err)
		return code, reason, about, d.Err, true
	case d.nudgeErr != nil:
		return ExitPartial, "offline: the text was stored as an offline message, but a nudge cannot be", true, d.nudgeErr, true
	}
	return 0, "", false, nil, false
}

// sendJSONLine is one contact's line of msn send --json.
type sendJSONLine struct {
	Contact string `json:"contact"`
	Line    int    `json:"line,omitempty"` // the input line, with --lines
	Status  string `json:"status"`
	Parts   int    `json:"parts"`
	Reason  string `json:"reason"`
}

// sendReport tells what became of a send: notes and failures on stderr
// and, with --json, one JSON line per contact on stdout. It is used from
// one goroutine.
type sendReport struct {
	s         *settings
	json      bool
	contacts  []string        // as given: the order of the lines
	announced map[string]bool // contacts already said to be offline
}

func newSendReport(s *settings, json bool, contacts []string) *sendReport {
	return &sendReport{s: s, json: json, contacts: contacts, announced: map[string]bool{}}
}

// summarize reports the deliveries of one message (line is its input
// line with --lines, else 0), in the order the contacts were given, and
// turns them into the exit status: 0 all delivered, the failure's own
// status when every contact failed alike, 8 when only some did (or a
// nudge could not be stored for a contact whose text was).
func (rep *sendReport) summarize(ds []delivery, line int) error {
	ds = rep.inOrder(ds)
	var problems []delivery
	failed := 0
	for _, d := range ds {
		if d.Err == nil && d.Offline && !rep.announced[d.To] {
			rep.announced[d.To] = true
			rep.s.notef("%s is offline: stored as an offline message", d.To)
		}
		if _, _, _, _, ok := d.problem(); ok {
			problems = append(problems, d)
		}
		if d.failed() {
			failed++
		}
	}
	if err := rep.writeJSON(ds, line); err != nil {
		return err
	}
	if len(problems) == 0 {
		return nil
	}
	if len(ds) == 1 {
		code, msg, cause := failureLine(ds[0], true)
		return &ExitError{Code: code, Msg: msg, Err: cause}
	}
	code := -1
	for _, d := range problems {
		c, msg, _ := failureLine(d, false)
		fmt.Fprintf(rep.s.Stderr, "msn: %s\n", msg)
		if code == -1 || code == c {
			code = c
		} else {
			code = ExitNetwork
		}
	}
	if failed < len(ds) {
		code = ExitPartial
	}
	msg := fmt.Sprintf("delivered to %d of %d contacts", len(ds)-failed, len(ds))
	if short := len(problems) - failed; short > 0 {
		msg += fmt.Sprintf(" (%d of them offline, without the nudge, which cannot be stored)", short)
	}
	return &ExitError{Code: code, Msg: msg}
}

// runFailed is err, the failure of the whole run before any message (the
// login, say), after a JSON line for each contact with --json.
func (rep *sendReport) runFailed(err error) error {
	if jerr := rep.failedAll(err, 0); jerr != nil {
		return jerr
	}
	return err
}

// failedAll reports a message that reached none of the contacts for one
// reason (the login failed, or the line was skipped): a JSON line for
// each with --json. The caller reports the reason on stderr.
func (rep *sendReport) failedAll(err error, line int) error {
	ds := make([]delivery, len(rep.contacts))
	for i, who := range rep.contacts {
		ds[i] = delivery{Result: im.Result{To: who, Err: err}}
	}
	return rep.writeJSON(ds, line)
}

func (rep *sendReport) writeJSON(ds []delivery, line int) error {
	if !rep.json {
		return nil
	}
	for _, d := range ds {
		_, reason, _, _, _ := d.problem()
		out := sendJSONLine{Contact: d.To, Line: line, Status: d.status(), Parts: d.Parts, Reason: reason}
		if err := writeJSONLine(rep.s.Stdout, out); err != nil {
			return err
		}
	}
	return nil
}

// inOrder sorts ds in the order the contacts were given (conversations
// end in any order).
func (rep *sendReport) inOrder(ds []delivery) []delivery {
	rank := func(who string) int { return slices.Index(rep.contacts, who) }
	return slices.SortedStableFunc(slices.Values(ds), func(a, b delivery) int { return cmp.Compare(rank(a.To), rank(b.To)) })
}

// failureLine is the line for a contact the message did not (wholly)
// reach, with its exit status and the error behind it. The contact is
// named first when the reason is about them; a failure of the run
// (network, timeout...) is shown as such, naming the contact only when
// there were several (alone false), as the one not reached.
func failureLine(d delivery, alone bool) (int, string, error) {
	code, msg, about, cause, _ := d.problem()
	switch {
	case about:
		return code, d.To + ": " + msg, cause
	case alone:
		return code, msg, cause
	}
	return code, "not delivered to " + d.To + ": " + msg, cause
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
	case errors.Is(err, im.ErrNudgeOffline):
		return ExitRecipient, "offline (or not accepting messages from you), and a nudge cannot be stored as an offline message", true
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

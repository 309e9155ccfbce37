package commands

import (
	"context"
	"encoding/hex"
	"encoding/json"
	"io"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/msn-cli/msn/client/contacts"
	"github.com/msn-cli/msn/client/ns"
	"github.com/msn-cli/msn/client/rsi"
	"github.com/msn-cli/msn/client/savefile"
)

// The lines of msn receive --json, one type each. Their field names are
// documented (the README and the command's help): change them only with
// the documentation.

// messageEvent is a text message.
type messageEvent struct {
	Type         string    `json:"type"` // "message"
	From         string    `json:"from"`
	Name         string    `json:"name"` // the sender's display name
	Text         string    `json:"text"`
	Time         time.Time `json:"time"`
	Conversation string    `json:"conversation"` // the switchboard session's id
}

// nudgeEvent is a nudge.
type nudgeEvent struct {
	Type         string    `json:"type"` // "nudge"
	From         string    `json:"from"`
	Name         string    `json:"name"`
	Time         time.Time `json:"time"`
	Conversation string    `json:"conversation"`
}

// fileEvent is a file received and saved.
type fileEvent struct {
	Type         string    `json:"type"` // "file"
	From         string    `json:"from"`
	Name         string    `json:"name"` // as the sender named it
	Path         string    `json:"path"`
	Size         uint64    `json:"size"`
	SHA256       string    `json:"sha256"`
	Seconds      float64   `json:"seconds"`
	Time         time.Time `json:"time"`
	Conversation string    `json:"conversation"`
}

// offlineEvent is an offline message, as msn offline --json prints it.
type offlineEvent struct {
	Type     string    `json:"type"` // "offline"
	From     string    `json:"from"`
	Name     string    `json:"name"`
	Text     string    `json:"text"`
	Time     time.Time `json:"time"` // when the server stored it
	ID       string    `json:"id"`
	Sequence int       `json:"sequence"`
}

// presenceEvent is a contact's presence changing (--presence).
type presenceEvent struct {
	Type    string    `json:"type"` // "presence"
	From    string    `json:"from"`
	Name    string    `json:"name"`
	Status  string    `json:"status"` // as msn contacts words it
	Message string    `json:"message"`
	Time    time.Time `json:"time"`
}

// event is one event of msn receive in both its forms, and what --exec
// is told of it.
type event struct {
	kind   string   // the JSON type
	json   any      // the --json object
	fields []string // the tab-separated line
	from   string
	text   string // of a message; "" for others
}

func newMessageEvent(conversation, from, name, text string) event {
	return event{kind: "message", from: from, text: text,
		json:   messageEvent{Type: "message", From: from, Name: name, Text: text, Time: time.Now().UTC(), Conversation: conversation},
		fields: tabFields("message", from, text)}
}

func newNudgeEvent(conversation, from, name string) event {
	return event{kind: "nudge", from: from,
		json:   nudgeEvent{Type: "nudge", From: from, Name: name, Time: time.Now().UTC(), Conversation: conversation},
		fields: tabFields("nudge", from)}
}

func newFileEvent(conversation, from, offered string, saved savefile.Saved, took time.Duration) event {
	sum := hex.EncodeToString(saved.SHA256[:])
	return event{kind: "file", from: from,
		json: fileEvent{Type: "file", From: from, Name: offered, Path: saved.Path, Size: saved.Size, SHA256: sum,
			Seconds: took.Seconds(), Time: time.Now().UTC(), Conversation: conversation},
		fields: tabFields("file", from, saved.Path, strconv.FormatUint(saved.Size, 10), sum)}
}

func newOfflineEvent(m rsi.Message) event {
	from := strings.ToLower(m.From)
	return event{kind: "offline", from: from, text: m.Text,
		json:   offlineEvent{Type: "offline", From: from, Name: m.FromName, Text: m.Text, Time: m.Received, ID: m.ID, Sequence: m.Sequence},
		fields: tabFields("offline", from, m.Text)}
}

func newPresenceEvent(p ns.Presence) event {
	status := contacts.StatusName(p.Status)
	return event{kind: "presence", from: p.Email,
		json:   presenceEvent{Type: "presence", From: p.Email, Name: p.Name, Status: status, Message: p.Message, Time: time.Now().UTC()},
		fields: tabFields("presence", p.Email, status, p.Message)}
}

// tabFields are the fields of a tab-separated line, each escaped: an
// address from the server (a switchboard's MSG, a presence) may hold a tab
// too, and must not add a field or a line.
func tabFields(fields ...string) []string {
	for i, f := range fields {
		fields[i] = escapeField(f)
	}
	return fields
}

// record is the event as one line of output.
func (e event) record(asJSON bool) ([]byte, error) {
	if !asJSON {
		return []byte(strings.Join(e.fields, "\t") + "\n"), nil
	}
	b, err := json.Marshal(e.json)
	return append(b, '\n'), err
}

// eventWriter prints msn receive's events, one line each, from any
// goroutine. The first write error is kept, and failed() is called once
// with it: the reader of the output is gone.
type eventWriter struct {
	json     bool
	out      io.Writer
	consumed *consumedWriter // out, watched for its reader
	failed   func()
	mu       sync.Mutex
	firstErr error
}

func newEventWriter(out io.Writer, asJSON bool, failed func()) *eventWriter {
	return &eventWriter{json: asJSON, out: out, consumed: newConsumedWriter(out), failed: failed}
}

// print writes ev.
func (w *eventWriter) print(ev event) error { return w.write(nil, ev) }

// printConsumed writes ev and blocks until its reader has read it (see
// consumedWriter) or ctx is done: only then may an offline message be
// deleted from the server.
func (w *eventWriter) printConsumed(ctx context.Context, ev event) error { return w.write(ctx, ev) }

// confirms reports whether printConsumed can know a line was read.
func (w *eventWriter) confirms() bool { return w.consumed.confirms() }

func (w *eventWriter) write(consumed context.Context, ev event) error {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.firstErr != nil {
		return w.firstErr
	}
	record, err := ev.record(w.json)
	if err == nil {
		if consumed != nil {
			err = w.consumed.Write(consumed, record)
		} else {
			_, err = w.out.Write(record)
		}
	}
	if err != nil && (consumed == nil || consumed.Err() == nil) {
		w.firstErr = err
		go w.failed()
	}
	return err
}

func (w *eventWriter) err() error {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.firstErr
}

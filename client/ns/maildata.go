package ns

import (
	"bytes"
	"strings"

	"github.com/msn-cli/msn/client/msnp"
)

// Kinds of Mail-Data notification.
const (
	// mailInitial follows the first CHG of a session: what is waiting.
	mailInitial = "text/x-msmsgsinitialmdatanotification"
	// mailNewOIM announces an offline message that arrived while the
	// session was up.
	mailNewOIM = "text/x-msmsgsoimnotification"
)

// MailNotice is a Mail-Data notification of the NS.
type MailNotice struct {
	// Initial: the notice that follows the first status change and lists
	// every offline message waiting; otherwise it announces one stored
	// while the session is up.
	Initial bool
	// Data is the Mail-Data value: an <MD> document (see
	// rsi.ParseMailData), or "too-large"; nil when the notice had none.
	Data []byte
}

// mailNotice reads an NS `MSG Hotmail Hotmail` notification of the kinds
// above; ok is false for any other command.
func mailNotice(cmd msnp.Command) (n MailNotice, ok bool) {
	if cmd.Name != "MSG" || cmd.Param(0) != "Hotmail" {
		return n, false
	}
	header, body := parseMIMEBlock(cmd.Payload)
	kind, _, _ := strings.Cut(header.Get("Content-Type"), ";")
	switch strings.TrimSpace(kind) {
	case mailInitial:
		n.Initial = true
	case mailNewOIM:
	default:
		return n, false
	}
	for _, line := range bytes.Split(body, []byte("\n")) {
		if v, found := bytes.CutPrefix(bytes.TrimRight(line, "\r"), []byte("Mail-Data:")); found {
			n.Data = bytes.TrimSpace(v)
			break
		}
	}
	return n, true
}

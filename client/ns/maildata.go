package ns

import (
	"bytes"
	"strings"

	"github.com/msn-cli/msn/client/msnp"
)

// Kinds of Mail-Data notification.
const (
	// MailInitial follows the first CHG of a session: what is waiting.
	MailInitial = "text/x-msmsgsinitialmdatanotification"
	// MailNewOIM announces an offline message that arrived while the
	// session was up.
	MailNewOIM = "text/x-msmsgsoimnotification"
)

// MailData returns the Mail-Data value of an NS `MSG Hotmail Hotmail`
// notification of the kinds above (the <MD> document, or "too-large"),
// and its kind. ok is false for any other command.
func MailData(cmd msnp.Command) (md []byte, kind string, ok bool) {
	if cmd.Name != "MSG" || cmd.Param(0) != "Hotmail" {
		return nil, "", false
	}
	header, body := parseMIMEBlock(cmd.Payload)
	kind, _, _ = strings.Cut(header.Get("Content-Type"), ";")
	kind = strings.TrimSpace(kind)
	if kind != MailInitial && kind != MailNewOIM {
		return nil, "", false
	}
	for _, line := range bytes.Split(body, []byte("\n")) {
		if v, found := bytes.CutPrefix(bytes.TrimRight(line, "\r"), []byte("Mail-Data:")); found {
			return bytes.TrimSpace(v), kind, true
		}
	}
	return nil, kind, true
}

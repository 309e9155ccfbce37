package conn

import (
	"bytes"
	"fmt"
	"io"
	"regexp"
	"strings"
	"sync"

	"github.com/msn-cli/msn/client/msnp"
)

// Redacted replaces secrets in traces.
const Redacted = "[redacted]"

// tracer writes both directions of one connection, redacted, one line per
// command line or payload line. It is safe for concurrent use.
type tracer struct {
	mu   sync.Mutex
	w    io.Writer
	name string
}

func newTracer(w io.Writer, name string) *tracer {
	if w == nil {
		return nil
	}
	return &tracer{w: w, name: name}
}

func (t *tracer) command(fromClient bool, cmd msnp.Command) {
	if t == nil {
		return
	}
	arrow := "S<"
	if fromClient {
		arrow = "C>"
	}
	var b bytes.Buffer
	fmt.Fprintf(&b, "%s %s %s\n", t.name, arrow, RedactCommand(cmd, fromClient).String())
	if len(cmd.Payload) > 0 {
		for _, line := range strings.Split(RedactText(string(cmd.Payload)), "\r\n") {
			fmt.Fprintf(&b, "%s %s     | %s\n", t.name, arrow, line)
		}
	}
	t.mu.Lock()
	t.w.Write(b.Bytes())
	t.mu.Unlock()
}

// RedactCommand returns a copy of cmd with its secrets replaced by Redacted:
// the ticket and MBI response of a client's `USR ... S`, a switchboard
// cookie (in USR and ANS from a client, after CKI in XFR and RNG), and any
// parameter that looks like a Passport ticket (`t=...`). The payload is left
// to RedactText.
func RedactCommand(cmd msnp.Command, fromClient bool) msnp.Command {
	params := append([]string(nil), cmd.Params...)
	for i, p := range params {
		if strings.HasPrefix(p, "t=") || (i > 0 && params[i-1] == "CKI") {
			params[i] = Redacted
		}
	}
	if fromClient {
		switch cmd.Name {
		case "USR":
			redactUSR(params)
		case "ANS":
			if len(params) > 1 {
				params[1] = Redacted
			}
		}
	}
	cmd.Params = params
	return cmd
}

// redactUSR blanks what follows `S` in `USR TWN|SSO S ...` (keeping a
// machine GUID, which is not secret) and the cookie of a switchboard
// `USR email cookie`.
func redactUSR(params []string) {
	if len(params) >= 2 && params[1] == "S" {
		for i := 2; i < len(params); i++ {
			if !strings.HasPrefix(params[i], "{") {
				params[i] = Redacted
			}
		}
		return
	}
	if len(params) == 2 && strings.Contains(params[0], "@") {
		params[1] = Redacted
	}
}

var (
	// A compact ticket: "t=" starting a word (so "charset=UTF-8" is not
	// one), a value of 16 or more characters (real ones run to hundreds),
	// and the "&p=" part that may follow.
	ticketRe = regexp.MustCompile(`\bt=[^\s&<>"']{16,}(?:&(?:amp;)?p=[^\s&<>"']*)?`)
	// Authentication headers: the profile's MSPAuth and its kin.
	authHeaderRe = regexp.MustCompile(`(?im)^(MSPAuth|MSPProf|Ticket|Authorization|Cookie|Set-Cookie):[^\r\n]*`)
)

// RedactText blanks Passport tickets in a payload, and the authentication
// headers (the profile's MSPAuth) of its MIME header block: only there, so
// a message whose text has a line "Ticket: 42" keeps it, as it keeps
// "charset=UTF-8" and any other ordinary text. A payload without a blank
// line is all header block.
func RedactText(s string) string {
	head, body, hasBody := strings.Cut(s, "\r\n\r\n")
	s = authHeaderRe.ReplaceAllString(head, "$1: "+Redacted)
	if hasBody {
		s += "\r\n\r\n" + body
	}
	return ticketRe.ReplaceAllString(s, Redacted)
}

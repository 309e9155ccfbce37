package msntest

import (
	"strings"
	"time"
)

// The offline side of the server: the OIM store service (oim_store.go),
// UUM and FQY on the NS (ns_oim.go), what the NS says about stored
// messages (oim_mail.go) and the rsi service that lists, returns and
// deletes them (rsi.go). Where it knowingly differs from Escargot:
//
//   - messages are listed in arrival order, not in the order of files in a
//     directory (NOTES.md quirk 18);
//   - the Received and Date lines of a stored message use UTC-8 all year,
//     where Escargot converts to US Pacific time (UTC-7 in summer) and
//     still writes -0800;
//   - friendly names in charsets other than UTF-8, US-ASCII and ISO-8859-1
//     are treated as an unknown charset (a crash), and an FQY whose only
//     child is not <c> gets 208 (Escargot answers for a user "None").

// OIM is an offline message the server stored, as a test sees it.
type OIM struct {
	ID       string    // upper-case GUID without braces, as in Mail-Data
	From     string    // the sender's account
	FromName string    // the decoded friendly name; "" when none was sent
	To       string    // the recipient's account
	Text     string    // the decoded text
	Sequence int       // X-OIM-Sequence-Num; 0 for a message stored from UUM
	RunID    string    // X-OIM-Run-Id as sent; a fresh "{guid}" for UUM
	Received time.Time // when the server stored it
}

// maxMailDataOIMs is the most messages the NS lists in Mail-Data; with
// more it sends "too-large" and the client must ask the rsi service.
const maxMailDataOIMs = 25

// oimState is the offline side of the server. It is guarded by s.mu.
type oimState struct {
	stored map[string][]*storedOIM // by recipient, in arrival order
	refuse string                  // fault code every Store gets; "" for none
}

// storedOIM is a stored message with what the server needs to show it
// again as the service would.
type storedOIM struct {
	OIM
	named   bool     // a friendly name was sent (Mail-Data <N> is empty otherwise)
	headers []string // the Content's MIME headers as sent, "Name: value"; nil for UUM
	origin  string   // the sender's IP address
	proxy   string   // the From element's proxy attribute; "" when absent
}

// OfflineMessages lists the offline messages stored for email, oldest
// first: those the rsi service's DeleteMessages has not removed.
func (s *Server) OfflineMessages(email string) []OIM {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []OIM
	for _, o := range s.oim.stored[email] {
		out = append(out, o.OIM)
	}
	return out
}

// RefuseOIM makes every request to the OIM store service answer HTTP 500
// with a SOAP fault of the given code, for example "q0:SystemUnavailable",
// "q0:InvalidContent" or "q0:SenderThrottleLimitExceeded", before anything
// else is checked; nothing is stored. "" restores normal behaviour.
func (s *Server) RefuseOIM(code string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.oim.refuse = code
}

// storeOIM keeps o for its recipient and tells the recipient's sessions
// that have sent their first CHG (MSNP11+) with a
// text/x-msmsgsoimnotification message, except the session that sent it.
// The caller holds s.mu.
func (s *Server) storeOIM(from *nsConn, o *storedOIM) {
	o.ID = strings.ToUpper(newUUID())
	o.Received = time.Now().UTC()
	if s.oim.stored == nil {
		s.oim.stored = map[string][]*storedOIM{}
	}
	s.oim.stored[o.To] = append(s.oim.stored[o.To], o)
	s.tracef("OIM -- %s stored for %s (%d bytes of text)", o.ID, o.To, len(o.Text))

	if to := s.accounts[o.To]; to != nil {
		for _, c := range to.sessions {
			if c != from && !c.gone && c.ilnSent && c.dialect >= 11 {
				c.w.send(hotmail(oimNotification(o)))
			}
		}
	}
}

// sessionByToken returns the live NS session that logged in with the
// login token tok, or nil. The caller holds s.mu.
func (s *Server) sessionByToken(tok string) *nsConn {
	if tok == "" {
		return nil
	}
	for _, a := range s.accounts {
		for _, c := range a.sessions {
			if c.token == tok && !c.gone {
				return c
			}
		}
	}
	return nil
}

// oimAllowed is Escargot's check that sender may leave recipient an
// offline message: true unless the sender blocks the recipient and the
// recipient, in turn, blocks the sender or allows only its allow list.
func oimAllowed(sender, recipient *account) bool {
	c := sender.contact(recipient, false)
	blocked := c != nil && c.lists&listBL != 0
	switch orDefault(sender.blp, "AL") {
	case "AL":
		if !blocked {
			return true
		}
	case "BL":
		if c != nil && !blocked {
			return true
		}
	}
	if c == nil {
		return false
	}
	me := recipient.contact(sender, false)
	if me == nil {
		return orDefault(recipient.blp, "AL") == "AL"
	}
	return me.lists&listBL == 0
}

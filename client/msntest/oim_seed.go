package msntest

import (
	"strconv"
	"strings"
	"time"
)

// StoreOffline stores m for the account to as if it had come through the
// OIM store service from a Messenger client on 127.0.0.1: the message
// lists and reads back exactly as one stored with Store2 would. It is for
// tests that need messages in place (many of them, non-ASCII ones, at
// chosen times) without a sender's session.
//
// m.To is set to to. An empty m.ID gets a fresh upper-case GUID and an
// empty m.RunID a fresh "{GUID}"; a zero m.Received is now. m.FromName ""
// means the message has no friendly name. With m.Sequence 0 the message
// has no X-OIM-Sequence-Num, like one left with UUM. Nothing is checked
// (to need not be an account) and no session is notified: the message is
// simply there, as if it had been stored before anyone signed in.
func (s *Server) StoreOffline(to string, m OIM) {
	s.mu.Lock()
	defer s.mu.Unlock()
	m.To = to
	if m.ID == "" {
		m.ID = strings.ToUpper(newUUID())
	}
	if m.RunID == "" {
		m.RunID = "{" + strings.ToUpper(newUUID()) + "}"
	}
	if m.Received.IsZero() {
		m.Received = time.Now().UTC()
	}
	o := &storedOIM{OIM: m, named: m.FromName != "", origin: "127.0.0.1", proxy: "MSNMSGR"}
	if m.Sequence > 0 {
		o.headers = []string{
			"MIME-Version: 1.0",
			"Content-Type: text/plain; charset=UTF-8",
			"Content-Transfer-Encoding: base64",
			"X-OIM-Message-Type: OfflineMessage",
			"X-OIM-Run-Id: " + m.RunID,
			"X-OIM-Sequence-Num: " + strconv.Itoa(m.Sequence),
		}
	}
	if s.oim.stored == nil {
		s.oim.stored = map[string][]*storedOIM{}
	}
	s.oim.stored[to] = append(s.oim.stored[to], o)
	s.tracef("OIM -- %s seeded for %s (%d bytes of text)", m.ID, to, len(m.Text))
}

package msntest

import (
	"crypto/rand"
	"encoding/hex"
	"net"
	"strings"

	"github.com/msn-cli/msn/client/msnp"
)

// maxSBMessage is the largest MSG payload the switchboard relays; a larger
// one closes the sender's connection (NOTES.md quirk 11).
const maxSBMessage = 1664

// sbState holds the live switchboard sessions, by id.
type sbState struct {
	sessions map[string]*sbSession
}

func (st *sbState) init() { st.sessions = map[string]*sbSession{} }

// sbSession is one switchboard conversation.
type sbSession struct {
	id      string // 31 hex characters, opaque to clients
	members []*sbConn
}

// sbConn is one switchboard connection; after USR or ANS it is a member
// of a session. Its fields are guarded by the server's lock.
type sbConn struct {
	s       *Server
	w       *wire
	acct    *account
	ns      *nsConn // the NS session the cookie was issued to
	dialect int
	sess    *sbSession
	gone    bool
}

// newSessionID returns 31 hex characters, like Escargot's session ids.
func newSessionID() string {
	var b [16]byte
	rand.Read(b[:])
	return hex.EncodeToString(b[:])[:31]
}

// serveSB runs one switchboard connection until it ends. It is the
// connection's reading goroutine.
func (s *Server) serveSB(conn net.Conn) {
	s.serve("SB", conn, func(w *wire) handler { return &sbConn{s: s, w: w} })
}

func (c *sbConn) close() {
	c.w.closeAfter()
	c.leave()
}

func (c *sbConn) ignore(cmd msnp.Command, why string) {
	c.s.tracef("SB -- no reply to %s: %s", cmd.Name, why)
}

// handle dispatches one client command. The caller holds s.mu.
func (c *sbConn) handle(cmd msnp.Command) {
	switch cmd.Name {
	case "USR":
		c.usr(cmd)
		return
	case "ANS":
		c.ans(cmd)
		return
	case "OUT":
		c.close()
		return
	}
	if c.sess == nil {
		c.ignore(cmd, "not joined")
		return
	}
	switch cmd.Name {
	case "CAL":
		c.cal(cmd)
	case "MSG":
		c.msg(cmd)
	default:
		c.ignore(cmd, "unknown command")
	}
}

// splitEndpoint splits "email;{guid}" into the email and the normalized
// GUID ("" when absent).
func splitEndpoint(s string) (email, guid string) {
	email, g, ok := strings.Cut(s, ";")
	if ok {
		guid = normalizeGUID(g)
	}
	return email, guid
}

// authorize checks a cookie's owner against the endpoint a client named:
// the email must match, and at MSNP16+ a GUID, when given, must be the
// cookie session's.
func authorize(ck *sbCookie, endpoint string) bool {
	email, guid := splitEndpoint(endpoint)
	if ck == nil || ck.acct.email != email {
		return false
	}
	if ck.ns.dialect >= 16 && strings.Contains(endpoint, ";") && guid != ck.ns.guid {
		return false
	}
	return true
}

// usr opens a new switchboard session with an XFR cookie:
// `USR trid email[;{guid}] cookie` → `USR trid OK email[;{guid}] friendly`.
func (c *sbConn) usr(cmd msnp.Command) {
	if cmd.TrID < 0 || len(cmd.Params) != 2 || c.sess != nil {
		c.close()
		return
	}
	ck := c.s.takeCookie(cmd.Params[1])
	if ck == nil || ck.session != nil || !authorize(ck, cmd.Params[0]) {
		c.w.send(errReply(911, cmd.TrID))
		c.close()
		return
	}
	c.acct, c.ns, c.dialect = ck.acct, ck.ns, ck.ns.dialect
	sess := &sbSession{id: newSessionID()}
	c.s.sb.sessions[sess.id] = sess
	c.sess = sess
	sess.members = append(sess.members, c)
	c.w.send(reply("USR", cmd.TrID, "OK", cmd.Params[0], encodeParam(c.acct.friendly)))
}

// ans joins the session a RNG invited this user to: the roster as IRO
// lines, then `ANS trid OK`, and JOI to everyone.
func (c *sbConn) ans(cmd msnp.Command) {
	if cmd.TrID < 0 || len(cmd.Params) != 3 || c.sess != nil {
		c.close()
		return
	}
	ck := c.s.takeCookie(cmd.Params[1])
	if ck == nil || ck.session == nil || !authorize(ck, cmd.Params[0]) {
		c.w.send(errReply(911, cmd.TrID))
		c.close()
		return
	}
	sess := ck.session
	if cmd.Params[2] != sess.id || c.s.sb.sessions[sess.id] != sess {
		c.close()
		return
	}
	c.acct, c.ns, c.dialect = ck.acct, ck.ns, ck.ns.dialect
	out := c.roster(cmd.TrID, sess)
	out = append(out, reply("ANS", cmd.TrID, "OK"))
	c.w.send(out...)
	c.join(sess)
}

// roster is the IRO lines for a participant joining sess.
func (c *sbConn) roster(trid int, sess *sbSession) []msnp.Command {
	type entry struct{ who, name, caps string }
	var list []entry
	if c.dialect >= 16 {
		// Every other endpoint as email;{guid}, then the bare email once
		// per user with endpoints.
		var users []*account
		byUser := map[*account][]*sbConn{}
		for _, m := range sess.members {
			if m == c {
				continue
			}
			if byUser[m.acct] == nil {
				users = append(users, m.acct)
			}
			byUser[m.acct] = append(byUser[m.acct], m)
		}
		for _, u := range users {
			eps := byUser[u]
			bare := false
			for _, m := range eps {
				list = append(list, entry{m.endpoint(), encodeParam(u.friendly), m.capsFor(c.dialect)})
				bare = bare || m.ns.guid != ""
			}
			if bare {
				list = append(list, entry{u.email, encodeParam(u.friendly), eps[0].capsFor(c.dialect)})
			}
		}
	} else {
		seen := map[*account]bool{c.acct: true}
		for _, m := range sess.members {
			if seen[m.acct] {
				continue
			}
			seen[m.acct] = true
			list = append(list, entry{m.acct.email, encodeParam(m.acct.friendly), m.capsFor(c.dialect)})
		}
	}
	var out []msnp.Command
	for i, e := range list {
		p := []string{itoa(i + 1), itoa(len(list)), e.who, e.name}
		if e.caps != "" {
			p = append(p, e.caps)
		}
		out = append(out, reply("IRO", trid, p...))
	}
	return out
}

// endpoint is how m is named to MSNP16+ peers: email;{guid}, or the bare
// email for a session without a machine GUID.
func (m *sbConn) endpoint() string {
	if m.ns.guid == "" {
		return m.acct.email
	}
	return m.acct.email + ";{" + m.ns.guid + "}"
}

// capsFor is m's capabilities as a dialect-d peer sees them in IRO and
// JOI: none before MSNP12, the number up to MSNP15, caps:capsex after.
func (m *sbConn) capsFor(d int) string {
	switch {
	case d >= 16:
		return orZero(m.ns.caps) + ":" + orZero(m.ns.capsEx)
	case d >= 12:
		return orZero(m.ns.caps)
	default:
		return ""
	}
}

package msntest

import (
	"strconv"
	"strings"

	"github.com/msn-cli/msn/client/msnp"
)

// statuses are the presence states a client may set with CHG (FLN is
// refused with 201).
var statuses = map[string]bool{
	"NLN": true, "BSY": true, "IDL": true, "BRB": true,
	"AWY": true, "PHN": true, "LUN": true, "HDN": true,
}

// mailData is the initial Mail-Data message of MSNP11+: no mail, no
// offline messages.
const mailData = "MIME-Version: 1.0\r\n" +
	"Content-Type: text/x-msmsgsinitialmdatanotification; charset=UTF-8\r\n" +
	"\r\n" +
	"Mail-Data: <MD><E><I>0</I><IU>0</IU><O>0</O><OU>0</OU></E><Q><QTM>409600</QTM><QNM>204800</QNM></Q></MD>\r\n"

// noMSNObj is the MSN object shown for a contact without a picture.
const noMSNObj = "<msnobj/>"

// visible reports whether a status shows a user online to contacts.
func visible(status string) bool { return status != "" && status != "HDN" }

// online reports whether a is signed in and visible.
func (a *account) online() bool { return len(a.sessions) > 0 && visible(a.status) }

// chg sets the session's (and account's) status. Without the capabilities
// argument (MSNP8+) it is silently ignored, as Escargot does. The first
// CHG of a session is answered with the presence of its online contacts
// (ILN, or NLN at MSNP18) and the initial Mail-Data.
func (c *nsConn) chg(cmd msnp.Command) {
	if len(cmd.Params) < 1 || cmd.TrID < 0 {
		c.ignore(cmd, "CHG without a status")
		return
	}
	st := cmd.Params[0]
	if st == "FLN" {
		c.w.send(errReply(201, cmd.TrID))
		return
	}
	if !statuses[st] {
		c.s.tracef("NS -- CHG to unknown status %q: closing", st)
		c.close()
		return
	}
	caps, capsEx := "0", "0"
	if c.dialect >= 8 {
		if len(cmd.Params) < 2 {
			c.ignore(cmd, "CHG without capabilities")
			return
		}
		raw := cmd.Params[1]
		if i := strings.IndexByte(raw, ':'); c.dialect >= 16 && i > 0 {
			caps, capsEx = raw[:i], raw[i+1:]
		} else {
			n, err := strconv.ParseInt(raw, 10, 64)
			if err != nil {
				c.ignore(cmd, "CHG with non-numeric capabilities")
				return
			}
			caps = strconv.FormatInt(n, 10)
		}
	}
	echo := cmd.Params[:1]
	if c.dialect >= 8 {
		echo = cmd.Params[:2]
	}
	msnobj := ""
	if len(cmd.Params) >= 3 {
		msnobj = unquote(cmd.Params[2])
	}
	params := append([]string(nil), echo...)
	if msnobj != "" && c.dialect >= 9 {
		params = append(params, quoteAll(msnobj))
	}

	a := c.acct
	old := a.status
	changed := old != st || c.caps != caps || c.capsEx != capsEx || c.msnobj != msnobj
	a.status, c.caps, c.capsEx, c.msnobj = st, caps, capsEx, msnobj

	out := []msnp.Command{reply("CHG", cmd.TrID, params...)}
	if !c.ilnSent {
		c.ilnSent = true
		for _, ct := range a.contacts {
			b := ct.acct
			if ct.lists&listFL == 0 || !b.online() || b.blocks(a) {
				continue
			}
			out = append(out, c.presence(b, cmd.TrID, true)...)
			c.s.saw(a, "NLN", b)
		}
		if c.dialect >= 11 {
			out = append(out, hotmail(c.s.initialMailData(a)))
		}
	}
	c.w.send(out...)
	if c.dialect >= 16 {
		c.s.notifySelf(a)
	}
	c.s.notifyWatchers(a, old, changed)
}

// watchers are the sessions told about a's presence: those of accounts
// that have a on their forward list, that a does not block, and that have
// sent their first CHG.
func (s *Server) watchers(a *account) []*nsConn {
	var out []*nsConn
	for _, ct := range a.contacts {
		b := ct.acct
		if b == a || !b.hasOnFL(a) || a.blocks(b) {
			continue
		}
		for _, o := range b.sessions {
			if o.ilnSent && !o.gone {
				out = append(out, o)
			}
		}
	}
	return out
}

// notifyWatchers tells a's watchers about a status change from old: NLN
// when a became visible or changed while visible (with UBX at MSNP16+, as
// Escargot sends), FLN when a stopped being visible. A hidden user's
// watchers hear nothing.
func (s *Server) notifyWatchers(a *account, old string, changed bool) {
	now, before := a.online(), visible(old)
	for _, w := range s.watchers(a) {
		switch {
		case now && (!before || changed):
			w.w.send(w.presence(a, msnp.NoTrID, w.dialect >= 16)...)
			s.saw(w.acct, "NLN", a)
		case !now && before:
			w.w.send(w.fln(a))
			s.saw(w.acct, "FLN", a)
		}
	}
}

// notifyInfo sends a's watchers a fresh UBX (PSM, media or endpoints
// changed) while a is visible.
func (s *Server) notifyInfo(a *account) {
	if !a.online() {
		return
	}
	for _, w := range s.watchers(a) {
		if w.dialect >= 11 {
			w.w.send(w.ubx(a))
		}
	}
}

// notifySelf sends each MSNP16+ session of a that has sent its first CHG
// the account's own NLN and UBX (the status as set, HDN included), which
// is how MPOP endpoints learn about each other.
func (s *Server) notifySelf(a *account) {
	for _, o := range a.sessions {
		if o.ilnSent && o.dialect >= 16 {
			o.w.send(o.presence(a, msnp.NoTrID, true)...)
		}
	}
}

// signedOff updates presence after session c of a ended: FLN to the
// watchers when it was a's last session and a was visible; with MPOP
// sessions left, a fresh UBX (its endpoint list changed).
func (s *Server) signedOff(a *account, c *nsConn) {
	if len(a.sessions) == 0 {
		old := a.status
		a.status = ""
		s.notifyWatchers(a, old, false)
		return
	}
	s.notifyInfo(a)
	for _, o := range a.sessions {
		if o.ilnSent && o.dialect >= 16 {
			o.w.send(o.ubx(a))
		}
	}
}

// saw records that watcher's sessions were told kind ("NLN" or "FLN")
// about x.
func (s *Server) saw(watcher *account, kind string, x *account) {
	s.seen[watcher.email] = append(s.seen[watcher.email], kind+" "+x.email)
}

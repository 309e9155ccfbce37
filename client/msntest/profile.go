package msntest

import "github.com/msn-cli/msn/client/msnp"

// How Escargot tells others that an account changed its display name (PRP
// MFN) or personal message (UUX): core/backend.py's me_update notifies
// the account's watchers whenever the account is not offline, and
// front/msn/misc.py's build_presence_notif then writes the presence as it
// stands. So a visible account's watchers see an NLN with the new name, or
// a UBX with the new message, as a client expects; but a hidden (HDN)
// account's watchers get an `NLN HDN` line with the new name (and a UBX
// at MSNP16+), or a UBX with the new message, which tells them the account
// is signed in. An account that has set no status yet (no CHG on any of
// its sessions) is offline to the server, and nobody hears of a change.
// The name is stored; the message stays with the account in memory,
// through sign-outs, as Escargot keeps it with its cached user record.

// hidden reports whether a is signed in with the hidden status set.
func (a *account) hidden() bool { return len(a.sessions) > 0 && a.status == "HDN" }

// renamed tells a's watchers about its new display name.
func (s *Server) renamed(a *account) {
	if !a.hidden() {
		s.notifyWatchers(a, a.status, true)
		return
	}
	for _, w := range s.watchers(a) {
		w.w.send(w.presence(a, msnp.NoTrID, w.dialect >= 16)...)
		s.saw(w.acct, "NLN", a)
	}
}

// messageChanged tells a's watchers about its new personal message or
// media, and, when the change came from an MSNP16+ session of an account
// that is not offline, the account's own endpoints (their NLN and UBX),
// as Escargot's notify_self does.
func (s *Server) messageChanged(a *account, from *nsConn) {
	if a.hidden() {
		for _, w := range s.watchers(a) {
			if w.dialect >= 11 {
				w.w.send(w.ubx(a))
				s.saw(w.acct, "UBX", a)
			}
		}
	} else {
		s.notifyInfo(a)
	}
	if from.dialect >= 16 && a.status != "" {
		s.notifySelf(a)
	}
}

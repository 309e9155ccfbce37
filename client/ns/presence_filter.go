package ns

import "sync"

// presenceFilter passes on to tell what a contact's presence lines change
// across the sessions of an Online: a new session's presence burst
// repeats what the last one said, and says nothing of contacts who left
// meanwhile.
type presenceFilter struct {
	tell func(Presence) // nil: nothing to tell, nothing kept

	mu   sync.Mutex
	told map[string]Presence // by email: the last presence told
}

func newPresenceFilter(tell func(Presence)) *presenceFilter {
	return &presenceFilter{tell: tell, told: map[string]Presence{}}
}

// pass tells p unless it was the last told for its contact; it is the
// sessions' Handler.Presence and runs on their read goroutines.
func (f *presenceFilter) pass(p Presence) {
	if f.tell == nil {
		return
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.told[p.Email] == p {
		return
	}
	f.told[p.Email] = p
	f.tell(p)
}

// settle tells, once a new session's presence burst is in, that the
// contacts last told online but not online in sess have signed out.
func (f *presenceFilter) settle(sess *Session) {
	if f.tell == nil {
		return
	}
	f.mu.Lock()
	var gone []Presence
	for _, p := range f.told {
		if now, _ := sess.Contact(p.Email); p.Online() && !now.Online() {
			p.Status, p.Capabilities = StatusOffline, ""
			gone = append(gone, p)
		}
	}
	f.mu.Unlock()
	for _, p := range gone {
		f.pass(p)
	}
}

package sb

import (
	"maps"
	"slices"
	"strings"
	"sync"
)

// roster is who else is in a switchboard, kept on the read goroutine from
// IRO, JOI and BYE. At MSNP16+ the server names a participant once per
// endpoint (`email;{guid}`) and once bare (`email`), and says the bare
// `BYE email` only when the user's last endpoint leaves; a participant is
// present while any of their names is. Its methods are safe for concurrent
// use.
type roster struct {
	mu       sync.Mutex
	members  map[string]map[string]bool // bare email -> names present ("" the bare one)
	arrivals map[string]int             // bare email -> times they joined
	changed  chan struct{}              // closed and replaced on every change
}

func newRoster() roster {
	return roster{members: map[string]map[string]bool{}, arrivals: map[string]int{}, changed: make(chan struct{})}
}

// split returns the bare, lower-case email of a name and its endpoint part
// ("" for a bare name).
func split(name string) (email, endpoint string) {
	email, endpoint, _ = strings.Cut(name, ";")
	return strings.ToLower(email), strings.ToLower(endpoint)
}

// join records a name as present and reports whether its user was not
// before.
func (r *roster) join(name string) (arrived bool) {
	email, endpoint := split(name)
	if email == "" {
		return false
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	names := r.members[email]
	if names == nil {
		names = map[string]bool{}
		r.members[email] = names
	}
	arrived = len(names) == 0
	if arrived {
		r.arrivals[email]++
	}
	names[endpoint] = true
	r.notifyLocked()
	return arrived
}

// leave records a departure: of one endpoint, or of the whole user for a
// bare name. It reports whether the user is gone now and was not before.
func (r *roster) leave(name string) (departed bool) {
	email, endpoint := split(name)
	r.mu.Lock()
	defer r.mu.Unlock()
	names := r.members[email]
	if len(names) == 0 {
		return false
	}
	if endpoint == "" {
		clear(names)
	} else {
		delete(names, endpoint)
	}
	if len(names) == 0 {
		delete(r.members, email)
		departed = true
	}
	r.notifyLocked()
	return departed
}

func (r *roster) notifyLocked() {
	close(r.changed)
	r.changed = make(chan struct{})
}

// present lists the users in the switchboard now, sorted.
func (r *roster) present() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return slices.Sorted(maps.Keys(r.members))
}

// arrived counts the times email joined.
func (r *roster) arrived(email string) int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.arrivals[email]
}

// watch reports whether email is present, how many times they joined,
// and a channel closed at the next change.
func (r *roster) watch(email string) (present bool, arrivals int, changed <-chan struct{}) {
	r.mu.Lock()
	defer r.mu.Unlock()
	return len(r.members[email]) > 0, r.arrivals[email], r.changed
}

package contacts

import "sort"

// Contact is one entry of the list, with what is known of its presence.
// The JSON names are part of msn contacts --json and documented there.
type Contact struct {
	Email        string   `json:"email"`
	Name         string   `json:"name"`
	Status       string   `json:"status"`
	Message      string   `json:"message"`
	Groups       []string `json:"groups"`
	Lists        []string `json:"lists"`
	Capabilities string   `json:"capabilities"`
	id           string   // the server's contact id (C= or contactId)
	groupIDs     []string
}

// Group is a contact group.
type Group struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

// List is the whole contact list.
type List struct {
	Contacts []Contact
	Groups   []Group
}

// Names of the lists a contact can be on.
const (
	ListForward = "forward" // the user watches them (FL)
	ListAllow   = "allow"   // may see the user and talk (AL)
	ListBlock   = "block"   // may not (BL)
	ListReverse = "reverse" // watches the user (RL)
	ListPending = "pending" // added the user, not yet acknowledged (PL)
)

// List bits of MSNP12's LST lines and of ADL.
const (
	bitForward = 1
	bitAllow   = 2
	bitBlock   = 4
	bitReverse = 8
	bitPending = 16
)

// listNames names the lists in bits. A pending contact (who added the
// user, not yet acknowledged) also watches the user: servers show PL
// instead of RL (SYN) or leave Reverse out (FindMembership) for them.
func listNames(bits int) []string {
	if bits&bitPending != 0 {
		bits |= bitReverse
	}
	names := []string{}
	for _, l := range []struct {
		bit  int
		name string
	}{{bitForward, ListForward}, {bitAllow, ListAllow}, {bitBlock, ListBlock}, {bitReverse, ListReverse}, {bitPending, ListPending}} {
		if bits&l.bit != 0 {
			names = append(names, l.name)
		}
	}
	return names
}

// statusNames are the presence codes in words a person understands.
var statusNames = map[string]string{
	"NLN": "online",
	"BSY": "busy",
	"AWY": "away",
	"BRB": "be-right-back",
	"PHN": "on-the-phone",
	"LUN": "out-to-lunch",
	"IDL": "idle",
	"HDN": "offline", // hidden looks offline to others
	"FLN": "offline",
}

// StatusName turns a presence code into its word ("offline" for unknown).
func StatusName(code string) string {
	if n, ok := statusNames[code]; ok {
		return n
	}
	return "offline"
}

// has reports whether the contact is on the named list.
func (c Contact) has(list string) bool {
	for _, l := range c.Lists {
		if l == list {
			return true
		}
	}
	return false
}

// sortList orders contacts by email and groups by name, so output is
// stable whatever order the server used.
func sortList(l *List) {
	sort.Slice(l.Contacts, func(i, j int) bool { return l.Contacts[i].Email < l.Contacts[j].Email })
	sort.Slice(l.Groups, func(i, j int) bool { return l.Groups[i].Name < l.Groups[j].Name })
}

// StatusCode turns a status word ("online", "busy", "away",
// "be-right-back", "on-the-phone", "out-to-lunch", "idle") into its
// presence code; "offline" and unknown words are not statuses one can be
// reached in.
func StatusCode(name string) (string, bool) {
	for code, n := range statusNames {
		if n == name && n != "offline" {
			return code, true
		}
	}
	return "", false
}

// StatusWords lists the words StatusCode accepts.
func StatusWords() []string {
	return []string{"online", "busy", "away", "be-right-back", "on-the-phone", "out-to-lunch", "idle"}
}

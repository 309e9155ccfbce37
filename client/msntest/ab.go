package msntest

import (
	"net/http"
	"strings"
)

// The address book (/abservice/abservice.asmx) and sharing
// (/abservice/SharingService.asmx) services: the contact list of
// MSNP13+ clients, the same list the NS shows at MSNP12 (SYN) and
// changes with ADC/REM/ADL/RML. ab_book.go has the contact operations,
// ab_groups.go the group operations, sharing.go the memberships and
// ab_xml.go the answers.
//
// Requests are handled in Escargot's order:
//
//  1. a body that is not XML crashes the handler (HTTP 500 text/plain);
//  2. the login token is the first TicketToken element's text
//     (characters 2 to 22 after "t=", else the whole text) or the first
//     20 characters of an MSPAuth cookie; neither is HTTP 500
//     "500: Internal Server Error";
//  3. a token that no live NS session logged in with is HTTP 403
//     "403: Forbidden", no SOAP fault (NOTES.md quirk 19);
//  4. the operation is the first child of Body (the SOAPAction header is
//     not looked at); none crashes the handler;
//  5. deltasOnly (or DeltasOnly) true anywhere in it is a FullSyncRequired
//     fault, HTTP 200 (quirk 19);
//  6. an operation the service does not have is a "no longer supported"
//     fault, HTTP 200; the others are in their own files.
//
// The operations act for the account of the session the token maps to.

// abAnswer is what a service handler decided to send.
type abAnswer struct {
	status int
	body   string
	plain  bool   // a text/plain refusal rather than XML
	crash  string // why Escargot's handler would raise; set, it wins
}

func xmlAnswer(status int, body string) abAnswer { return abAnswer{status: status, body: body} }

// plain500 and forbidden are the refusals Escargot's web framework writes
// for its HTTPInternalServerError and HTTPForbidden.
var (
	plain500  = abAnswer{status: http.StatusInternalServerError, body: "500: Internal Server Error", plain: true}
	forbidden = abAnswer{status: http.StatusForbidden, body: "403: Forbidden", plain: true}
)

func crashed(why string) abAnswer { return abAnswer{crash: why} }

// abService answers a request to either service; sharing tells which. It
// runs on an HTTP server goroutine.
func (s *Server) abService(w http.ResponseWriter, r *http.Request, body []byte, sharing bool) {
	s.mu.Lock()
	ans := s.abDecide(r, body, sharing)
	s.mu.Unlock()
	switch {
	case ans.crash != "":
		s.tracef("HTTP -- %s: the handler would crash: %s", r.URL.Path, ans.crash)
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.WriteHeader(http.StatusInternalServerError)
		w.Write([]byte(crashBody))
	case ans.plain:
		s.tracef("HTTP S< %d %s", ans.status, ans.body)
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.WriteHeader(ans.status)
		w.Write([]byte(ans.body))
	default:
		s.writeXML(w, ans.status, ans.body)
	}
}

// abDecide does the work of abService. The caller holds s.mu.
func (s *Server) abDecide(r *http.Request, body []byte, sharing bool) abAnswer {
	root, err := parseXMLTree(body)
	if err != nil {
		return crashed("request is not XML: " + err.Error())
	}
	var token string
	if n := root.find("TicketToken"); n != nil {
		token = tokenOfTicket(strings.TrimSpace(n.text))
	} else if ck, err := r.Cookie("MSPAuth"); err == nil {
		token = ck.Value[:min(20, len(ck.Value))]
	} else {
		s.tracef("HTTP -- %s: no TicketToken and no MSPAuth cookie", r.URL.Path)
		return plain500
	}
	sess := s.sessionByToken(token)
	if sess == nil {
		s.tracef("HTTP -- %s: no logged-in session has this ticket", r.URL.Path)
		return forbidden
	}
	action := root.firstChildOf("Body")
	if action == nil {
		return crashed("no operation in Body: 'NoneType' object has no attribute 'tag'")
	}
	op := action.name.Local
	for _, name := range []string{"deltasOnly", "DeltasOnly"} {
		if n := action.find(name); n != nil && isXSDTrue(n.text) {
			return xmlAnswer(http.StatusOK, fullSyncFault(op))
		}
	}
	req := &abRequest{s: s, a: sess.acct, action: action, host: r.Host}
	var handle func(*abRequest) abAnswer
	if sharing {
		handle = sharingOps[op]
	} else {
		handle = abOps[op]
	}
	if handle == nil {
		s.tracef("HTTP -- %s: unsupported operation %s", r.URL.Path, op)
		return xmlAnswer(http.StatusOK, rsiUnsupported(op))
	}
	return handle(req)
}

// abRequest is one operation being handled.
type abRequest struct {
	s      *Server
	a      *account // the caller
	action *xmlNode // the operation element
	host   string   // for PreferredHostName
}

// abOps and sharingOps are the operations of each service.
var (
	abOps = map[string]func(*abRequest) abAnswer{
		"ABFindAll":            (*abRequest).findAll,
		"ABContactAdd":         (*abRequest).contactAdd,
		"ABContactDelete":      (*abRequest).contactDelete,
		"ABGroupAdd":           (*abRequest).groupAdd,
		"ABGroupUpdate":        (*abRequest).groupUpdate,
		"ABGroupDelete":        (*abRequest).groupDelete,
		"ABGroupContactAdd":    (*abRequest).groupContactAdd,
		"ABGroupContactDelete": (*abRequest).groupContactDelete,
	}
	sharingOps = map[string]func(*abRequest) abAnswer{
		"FindMembership": (*abRequest).findMembership,
		"AddMember":      (*abRequest).addMember,
		"DeleteMember":   (*abRequest).deleteMember,
	}
)

// defaultABID is the id of the user's own address book, the only one
// these operations take.
const defaultABID = "00000000-0000-0000-0000-000000000000"

// badABID reports whether the operation names an address book other than
// the user's own (Escargot answers a bare HTTP 500).
func (q *abRequest) badABID() bool {
	n := q.action.find("abId")
	return n != nil && strings.TrimSpace(n.text) != defaultABID
}

// findText is the trimmed text of the first descendant of n named local, and
// whether there is one.
func findText(n *xmlNode, local string) (string, bool) {
	m := n.find(local)
	if m == nil {
		return "", false
	}
	return strings.TrimSpace(m.text), true
}

// isXSDTrue reads a boolean as Escargot's XML library does for the values
// clients send.
func isXSDTrue(v string) bool {
	v = strings.TrimSpace(v)
	return v == "true" || v == "1"
}

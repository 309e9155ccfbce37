package msntest

import (
	"net/http"
	"regexp"
)

// The rsi service (/rsi/rsi.asmx): listing, fetching and deleting the
// offline messages stored for the caller. See oim.go for the store and
// oim_mail.go for how messages are shown.

const nsXSI = "http://www.w3.org/2001/XMLSchema-instance"

// rsi answers a request to /rsi/rsi.asmx the way Escargot's handler does
// (NOTES.md quirk 18 and section 2 item 5), in its order of lookups:
//
//  1. a body that is not XML, or with no PassportCookie that has a child
//     element, crashes the handler: HTTP 500 text/plain;
//  2. the first 20 characters of that child's text (the <t> of a
//     well-formed request) must be the login token of a live NS session,
//     else HTTP 500 with a soap:Client "Schema validation error" fault;
//  3. the operation is the first child element of Body; none, or one
//     without children that is neither xsi:nil="true" nor a number,
//     crashes the handler (the XML library makes such a leaf a string,
//     which has no tag: an empty <GetMetadata/> does this);
//  4. GetMetadata answers with an <MD> document (the quota and one <M>
//     per message, never "too-large") as escaped text;
//  5. GetMessage answers with the message of the first <messageId>,
//     escaped; a missing or unknown id crashes the handler. alsoMarkAsRead
//     changes nothing anyone can see, as in Escargot;
//  6. DeleteMessages deletes the messages of every messageIds/messageId,
//     all or none: none given or any unknown is the validation fault.
//     Then the session of the ticket, once it has sent its first CHG
//     (MSNP11+), gets a text/x-msmsgsactivemailnotification with
//     Message-Delta the number of ids given;
//  7. any other operation gets HTTP 200 with a "no longer supported"
//     fault.
//
// The SOAPAction header is not looked at. It runs on an HTTP server
// goroutine.
func (s *Server) rsi(w http.ResponseWriter, body []byte) {
	s.mu.Lock()
	status, answer, crash := s.rsiDecide(body)
	s.mu.Unlock()
	if crash != "" {
		s.tracef("HTTP -- rsi: the handler would crash: %s", crash)
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.WriteHeader(http.StatusInternalServerError)
		w.Write([]byte(crashBody))
		return
	}
	s.writeXML(w, status, answer)
}

// rsiDecide does the work of rsi: the status and answer, or why the
// handler would crash. The caller holds s.mu.
func (s *Server) rsiDecide(body []byte) (status int, answer, crash string) {
	root, err := parseXMLTree(body)
	if err != nil {
		return 0, "", "request is not XML: " + err.Error()
	}
	cookie := root.firstChildOf("PassportCookie")
	if cookie == nil {
		return 0, "", "no PassportCookie child: 'NoneType' object has no attribute 'tag'"
	}
	token := []rune(cookie.text)
	if len(token) > 20 {
		token = token[:20]
	}
	var sess *nsConn
	if len(token) > 0 {
		sess = s.sessionByToken(string(token))
	}
	action := root.firstChildOf("Body")

	if sess == nil {
		s.tracef("HTTP -- rsi: no logged-in session has this ticket")
		return http.StatusInternalServerError, rsiValidationFault, ""
	}
	switch {
	case action == nil:
		return 0, "", "no operation in Body: 'NoneType' object has no attribute 'tag'"
	case isDataLeaf(action):
		return 0, "", "the operation " + action.name.Local + " has no children: 'str' object has no attribute 'tag'"
	}

	email := sess.acct.email
	switch op := action.name.Local; op {
	case "GetMetadata":
		return http.StatusOK, rsiMetadata(s.metadata(email)), ""

	case "GetMessage":
		idNode := action.find("messageId")
		if idNode == nil {
			return 0, "", "GetMessage without a messageId"
		}
		o := s.storedByID(email, idNode.text)
		if o == nil {
			return 0, "", "GetMessage of an unknown id: 'NoneType' object has no attribute 'headers'"
		}
		return http.StatusOK, rsiMessage(messageText(o)), ""

	case "DeleteMessages":
		var ids []string
		for _, list := range action.findAll("messageIds") {
			for _, c := range list.children {
				if c.name.Local == "messageId" {
					ids = append(ids, c.text)
				}
			}
		}
		if len(ids) == 0 {
			s.tracef("HTTP -- rsi: DeleteMessages without ids")
			return http.StatusInternalServerError, rsiValidationFault, ""
		}
		for _, id := range ids {
			if s.storedByID(email, id) == nil {
				s.tracef("HTTP -- rsi: DeleteMessages of an unknown id %q: nothing deleted", id)
				return http.StatusInternalServerError, rsiValidationFault, ""
			}
		}
		s.deleteStored(email, ids)
		if sess.ilnSent && sess.dialect >= 11 {
			sess.w.send(hotmail(activeMailNotification(len(ids))))
		}
		return http.StatusOK, rsiDeleted, ""

	default:
		return http.StatusOK, rsiUnsupported(op), ""
	}
}

// number is what lxml's objectify reads as an int or a float.
var number = regexp.MustCompile(`^\s*[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?\s*$`)

// isDataLeaf reports whether lxml's objectify would make n a string or a
// boolean rather than an element: it has no child elements, is not
// xsi:nil="true", and its text is not a number.
func isDataLeaf(n *xmlNode) bool {
	if len(n.children) > 0 {
		return false
	}
	if v, _ := n.attr(nsXSI, "nil"); v == "true" {
		return false
	}
	return !number.MatchString(n.text)
}

// metadata is the <MD> document GetMetadata gives for email: the quota
// and every stored message, without the mailbox counts of the NS version
// and with no "too-large" limit. The caller holds s.mu.
func (s *Server) metadata(email string) string {
	var b []byte
	b = append(b, "<MD>"+mailDataQ...)
	for _, o := range s.oim.stored[email] {
		b = append(b, mailEntry(o, false)...)
	}
	return string(append(b, "</MD>"...))
}

// storedByID is the message with the given id stored for email, or nil.
// Ids are compared exactly, as Escargot looks them up as file names. The
// caller holds s.mu.
func (s *Server) storedByID(email, id string) *storedOIM {
	for _, o := range s.oim.stored[email] {
		if o.ID == id {
			return o
		}
	}
	return nil
}

// deleteStored removes the messages with the given ids stored for email.
// The caller holds s.mu.
func (s *Server) deleteStored(email string, ids []string) {
	if s.oim.stored == nil {
		return
	}
	gone := map[string]bool{}
	for _, id := range ids {
		gone[id] = true
	}
	var kept []*storedOIM
	for _, o := range s.oim.stored[email] {
		if !gone[o.ID] {
			kept = append(kept, o)
		}
	}
	s.oim.stored[email] = kept
	s.tracef("OIM -- %d deleted for %s, %d left", len(ids), email, len(kept))
}

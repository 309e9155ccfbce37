package msntest

import (
	"encoding/xml"
	"errors"
	"io"
	"net/http"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/msn-cli/msn/client/ab"
	"github.com/msn-cli/msn/client/internal/transcript"
)

const findAllOp = `<ABFindAll xmlns="http://www.msn.com/webservices/AddressBook"><abId>00000000-0000-0000-0000-000000000000</abId><abView>Full</abView><deltasOnly>false</deltasOnly><lastChange>0001-01-01T00:00:00.0000000-08:00</lastChange></ABFindAll>`

// elementPaths lists every element of a document as its path of
// namespace-qualified names, in document order: its shape, values aside.
func elementPaths(t *testing.T, body []byte) []string {
	t.Helper()
	d := xml.NewDecoder(strings.NewReader(string(body)))
	var stack, out []string
	for {
		tok, err := d.Token()
		if errors.Is(err, io.EOF) {
			return out
		}
		if err != nil {
			t.Fatalf("not XML: %v", err)
		}
		switch tk := tok.(type) {
		case xml.StartElement:
			stack = append(stack, tk.Name.Space+" "+tk.Name.Local)
			out = append(out, strings.Join(stack, "/"))
		case xml.EndElement:
			stack = stack[:len(stack)-1]
		}
	}
}

// The ABFindAll answer has the captured answer's shape, element for
// element, for the same book (alice: bob in Friends, carol; BLP set), and
// reads back as the book.
func TestABFindAllShape(t *testing.T) {
	s := newTestServer(t, Options{})
	c := login(t, s, "alice@example.com", "alice123", 15, "")
	c.sendf("BLP 5 AL")
	c.expectNext("BLP 5 AL")
	resp := postAB(t, s, ab.PathAB, "ABFindAll", abEnvelope(liveTicket(t, s, "alice@example.com"), findAllOp))
	if resp.status != 200 || !strings.HasPrefix(resp.ctype, "text/xml") {
		t.Fatalf("%d %s: %s", resp.status, resp.ctype, resp.body)
	}
	captured := transcript.Capture(t, filepath.Join("soap", "sso-and-addressbook", "02-abservice_abservice.asmx.response.200.xml"))
	if got, want := elementPaths(t, []byte(resp.body)), elementPaths(t, captured); !reflect.DeepEqual(got, want) {
		t.Errorf("shape differs from the capture\n got %q\nwant %q", got, want)
	}
	book, err := ab.ParseFindAll([]byte(resp.body))
	if err != nil {
		t.Fatal(err)
	}
	friends := groupID(t, s, "alice@example.com", "Friends")
	want := &ab.AddressBook{
		Groups: []ab.Group{{ID: friends, Name: "Friends"}},
		Contacts: []ab.Contact{
			{ID: uuidOf(t, s, "bob@example.com"), Email: "bob@example.com", Name: "Bob", Groups: []string{friends}, IsMessenger: true},
			{ID: uuidOf(t, s, "carol@example.com"), Email: "carol@example.com", Name: "Carol", IsMessenger: true},
		},
		Me: ab.Contact{ID: uuidOf(t, s, "alice@example.com"), Email: "alice@example.com", Name: "Alice"},
	}
	if !reflect.DeepEqual(book, want) {
		t.Errorf("got  %+v\nwant %+v", book, want)
	}
	for _, v := range []string{"<Name>MSN.IM.BLP</Name>\n\t\t\t\t\t\t\t\t<Value>1</Value>", "<CID>" + cid(uuidOf(t, s, "alice@example.com")) + "</CID>"} {
		if !strings.Contains(resp.body, v) {
			t.Errorf("answer lacks %q", v)
		}
	}
}

// The CID is Escargot's: the UUID's last 64 bits, little-endian, signed
// (the captured answer's values for the captured ids).
func TestCID(t *testing.T) {
	for uuid, want := range map[string]string{
		"ce61d4dc-9719-4c7f-9201-53e1105b3388": "-8632455932681191022",
		"2251c27d-c9f4-468c-b698-871b0ebfee29": "3021562467324500150",
		"2b5fec57-0d71-4974-b075-c3b7594bc2ba": "-4989342588465875536",
	} {
		if got := cid(uuid); got != want {
			t.Errorf("cid(%s) = %s, want %s", uuid, got, want)
		}
	}
}

// FindMembership lists each role of the Messenger service; a pending
// contact is under Pending only.
func TestFindMembershipAnswer(t *testing.T) {
	s := newTestServer(t, Options{})
	dave := login(t, s, "dave@example.com", "dave123", 12, "")
	dave.sendf("ADC 5 FL N=alice@example.com F=Alice")
	dave.expectNext("ADC 5 ")
	dave.sendf("ADC 6 BL N=bob@example.com")
	dave.expectNext("ADC 6 ")
	login(t, s, "alice@example.com", "alice123", 15, "")
	resp := postAB(t, s, ab.PathSharing, "FindMembership", abEnvelope(liveTicket(t, s, "alice@example.com"), abOp("FindMembership", "")))
	m, err := ab.ParseFindMembership([]byte(resp.body))
	if resp.status != 200 || err != nil {
		t.Fatalf("%d %v: %s", resp.status, err, resp.body)
	}
	want := &ab.Membership{
		Allow:   []string{"bob@example.com", "carol@example.com"},
		Reverse: []string{"bob@example.com", "carol@example.com"},
		Pending: []string{"dave@example.com"},
	}
	if !reflect.DeepEqual(m, want) {
		t.Errorf("got  %+v\nwant %+v", m, want)
	}
	for _, v := range []string{`<Member xsi:type="PassportMember">`, "<MembershipId>Pending/" + uuidOf(t, s, "dave@example.com") + "</MembershipId>", "<Type>Messenger</Type>"} {
		if !strings.Contains(resp.body, v) {
			t.Errorf("answer lacks %q", v)
		}
	}
}

// How the services authorise, as Escargot does: the ticket of a live NS
// session, else 403 with no fault; no ticket at all is a bare 500.
func TestABAuthorisation(t *testing.T) {
	s := newTestServer(t, Options{})
	c := login(t, s, "alice@example.com", "alice123", 18, guidA)
	tkt := liveTicket(t, s, "alice@example.com")
	for _, path := range []string{ab.PathAB, ab.PathSharing} {
		if r := postAB(t, s, path, "ABFindAll", abEnvelope("t=00000000000000000000Y6&p=", findAllOp)); r.status != 403 || r.body != "403: Forbidden" {
			t.Errorf("%s with an unknown ticket: %d %q", path, r.status, r.body)
		}
		if r := postAB(t, s, path, "ABFindAll", strings.Replace(abEnvelope(tkt, findAllOp), "TicketToken", "Nothing", 2)); r.status != 500 || r.body != "500: Internal Server Error" {
			t.Errorf("%s without a ticket: %d %q", path, r.status, r.body)
		}
		if r := postAB(t, s, path, "ABFindAll", "not xml"); r.status != 500 || !strings.HasPrefix(r.ctype, "text/plain") {
			t.Errorf("%s with a body that is not XML: %d %q", path, r.status, r.body)
		}
	}
	// The MSPAuth cookie works too: its first 20 characters.
	req, _ := http.NewRequest(http.MethodPost, s.ServicesURL()+ab.PathAB, strings.NewReader(strings.Replace(abEnvelope(tkt, findAllOp), "TicketToken", "Nothing", 2)))
	req.AddCookie(&http.Cookie{Name: "MSPAuth", Value: strings.TrimPrefix(strings.TrimSuffix(tkt, "&p="), "t=")})
	resp, err := s.HTTPClient().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Errorf("MSPAuth cookie: %d", resp.StatusCode)
	}
	// GET is not a SOAP call.
	if r, err := s.HTTPClient().Get(s.ServicesURL() + ab.PathAB); err != nil || r.StatusCode != http.StatusMethodNotAllowed {
		t.Errorf("GET: %v %v", r, err)
	}

	c.sendf("OUT")
	c.expectClosed()
	if r := postAB(t, s, ab.PathAB, "ABFindAll", abEnvelope(tkt, findAllOp)); r.status != 403 {
		t.Errorf("after logout: %d %q", r.status, r.body)
	}
}

// Escargot's refusals: faults with the service's code for what a client
// may do, bare 500s for what it should not.
func TestABRefusals(t *testing.T) {
	const unknownGroup = "01234567-89ab-cdef-0123-456789abcdef"
	contactAdd := func(email string) string {
		return abOp("ABContactAdd", "<abId>00000000-0000-0000-0000-000000000000</abId><contacts><Contact><contactInfo><passportName>"+email+"</passportName><isMessengerUser>true</isMessengerUser></contactInfo></Contact></contacts>")
	}
	member := func(op, role, email string) string {
		return abOp(op, `<serviceHandle><Id>0</Id><Type>Messenger</Type><ForeignId></ForeignId></serviceHandle><memberships><Membership><MemberRole>`+role+
			`</MemberRole><Members><Member xsi:type="PassportMember"><Type>Passport</Type><State>Accepted</State><PassportName>`+email+`</PassportName></Member></Members></Membership></memberships>`)
	}
	groupAdd := func(name string) string {
		return abOp("ABGroupAdd", "<abId>00000000-0000-0000-0000-000000000000</abId><groupInfo><GroupInfo><name>"+name+"</name></GroupInfo></groupInfo>")
	}
	groupContact := func(op, group, contact string) string {
		return abOp(op, "<abId>00000000-0000-0000-0000-000000000000</abId><groupFilter><groupIds><guid>"+group+"</guid></groupIds></groupFilter><contacts><Contact><contactId>"+contact+"</contactId></Contact></contacts>")
	}
	s := newTestServer(t, Options{})
	login(t, s, "alice@example.com", "alice123", 15, "")
	tkt := liveTicket(t, s, "alice@example.com")
	friends := groupID(t, s, "alice@example.com", "Friends")
	bob, dave := uuidOf(t, s, "bob@example.com"), uuidOf(t, s, "dave@example.com")
	for _, tc := range []struct {
		name, path, op string
		status         int
		code           string // "" for a bare refusal
	}{
		{"delta sync", ab.PathAB, strings.Replace(findAllOp, "<deltasOnly>false", "<deltasOnly>true", 1), 200, "FullSyncRequired"},
		{"unknown operation", ab.PathAB, abOp("ABFindContactsPaged", ""), 200, "Forbidden"},
		{"sharing operation at the address book", ab.PathAB, abOp("FindMembership", ""), 200, "Forbidden"},
		{"another address book", ab.PathAB, strings.Replace(findAllOp, "00000000-0000-0000-0000-000000000000", unknownGroup, 1), 500, ""},
		{"contact without @", ab.PathAB, contactAdd("dave.example.com"), 500, "BadEmailArgument"},
		{"contact without a dot", ab.PathAB, contactAdd("dave@localhost"), 500, "BadEmailArgument"},
		{"unknown contact", ab.PathAB, contactAdd("nobody@example.com"), 500, "InvalidPassportUser"},
		{"group name in use", ab.PathAB, groupAdd("Friends"), 500, "GroupAlreadyExists"},
		{"reserved group name", ab.PathAB, groupAdd("(No Group)"), 500, "GroupAlreadyExists"},
		{"group name too long", ab.PathAB, groupAdd(strings.Repeat("é", 62)), 500, "BadArgumentLength"},
		{"rename to a name in use", ab.PathAB, abOp("ABGroupUpdate", "<groups><Group><groupId>"+friends+"</groupId><groupInfo><name>Friends</name></groupInfo><propertiesChanged>GroupName </propertiesChanged></Group></groups>"), 500, "GroupAlreadyExists"},
		{"rename an unknown group", ab.PathAB, abOp("ABGroupUpdate", "<groups><Group><groupId>"+unknownGroup+"</groupId><groupInfo><name>X</name></groupInfo><propertiesChanged>GroupName</propertiesChanged></Group></groups>"), 500, ""},
		{"delete an unknown group", ab.PathAB, abOp("ABGroupDelete", "<groupFilter><groupIds><guid>"+unknownGroup+"</guid></groupIds></groupFilter>"), 500, ""},
		{"file a contact not in the book", ab.PathAB, groupContact("ABGroupContactAdd", friends, dave), 500, "ContactDoesNotExist"},
		{"file a contact already in the group", ab.PathAB, groupContact("ABGroupContactAdd", friends, bob), 500, ""},
		{"file in an unknown group", ab.PathAB, groupContact("ABGroupContactAdd", unknownGroup, bob), 500, ""},
		{"unfile a contact not in the book", ab.PathAB, groupContact("ABGroupContactDelete", friends, dave), 500, "ContactDoesNotExist"},
		{"unfile a contact not in the group", ab.PathAB, groupContact("ABGroupContactDelete", friends, uuidOf(t, s, "carol@example.com")), 500, ""},
		{"add an unknown member", ab.PathSharing, member("AddMember", "Block", "nobody@example.com"), 500, "UserDoesNotExist"},
		{"unknown role", ab.PathSharing, member("AddMember", "Friend", "bob@example.com"), 500, "Client"},
		{"delete a member in no list", ab.PathSharing, member("DeleteMember", "Allow", "dave@example.com"), 500, "MemberDoesNotExist"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := postAB(t, s, tc.path, "X", abEnvelope(tkt, tc.op))
			if r.status != tc.status {
				t.Errorf("status %d, want %d: %s", r.status, tc.status, r.body)
			}
			if got := faultCode(r.body); got != tc.code {
				t.Errorf("fault %q, want %q: %s", got, tc.code, r.body)
			}
			if tc.code == "" && r.body != "500: Internal Server Error" {
				t.Errorf("bare refusal %q", r.body)
			}
		})
	}
	// None of it changed anything.
	if g := groupNames(s, "alice@example.com"); !reflect.DeepEqual(g, []string{"Friends"}) {
		t.Errorf("groups %v", g)
	}
	for email, want := range map[string]int{"bob@example.com": listFL | listAL | listRL, "dave@example.com": 0} {
		if l := s.Lists("alice@example.com", email); l != want {
			t.Errorf("%s on alice's lists: %d, want %d", email, l, want)
		}
	}
}

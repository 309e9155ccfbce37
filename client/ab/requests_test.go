package ab

import (
	"bytes"
	"context"
	"encoding/xml"
	"reflect"
	"strings"
	"testing"
)

const (
	gidFriends = "fc6cf9b7-bbff-42b4-a6f4-cdc1cdd159e1"
	cidBob     = "ce61d4dc-9719-4c7f-9201-53e1105b3388"
)

// Every operation's request: where it goes, its SOAPAction, the headers
// with the (escaped) ticket, and the operation element's whole content.
func TestRequestStructure(t *testing.T) {
	ctx := context.Background()
	for _, tc := range []struct {
		op, path, scenario string
		call               func(c *Client) error
		leaves             []string
	}{
		{"ABFindAll", PathAB, "Initial", func(c *Client) error { _, err := c.FindAll(ctx); return err },
			[]string{"abId=00000000-0000-0000-0000-000000000000", "abView=Full", "deltasOnly=false", "lastChange=0001-01-01T00:00:00.0000000-08:00"}},
		{"FindMembership", PathSharing, "Initial", func(c *Client) error { _, err := c.FindMembership(ctx); return err },
			[]string{"serviceFilter/Types/ServiceType=Messenger", "View=Full"}},
		{"ABContactAdd", PathAB, "ContactSave", func(c *Client) error { _, err := c.AddContact(ctx, "dave@example.com", "Dave & <Co>"); return err },
			[]string{"abId=00000000-0000-0000-0000-000000000000",
				"contacts/Contact/contactInfo/contactType=LivePending",
				"contacts/Contact/contactInfo/passportName=dave@example.com",
				"contacts/Contact/contactInfo/isMessengerUser=true",
				"contacts/Contact/contactInfo/MessengerMemberInfo/DisplayName=Dave & <Co>",
				"options/EnableAllowListManagement=true"}},
		{"ABContactDelete", PathAB, "Timer", func(c *Client) error { return c.DeleteContact(ctx, cidBob) },
			[]string{"abId=00000000-0000-0000-0000-000000000000", "contacts/Contact/contactId=" + cidBob}},
		{"AddMember", PathSharing, "BlockUnblock", func(c *Client) error { return c.AddMember(ctx, "Block", "bob@example.com") },
			[]string{"serviceHandle/Id=0", "serviceHandle/Type=Messenger", "serviceHandle/ForeignId=",
				"memberships/Membership/MemberRole=Block",
				"memberships/Membership/Members/Member/Type=Passport",
				"memberships/Membership/Members/Member/State=Accepted",
				"memberships/Membership/Members/Member/PassportName=bob@example.com"}},
		{"DeleteMember", PathSharing, "BlockUnblock", func(c *Client) error { return c.DeleteMember(ctx, "Allow", "bob@example.com") },
			[]string{"serviceHandle/Id=0", "serviceHandle/Type=Messenger", "serviceHandle/ForeignId=",
				"memberships/Membership/MemberRole=Allow",
				"memberships/Membership/Members/Member/Type=Passport",
				"memberships/Membership/Members/Member/State=Accepted",
				"memberships/Membership/Members/Member/PassportName=bob@example.com"}},
		{"ABGroupAdd", PathAB, "GroupSave", func(c *Client) error { _, err := c.AddGroup(ctx, "Work & Play"); return err },
			[]string{"abId=00000000-0000-0000-0000-000000000000",
				"groupAddOptions/fRenameOnMsgrConflict=false",
				"groupInfo/GroupInfo/name=Work & Play",
				"groupInfo/GroupInfo/groupType=C8529CE2-6EAD-434d-881F-341E17DB3FF8",
				"groupInfo/GroupInfo/fMessenger=false",
				"groupInfo/GroupInfo/annotations/Annotation/Name=MSN.IM.Display",
				"groupInfo/GroupInfo/annotations/Annotation/Value=1"}},
		{"ABGroupUpdate", PathAB, "GroupSave", func(c *Client) error { return c.RenameGroup(ctx, gidFriends, "Best friends") },
			[]string{"abId=00000000-0000-0000-0000-000000000000",
				"groups/Group/groupId=" + gidFriends, "groups/Group/groupInfo/name=Best friends", "groups/Group/propertiesChanged=GroupName"}},
		{"ABGroupDelete", PathAB, "GroupSave", func(c *Client) error { return c.DeleteGroup(ctx, gidFriends) },
			[]string{"abId=00000000-0000-0000-0000-000000000000", "groupFilter/groupIds/guid=" + gidFriends}},
		{"ABGroupContactAdd", PathAB, "GroupSave", func(c *Client) error { return c.AddToGroup(ctx, gidFriends, cidBob) },
			[]string{"abId=00000000-0000-0000-0000-000000000000", "groupFilter/groupIds/guid=" + gidFriends, "contacts/Contact/contactId=" + cidBob}},
		{"ABGroupContactDelete", PathAB, "GroupSave", func(c *Client) error { return c.RemoveFromGroup(ctx, gidFriends, cidBob) },
			[]string{"abId=00000000-0000-0000-0000-000000000000", "contacts/Contact/contactId=" + cidBob, "groupFilter/groupIds/guid=" + gidFriends}},
	} {
		t.Run(tc.op, func(t *testing.T) {
			f, c := newFake(t, func(path, action string) (int, string) {
				switch tc.op {
				case "ABFindAll":
					return 200, `<Envelope><Body><ABFindAllResponse><ABFindAllResult/></ABFindAllResponse></Body></Envelope>`
				case "FindMembership":
					return 200, findMembershipDoc()
				case "ABContactAdd", "ABGroupAdd":
					return 200, okResponse(tc.op, cidBob)
				}
				return 200, okResponse(tc.op, "")
			})
			if err := tc.call(c); err != nil {
				t.Fatal(err)
			}
			req := f.last(t)
			if req.path != tc.path || req.action != `"http://www.msn.com/webservices/AddressBook/`+tc.op+`"` {
				t.Errorf("posted to %s with SOAPAction %s", req.path, req.action)
			}
			if !strings.HasPrefix(req.contentType, "text/xml") {
				t.Errorf("Content-Type %q", req.contentType)
			}
			if !bytes.Contains(req.body, []byte("&amp;p=</TicketToken>")) {
				t.Errorf("ticket not escaped in %s", req.body)
			}
			root := parseTree(t, req.body)
			if root.name != (xml.Name{Space: nsSOAP, Local: "Envelope"}) {
				t.Errorf("root %v", root.name)
			}
			app, auth := root.at("Header/ABApplicationHeader"), root.at("Header/ABAuthHeader")
			if app == nil || auth == nil || app.name.Space != nsAB || auth.name.Space != nsAB {
				t.Fatalf("headers missing or in the wrong namespace:\n%s", req.body)
			}
			wantHeaders := []string{
				"ABApplicationHeader/ApplicationId=" + applicationID, "ABApplicationHeader/IsMigration=false",
				"ABApplicationHeader/PartnerScenario=" + tc.scenario,
				"ABAuthHeader/ManagedGroupRequest=false", "ABAuthHeader/TicketToken=" + testTicket,
			}
			if got := root.at("Header").leaves(); !reflect.DeepEqual(got, wantHeaders) {
				t.Errorf("headers\n got %q\nwant %q", got, wantHeaders)
			}
			body := root.at("Body")
			if len(body.children) != 1 {
				t.Fatalf("Body has %d children", len(body.children))
			}
			op := body.children[0]
			if op.name != (xml.Name{Space: nsAB, Local: tc.op}) {
				t.Errorf("operation element %v", op.name)
			}
			if got := op.leaves(); !reflect.DeepEqual(got, tc.leaves) {
				t.Errorf("operation\n got %q\nwant %q", got, tc.leaves)
			}
			if m := op.at("memberships/Membership/Members/Member"); m != nil {
				if v := m.attr(nsXSI, "type"); v != "PassportMember" {
					t.Errorf("Member xsi:type %q", v)
				}
			}
		})
	}
}

// FindAll's request is the captured one, namespaces, headers and body,
// but for the ticket.
func TestFindAllRequestMatchesCapture(t *testing.T) {
	captured := readCaptured(t, "02-abservice_abservice.asmx.request.xml")
	want := parseTree(t, captured)
	ticket := want.value(t, "Header/ABAuthHeader/TicketToken")
	mine := parseTree(t, envelope(ticket, scenarioInitial, buildFindAll()))
	if g, w := mine.leaves(), want.leaves(); !reflect.DeepEqual(g, w) {
		t.Errorf("leaves\n got %q\nwant %q", g, w)
	}
	if g, w := names(mine), names(want); !reflect.DeepEqual(g, w) {
		t.Errorf("elements\n got %v\nwant %v", g, w)
	}
}

// names lists every element's namespace and local name in document order.
func names(n *node) []xml.Name {
	out := []xml.Name{n.name}
	for _, c := range n.children {
		out = append(out, names(c)...)
	}
	return out
}

// Arguments that cannot be sent are refused before any request.
func TestArgumentsRefused(t *testing.T) {
	ctx := context.Background()
	f, c := newFake(t, func(string, string) (int, string) { return 200, okResponse("X", "") })
	for _, tc := range []struct {
		name string
		call func() error
		want string
	}{
		{"empty email", func() error { _, err := c.AddContact(ctx, "", "x"); return err }, "no email"},
		{"email without @", func() error { _, err := c.AddContact(ctx, "bob.example.com", ""); return err }, "invalid email"},
		{"email without dot", func() error { return c.AddMember(ctx, "Allow", "bob@localhost") }, "invalid email"},
		{"email with space", func() error { return c.DeleteMember(ctx, "Allow", "bob @example.com") }, "invalid email"},
		{"name with newline", func() error { _, err := c.AddContact(ctx, "bob@example.com", "a\nb"); return err }, "control characters"},
		{"name not UTF-8", func() error { _, err := c.AddGroup(ctx, "\xff"); return err }, "not UTF-8"},
		{"empty group name", func() error { _, err := c.AddGroup(ctx, ""); return err }, "empty group name"},
		{"bad role", func() error { return c.AddMember(ctx, "Reverse", "bob@example.com") }, "role"},
		{"Pending is not added", func() error { return c.AddMember(ctx, "Pending", "bob@example.com") }, "role"},
		{"bad contact id", func() error { return c.DeleteContact(ctx, "bob@example.com") }, "not a GUID"},
		{"bad group id", func() error { return c.RenameGroup(ctx, "Friends", "x") }, "not a GUID"},
		{"group id with markup", func() error { return c.AddToGroup(ctx, "<x/>", cidBob) }, "not a GUID"},
		{"no ticket", func() error { c2 := *c; c2.Ticket = ""; _, err := c2.FindAll(ctx); return err }, "no ticket"},
		{"ticket with space", func() error { c2 := *c; c2.Ticket = "t=a b&p="; _, err := c2.FindAll(ctx); return err }, "white space"},
		{"no SOAP client", func() error { var c2 Client; return c2.DeleteGroup(ctx, gidFriends) }, "no SOAP client"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.call()
			if err == nil || !strings.Contains(err.Error(), tc.want) || !strings.HasPrefix(err.Error(), "ab: ") {
				t.Errorf("got %v, want an error with %q", err, tc.want)
			}
		})
	}
	if n := f.count(); n != 0 {
		t.Errorf("%d requests were sent", n)
	}
}

package ab

import (
	"context"
	"errors"
	"net/http"
	"reflect"
	"strings"
	"testing"

	"github.com/msn-cli/msn/client/soap"
)

func TestClientResults(t *testing.T) {
	ctx := context.Background()
	_, c := newFake(t, func(path, action string) (int, string) {
		switch op := strings.TrimPrefix(strings.Trim(action, `"`), ActionPrefix); op {
		case "FindMembership":
			return 200, findMembershipDoc(service("Messenger", []string{"Block", passportMember("Block", uuidDave, "dave@example.com")}))
		case "ABContactAdd":
			return 200, okResponse(op, uuidDave)
		case "ABGroupAdd":
			return 200, okResponse(op, gidFriends)
		}
		return 200, okResponse("X", "")
	})
	id, err := c.AddContact(ctx, "dave@example.com", "")
	if err != nil || id != uuidDave {
		t.Errorf("AddContact: %q, %v", id, err)
	}
	gid, err := c.AddGroup(ctx, "Friends")
	if err != nil || gid != gidFriends {
		t.Errorf("AddGroup: %q, %v", gid, err)
	}
	m, err := c.FindMembership(ctx)
	if err != nil || !reflect.DeepEqual(m, &Membership{Block: []string{"dave@example.com"}}) {
		t.Errorf("FindMembership: %+v, %v", m, err)
	}
}

// The service's faults become the sentinels, whatever the HTTP status,
// and the error still wraps the fault.
func TestFaultsMapToSentinels(t *testing.T) {
	ctx := context.Background()
	for _, tc := range []struct {
		code   string
		status int
		call   func(c *Client) error
		want   error
	}{
		{"ContactAlreadyExists", 500, func(c *Client) error { _, err := c.AddContact(ctx, "bob@example.com", ""); return err }, ErrExists},
		{"GroupAlreadyExists", 500, func(c *Client) error { _, err := c.AddGroup(ctx, "Friends"); return err }, ErrExists},
		{"GroupAlreadyExists", 500, func(c *Client) error { return c.RenameGroup(ctx, gidFriends, "Friends") }, ErrExists},
		{"MemberAlreadyExists", 500, func(c *Client) error { return c.AddMember(ctx, "Allow", "bob@example.com") }, ErrExists},
		{"ContactDoesNotExist", 500, func(c *Client) error { return c.DeleteContact(ctx, cidBob) }, ErrNotFound},
		{"ContactDoesNotExist", 500, func(c *Client) error { return c.AddToGroup(ctx, gidFriends, cidBob) }, ErrNotFound},
		{"GroupDoesNotExist", 500, func(c *Client) error { return c.DeleteGroup(ctx, gidFriends) }, ErrNotFound},
		{"MemberDoesNotExist", 500, func(c *Client) error { return c.DeleteMember(ctx, "Block", "bob@example.com") }, ErrNotFound},
		{"InvalidPassportUser", 500, func(c *Client) error { _, err := c.AddContact(ctx, "nobody@example.com", ""); return err }, ErrNoSuchUser},
		{"UserDoesNotExist", 500, func(c *Client) error { return c.AddMember(ctx, "Block", "nobody@example.com") }, ErrNoSuchUser},
		{"ContactAlreadyExists", 200, func(c *Client) error { _, err := c.AddContact(ctx, "bob@example.com", ""); return err }, ErrExists},
		{"FullSyncRequired", 200, func(c *Client) error { _, err := c.FindAll(ctx); return err }, nil},
		{"BadEmailArgument", 500, func(c *Client) error { _, err := c.AddContact(ctx, "bob@example.com", ""); return err }, nil},
	} {
		t.Run(tc.code, func(t *testing.T) {
			_, c := newFake(t, func(path, action string) (int, string) {
				return tc.status, faultResponse("Op", tc.code, "Something "+tc.code)
			})
			err := tc.call(c)
			var f *soap.Fault
			if !errors.As(err, &f) || FaultCode(f) != tc.code {
				t.Fatalf("got %v, want a fault with code %s", err, tc.code)
			}
			for _, s := range []error{ErrExists, ErrNotFound, ErrNoSuchUser, ErrNoSession} {
				if errors.Is(err, s) != (s == tc.want) {
					t.Errorf("errors.Is(%v, %v) = %v", err, s, !(s == tc.want))
				}
			}
			if !strings.HasPrefix(err.Error(), "ab: ") || !strings.Contains(err.Error(), tc.code) {
				t.Errorf("error text %q", err)
			}
			if strings.Contains(err.Error(), "0123456789abcdef") {
				t.Errorf("error shows the ticket: %q", err)
			}
		})
	}
}

// Escargot answers a ticket with no live NS session with HTTP 403 and no
// fault; a refusal without a fault is a plain *soap.HTTPError.
func TestHTTPRefusals(t *testing.T) {
	ctx := context.Background()
	_, c := newFake(t, func(string, string) (int, string) { return http.StatusForbidden, "403: Forbidden" })
	_, err := c.FindAll(ctx)
	var he *soap.HTTPError
	if !errors.Is(err, ErrNoSession) || !errors.As(err, &he) || he.Status != 403 {
		t.Fatalf("got %v", err)
	}
	if !strings.Contains(err.Error(), "not logged in") || strings.Contains(err.Error(), "0123456789abcdef") {
		t.Errorf("error text %q", err)
	}

	_, c = newFake(t, func(string, string) (int, string) {
		return http.StatusInternalServerError, "500: Internal Server Error"
	})
	err = c.DeleteGroup(ctx, gidFriends)
	if !errors.As(err, &he) || he.Status != 500 || errors.Is(err, ErrNotFound) || errors.Is(err, ErrNoSession) {
		t.Errorf("got %v", err)
	}
}

// A success answer that lacks what the operation returns is an error.
func TestMalformedAnswers(t *testing.T) {
	ctx := context.Background()
	for _, tc := range []struct {
		name, body string
		call       func(c *Client) error
		want       string
	}{
		{"no guid", okResponse("ABContactAdd", ""), func(c *Client) error { _, err := c.AddContact(ctx, "a@b.c", ""); return err }, "no ABContactAddResult>guid"},
		{"guid with markup", okResponse("ABGroupAdd", "<b>x</b>"), func(c *Client) error { _, err := c.AddGroup(ctx, "x"); return err }, "no ABGroupAddResult>guid"},
		{"guid text", okResponse("ABGroupAdd", "friends"), func(c *Client) error { _, err := c.AddGroup(ctx, "x"); return err }, "not a GUID"},
		{"no result", okResponse("ABFindAll", ""), func(c *Client) error { _, err := c.FindAll(ctx); return err }, "no ABFindAllResult"},
		{"not XML", "hello", func(c *Client) error { _, err := c.FindMembership(ctx); return err }, "no FindMembershipResult"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, c := newFake(t, func(string, string) (int, string) { return 200, tc.body })
			err := tc.call(c)
			if err == nil || !strings.Contains(err.Error(), tc.want) || !strings.HasPrefix(err.Error(), "ab: ") {
				t.Errorf("got %v, want an error with %q", err, tc.want)
			}
		})
	}
}

func TestFaultCode(t *testing.T) {
	for _, tc := range []struct {
		f    soap.Fault
		want string
	}{
		{soap.Fault{Code: "soap:Client", Detail: `<errorcode xmlns="x">GroupAlreadyExists</errorcode><errorstring>…</errorstring>`}, "GroupAlreadyExists"},
		{soap.Fault{Code: "soap:Client", Detail: `<ab:errorcode> MemberDoesNotExist </ab:errorcode>`}, "MemberDoesNotExist"},
		{soap.Fault{Code: "q0:AuthenticationFailed"}, "AuthenticationFailed"},
		{soap.Fault{Code: "S:Sender/wst:FailedAuthentication"}, "FailedAuthentication"},
		{soap.Fault{Code: "soap:Client", Detail: `<errorcode`}, "Client"},
	} {
		if got := FaultCode(&tc.f); got != tc.want {
			t.Errorf("FaultCode(%+v) = %q, want %q", tc.f, got, tc.want)
		}
	}
}

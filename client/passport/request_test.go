package passport

import (
	"bytes"
	"encoding/xml"
	"io"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/msn-cli/msn/client/internal/transcript"
)

func TestTWNRequests(t *testing.T) {
	got := TWNRequests("ct=1,rver=1,wp=FS_40SEC_0_COMPACT,lc=1,id=1")
	want := []TokenRequest{
		{Address: "http://Passport.NET/tb"},
		{Address: "messenger.msn.com", Policy: "?ct=1&rver=1&wp=FS_40SEC_0_COMPACT&lc=1&id=1"},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("TWNRequests = %+v, want %+v", got, want)
	}
	if p := TWNRequests("?id=1")[1].Policy; p != "?id=1" {
		t.Errorf("policy with its own '?' became %q", p)
	}
}

func TestSSORequests(t *testing.T) {
	got := SSORequests("MBI_KEY_OLD")
	want := []TokenRequest{
		{"http://Passport.NET/tb", ""},
		{"messengerclear.live.com", "MBI_KEY_OLD"},
		{"messenger.msn.com", "?id=507"},
		{"contacts.msn.com", "MBI"},
		{"messengersecure.live.com", "MBI_SSL"},
		{"spaces.live.com", "MBI"},
		{"storage.msn.com", "MBI"},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("SSORequests = %+v, want %+v", got, want)
	}
}

// parsedRequest is what a token server reads from a request, plus the
// sequence of element names, to compare shapes.
type parsedRequest struct {
	user, password string
	reqs           []TokenRequest
	elements       []string // "namespace local" of every element, in order
}

func parseRequest(t *testing.T, body []byte) parsedRequest {
	t.Helper()
	var p parsedRequest
	var stack []string
	var text strings.Builder
	d := xml.NewDecoder(bytes.NewReader(body))
	for {
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("request is not well-formed XML: %v", err)
		}
		switch tt := tok.(type) {
		case xml.StartElement:
			stack = append(stack, tt.Name.Local)
			p.elements = append(p.elements, tt.Name.Space+" "+tt.Name.Local)
			text.Reset()
			switch tt.Name.Local {
			case "RequestSecurityToken":
				p.reqs = append(p.reqs, TokenRequest{})
			case "PolicyReference":
				for _, a := range tt.Attr {
					if a.Name.Local == "URI" {
						p.reqs[len(p.reqs)-1].Policy = a.Value
					}
				}
			}
		case xml.CharData:
			text.Write(tt)
		case xml.EndElement:
			switch tt.Name.Local {
			case "Username":
				p.user = text.String()
			case "Password":
				p.password = text.String()
			case "Address":
				p.reqs[len(p.reqs)-1].Address = text.String()
			}
			stack = stack[:len(stack)-1]
		}
	}
	return p
}

// BuildRequest produces the same elements, in the same namespaces and
// order, as the requests that Escargot accepted in the captured sessions,
// and TWNRequests/SSORequests produce the same token lists.
func TestBuildRequestMatchesCaptured(t *testing.T) {
	for _, name := range transcript.Captures(t, "soap/*/*RST*.request.xml") {
		rel, _ := filepath.Rel(transcript.EscargotDir(t), name)
		captured := parseRequest(t, readCaptured(t, rel))
		ours := parseRequest(t, BuildRequest(captured.user, captured.password, captured.reqs))
		if !reflect.DeepEqual(ours, captured) {
			t.Errorf("%s: BuildRequest differs from the capture\n ours     %+v\n captured %+v", rel, ours, captured)
		}
		want := SSORequests("MBI_KEY_OLD")
		if strings.Contains(rel, "msnp12") {
			want = TWNRequests("ct=1,rver=1,wp=FS_40SEC_0_COMPACT,lc=1,id=1")
		}
		if !reflect.DeepEqual(captured.reqs, want) {
			t.Errorf("%s: captured token list %+v, ours %+v", rel, captured.reqs, want)
		}
	}
}

func TestBuildRequestEscaping(t *testing.T) {
	for _, tt := range []struct{ user, password, policy string }{
		{"alice@example.com", `<&"'>`, "MBI_KEY_OLD"},
		{"a&b@example.com", "]]><![CDATA[x", `?a=1&b="2"`},
		{"ünïcødé@example.com", "pässwörd €", "?id=507"},
		{"bob@example.com", "a&amp;b &lt; &#60;", ""},
		{"tab@example.com", "with\ttab and\nnewline", "x'y"},
	} {
		reqs := []TokenRequest{{Address: AddrPassport}, {Address: AddrMessengerClear, Policy: tt.policy}}
		p := parseRequest(t, BuildRequest(tt.user, tt.password, reqs))
		if p.user != tt.user || p.password != tt.password {
			t.Errorf("round trip of %q / %q gave %q / %q", tt.user, tt.password, p.user, p.password)
		}
		if !reflect.DeepEqual(p.reqs, reqs) {
			t.Errorf("round trip of %+v gave %+v", reqs, p.reqs)
		}
	}
}

package soap

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/msn-cli/msn/client/internal/transcript"
)

// Every captured 2xx/5xx body is classified correctly: the successful
// Passport responses declare a namespace ending in "SOAPFault" (the psf
// prefix) but have no Fault element, so a text search would misfire.
func TestFindFaultCaptured(t *testing.T) {
	files := transcript.Captures(t, "soap/*/*.response.*.xml")
	faults := map[string]string{
		"07-RST.srf.response.200.xml":        "wsse:FailedAuthentication",
		"02-OimWS_oim.asmx.response.500.xml": "q0:AuthenticationFailed",
	}
	for _, name := range files {
		body, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		f := FindFault(body)
		want, isFault := faults[filepath.Base(name)]
		switch {
		case isFault && f == nil:
			t.Errorf("%s: no fault found", name)
		case isFault && f.Code != want:
			t.Errorf("%s: code %q, want %q", name, f.Code, want)
		case !isFault && f != nil:
			t.Errorf("%s: unexpected fault %+v", name, *f)
		}
	}
}

func TestFindFaultForms(t *testing.T) {
	tests := []struct {
		name string
		body string
		want *Fault
	}{
		{"not xml", "500 Internal Server Error", nil},
		{"empty", "", nil},
		{"no fault", `<s:Envelope xmlns:s="urn:s"><s:Body><Ok/></s:Body></s:Envelope>`, nil},
		{"no prefix", `<Envelope><Body><Fault><faultcode>Client</faultcode><faultstring> Invalid
		Request </faultstring></Fault></Body></Envelope>`, &Fault{Code: "Client", Message: "Invalid\n\t\tRequest"}},
		{"latin-1 label", `<?xml version="1.0" encoding="ISO-8859-1"?><a:Fault xmlns:a="urn:a"><faultcode>x</faultcode></a:Fault>`, &Fault{Code: "x"}},
		{"truncated", `<S:Envelope xmlns:S="urn:s"><S:Fault><faultcode>S:Server</faultcode>`, &Fault{Code: "S:Server"}},
		{"soap12 no subcode", `<e:Fault xmlns:e="http://www.w3.org/2003/05/soap-envelope"><e:Code><e:Value>e:Receiver</e:Value></e:Code><e:Reason><e:Text xml:lang="en"></e:Text><e:Text>down</e:Text></e:Reason></e:Fault>`, &Fault{Code: "e:Receiver", Message: "down"}},
		{"detail", `<Fault><faultcode>c</faultcode><detail> <a>1</a> </detail></Fault>`, &Fault{Code: "c", Detail: "<a>1</a>"}},
	}
	for _, tt := range tests {
		got := FindFault([]byte(tt.body))
		switch {
		case tt.want == nil && got != nil:
			t.Errorf("%s: got %+v, want none", tt.name, *got)
		case tt.want != nil && got == nil:
			t.Errorf("%s: no fault found", tt.name)
		case tt.want != nil && *got != *tt.want:
			t.Errorf("%s: got %+v, want %+v", tt.name, *got, *tt.want)
		}
	}
}

func TestFaultErrorOneLine(t *testing.T) {
	f := &Fault{HTTPStatus: 500, Code: "soap:Client", Message: "Schema\r\nvalidation   error"}
	if got := f.Error(); got != "soap: fault soap:Client (http 500): Schema validation error" {
		t.Errorf("Error() = %q", got)
	}
	if got := (&Fault{}).Error(); got != "soap: fault" {
		t.Errorf("empty fault Error() = %q", got)
	}
	if !strings.HasPrefix((&HTTPError{Status: 403, Path: "/ab"}).Error(), "soap: /ab: http 403") {
		t.Error("HTTPError text")
	}
}

package msntest

import (
	"crypto/tls"
	"crypto/x509"
	"encoding/base64"
	"encoding/xml"
	"net/http"
	"regexp"
	"strings"
	"testing"
)

// envelope reads where a Fault sits and which namespace the envelope has.
type envelope struct {
	XMLName xml.Name
	Fault   *struct {
		Code string `xml:"faultcode"`
	} `xml:"Fault"`
	BodyFault *struct {
		Code11  string `xml:"faultcode"`
		String  string `xml:"faultstring"`
		Subcode string `xml:"Code>Subcode>Value"`
		Reason  string `xml:"Reason>Text"`
	} `xml:"Body>Fault"`
}

func TestRSTTokens(t *testing.T) {
	for _, tc := range []struct {
		path, envNS, lifetime string
	}{
		{"/RST.srf", "http://schemas.xmlsoap.org/soap/envelope/", "<wst:LifeTime>"},
		{"/RST2.srf", "http://www.w3.org/2003/05/soap-envelope", "<wst:Lifetime>"},
	} {
		t.Run(tc.path, func(t *testing.T) {
			s := newTestServer(t, Options{})
			addrs := []string{"messenger.msn.com", "http://Passport.NET/tb", "messengerclear.live.com", "contacts.msn.com"}
			status, data := postRST(t, s, tc.path, rstRequestBody("alice@example.com", "alice123", addrs))
			if status != http.StatusOK {
				t.Fatalf("http %d", status)
			}
			var r rstResponse
			if err := xml.Unmarshal(data, &r); err != nil {
				t.Fatal(err)
			}
			if r.XMLName.Space != tc.envNS {
				t.Errorf("envelope namespace %q, want %q", r.XMLName.Space, tc.envNS)
			}
			if !strings.Contains(string(data), tc.lifetime) {
				t.Errorf("no %s element", tc.lifetime)
			}
			if len(r.Responses) != len(addrs) {
				t.Fatalf("%d responses, want %d", len(r.Responses), len(addrs))
			}
			ticketRe := regexp.MustCompile(`^t=([0-9a-f]{20})Y6\+H31sTUOFkqjNTDY[A-Za-z0-9+/=]+&p=$`)
			token := ""
			for i, resp := range r.Responses {
				if resp.Address != addrs[i] {
					t.Errorf("response %d for %q, want %q (request order)", i, resp.Address, addrs[i])
				}
				switch resp.Address {
				case "http://Passport.NET/tb":
					if resp.Token.Value != "" || resp.Secret != staticTBSecret {
						t.Errorf("Passport.NET/tb: token %q secret %q", resp.Token.Value, resp.Secret)
					}
					continue
				case "messengerclear.live.com":
					key, err := base64.StdEncoding.DecodeString(resp.Secret)
					if err != nil || len(key) != 24 {
						t.Errorf("messengerclear secret %q is not 24 bytes of base64", resp.Secret)
					}
				default:
					if resp.Secret != "" {
						t.Errorf("%s has a proof token", resp.Address)
					}
				}
				if want := "Compact" + itoa(i+1); resp.Token.ID != want {
					t.Errorf("%s: Id %q, want %q", resp.Address, resp.Token.ID, want)
				}
				m := ticketRe.FindStringSubmatch(resp.Token.Value)
				if m == nil {
					t.Fatalf("%s: ticket %.60q has the wrong shape", resp.Address, resp.Token.Value)
				}
				if token != "" && m[1] != token {
					t.Errorf("%s: token %s differs from %s", resp.Address, m[1], token)
				}
				token = m[1]
				if len(resp.Token.Value) != 1053 {
					t.Errorf("ticket is %d bytes, Escargot's are 1053", len(resp.Token.Value))
				}
			}
			if !strings.Contains(string(data), "&amp;p=") {
				t.Error("& is not escaped in the tickets")
			}
			// A second request gives a fresh token.
			tickets, _ := getTickets(t, s, tc.path, "alice@example.com", "alice123", addrs)
			if strings.Contains(tickets["messenger.msn.com"], token) {
				t.Error("second request reused the token")
			}
		})
	}
}

func TestRSTFaults(t *testing.T) {
	s := newTestServer(t, Options{})
	cases := []struct {
		name, path, body string
		underBody        bool
		code             string
	}{
		{"wrong password", "/RST.srf", rstRequestBody("alice@example.com", "nope", twnAddresses), false, "wsse:FailedAuthentication"},
		{"unknown user", "/RST.srf", rstRequestBody("nobody@example.com", "nobody123", twnAddresses), false, "wsse:FailedAuthentication"},
		{"case differs", "/RST.srf", rstRequestBody("Alice@example.com", "alice123", twnAddresses), false, "wsse:FailedAuthentication"},
		{"wrong password 2", "/RST2.srf", rstRequestBody("alice@example.com", "nope", ssoAddresses), true, "wst:FailedAuthentication"},
		{"malformed", "/RST.srf", "<Envelope><Body>", false, "S:Client"},
		{"not xml", "/RST.srf", "", false, "S:Client"},
		{"malformed 2", "/RST2.srf", "<Envelope><Body>", true, "wst:InvalidRequest"},
	}
	for _, tc := range cases {
		status, data := postRST(t, s, tc.path, tc.body)
		if status != http.StatusOK {
			t.Errorf("%s: http %d, want 200", tc.name, status)
		}
		var env envelope
		if err := xml.Unmarshal(data, &env); err != nil {
			t.Fatalf("%s: %v\n%s", tc.name, err, data)
		}
		var code string
		switch {
		case tc.underBody && env.BodyFault != nil:
			code = env.BodyFault.Subcode
		case !tc.underBody && env.Fault != nil:
			code = env.Fault.Code
		default:
			t.Errorf("%s: fault not where expected (under Body: %v):\n%s", tc.name, tc.underBody, data)
			continue
		}
		if code != tc.code {
			t.Errorf("%s: code %q, want %q", tc.name, code, tc.code)
		}
	}
	if got := s.SOAPRequests("/RST.srf"); got != 5 {
		t.Errorf("SOAPRequests(/RST.srf) = %d, want 5", got)
	}
	if got := s.SOAPTotal(); got != len(cases) {
		t.Errorf("SOAPTotal = %d, want %d", got, len(cases))
	}
}

func TestHTTPRouting(t *testing.T) {
	s := newTestServer(t, Options{})
	for _, path := range []string{"//RST.srf", "/rst.srf", "/storageservice/SchematizedStore.asmx", "/"} {
		status, _ := postRST(t, s, path, rstRequestBody("alice@example.com", "alice123", twnAddresses))
		if status != http.StatusNotFound {
			t.Errorf("%s: http %d, want 404", path, status)
		}
	}
	resp, err := s.HTTPClient().Get(s.ServicesURL() + "/RST.srf")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusMethodNotAllowed {
		t.Errorf("GET /RST.srf: http %d", resp.StatusCode)
	}
	if s.SOAPRequests("//RST.srf") != 1 || s.SOAPTotal() != 5 {
		t.Errorf("counters: %d %d", s.SOAPRequests("//RST.srf"), s.SOAPTotal())
	}
}

func TestCACertAndPlainHTTP(t *testing.T) {
	s := newTestServer(t, Options{})
	if !strings.HasPrefix(s.ServicesURL(), "https://") {
		t.Fatalf("ServicesURL %q", s.ServicesURL())
	}
	pool := x509.NewCertPool()
	if !pool.AppendCertsFromPEM(s.CACertPEM()) {
		t.Fatal("CACertPEM is not a PEM certificate")
	}
	client := &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool}}}
	resp, err := client.Post(s.ServicesURL()+"/RST.srf", "text/xml", strings.NewReader(rstRequestBody("bob@example.com", "bob123", twnAddresses)))
	if err != nil {
		t.Fatalf("with the CA file: %v", err)
	}
	resp.Body.Close()
	if _, err := http.Post(s.ServicesURL()+"/RST.srf", "text/xml", strings.NewReader("")); err == nil {
		t.Error("an untrusting client connected")
	}

	p := newTestServer(t, Options{PlainHTTP: true})
	if !strings.HasPrefix(p.ServicesURL(), "http://") || p.CACertPEM() != nil {
		t.Fatalf("PlainHTTP: %q, cert %v", p.ServicesURL(), p.CACertPEM() != nil)
	}
	tickets, _ := getTickets(t, p, "/RST.srf", "bob@example.com", "bob123", twnAddresses)
	if tickets["messenger.msn.com"] == "" {
		t.Error("no ticket over plain HTTP")
	}
}

package msntest

import (
	"bufio"
	"bytes"
	"encoding/base64"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/msn-cli/msn/client/msnp"
)

// readTimeout bounds every wait for a line the test expects.
const readTimeout = 5 * time.Second

// newTestServer starts a server with the accounts of the captured
// sessions: alice, bob, carol and dave (whom probe.txt adds); alice's
// contacts bob and carol, bob's contact alice; alice's group Friends
// holding bob.
func newTestServer(t *testing.T, opts Options) *Server {
	t.Helper()
	if opts.Trace == nil && os.Getenv("MSNTEST_TRACE") != "" {
		opts.Trace = os.Stderr
	}
	s, err := New(opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { checkNoHandlerPanics(t, s) })
	t.Cleanup(s.Close) // runs first
	s.AddAccount("alice@example.com", "alice123", "Alice")
	s.AddAccount("bob@example.com", "bob123", "Bob")
	s.AddAccount("carol@example.com", "carol123", "Carol")
	s.AddAccount("dave@example.com", "dave123", "Dave")
	s.AddContact("alice@example.com", "bob@example.com")
	s.AddContact("alice@example.com", "carol@example.com")
	s.AddGroup("alice@example.com", "Friends", "bob@example.com")
	return s
}

// rawClient speaks MSNP to the server line by line, keeping server lines
// byte-exact (LST's trailing space included).
type rawClient struct {
	t       *testing.T
	name    string
	dialect int // set by login
	conn    net.Conn
	br      *bufio.Reader
}

func dial(t *testing.T, addr, name string) *rawClient {
	t.Helper()
	conn, err := net.DialTimeout("tcp", addr, readTimeout)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	return &rawClient{t: t, name: name, conn: conn, br: bufio.NewReader(conn)}
}

// send writes one command line (without CRLF) and its payload, if any.
func (c *rawClient) send(line string, payload ...[]byte) {
	c.t.Helper()
	buf := []byte(line + "\r\n")
	for _, p := range payload {
		buf = append(buf, p...)
	}
	if _, err := c.conn.Write(buf); err != nil {
		c.t.Fatalf("%s: write %q: %v", c.name, line, err)
	}
}

// sendf formats and sends a line.
func (c *rawClient) sendf(format string, args ...any) {
	c.t.Helper()
	c.send(fmt.Sprintf(format, args...))
}

// sendPayload sends `<line> <len>` and the payload.
func (c *rawClient) sendPayload(line string, payload string) {
	c.t.Helper()
	c.send(fmt.Sprintf("%s %d", line, len(payload)), []byte(payload))
}

// read returns the next server line (without CRLF) and its payload (nil
// when the command has none), waiting at most d.
func (c *rawClient) readWithin(d time.Duration) (string, []byte, error) {
	c.conn.SetReadDeadline(time.Now().Add(d))
	defer c.conn.SetReadDeadline(time.Time{})
	line, err := c.br.ReadString('\n')
	if err != nil {
		return "", nil, err
	}
	line = strings.TrimSuffix(strings.TrimSuffix(line, "\n"), "\r")
	_, n, err := msnp.ParseLine(msnp.FromServer, line)
	if err != nil {
		return line, nil, err
	}
	if n < 0 {
		return line, nil, nil
	}
	payload := make([]byte, n)
	if _, err := io.ReadFull(c.br, payload); err != nil {
		return line, nil, err
	}
	return line, payload, nil
}

// read returns the next line and payload or fails the test.
func (c *rawClient) read() (string, []byte) {
	c.t.Helper()
	line, payload, err := c.readWithin(readTimeout)
	if err != nil {
		c.t.Fatalf("%s: reading: %v (line %q)", c.name, err, line)
	}
	return line, payload
}

// expect reads lines until one starts with prefix, failing on timeout.
// Lines skipped on the way are returned too.
func (c *rawClient) expect(prefix string) (string, []byte) {
	c.t.Helper()
	for {
		line, payload := c.read()
		if strings.HasPrefix(line, prefix) {
			return line, payload
		}
	}
}

// expectNext reads one line and checks its prefix.
func (c *rawClient) expectNext(prefix string) (string, []byte) {
	c.t.Helper()
	line, payload := c.read()
	if !strings.HasPrefix(line, prefix) {
		c.t.Fatalf("%s: got %q, want a line starting %q", c.name, line, prefix)
	}
	return line, payload
}

// expectQuiet checks that nothing arrives within d.
func (c *rawClient) expectQuiet(d time.Duration) {
	c.t.Helper()
	line, _, err := c.readWithin(d)
	if err == nil {
		c.t.Fatalf("%s: unexpected line %q", c.name, line)
	}
	var ne net.Error
	if !errors.As(err, &ne) || !ne.Timeout() {
		c.t.Fatalf("%s: expected silence, got %v", c.name, err)
	}
}

// expectClosed checks that the server closes the connection, with no
// further line, within readTimeout.
func (c *rawClient) expectClosed() {
	c.t.Helper()
	line, _, err := c.readWithin(readTimeout)
	if err == nil {
		c.t.Fatalf("%s: unexpected line %q, want the connection closed", c.name, line)
	}
	var ne net.Error
	if errors.As(err, &ne) && ne.Timeout() {
		c.t.Fatalf("%s: connection still open", c.name)
	}
}

// rstResponse is what a test reads from an RST response.
type rstResponse struct {
	XMLName   xml.Name
	Responses []struct {
		Address string `xml:"AppliesTo>EndpointReference>Address"`
		Token   struct {
			ID    string `xml:"Id,attr"`
			Value string `xml:",chardata"`
		} `xml:"RequestedSecurityToken>BinarySecurityToken"`
		Secret string `xml:"RequestedProofToken>BinarySecret"`
	} `xml:"Body>RequestSecurityTokenResponseCollection>RequestSecurityTokenResponse"`
}

// ssoAddresses are the tokens the captured MSNP15/18 clients asked for.
var ssoAddresses = []string{
	"http://Passport.NET/tb", "messengerclear.live.com", "messenger.msn.com",
	"contacts.msn.com", "messengersecure.live.com", "spaces.live.com", "storage.msn.com",
}

// twnAddresses are the tokens the captured MSNP12 client asked for.
var twnAddresses = []string{"http://Passport.NET/tb", "messenger.msn.com"}

// rstRequestBody is a RequestMultipleSecurityTokens written for the tests.
func rstRequestBody(user, password string, addresses []string) string {
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?>
<Envelope xmlns="http://schemas.xmlsoap.org/soap/envelope/" xmlns:wsse="http://schemas.xmlsoap.org/ws/2003/06/secext" xmlns:wsp="http://schemas.xmlsoap.org/ws/2002/12/policy" xmlns:wsa="http://schemas.xmlsoap.org/ws/2004/03/addressing" xmlns:wst="http://schemas.xmlsoap.org/ws/2004/04/trust">
<Header><wsse:Security><wsse:UsernameToken Id="user">`)
	fmt.Fprintf(&b, "<wsse:Username>%s</wsse:Username><wsse:Password>%s</wsse:Password>", xmlEscape(user), xmlEscape(password))
	b.WriteString(`</wsse:UsernameToken></wsse:Security></Header>
<Body><ps:RequestMultipleSecurityTokens xmlns:ps="http://schemas.microsoft.com/Passport/SoapServices/PPCRL" Id="RSTS">`)
	for i, a := range addresses {
		fmt.Fprintf(&b, `<wst:RequestSecurityToken Id="RST%d"><wst:RequestType>http://schemas.xmlsoap.org/ws/2004/04/security/trust/Issue</wst:RequestType><wsp:AppliesTo><wsa:EndpointReference><wsa:Address>%s</wsa:Address></wsa:EndpointReference></wsp:AppliesTo></wst:RequestSecurityToken>`, i, xmlEscape(a))
	}
	b.WriteString(`</ps:RequestMultipleSecurityTokens></Body></Envelope>`)
	return b.String()
}

func xmlEscape(s string) string {
	var b bytes.Buffer
	xml.EscapeText(&b, []byte(s))
	return b.String()
}

// soapResponse is one answer of a SOAP service.
type soapResponse struct {
	status int
	ctype  string
	body   []byte
}

// postSOAP posts body to path with the SOAPAction action.
func postSOAP(t *testing.T, s *Server, path, action string, body []byte) soapResponse {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, s.ServicesURL()+path, bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "text/xml; charset=utf-8")
	req.Header.Set("SOAPAction", `"`+action+`"`)
	resp, err := s.HTTPClient().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return soapResponse{resp.StatusCode, resp.Header.Get("Content-Type"), data}
}

// postRST posts a request to path and returns the raw response body.
func postRST(t *testing.T, s *Server, path, body string) (int, []byte) {
	t.Helper()
	resp, err := s.HTTPClient().Post(s.ServicesURL()+path, "text/xml; charset=utf-8", strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, data
}

// getTickets logs in over path and returns the ticket for each address
// (unescaped) and the messengerclear.live.com BinarySecret.
func getTickets(t *testing.T, s *Server, path, user, password string, addresses []string) (map[string]string, string) {
	t.Helper()
	status, data := postRST(t, s, path, rstRequestBody(user, password, addresses))
	if status != http.StatusOK {
		t.Fatalf("%s: http %d", path, status)
	}
	var r rstResponse
	if err := xml.Unmarshal(data, &r); err != nil {
		t.Fatalf("%s: %v\n%s", path, err, data)
	}
	tickets := map[string]string{}
	secret := ""
	for _, resp := range r.Responses {
		tickets[resp.Address] = resp.Token.Value
		if resp.Address == "messengerclear.live.com" {
			secret = resp.Secret
		}
	}
	return tickets, secret
}

// mbiFor computes the MBI response for nonce with a fixed IV.
func mbiFor(t *testing.T, secret, nonce string) string {
	t.Helper()
	key, err := base64.StdEncoding.DecodeString(secret)
	if err != nil {
		t.Fatal(err)
	}
	blob, err := mbiBlob(key, nonce, []byte("8bytesIV"))
	if err != nil {
		t.Fatal(err)
	}
	return base64.StdEncoding.EncodeToString(blob)
}

// login signs email in at dialect (12, 15 or 18) with a fresh ticket and
// returns the client right after the login burst (before any CHG). guid
// is used at MSNP18.
func login(t *testing.T, s *Server, email, password string, dialect int, guid string) *rawClient {
	t.Helper()
	c := dial(t, s.NSAddr(), fmt.Sprintf("%s/%d", email, dialect))
	c.dialect = dialect
	c.sendf("VER 1 MSNP%d CVR0", dialect)
	c.expectNext(fmt.Sprintf("VER 1 MSNP%d", dialect))
	c.sendf("CVR 2 0x0409 winnt 6.1.0 i386 MSNMSGR 14.0.8117.0416 msmsgs %s", email)
	c.expectNext("CVR 2 ")
	if dialect < 15 {
		c.sendf("USR 3 TWN I %s", email)
		c.expectNext("USR 3 TWN S ")
		tickets, _ := getTickets(t, s, "/RST.srf", email, password, twnAddresses)
		c.sendf("USR 4 TWN S %s", tickets["messenger.msn.com"])
	} else {
		c.sendf("USR 3 SSO I %s", email)
		c.expectNext("GCF 0 ")
		line, _ := c.expectNext("USR 3 SSO S MBI_KEY_OLD ")
		nonce := strings.Fields(line)[5]
		tickets, secret := getTickets(t, s, "/RST2.srf", email, password, ssoAddresses)
		resp := mbiFor(t, secret, nonce)
		if dialect >= 16 {
			c.sendf("USR 4 SSO S %s %s {%s}", tickets["messengerclear.live.com"], resp, guid)
		} else {
			c.sendf("USR 4 SSO S %s %s", tickets["messengerclear.live.com"], resp)
		}
	}
	c.expectNext("USR 4 OK " + email + " 1 0")
	if dialect >= 11 {
		c.expectNext("SBS 0 null")
	}
	c.expectNext("MSG Hotmail Hotmail ")
	if dialect >= 16 {
		c.expectNext("UBX ")
	}
	return c
}

// goOnline sends the first CHG and reads through the Mail-Data message
// that ends its answer (and at MSNP16+ the account's own NLN and UBX that
// follow), returning the lines in between: the contacts' presence.
func (c *rawClient) goOnline(trid int, status, caps string) []string {
	c.t.Helper()
	c.sendf("CHG %d %s %s", trid, status, caps)
	c.expectNext(fmt.Sprintf("CHG %d %s %s", trid, status, caps))
	var lines []string
	for {
		line, payload := c.read()
		if line == "MSG Hotmail Hotmail 195" && bytes.Contains(payload, []byte("initialmdatanotification")) {
			if c.dialect >= 16 {
				c.expectNext(fmt.Sprintf("NLN %s ", status))
				c.expectNext("UBX ")
			}
			return lines
		}
		lines = append(lines, line)
	}
}

// checkNoHandlerPanics fails t when a handler of s panicked (each panic
// closed one connection and was traced; see guard).
func checkNoHandlerPanics(t *testing.T, s *Server) {
	t.Helper()
	if err := s.HandlerPanics(); err != nil {
		t.Error(err)
	}
}

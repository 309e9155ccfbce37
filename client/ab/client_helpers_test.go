package ab

import (
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"sync"
	"testing"

	"github.com/msn-cli/msn/client/soap"
)

// testTicket looks like a compact ticket and has the "&" that must be
// escaped in the request.
const testTicket = "t=0123456789abcdef0123Y6+H31sTUOF/kqjNTDY==&p="

// recorded is one request the fake service received.
type recorded struct {
	path, action, contentType string
	body                      []byte
}

// fakeService answers every request with reply(path, op) (status and
// body) and records it.
type fakeService struct {
	mu    sync.Mutex
	reqs  []recorded
	reply func(path, action string) (int, string)
}

func (f *fakeService) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	f.mu.Lock()
	f.reqs = append(f.reqs, recorded{r.URL.Path, r.Header.Get("SOAPAction"), r.Header.Get("Content-Type"), body})
	f.mu.Unlock()
	status, resp := f.reply(r.URL.Path, r.Header.Get("SOAPAction"))
	w.Header().Set("Content-Type", "text/xml; charset=utf-8")
	w.WriteHeader(status)
	io.WriteString(w, resp)
}

func (f *fakeService) last(t *testing.T) recorded {
	t.Helper()
	f.mu.Lock()
	defer f.mu.Unlock()
	if len(f.reqs) == 0 {
		t.Fatal("no request was made")
	}
	return f.reqs[len(f.reqs)-1]
}

func (f *fakeService) count() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return len(f.reqs)
}

// newFake starts a fake service and a Client for it.
func newFake(t *testing.T, reply func(path, action string) (int, string)) (*fakeService, *Client) {
	t.Helper()
	f := &fakeService{reply: reply}
	srv := httptest.NewServer(f)
	t.Cleanup(srv.Close)
	base, err := url.Parse(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	return f, &Client{SOAP: &soap.Client{HTTP: srv.Client(), Base: base}, Ticket: testTicket}
}

// okResponse is a success answer for op in the shape Escargot writes: an
// empty <opResponse/>, or one with <opResult><guid>id</guid></opResult>.
func okResponse(op, id string) string {
	inner := "<" + op + `Response xmlns="` + nsAB + `"/>`
	if id != "" {
		inner = "<" + op + `Response xmlns="` + nsAB + `"><` + op + "Result><guid>" + id + "</guid></" + op + "Result></" + op + "Response>"
	}
	return `<?xml version="1.0" encoding="utf-8"?>
<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xsd="http://www.w3.org/2001/XMLSchema">
	<soap:Header><ServiceHeader xmlns="http://www.msn.com/webservices/AddressBook"><Version>15.01.1408.0000</Version></ServiceHeader></soap:Header>
	<soap:Body>` + inner + `</soap:Body>
</soap:Envelope>`
}

// faultResponse is a fault as Escargot's templates write them: faultcode
// soap:Client, the service's own code in detail/errorcode.
func faultResponse(op, code, message string) string {
	return `<?xml version="1.0" encoding="utf-8"?>
<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xsd="http://www.w3.org/2001/XMLSchema">
	<soap:Body>
		<soap:Fault>
			<faultcode>soap:Client</faultcode>
			<faultstring>` + message + `</faultstring>
			<faultactor>http://www.msn.com/webservices/AddressBook/` + op + `</faultactor>
			<detail>
				<errorcode xmlns="http://www.msn.com/webservices/AddressBook">` + code + `</errorcode>
				<errorstring xmlns="http://www.msn.com/webservices/AddressBook">` + message + `</errorstring>
				<machineName xmlns="http://www.msn.com/webservices/AddressBook">TESTMACHINE1</machineName>
			</detail>
		</soap:Fault>
	</soap:Body>
</soap:Envelope>`
}

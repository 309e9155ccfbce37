package msntest

import (
	"bytes"
	"crypto/rand"
	"encoding/base64"
	"encoding/xml"
	"errors"
	"io"
	"net/http"
	"strings"
	"time"
)

// maxSOAPBody bounds what the server reads of a request.
const maxSOAPBody = 1 << 20

// staticTBSecret is the BinarySecret every Passport.NET/tb token carries:
// a constant with no meaning (NOTES.md section 2).
const staticTBSecret = "tgoPVK67sU36fQKlGLMgWgTXp7oiaQgE"

// serveHTTP routes the SOAP endpoints by path only, as Escargot does
// (it ignores the Host header). It runs on the HTTP server's goroutines.
func (s *Server) serveHTTP(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	s.soap[r.URL.Path]++
	s.soapTotal++
	disabled := s.disabled[r.URL.Path]
	s.mu.Unlock()
	if disabled {
		s.delay()
		http.NotFound(w, r)
		return
	}
	body, err := io.ReadAll(io.LimitReader(r.Body, maxSOAPBody))
	s.delay()
	s.tracef("HTTP C> %s %s (%d bytes)", r.Method, r.URL.Path, len(body))
	if err != nil {
		http.Error(w, "bad request", http.StatusBadRequest)
		return
	}
	switch r.URL.Path {
	case "/RST.srf", "/RST2.srf":
		if r.Method != http.MethodPost {
			http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
			return
		}
		s.rst(w, body, r.URL.Path == "/RST2.srf")
	case "/OimWS/oim.asmx":
		if r.Method != http.MethodPost {
			http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
			return
		}
		s.oimStore(w, r, body)
	case "/rsi/rsi.asmx":
		if r.Method != http.MethodPost {
			http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
			return
		}
		s.rsi(w, body)
	case "/abservice/abservice.asmx", "/abservice/SharingService.asmx":
		if r.Method != http.MethodPost {
			http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
			return
		}
		s.abService(w, r, body, r.URL.Path == "/abservice/SharingService.asmx")
	default:
		http.NotFound(w, r)
	}
}

// rstRequest is what the server reads from a RequestMultipleSecurityTokens:
// the credentials and the addresses tokens are wanted for, in order.
type rstRequest struct {
	username, password string
	addresses          []string
}

// parseRST reads Username, Password and every Address from anywhere in
// the document, whatever their namespaces.
func parseRST(body []byte) (rstRequest, error) {
	var req rstRequest
	d := xml.NewDecoder(bytes.NewReader(body))
	d.CharsetReader = func(_ string, in io.Reader) (io.Reader, error) { return in, nil }
	sawRoot := false
	for {
		tok, err := d.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return req, err
		}
		se, ok := tok.(xml.StartElement)
		if !ok {
			continue
		}
		sawRoot = true
		var text string
		switch se.Name.Local {
		case "Username", "Password", "Address":
			if err := d.DecodeElement(&text, &se); err != nil {
				return req, err
			}
		default:
			continue
		}
		text = strings.TrimSpace(text)
		switch se.Name.Local {
		case "Username":
			req.username = text
		case "Password":
			req.password = text
		case "Address":
			req.addresses = append(req.addresses, text)
		}
	}
	if !sawRoot {
		return req, errors.New("msntest: empty RST request")
	}
	return req, nil
}

// rst answers RST.srf (WS-Trust 2004, SOAP 1.1) or RST2.srf (WS-Trust
// 2005, SOAP 1.2): one response per requested address, all compact tokens
// carrying the same fresh login token. Faults come with HTTP 200.
func (s *Server) rst(w http.ResponseWriter, body []byte, v2 bool) {
	contentType := "text/xml; charset=utf-8"
	if v2 {
		contentType = "application/soap+xml; charset=utf-8"
	}
	w.Header().Set("Content-Type", contentType)
	now := time.Now().UTC()
	req, err := parseRST(body)
	if err != nil {
		s.tracef("HTTP -- RST: invalid request: %v", err)
		writeTemplate(w, s, invalidRequestTmpl, faultData{V2: v2, Now: stamp(now)})
		return
	}

	s.mu.Lock()
	a := s.accounts[req.username]
	if a == nil || req.password == "" || a.password != req.password {
		s.mu.Unlock()
		s.tracef("HTTP -- RST: authentication failure for %q", req.username)
		writeTemplate(w, s, authFailedTmpl, faultData{V2: v2, Now: stamp(now)})
		return
	}
	secret := ""
	for _, addr := range req.addresses {
		if addr == "messengerclear.live.com" {
			var b [24]byte
			rand.Read(b[:])
			secret = base64.StdEncoding.EncodeToString(b[:])
			break
		}
	}
	tok := s.newLoginToken(a.email, secret)
	data := rstData{
		V2:      v2,
		Now:     stamp(now),
		Expires: stamp(now.Add(loginTokenLife)),
		Email:   a.email,
		PUID:    a.puid(),
		CID:     strings.ToLower(a.puid()),
	}
	s.mu.Unlock()

	for i, addr := range req.addresses {
		t := rstToken{Index: i, N: i + 1, Address: addr}
		switch addr {
		case "http://Passport.NET/tb":
			t.Legacy = true
			t.Secret = staticTBSecret
		case "messengerclear.live.com":
			t.Ticket = ticket(tok)
			t.Secret = secret
		default:
			t.Ticket = ticket(tok)
		}
		data.Tokens = append(data.Tokens, t)
	}
	writeTemplate(w, s, rstTmpl, data)
}

// stamp formats a time as the services do: 2006-01-02T15:04:05Z.
func stamp(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05Z") }

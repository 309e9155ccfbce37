package p2p

import (
	"fmt"
	"strconv"
	"strings"
)

// EUFGUIDFile is the EUF-GUID of a file-transfer session.
const EUFGUIDFile = "{5D3E02AB-6190-11D3-BBBB-00C04F795683}"

// AppIDFile is the AppID of a file-transfer session, in the INVITE's body
// and in the footer of its data packets.
const AppIDFile = 2

// SessionRequest is the body of an INVITE that opens a session
// (ContentSessionRequest). For a file, EUFGUID is EUFGUIDFile, AppID is
// AppIDFile and Context is the base64 FileContext.
type SessionRequest struct {
	EUFGUID   string
	SessionID uint32
	AppID     uint32
	Context   string
}

// Body returns the fields of r in the order libpurple writes them.
func (r SessionRequest) Body() Body {
	return Body{
		{"EUF-GUID", r.EUFGUID},
		{"SessionID", strconv.FormatUint(uint64(r.SessionID), 10)},
		{"AppID", strconv.FormatUint(uint64(r.AppID), 10)},
		{"Context", r.Context},
	}
}

// IsFile reports whether r invites to a file transfer.
func (r SessionRequest) IsFile() bool { return strings.EqualFold(r.EUFGUID, EUFGUIDFile) }

// ParseSessionRequest reads an INVITE's sessionreqbody; every field must be
// there.
func ParseSessionRequest(b Body) (SessionRequest, error) {
	var r SessionRequest
	var err error
	if r.EUFGUID, err = required(b, "EUF-GUID"); err != nil {
		return r, err
	}
	if r.SessionID, err = uint32Field(b, "SessionID"); err != nil {
		return r, err
	}
	if r.AppID, err = uint32Field(b, "AppID"); err != nil {
		return r, err
	}
	r.Context, err = required(b, "Context")
	return r, err
}

// SessionIDBody is the body of the 200 OK or 603 Decline that answers a
// session INVITE, and of a BYE that closes a session: just its SessionID.
func SessionIDBody(id uint32) Body {
	return Body{{"SessionID", strconv.FormatUint(uint64(id), 10)}}
}

// ParseSessionID reads the SessionID field of a body.
func ParseSessionID(b Body) (uint32, error) { return uint32Field(b, "SessionID") }

// TransportRequest is the body of the INVITE that proposes a direct
// connection (ContentTransportReq). A zero Nonce or HashedNonce is left out.
type TransportRequest struct {
	Bridges     string // space-separated, e.g. "TCPv1"
	NetID       string // kept as written (some clients send a signed number)
	ConnType    string // "Direct-Connect", "Port-Restrict-NAT", "Firewall", ...
	UPnPNat     bool
	ICF         bool // behind a firewall
	Nonce       GUID
	HashedNonce GUID
}

// Body returns the fields of r in the order libpurple writes them, the
// nonce last.
func (r TransportRequest) Body() Body {
	b := Body{
		{"Bridges", r.Bridges},
		{"NetID", r.NetID},
		{"Conn-Type", r.ConnType},
		{"UPnPNat", strconv.FormatBool(r.UPnPNat)},
		{"ICF", strconv.FormatBool(r.ICF)},
	}
	return appendNonces(b, r.Nonce, r.HashedNonce)
}

// ParseTransportRequest reads a transreqbody. Bridges is required; the
// other fields default to empty or false.
func ParseTransportRequest(b Body) (TransportRequest, error) {
	var r TransportRequest
	var err error
	if r.Bridges, err = required(b, "Bridges"); err != nil {
		return r, err
	}
	r.NetID, _ = b.Get("NetID")
	r.ConnType, _ = b.Get("Conn-Type")
	if r.UPnPNat, err = boolField(b, "UPnPNat"); err != nil {
		return r, err
	}
	if r.ICF, err = boolField(b, "ICF"); err != nil {
		return r, err
	}
	r.Nonce, r.HashedNonce, err = parseNonces(b)
	return r, err
}

// TransportResponse is the body of the 200 OK that answers a transport
// request (ContentTransportResp): which bridge, whether the sender listens,
// the nonce and where to connect. Empty and zero fields are left out.
type TransportResponse struct {
	Bridge        string
	Listening     bool
	Nonce         GUID
	HashedNonce   GUID
	ExternalAddrs []string
	ExternalPort  uint16
	InternalAddrs []string
	InternalPort  uint16
}

// Body returns the fields of r in the order libpurple writes them.
func (r TransportResponse) Body() Body {
	b := Body{{"Bridge", r.Bridge}, {"Listening", strconv.FormatBool(r.Listening)}}
	b = appendNonces(b, r.Nonce, r.HashedNonce)
	b = appendEndpoint(b, "External", r.ExternalAddrs, r.ExternalPort)
	return appendEndpoint(b, "Internal", r.InternalAddrs, r.InternalPort)
}

// ParseTransportResponse reads a transrespbody. Bridge is required. The
// addresses and ports are also read from the reversed form some clients
// use to get past NATs that rewrite addresses ("srddA-lanretxE4vPI: 1.0.0.721").
func ParseTransportResponse(b Body) (TransportResponse, error) {
	var r TransportResponse
	var err error
	if r.Bridge, err = required(b, "Bridge"); err != nil {
		return r, err
	}
	if r.Listening, err = boolField(b, "Listening"); err != nil {
		return r, err
	}
	if r.Nonce, r.HashedNonce, err = parseNonces(b); err != nil {
		return r, err
	}
	if r.ExternalAddrs, r.ExternalPort, err = parseEndpoint(b, "External"); err != nil {
		return r, err
	}
	r.InternalAddrs, r.InternalPort, err = parseEndpoint(b, "Internal")
	return r, err
}

func appendNonces(b Body, nonce, hashed GUID) Body {
	if !nonce.IsZero() {
		b = append(b, Field{"Nonce", nonce.String()})
	}
	if !hashed.IsZero() {
		b = append(b, Field{"Hashed-Nonce", hashed.String()})
	}
	return b
}

func parseNonces(b Body) (nonce, hashed GUID, err error) {
	for _, f := range []struct {
		key string
		dst *GUID
	}{{"Nonce", &nonce}, {"Hashed-Nonce", &hashed}} {
		if v, ok := b.Get(f.key); ok {
			if *f.dst, err = ParseGUID(v); err != nil {
				return GUID{}, GUID{}, err
			}
		}
	}
	return nonce, hashed, nil
}

func appendEndpoint(b Body, kind string, addrs []string, port uint16) Body {
	if len(addrs) > 0 {
		b = append(b, Field{"IPv4" + kind + "-Addrs", strings.Join(addrs, " ")})
	}
	if port != 0 {
		b = append(b, Field{"IPv4" + kind + "-Port", strconv.Itoa(int(port))})
	}
	return b
}

// parseEndpoint reads IPv4<kind>-Addrs (space-separated) and the first port
// of IPv4<kind>-Port, or their reversed forms.
func parseEndpoint(b Body, kind string) (addrs []string, port uint16, err error) {
	addrKey, portKey := "IPv4"+kind+"-Addrs", "IPv4"+kind+"-Port"
	a, ok := b.Get(addrKey)
	if !ok {
		if a, ok = b.Get(reverse(addrKey)); ok {
			a = reverse(a)
		}
	}
	p, ok := b.Get(portKey)
	if !ok {
		if p, ok = b.Get(reverse(portKey)); ok {
			p = reverse(p)
		}
	}
	if fields := strings.Fields(a); len(fields) > 0 {
		addrs = fields
	}
	if fields := strings.Fields(p); len(fields) > 0 {
		n, err := strconv.ParseUint(fields[0], 10, 16)
		if err != nil {
			return nil, 0, fmt.Errorf("%w: SLP body %s %q", ErrMalformed, portKey, p)
		}
		port = uint16(n)
	}
	return addrs, port, nil
}

func reverse(s string) string {
	b := []byte(s)
	for i, j := 0, len(b)-1; i < j; i, j = i+1, j-1 {
		b[i], b[j] = b[j], b[i]
	}
	return string(b)
}

func required(b Body, key string) (string, error) {
	v, ok := b.Get(key)
	if !ok || v == "" {
		return "", fmt.Errorf("%w: SLP body without %s", ErrMalformed, key)
	}
	return v, nil
}

func uint32Field(b Body, key string) (uint32, error) {
	v, err := required(b, key)
	if err != nil {
		return 0, err
	}
	n, err := strconv.ParseUint(v, 10, 32)
	if err != nil {
		return 0, fmt.Errorf("%w: SLP body %s %q", ErrMalformed, key, v)
	}
	return uint32(n), nil
}

func boolField(b Body, key string) (bool, error) {
	v, ok := b.Get(key)
	if !ok {
		return false, nil
	}
	switch strings.ToLower(v) {
	case "true":
		return true, nil
	case "false":
		return false, nil
	}
	return false, fmt.Errorf("%w: SLP body %s %q", ErrMalformed, key, v)
}

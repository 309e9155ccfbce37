package ns

import (
	"strings"

	"github.com/msn-cli/msn/client/msnp"
)

// StatusOffline is the status of an account that is signed out (FLN), or
// hidden: the server shows a hidden account as signed out.
const StatusOffline = "FLN"

// Presence is what the server last said about an account: its status,
// display name and capabilities (ILN, NLN, FLN) and its personal message
// (UBX).
type Presence struct {
	Email        string // lower case, without network id or endpoint
	Status       string // NLN, BSY, IDL, BRB, AWY, PHN, LUN, HDN, or FLN
	Name         string // display name, URL-decoded; kept after FLN
	Capabilities string // client capabilities; "" once signed out
	Message      string // personal message, XML references decoded
}

// Online reports whether the status shows the account reachable: signed
// in and not hidden.
func (p Presence) Online() bool {
	return p.Status != "" && p.Status != StatusOffline && p.Status != StatusHidden
}

// presenceLine is one decoded ILN, NLN, FLN or UBX line.
type presenceLine struct {
	email string
	kind  string // "NLN" (ILN too), "FLN" or "UBX"
	// status, name and caps of an NLN or ILN; message of a UBX.
	status, name, caps, message string
}

// decodePresence reads a presence line as dialect d writes it, the one
// place this client parses them:
//
//	ILN trid status email [nid] friendly caps [msnobj]   MSNP12-15
//	NLN status email [nid] friendly caps [msnobj]        MSNP12-15
//	NLN status nid:email friendly caps:ext msnobj        MSNP18
//	FLN email [nid [caps]]  or  FLN nid:email caps       (signed out)
//	UBX email [nid]  or  UBX nid:email, with a <Data> payload
//
// The network id follows a bare address where the dialect has network
// ids (MSNP13-15), so a display name that looks like one ("42") is still
// a name. ok is false for other commands and for lines without an
// address.
func decodePresence(d Dialect, cmd msnp.Command) (line presenceLine, ok bool) {
	params := cmd.Params
	switch cmd.Name {
	case "ILN", "NLN":
		if len(params) < 2 {
			return line, false
		}
		line.kind, line.status, params = "NLN", params[0], params[1:]
	case "FLN", "UBX":
		line.kind = cmd.Name
	default:
		return line, false
	}
	if len(params) == 0 {
		return line, false
	}
	email, prefixed := presenceAddress(params[0])
	if email == "" {
		return line, false
	}
	line.email, params = email, params[1:]
	if d.NetworkIDs && !prefixed && len(params) > 0 {
		params = params[1:]
	}
	switch line.kind {
	case "NLN":
		if len(params) > 0 {
			line.name = decodeParam(params[0])
		}
		if len(params) > 1 {
			line.caps = params[1]
		}
	case "UBX":
		line.message = personalMessage(cmd.Payload)
	}
	return line, true
}

// presenceAddress drops the "1:" network prefix (MSNP18) and the
// ";{guid}" endpoint of an address and lower-cases it; prefixed says
// whether a network prefix was there.
func presenceAddress(s string) (email string, prefixed bool) {
	if i := strings.IndexByte(s, ':'); i >= 0 && isNetworkID(s[:i]) {
		s, prefixed = s[i+1:], true
	}
	s, _, _ = strings.Cut(s, ";")
	return strings.ToLower(s), prefixed
}

func isNetworkID(s string) bool {
	return s != "" && len(s) <= 2 && strings.Trim(s, "0123456789") == ""
}

// applyTo returns p as the line changes it.
func (l presenceLine) applyTo(p Presence) Presence {
	p.Email = l.email
	switch l.kind {
	case "NLN":
		p.Status, p.Capabilities = l.status, l.caps
		if l.name != "" {
			p.Name = l.name
		}
	case "FLN":
		p.Status, p.Capabilities = StatusOffline, ""
	case "UBX":
		p.Message = l.message
	}
	return p
}

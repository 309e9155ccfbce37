package passport

import (
	"bytes"
	"encoding/xml"
	"strconv"
	"strings"
)

// Paths of the two Passport token services, relative to the login server
// (login.live.com, or the single base URL of a revival server). RST.srf
// answers in WS-Trust 2004 / SOAP 1.1 form, RST2.srf in WS-Trust 2005 /
// SOAP 1.2 form; both take the same request.
const (
	PathRST  = "/RST.srf"
	PathRST2 = "/RST2.srf"
)

// Addresses (wsa:Address) that tokens are requested for.
const (
	// AddrPassport is the Passport "tb" token. Its response carries an
	// encrypted blob rather than a compact ticket, and a proof key that
	// nothing uses. Every request lists it first.
	AddrPassport = "http://Passport.NET/tb"
	// AddrMessengerClear is the MSNP15+ login ticket. It is the only
	// address whose response carries the proof key (BinarySecret) that
	// MBIResponse needs.
	AddrMessengerClear = "messengerclear.live.com"
	// AddrMessenger is the MSNP12 login ticket (USR TWN S) and, at
	// MSNP15+, the ticket for the OIM store service.
	AddrMessenger = "messenger.msn.com"
	// AddrContacts is the ticket for the address book and sharing
	// services (ABFindAll, FindMembership).
	AddrContacts = "contacts.msn.com"
	// AddrMessengerSecure is the ticket for secure messenger web services.
	AddrMessengerSecure = "messengersecure.live.com"
	// AddrSpaces is the ticket for Windows Live Spaces.
	AddrSpaces = "spaces.live.com"
	// AddrStorage is the ticket for the storage (profile) service.
	AddrStorage = "storage.msn.com"
)

// Policies that go with the addresses above in an SSO request.
const (
	policyMessenger507 = "?id=507"
	policyMBI          = "MBI"
	policyMBISSL       = "MBI_SSL"
)

// TokenRequest asks for one token: the service address and, when not
// empty, the policy reference URI that goes with it.
type TokenRequest struct {
	Address string
	Policy  string
}

// TWNRequests returns the tokens an MSNP12 (Tweener) login asks for: the
// Passport token and messenger.msn.com. policy is the last argument of the
// server's "USR trid TWN S <policy>" line, for example
// "ct=1,rver=1,wp=FS_40SEC_0_COMPACT,lc=1,id=1"; it becomes the policy URI
// with its commas turned into ampersands and a leading "?".
func TWNRequests(policy string) []TokenRequest {
	p := strings.ReplaceAll(policy, ",", "&")
	if !strings.HasPrefix(p, "?") {
		p = "?" + p
	}
	return []TokenRequest{
		{Address: AddrPassport},
		{Address: AddrMessenger, Policy: p},
	}
}

// SSORequests returns the tokens an MSNP15 to MSNP18 (SSO) login asks for.
// policy is the first argument of the server's "USR trid SSO S <policy>
// <nonce>" line, usually "MBI_KEY_OLD", and goes with
// messengerclear.live.com; the other addresses take fixed policies. The
// tokens beyond the login ticket are what the address book, OIM and storage
// services accept.
func SSORequests(policy string) []TokenRequest {
	return []TokenRequest{
		{Address: AddrPassport},
		{Address: AddrMessengerClear, Policy: policy},
		{Address: AddrMessenger, Policy: policyMessenger507},
		{Address: AddrContacts, Policy: policyMBI},
		{Address: AddrMessengerSecure, Policy: policyMBISSL},
		{Address: AddrSpaces, Policy: policyMBI},
		{Address: AddrStorage, Policy: policyMBI},
	}
}

// Namespaces and fixed values of the request envelope. The AuthInfo block
// identifies the Messenger client to Passport (HostingApp is Messenger's
// application id; RequestParams is a binary "lc=1033" locale record).
const (
	nsSOAP   = "http://schemas.xmlsoap.org/soap/envelope/"
	nsWSSE   = "http://schemas.xmlsoap.org/ws/2003/06/secext"
	nsSAML   = "urn:oasis:names:tc:SAML:1.0:assertion"
	nsWSP    = "http://schemas.xmlsoap.org/ws/2002/12/policy"
	nsWSU    = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd"
	nsWSA    = "http://schemas.xmlsoap.org/ws/2004/03/addressing"
	nsWSSC   = "http://schemas.xmlsoap.org/ws/2004/04/sc"
	nsWST    = "http://schemas.xmlsoap.org/ws/2004/04/trust"
	nsPPCRL  = "http://schemas.microsoft.com/Passport/SoapServices/PPCRL"
	issueURI = "http://schemas.xmlsoap.org/ws/2004/04/security/trust/Issue"

	hostingApp    = "{7108E71A-9926-4FCB-BCC9-9A9D3F32E423}"
	requestParams = "AQAAAAIAAABsYwQAAAAxMDMz"
)

// BuildRequest returns the RequestMultipleSecurityTokens envelope that asks
// Passport for one token per entry of reqs, in order, authenticating as user
// with password. The same body is posted to RST.srf and RST2.srf.
//
// Every value is XML-escaped, so any password survives the trip; characters
// that XML 1.0 cannot carry at all (most control characters) are replaced
// by U+FFFD, as encoding/xml does. The result holds the password in clear:
// callers should not log it and may clear it after use.
func BuildRequest(user, password string, reqs []TokenRequest) []byte {
	var b bytes.Buffer
	b.Grow(1200 + 500*len(reqs) + len(user) + len(password))
	w := func(parts ...string) {
		for _, p := range parts {
			b.WriteString(p)
		}
	}
	w(`<?xml version="1.0" encoding="UTF-8"?>`, "\n")
	w(`<Envelope xmlns="`, nsSOAP, `" xmlns:wsse="`, nsWSSE, `" xmlns:saml="`, nsSAML,
		`" xmlns:wsp="`, nsWSP, `" xmlns:wsu="`, nsWSU, `" xmlns:wsa="`, nsWSA,
		`" xmlns:wssc="`, nsWSSC, `" xmlns:wst="`, nsWST, `">`, "\n")

	w(" <Header>\n")
	w(`  <ps:AuthInfo xmlns:ps="`, nsPPCRL, `" Id="PPAuthInfo">`, "\n")
	w("   <ps:HostingApp>", hostingApp, "</ps:HostingApp>\n")
	w("   <ps:BinaryVersion>4</ps:BinaryVersion>\n")
	w("   <ps:UIVersion>1</ps:UIVersion>\n")
	w("   <ps:Cookies></ps:Cookies>\n")
	w("   <ps:RequestParams>", requestParams, "</ps:RequestParams>\n")
	w("  </ps:AuthInfo>\n")
	w("  <wsse:Security>\n")
	w(`   <wsse:UsernameToken Id="user">`, "\n")
	w("    <wsse:Username>", escape(user), "</wsse:Username>\n")
	w("    <wsse:Password>", escape(password), "</wsse:Password>\n")
	w("   </wsse:UsernameToken>\n")
	w("  </wsse:Security>\n")
	w(" </Header>\n")

	w(" <Body>\n")
	w(`  <ps:RequestMultipleSecurityTokens xmlns:ps="`, nsPPCRL, `" Id="RSTS">`, "\n")
	for i, r := range reqs {
		w(`   <wst:RequestSecurityToken Id="RST`, strconv.Itoa(i), `">`, "\n")
		w("    <wst:RequestType>", issueURI, "</wst:RequestType>\n")
		w("    <wsp:AppliesTo><wsa:EndpointReference><wsa:Address>", escape(r.Address),
			"</wsa:Address></wsa:EndpointReference></wsp:AppliesTo>\n")
		if r.Policy != "" {
			w(`    <wsse:PolicyReference URI="`, escape(r.Policy), `"></wsse:PolicyReference>`, "\n")
		}
		w("   </wst:RequestSecurityToken>\n")
	}
	w("  </ps:RequestMultipleSecurityTokens>\n")
	w(" </Body>\n")
	w("</Envelope>\n")
	return b.Bytes()
}

// escape returns s escaped for use as element text or inside a
// double-quoted attribute.
func escape(s string) string {
	var b strings.Builder
	xml.EscapeText(&b, []byte(s)) // writes to a strings.Builder never fail
	return b.String()
}

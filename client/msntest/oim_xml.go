package msntest

import (
	"net/http"
	"strings"
)

// The OIM store service's answers, shaped like Escargot's (the same
// elements, namespaces, indentation and so sizes; NOTES.md quirk 17). ns
// is the service namespace, which follows the SOAPAction: the 2004 one for
// Store, the 2006 one for Store2 and anything else.
const (
	oimNS2004 = "http://messenger.msn.com/ws/2004/09/oim/"
	oimNS2006 = "http://messenger.live.com/ws/2006/09/oim/"

	// lockKeyChallenge is the constant challenge Escargot hands out.
	lockKeyChallenge = "1850937852"

	soapHead = `<?xml version="1.0" encoding="utf-8"?>` + "\n" +
		`<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xsd="http://www.w3.org/2001/XMLSchema">` + "\n"
	soapException = "Exception of type System.Web.Services.Protocols.SoapException was thrown."
)

// oimAuthFailed is the refusal of a request without a lock key or without
// a live session, carrying the lock key challenge.
func oimAuthFailed(ns string) string {
	return soapHead +
		"\t<soap:Body>\n" +
		"\t\t<soap:Fault>\n" +
		"\t\t\t<faultcode xmlns:q0=\"" + ns + "\">q0:AuthenticationFailed</faultcode>\n" +
		"\t\t\t<faultstring>" + soapException + "</faultstring>\n" +
		"\t\t\t<faultactor>https://ows.messenger.msn.com/OimWS/oim.asmx</faultactor>\n" +
		"\t\t\t<detail>\n" +
		"\t\t\t\t<TweenerChallenge xmlns=\"" + ns + "\">" + twnPolicy + "</TweenerChallenge>\n" +
		"\t\t\t\t<LockKeyChallenge xmlns=\"" + ns + "\">" + lockKeyChallenge + "</LockKeyChallenge>\n" +
		"\t\t\t</detail>\n" +
		"\t\t</soap:Fault>\n" +
		"\t</soap:Body>\n" +
		"</soap:Envelope>"
}

// oimFault is a fault with an empty detail: q0:SystemUnavailable as
// Escargot writes it, and any code given to RefuseOIM.
func oimFault(ns, code string) string {
	return soapHead +
		"\t<soap:Body>\n" +
		"\t\t<soap:Fault>\n" +
		"\t\t\t<faultcode xmlns:q0=\"" + ns + "\">" + escapeXML(code) + "</faultcode>\n" +
		"\t\t\t<faultstring>" + soapException + "</faultstring>\n" +
		"\t\t\t<detail />\n" +
		"\t\t</soap:Fault>\n" +
		"\t</soap:Body>\n" +
		"</soap:Envelope>"
}

// oimInvalidContent is Escargot's q0:InvalidContent, which comes with a
// Machine header and another indentation.
func oimInvalidContent(ns string) string {
	return soapHead +
		"  <soap:Header>\n" +
		"    <Machine xmlns=\"" + ns + "\" name=\"BAYM-OW15\" ver=\"12.30.1623.0\"/>\n" +
		"  </soap:Header>\n" +
		"  <soap:Body>\n" +
		"    <soap:Fault>\n" +
		"      <faultcode xmlns:q0=\"" + ns + "\">q0:InvalidContent</faultcode>\n" +
		"      <faultstring>Exception of type 'System.Web.Services.Protocols.SoapException' was thrown.</faultstring>\n" +
		"      <detail/>\n" +
		"    </soap:Fault>\n" +
		"  </soap:Body>\n" +
		"</soap:Envelope>"
}

// oimStored acknowledges message number seq (as the request wrote it).
func oimStored(ns, seq string) string {
	return soapHead +
		"\t<soap:Header>\n" +
		"\t\t<SequenceAcknowledgment xmlns=\"http://schemas.xmlsoap.org/ws/2003/03/rm\">\n" +
		"\t\t\t<Identifier xmlns=\"http://schemas.xmlsoap.org/ws/2002/07/utility\">http://messenger.msn.com</Identifier>\n" +
		"\t\t\t<AcknowledgmentRange Upper=\"" + escapeXML(seq) + "\" Lower=\"" + escapeXML(seq) + "\" />\n" +
		"\t\t</SequenceAcknowledgment>\n" +
		"\t</soap:Header>\n" +
		"\t<soap:Body>\n" +
		"\t\t<StoreResponse xmlns=\"" + ns + "\">\n" +
		"\t\t\t<PointsConsumed>0</PointsConsumed>\n" +
		"\t\t</StoreResponse>\n" +
		"\t</soap:Body>\n" +
		"</soap:Envelope>"
}

// crashBody is what Escargot's HTTP server answers when a handler raises
// (a plain friendlyName, a request that is not XML...).
const crashBody = "500 Internal Server Error\n\nServer got itself in trouble"

// writeXML writes an XML answer with its status.
func (s *Server) writeXML(w http.ResponseWriter, status int, body string) {
	s.tracef("HTTP S< %d (%d bytes)", status, len(body))
	w.Header().Set("Content-Type", "text/xml; charset=utf-8")
	w.WriteHeader(status)
	w.Write([]byte(body))
}

// writeCrash answers like Escargot's unhandled exception.
func (s *Server) writeCrash(w http.ResponseWriter, why string) {
	s.tracef("HTTP -- OIM store: the handler would crash: %s", why)
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.WriteHeader(http.StatusInternalServerError)
	w.Write([]byte(crashBody))
}

// escapeXML escapes text and attribute values.
func escapeXML(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;").Replace(s)
}

// oimNamespace picks the service namespace from the SOAPAction header.
func oimNamespace(action string) string {
	action = strings.Trim(action, `"`)
	if strings.HasPrefix(action, oimNS2004) {
		return oimNS2004
	}
	return oimNS2006
}

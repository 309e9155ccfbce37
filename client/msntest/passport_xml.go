package msntest

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"encoding/xml"
	"net/http"
	"strings"
	"text/template"
)

// The Passport responses, shaped like what Escargot returns (NOTES.md
// section 2): the same elements, namespaces and nesting, written by this
// package. RST.srf speaks WS-Trust 2004 in SOAP 1.1 (wst:LifeTime);
// RST2.srf WS-Trust 2005 in SOAP 1.2 (wst:Lifetime).

type rstData struct {
	V2           bool
	Now, Expires string
	Email        string
	PUID, CID    string
	Tokens       []rstToken
}

type rstToken struct {
	Index   int // position in the request
	N       int // Index + 1, the number in Compact{N}
	Address string
	Legacy  bool   // Passport.NET/tb: EncryptedData instead of a ticket
	Ticket  string // compact ticket, t=...&p=
	Secret  string // BinarySecret of the proof token, if any
}

type faultData struct {
	V2  bool
	Now string
}

// fakeCipher is the content of the Passport.NET/tb EncryptedData: opaque
// bytes nobody decrypts.
var fakeCipher = func() string {
	var raw []byte
	sum := sha256.Sum256([]byte("msntest Passport.NET/tb"))
	for len(raw) < 540 {
		raw = append(raw, sum[:]...)
		sum = sha256.Sum256(sum[:])
	}
	return base64.StdEncoding.EncodeToString(raw[:540])
}()

var funcs = template.FuncMap{
	"x": func(s string) string {
		var b strings.Builder
		xml.EscapeText(&b, []byte(s))
		return b.String()
	},
	"cipher": func() string { return fakeCipher },
}

// writeTemplate renders t with data and writes it with status 200.
func writeTemplate(w http.ResponseWriter, s *Server, t *template.Template, data any) {
	var buf bytes.Buffer
	if err := t.Execute(&buf, data); err != nil {
		s.tracef("HTTP !! template %s: %v", t.Name(), err)
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	s.tracef("HTTP S< 200 (%d bytes)", buf.Len())
	w.WriteHeader(http.StatusOK)
	w.Write(buf.Bytes())
}

var rstTmpl = template.Must(template.New("rst").Funcs(funcs).Parse(`<?xml version="1.0" encoding="utf-8" ?>
{{- if .V2}}
<S:Envelope xmlns:S="http://www.w3.org/2003/05/soap-envelope" xmlns:wsse="http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd" xmlns:wsu="http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd" xmlns:wsa="http://www.w3.org/2005/08/addressing">
	<S:Header>
		<wsa:Action wsu:Id="Action" S:mustUnderstand="1">http://schemas.xmlsoap.org/ws/2005/02/trust/RSTR/Issue</wsa:Action>
		<wsa:To wsu:Id="To" S:mustUnderstand="1">http://schemas.xmlsoap.org/ws/2004/08/addressing/role/anonymous</wsa:To>
		<wsse:Security S:mustUnderstand="1">
			<wsu:Timestamp wsu:Id="TS">
				<wsu:Created>{{.Now}}</wsu:Created>
				<wsu:Expires>{{.Expires}}</wsu:Expires>
			</wsu:Timestamp>
		</wsse:Security>
{{- else}}
<S:Envelope xmlns:S="http://schemas.xmlsoap.org/soap/envelope/">
	<S:Header>
{{- end}}
		<psf:pp xmlns:psf="http://schemas.microsoft.com/Passport/SoapServices/SOAPFault">
			<psf:serverVersion>1</psf:serverVersion>
			<psf:PUID>{{.PUID}}</psf:PUID>
			<psf:authstate>0x48803</psf:authstate>
			<psf:reqstatus>0x0</psf:reqstatus>
			<psf:serverInfo Path="Live1" ServerTime="{{.Now}}">msntest</psf:serverInfo>
			<psf:cookies/>
			<psf:credProperties>
				<psf:credProperty Name="CID">{{.CID}}</psf:credProperty>
				<psf:credProperty Name="AuthMembername">{{x .Email}}</psf:credProperty>
				<psf:credProperty Name="Language">1033</psf:credProperty>
			</psf:credProperties>
			<psf:response/>
		</psf:pp>
	</S:Header>
	<S:Body>
{{- if .V2}}
		<wst:RequestSecurityTokenResponseCollection xmlns:wst="http://schemas.xmlsoap.org/ws/2005/02/trust" xmlns:wsse="http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd" xmlns:wsu="http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd" xmlns:saml="urn:oasis:names:tc:SAML:1.0:assertion" xmlns:wsp="http://schemas.xmlsoap.org/ws/2004/09/policy" xmlns:psf="http://schemas.microsoft.com/Passport/SoapServices/SOAPFault">
{{- else}}
		<wst:RequestSecurityTokenResponseCollection xmlns:wst="http://schemas.xmlsoap.org/ws/2004/04/trust" xmlns:wsse="http://schemas.xmlsoap.org/ws/2003/06/secext" xmlns:wsu="http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd" xmlns:saml="urn:oasis:names:tc:SAML:1.0:assertion" xmlns:wsp="http://schemas.xmlsoap.org/ws/2002/12/policy" xmlns:psf="http://schemas.microsoft.com/Passport/SoapServices/SOAPFault">
{{- end}}
{{- $v2 := .V2}}{{$now := .Now}}{{$exp := .Expires}}
{{- range .Tokens}}
			<wst:RequestSecurityTokenResponse>
				<wst:TokenType>urn:passport:{{if .Legacy}}legacy{{else}}compact{{end}}</wst:TokenType>
				<wsp:AppliesTo xmlns:wsa="{{if $v2}}http://www.w3.org/2005/08/addressing{{else}}http://schemas.xmlsoap.org/ws/2004/03/addressing{{end}}">
					<wsa:EndpointReference>
						<wsa:Address>{{x .Address}}</wsa:Address>
					</wsa:EndpointReference>
				</wsp:AppliesTo>
				<wst:{{if $v2}}Lifetime{{else}}LifeTime{{end}}>
					<wsu:Created>{{$now}}</wsu:Created>
					<wsu:Expires>{{$exp}}</wsu:Expires>
				</wst:{{if $v2}}Lifetime{{else}}LifeTime{{end}}>
				<wst:RequestedSecurityToken>
{{- if .Legacy}}
					<EncryptedData xmlns="http://www.w3.org/2001/04/xmlenc#" Id="BinaryDAToken{{.Index}}" Type="http://www.w3.org/2001/04/xmlenc#Element">
						<EncryptionMethod Algorithm="http://www.w3.org/2001/04/xmlenc#tripledes-cbc"></EncryptionMethod>
						<ds:KeyInfo xmlns:ds="http://www.w3.org/2000/09/xmldsig#">
							<ds:KeyName>http://Passport.NET/STS</ds:KeyName>
						</ds:KeyInfo>
						<CipherData>
							<CipherValue>{{cipher}}</CipherValue>
						</CipherData>
					</EncryptedData>
{{- else}}
					<wsse:BinarySecurityToken Id="Compact{{.N}}">{{x .Ticket}}</wsse:BinarySecurityToken>
{{- end}}
				</wst:RequestedSecurityToken>
{{- if $v2}}
				<wst:RequestedAttachedReference>
					<wsse:SecurityTokenReference>
						<wsse:Reference URI="#{{if .Legacy}}BinaryDAToken{{.Index}}{{else}}Compact{{.N}}{{end}}"></wsse:Reference>
					</wsse:SecurityTokenReference>
				</wst:RequestedAttachedReference>
				<wst:RequestedUnattachedReference>
					<wsse:SecurityTokenReference>
						<wsse:Reference URI="#{{if .Legacy}}BinaryDAToken{{.Index}}{{else}}Compact{{.N}}{{end}}"></wsse:Reference>
					</wsse:SecurityTokenReference>
				</wst:RequestedUnattachedReference>
{{- else}}
				<wst:RequestedTokenReference>
					<wsse:KeyIdentifier ValueType="urn:passport{{if not .Legacy}}:compact{{end}}"></wsse:KeyIdentifier>
					<wsse:Reference URI="#{{if .Legacy}}BinaryDAToken{{.Index}}{{else}}Compact{{.N}}{{end}}"></wsse:Reference>
				</wst:RequestedTokenReference>
{{- end}}
{{- if .Secret}}
				<wst:RequestedProofToken>
					<wst:BinarySecret>{{.Secret}}</wst:BinarySecret>
				</wst:RequestedProofToken>
{{- end}}
			</wst:RequestSecurityTokenResponse>
{{- end}}
		</wst:RequestSecurityTokenResponseCollection>
	</S:Body>
</S:Envelope>
`))

// authFailedTmpl is the wrong-password answer: in SOAP 1.1 (RST.srf) the
// Fault sits directly under Envelope, in SOAP 1.2 (RST2.srf) in Body.
var authFailedTmpl = template.Must(template.New("authfailed").Funcs(funcs).Parse(`<?xml version="1.0" encoding="utf-8" ?>
{{- if .V2}}
<S:Envelope xmlns:S="http://www.w3.org/2003/05/soap-envelope" xmlns:wsse="http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd" xmlns:wst="http://schemas.xmlsoap.org/ws/2005/02/trust" xmlns:psf="http://schemas.microsoft.com/Passport/SoapServices/SOAPFault">
	<S:Header>
		<psf:pp>
			<psf:serverVersion>1</psf:serverVersion>
			<psf:authstate>0x80048800</psf:authstate>
			<psf:reqstatus>0x80048821</psf:reqstatus>
			<psf:serverInfo Path="Live1" ServerTime="{{.Now}}">msntest</psf:serverInfo>
			<psf:cookies/>
			<psf:response/>
		</psf:pp>
	</S:Header>
	<S:Body>
		<S:Fault>
			<S:Code>
				<S:Value>S:Sender</S:Value>
				<S:Subcode>
					<S:Value>wst:FailedAuthentication</S:Value>
				</S:Subcode>
			</S:Code>
			<S:Reason>
				<S:Text xml:lang="en-US">Authentication Failure</S:Text>
			</S:Reason>
		</S:Fault>
	</S:Body>
</S:Envelope>
{{- else}}
<S:Envelope xmlns:S="http://schemas.xmlsoap.org/soap/envelope/" xmlns:wsse="http://schemas.xmlsoap.org/ws/2003/06/secext" xmlns:psf="http://schemas.microsoft.com/Passport/SoapServices/SOAPFault">
	<S:Header>
		<psf:pp>
			<psf:serverVersion>1</psf:serverVersion>
			<psf:authstate>0x80048800</psf:authstate>
			<psf:reqstatus>0x80048823</psf:reqstatus>
			<psf:serverInfo Path="Live1" ServerTime="{{.Now}}">msntest</psf:serverInfo>
			<psf:cookies/>
			<psf:response/>
		</psf:pp>
	</S:Header>
	<S:Fault>
		<faultcode>wsse:FailedAuthentication</faultcode>
		<faultstring>Authentication Failure</faultstring>
	</S:Fault>
</S:Envelope>
{{- end}}
`))

// invalidRequestTmpl answers a body that is not a readable request.
var invalidRequestTmpl = template.Must(template.New("invalid").Funcs(funcs).Parse(`<?xml version="1.0" encoding="utf-8" ?>
{{- if .V2}}
<S:Envelope xmlns:S="http://www.w3.org/2003/05/soap-envelope" xmlns:wst="http://schemas.xmlsoap.org/ws/2005/02/trust">
	<S:Body>
		<S:Fault>
			<S:Code>
				<S:Value>S:Sender</S:Value>
				<S:Subcode>
					<S:Value>wst:InvalidRequest</S:Value>
				</S:Subcode>
			</S:Code>
			<S:Reason>
				<S:Text xml:lang="en-US">Invalid Request</S:Text>
			</S:Reason>
		</S:Fault>
	</S:Body>
</S:Envelope>
{{- else}}
<S:Envelope xmlns:S="http://schemas.xmlsoap.org/soap/envelope/">
	<S:Fault>
		<faultcode>S:Client</faultcode>
		<faultstring>Invalid Request</faultstring>
	</S:Fault>
</S:Envelope>
{{- end}}
`))

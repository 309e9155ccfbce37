package msnp

// Direction says which side wrote a stream. The same command name can be
// framed differently in each direction: a server's MSG has no TrID, a
// client's has one.
type Direction int

const (
	// FromServer is the stream a client reads.
	FromServer Direction = iota
	// FromClient is the stream a server reads.
	FromClient
)

// payloadRule says whether a command's last word is a payload length.
type payloadRule int

const (
	noPayload       payloadRule = iota
	payloadRequired             // the last word must be a length
	payloadOptional             // a length when the last word is a number (`ADL 6 OK` has none)
)

// serverNoTrID lists server commands that never carry a TrID even when
// their first parameter is a number (`QNG 60`, `NOT 120`, `RNG 11752013 ...`,
// `LSG 1 ...`).
var serverNoTrID = map[string]bool{
	"MSG": true, "NLN": true, "FLN": true, "UBX": true, "UBN": true,
	"UBM": true, "RNG": true, "JOI": true, "BYE": true, "OUT": true,
	"QNG": true, "LSG": true, "LST": true, "NOT": true, "IPG": true,
}

// serverPayload lists server commands that carry a payload.
var serverPayload = map[string]payloadRule{
	"MSG": payloadRequired, "GCF": payloadRequired, "UBX": payloadRequired,
	"UBN": payloadRequired, "UBM": payloadRequired, "NOT": payloadRequired,
	"IPG": payloadRequired, "UUN": payloadRequired, "NFY": payloadRequired,
	"SDG": payloadRequired,
	"ADL": payloadOptional, "RML": payloadOptional, "FQY": payloadOptional,
	"PUT": payloadOptional, "DEL": payloadOptional, "UUX": payloadOptional,
}

// clientPayload lists client commands that carry a payload. Escargot reads
// the last word of exactly these as a length (NOTES.md quirk 9).
var clientPayload = map[string]bool{
	"UUX": true, "MSG": true, "QRY": true, "NOT": true, "ADL": true,
	"FQY": true, "RML": true, "UUN": true, "UUM": true, "PUT": true,
	"DEL": true, "SDG": true, "VAS": true, "SDC": true,
}

// payloadRuleFor tells how to frame name's payload in direction dir.
// A numeric error reply from the server with two numeric words
// (`241 6 123`) carries a payload: TrID then length.
func payloadRuleFor(dir Direction, cmd Command) payloadRule {
	name := cmd.Name
	if dir == FromClient {
		if clientPayload[name] {
			return payloadRequired
		}
		return noPayload
	}
	if rule, ok := serverPayload[name]; ok {
		return rule
	}
	if _, ok := errorCode(name); ok && cmd.HasTrID() && len(cmd.Params) == 1 {
		return payloadOptional
	}
	return noPayload
}

// hasTrIDFor tells whether name's first word is a TrID in direction dir,
// given that the word is a number.
func hasTrIDFor(dir Direction, name string) bool {
	return dir == FromClient || !serverNoTrID[name]
}

// CarriesPayload reports whether a client command named name is framed with
// a payload length (servers read its last word as one). A client connection
// uses it to refuse such a command built without a payload.
func CarriesPayload(name string) bool { return clientPayload[name] }

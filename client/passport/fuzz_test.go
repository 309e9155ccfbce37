package passport

import (
	"strings"
	"testing"
)

// FuzzParseResponse checks that ParseResponse never panics and that what it
// returns is consistent: either an error, or a non-empty map whose keys are
// the tokens' own addresses.
func FuzzParseResponse(f *testing.F) {
	f.Add(envelope(tokenXML("messengerclear.live.com", "Compact1", "t=a&amp;p=", "S2V5", "LifeTime")))
	f.Add(envelope(tokenXML("messenger.msn.com", "Compact2", "t=b&amp;p=", "", "Lifetime")))
	f.Add([]byte(`<Envelope><Fault><faultcode>wsse:FailedAuthentication</faultcode></Fault></Envelope>`))
	f.Add([]byte(`<a:RequestSecurityTokenResponse xmlns:a="x"><AppliesTo><Address>`))
	f.Fuzz(func(t *testing.T, body []byte) {
		tokens, err := ParseResponse(body)
		if err != nil {
			if tokens != nil {
				t.Errorf("tokens %v returned with error %v", tokens, err)
			}
			if !strings.HasPrefix(err.Error(), "passport: ") {
				t.Errorf("error %q lacks the package prefix", err)
			}
			return
		}
		if len(tokens) == 0 {
			t.Error("no error and no tokens")
		}
		for addr, tok := range tokens {
			if addr == "" || addr != tok.Address {
				t.Errorf("token %+v filed under %q", tok, addr)
			}
		}
	})
}

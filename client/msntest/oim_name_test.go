package msntest

import (
	"testing"
	"unicode/utf8"
)

// FuzzDecodeFriendlyName: any attribute value gives one of the three
// outcomes without panicking, a decoded name is valid UTF-8, and any name
// the server writes back decodes to itself.
func FuzzDecodeFriendlyName(f *testing.F) {
	for _, seed := range []string{
		"", "Alice", "=?utf-8?B?QWxpY2U=?=", "=?utf-8?B?QWw=?= =?utf-8?B?aWNl?=", "Ms =?utf-8?B?QWxpY2U=?= x",
		"=?ISO-8859-1?Q?Zo=EB_X?=", "=?utf-8?Q?=?=", "=?utf-8?B?Q?=", "=?x?B??=", "=??B??=", "=?utf-8?q?a=4?=",
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, v string) {
		name, outcome := decodeFriendlyName(v)
		if outcome == nameOK && !utf8.ValidString(name) {
			t.Fatalf("%q decoded to invalid UTF-8 %q", v, name)
		}
		if !utf8.ValidString(v) {
			return
		}
		enc := encodeFriendlyName(v, false)
		if got, outcome := decodeFriendlyName(enc); outcome != nameOK || got != v {
			t.Fatalf("%q encoded as %q decodes to %q (%d)", v, enc, got, outcome)
		}
	})
}

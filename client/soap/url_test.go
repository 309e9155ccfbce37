package soap

import (
	"net/url"
	"testing"
)

func TestJoinURL(t *testing.T) {
	tests := []struct {
		base, path, want string
	}{
		{"http://h", "/RST.srf", "http://h/RST.srf"},
		{"http://h/", "/RST.srf", "http://h/RST.srf"},
		{"http://h/", "RST.srf", "http://h/RST.srf"},
		{"http://h/", "//RST.srf", "http://h/RST.srf"}, // Escargot 404s on //RST.srf
		{"http://h/x/", "/RST.srf", "http://h/x/RST.srf"},
		{"http://h/x", "/RST.srf", "http://h/x/RST.srf"},
		{"http://h/x//", "RST.srf", "http://h/x/RST.srf"},
		{"http://127.0.0.1:8081", "/abservice/abservice.asmx", "http://127.0.0.1:8081/abservice/abservice.asmx"},
		{"https://h/a%2Fb/", "/rsi/rsi.asmx", "https://h/a%2Fb/rsi/rsi.asmx"},
		{"http://h/?old=1#frag", "/rdr/pprdr.asp?x=1", "http://h/rdr/pprdr.asp?x=1"},
		{"http://h", "/", "http://h/"},
		{"http://h", "", "http://h/"},
		{"http://user:pw@h/p/", "/RST.srf", "http://user:pw@h/p/RST.srf"},
	}
	for _, tt := range tests {
		base, err := url.Parse(tt.base)
		if err != nil {
			t.Fatal(err)
		}
		before := base.String()
		got, err := JoinURL(base, tt.path)
		if err != nil {
			t.Errorf("JoinURL(%q, %q): %v", tt.base, tt.path, err)
			continue
		}
		if got.String() != tt.want {
			t.Errorf("JoinURL(%q, %q) = %q, want %q", tt.base, tt.path, got, tt.want)
		}
		if base.String() != before {
			t.Errorf("JoinURL modified base: %q became %q", before, base)
		}
	}
}

func TestJoinURLRefusesAbsolute(t *testing.T) {
	base, _ := url.Parse("http://h/")
	if u, err := JoinURL(base, "http://evil/RST.srf"); err == nil {
		t.Errorf("JoinURL accepted an absolute URL: %v", u)
	}
}

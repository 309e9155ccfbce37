package ns

import (
	"testing"
	"time"

	"github.com/msn-cli/msn/client/msntest"
)

// BenchmarkLoginRoundTrips logs in with a cached ticket against a server
// that delays every reply by rttDelay, and reports the round trips a login
// takes (wall time / delay, rounded down): the handshake and USR S, plus
// the SOAP requests when there is no ticket. Run with
//
//	go test ./client/ns -run '^$' -bench LoginRoundTrips -benchtime 20x
func BenchmarkLoginRoundTrips(b *testing.B) {
	const rttDelay = 25 * time.Millisecond
	for _, tt := range []struct {
		name     string
		dialects []Dialect
		cached   bool
	}{
		{"MSNP18-cached", []Dialect{MSNP18}, true},
		{"MSNP15-cached", []Dialect{MSNP15}, true},
		{"MSNP12-cached", []Dialect{MSNP12}, true},
		{"negotiated-cached", nil, true},
		{"MSNP18-password", []Dialect{MSNP18}, false},
	} {
		b.Run(tt.name, func(b *testing.B) {
			srv := newServer(b, msntest.Options{Delay: rttDelay})
			cfg := config(b, srv, "alice@example.com", "alice123", tt.dialects...)
			first, err := Login(ctxT(b), cfg)
			if err != nil {
				b.Fatal(err)
			}
			first.Logout(ctxT(b))
			if tt.cached {
				cfg.Tickets = first.Tickets
			}
			b.ResetTimer()
			start := time.Now()
			for i := 0; i < b.N; i++ {
				s, err := Login(ctxT(b), cfg)
				if err != nil {
					b.Fatal(err)
				}
				s.Logout(ctxT(b))
			}
			perLogin := time.Since(start) / time.Duration(b.N)
			b.ReportMetric(float64(perLogin/rttDelay), "round-trips")
		})
	}
}

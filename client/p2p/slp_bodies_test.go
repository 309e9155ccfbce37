package p2p

import (
	"errors"
	"reflect"
	"testing"
)

func TestTransportBodiesRoundTrip(t *testing.T) {
	nonce, hashed := NewGUID(), NewGUID()
	req := TransportRequest{Bridges: "TCPv1 SBBridge", NetID: "-1062731519", ConnType: "Port-Restrict-NAT", UPnPNat: true, ICF: true, HashedNonce: hashed}
	if got, err := ParseTransportRequest(req.Body()); err != nil || got != req {
		t.Fatalf("transport request %+v, %v; want %+v", got, err, req)
	}
	if v, ok := req.Body().Get("hashed-nonce"); !ok || v != hashed.String() {
		t.Fatalf("Hashed-Nonce field %q, %v", v, ok)
	}
	if _, ok := req.Body().Get("Nonce"); ok {
		t.Fatal("a zero Nonce was written")
	}
	resp := TransportResponse{Bridge: "TCPv1", Listening: true, Nonce: nonce,
		ExternalAddrs: []string{"203.0.113.5"}, ExternalPort: 1863, InternalAddrs: []string{"192.168.1.2", "10.0.0.2"}, InternalPort: 50000}
	if got, err := ParseTransportResponse(resp.Body()); err != nil || !reflect.DeepEqual(got, resp) {
		t.Fatalf("transport response %+v, %v; want %+v", got, err, resp)
	}
	session := SessionRequest{EUFGUID: EUFGUIDFile, SessionID: 4294967295, AppID: AppIDFile, Context: "AAAA"}
	if got, err := ParseSessionRequest(session.Body()); err != nil || got != session || !got.IsFile() {
		t.Fatalf("session request %+v, %v", got, err)
	}
}

// TestTransportResponseReversed reads the reversed address fields some
// clients send so that NATs do not rewrite them.
func TestTransportResponseReversed(t *testing.T) {
	b := Body{{"Bridge", "TCPv1"}, {"Listening", "True"},
		{"srddA-lanretxE4vPI", "5.311.0.302"}, {"troP-lanretxE4vPI", "3681"},
		{"srddA-lanretnI4vPI", "2.1.861.291"}, {"troP-lanretnI4vPI", "00005"}}
	got, err := ParseTransportResponse(b)
	want := TransportResponse{Bridge: "TCPv1", Listening: true, ExternalAddrs: []string{"203.0.113.5"}, ExternalPort: 1863,
		InternalAddrs: []string{"192.168.1.2"}, InternalPort: 50000}
	if err != nil || !reflect.DeepEqual(got, want) {
		t.Fatalf("got %+v, %v; want %+v", got, err, want)
	}
}

func TestBodiesRefuse(t *testing.T) {
	for _, tc := range []struct {
		name  string
		parse func() error
	}{
		{"session request without Context", func() error {
			_, err := ParseSessionRequest(Body{{"EUF-GUID", EUFGUIDFile}, {"SessionID", "1"}, {"AppID", "2"}})
			return err
		}},
		{"session id not a number", func() error { _, err := ParseSessionID(Body{{"SessionID", "x1"}}); return err }},
		{"session id over 32 bits", func() error { _, err := ParseSessionID(Body{{"SessionID", "4294967296"}}); return err }},
		{"transport request without Bridges", func() error { _, err := ParseTransportRequest(Body{{"NetID", "0"}}); return err }},
		{"bad boolean", func() error {
			_, err := ParseTransportRequest(Body{{"Bridges", "TCPv1"}, {"ICF", "maybe"}})
			return err
		}},
		{"bad nonce", func() error {
			_, err := ParseTransportResponse(Body{{"Bridge", "TCPv1"}, {"Nonce", "{5FFB1179-1D86}"}})
			return err
		}},
		{"bad port", func() error {
			_, err := ParseTransportResponse(Body{{"Bridge", "TCPv1"}, {"IPv4External-Port", "65536"}})
			return err
		}},
	} {
		if err := tc.parse(); !errors.Is(err, ErrMalformed) {
			t.Errorf("%s: err = %v, want ErrMalformed", tc.name, err)
		}
	}
}

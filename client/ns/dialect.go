package ns

import (
	"fmt"
	"strconv"
	"strings"
)

// AuthMethod is how a dialect proves the password.
type AuthMethod string

const (
	// TWN is MSNP8-12 Tweener: `USR TWN S <ticket>` with a ticket from
	// RST.srf.
	TWN AuthMethod = "TWN"
	// SSO is MSNP13+ single sign-on: `USR SSO S <ticket> <MBI response>`.
	SSO AuthMethod = "SSO"
)

// Dialect is everything that differs between the protocol versions this
// client speaks. Compare dialects by Version.
type Dialect struct {
	Version int
	Auth    AuthMethod
	// RSTPath is the Passport endpoint asked for tokens.
	RSTPath string
	// ClientVersion is the Messenger build announced in CVR.
	ClientVersion string
	// MachineGUID: USR SSO S carries a {GUID}; a new GUID logs in beside
	// the user's other clients (MPOP) instead of signing them out.
	MachineGUID bool
	// AddressBook: the contact list comes from the address book SOAP
	// services; SYN answers 502.
	AddressBook bool
	// HiddenSwitchboard: XFR SB is allowed while HDN (invisible).
	HiddenSwitchboard bool
	// NetworkIDs: presence lines carry a network id (`1` or `1:email`).
	NetworkIDs bool
	// SelfPresence: after a CHG the server sends the account its own NLN
	// and UBX (display name, personal message, endpoints), as to a
	// contact; the only way a client learns its own personal message.
	SelfPresence bool
	// Caps is the capabilities argument of CHG (CHG without one is
	// ignored by Escargot). At MSNP18 the extended part is 0: its bit
	// 0x20 would announce MSNP2P version 2, which this client does not
	// speak, and make Windows Live Messenger 2009 send files with it.
	Caps string
}

// The dialects this client speaks, newest first.
var (
	MSNP18 = Dialect{Version: 18, Auth: SSO, RSTPath: "/RST2.srf", ClientVersion: "14.0.8117.0416",
		MachineGUID: true, AddressBook: true, HiddenSwitchboard: true, NetworkIDs: true, SelfPresence: true, Caps: "2789003324:0"}
	MSNP15 = Dialect{Version: 15, Auth: SSO, RSTPath: "/RST.srf", ClientVersion: "8.5.1302",
		AddressBook: true, HiddenSwitchboard: true, NetworkIDs: true, Caps: "1342177280"}
	MSNP12 = Dialect{Version: 12, Auth: TWN, RSTPath: "/RST.srf", ClientVersion: "7.5.0324", Caps: "0"}
)

// Dialects lists the supported dialects in the order they are offered.
func Dialects() []Dialect { return []Dialect{MSNP18, MSNP15, MSNP12} }

// String is the VER name, e.g. "MSNP18".
func (d Dialect) String() string { return "MSNP" + strconv.Itoa(d.Version) }

// ParseDialect accepts "MSNP18", "msnp18" or "18".
func ParseDialect(s string) (Dialect, error) {
	n := strings.TrimPrefix(strings.ToUpper(strings.TrimSpace(s)), "MSNP")
	for _, d := range Dialects() {
		if strconv.Itoa(d.Version) == n {
			return d, nil
		}
	}
	return Dialect{}, fmt.Errorf("ns: unsupported protocol %q (use MSNP18, MSNP15 or MSNP12)", s)
}

func dialectNamed(name string, among []Dialect) (Dialect, bool) {
	for _, d := range among {
		if d.String() == name {
			return d, true
		}
	}
	return Dialect{}, false
}

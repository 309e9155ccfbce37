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
// client speaks. Code outside this file asks a field, never Version: a
// rule test (TestNoVersionComparisons) fails on a comparison elsewhere.
type Dialect struct {
	Version int
	Auth    AuthMethod
	// RSTPath is the Passport endpoint asked for tokens.
	RSTPath string
	// ClientVersion is the Messenger build announced in CVR.
	ClientVersion string
	// MachineGUID: USR SSO S carries the {GUID} of this sign-in.
	MachineGUID bool
	// SecondLoginBoots: a login signs out the account's other sign-ins
	// (OUT OTH). Where it is false (MPOP), a login with a fresh machine
	// GUID stays beside them.
	SecondLoginBoots bool
	// SharedStatus: the status belongs to the account, shared by all its
	// sign-ins (a hidden CHG hides the user's desktop client too); the
	// server lists the account's sign-ins, each with the state its client
	// set, in the account's own UBX.
	SharedStatus bool
	// EndpointNames: switchboards name each sign-in "email;{guid}", and a
	// session identifies itself that way in USR and ANS.
	EndpointNames bool
	// OfflineUUM: the NS takes offline text messages itself (UUM).
	OfflineUUM bool
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
		MachineGUID: true, SharedStatus: true, EndpointNames: true, OfflineUUM: true,
		AddressBook: true, HiddenSwitchboard: true, NetworkIDs: true, SelfPresence: true, Caps: "2789003324:0"}
	MSNP15 = Dialect{Version: 15, Auth: SSO, RSTPath: "/RST.srf", ClientVersion: "8.5.1302", SecondLoginBoots: true,
		AddressBook: true, HiddenSwitchboard: true, NetworkIDs: true, Caps: "1342177280"}
	MSNP12 = Dialect{Version: 12, Auth: TWN, RSTPath: "/RST.srf", ClientVersion: "7.5.0324", SecondLoginBoots: true, Caps: "0"}
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

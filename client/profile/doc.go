// Package profile reads and changes the user's own display name and
// personal message (PSM), the way each dialect allows:
//
//	            set                    read back
//	MSNP12      PRP MFN, UUX           name: SYN's PRP MFN; message: not told
//	MSNP15      PRP MFN, UUX           name: the address book's Me entry; message: not told
//	MSNP18      PRP MFN, UUX           both: the account's own NLN and UBX after a hidden CHG
//
// The name is stored by the server; the personal message is kept in its
// memory only (see the ns package for what Escargot does with each). A
// change is made before any status is set, so contacts are not told that
// the user signed in; reading at MSNP18 then sets the hidden status, as
// the other commands do.
package profile

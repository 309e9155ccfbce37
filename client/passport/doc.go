// Package passport logs in to the MSN network's Passport service: it asks
// the RST.srf or RST2.srf token service for tickets and computes the MBI
// response that MSNP15 and later want at login.
//
// # The login flow
//
// At MSNP12 the notification server answers "USR trid TWN I <email>" with
// "USR trid TWN S <policy>". The client requests [TWNRequests](policy) and
// sends the messenger.msn.com ticket back: "USR trid TWN S <ticket>".
//
// At MSNP15 to MSNP18 the server answers "USR trid SSO I <email>" with
// "USR trid SSO S <policy> <nonce>". The client requests
// [SSORequests](policy), takes the messengerclear.live.com token, and sends
// "USR trid SSO S <ticket> <response>" (plus the machine GUID at MSNP16+),
// where response is [MBIResponse](token.BinarySecret, nonce, iv) with iv
// from [NewIV]. The other tokens are what the address book
// ([AddrContacts]), offline message ([AddrMessenger]) and storage
// ([AddrStorage]) services accept.
//
// # Pieces
//
// The package is mostly pure functions, so each piece can be tested against
// captured traffic without a network:
//
//   - [BuildRequest] writes the RequestMultipleSecurityTokens envelope.
//   - [ParseResponse] reads the answer into [Token] values keyed by
//     address, with tickets unescaped ("t=…&p=…") and expiry times, and
//     turns a FailedAuthentication fault into [ErrAuthFailed].
//   - [MBIResponse] derives keys from the proof key with HMAC-SHA1, signs
//     and encrypts the nonce, and encodes the result; it uses no randomness,
//     which [NewIV] supplies separately.
//
// [Client.RequestTokens] ties the first two to a
// [github.com/msn-cli/msn/client/soap.Client], which owns
// the HTTP side: URL joining, size limits, fault detection and a trace with
// the password, tickets and proof keys redacted.
//
// # Secrets
//
// The password only ever appears in the request body, which RequestTokens
// clears after use; tickets and proof keys only in the returned tokens.
// No error message or trace line produced here contains any of them.
//
// # Revival servers
//
// Escargot, the usual server today, reads only the user name, password and
// addresses; answers every address with the same ticket (valid for 24
// hours); gives a real proof key only to messengerclear.live.com; numbers
// compact tokens by request position, which is why tokens are matched by
// address; and answers a wrong password with HTTP 200 and a fault placed
// directly under the SOAP Envelope.
package passport

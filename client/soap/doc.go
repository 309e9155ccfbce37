// Package soap is the single HTTP path that every MSN web service call goes
// through: Passport login (RST.srf, RST2.srf), the address book and sharing
// services, offline messages (oim.asmx, rsi.asmx) and storage.
//
// A [Client] posts a ready-made envelope to a path under one base URL and
// returns the response body. It does not build envelopes and it knows nothing
// about any particular service; the packages above it (passport, ab, oim) own
// their request and response shapes. What it does own is everything that is
// the same for all of them:
//
//   - URL joining. Revival servers such as Escargot route by path only and do
//     not normalise it (a request for //RST.srf is a 404), so the path is
//     joined to the base URL with exactly one slash, keeping any path prefix
//     of the base (http://h/x/ and /RST.srf give http://h/x/RST.srf). See
//     [JoinURL].
//   - Bounded reads. A response body longer than [Client.MaxResponse] is an
//     error, never a silently truncated document.
//   - Faults. A SOAP fault is reported as a [*Fault] wherever it appears in the
//     document and whatever the HTTP status: Passport's RST.srf answers a bad
//     password with HTTP 200 and a SOAP 1.1 Fault directly under Envelope,
//     RST2.srf uses SOAP 1.2 (Code/Value, Reason/Text) inside Body, and the
//     OIM service answers HTTP 500 with a Fault whose detail carries the lock
//     key challenge. A non-2xx status without a fault is an [*HTTPError].
//   - No redirects. A 3xx answer is a [*RedirectError], never followed:
//     every request carries a password or a ticket, which a redirect would
//     hand to another host (or to plain HTTP).
//   - Secrets. The optional trace shows each request and response, with
//     passwords, tickets, proof keys and lock keys replaced by [Redact].
//     Errors never contain a request body, and of a response body only a
//     fault's code and message.
//
// Call blocks until the response has been read, the context is done or the
// HTTP client gives up; the context's deadline is the only timeout this
// package adds.
package soap

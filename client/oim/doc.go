// Package oim stores offline instant messages (OIMs): text for a contact
// who is offline, kept by the service until the contact signs in.
//
// # Storing a message
//
// A message is posted to the store service ([PathStore], SOAP action
// [ActionStore2]) while the sender's notification server session is logged
// in: the service authorises the request by the ticket of that session.
// One request carries one [Message]:
//
//   - the From header names the sender's account and, RFC 2047 B-encoded,
//     the friendly name ("=?utf-8?B?QWxpY2U=?="). A plain friendly name
//     crashes Escargot's handler (HTTP 500, text/plain), so names are always
//     encoded, and left out when empty;
//   - the To header names the recipient;
//   - the Ticket header carries the compact ticket, the product id
//     [ProductID] and the lock key;
//   - a WS-ReliableMessaging Sequence header numbers the message within its
//     run, and the number must equal the X-OIM-Sequence-Num header of the
//     content;
//   - the body's Content is a small MIME message: MIME-Version,
//     Content-Type text/plain; charset=UTF-8, Content-Transfer-Encoding
//     base64, X-OIM-Message-Type OfflineMessage, X-OIM-Run-Id and
//     X-OIM-Sequence-Num, an empty line, and the UTF-8 text in base64,
//     wrapped at 76 characters per line (Escargot refuses lines over 77).
//
// # The lock key
//
// The service wants a lock key, the answer to a challenge it hands out
// only by refusing a request: the first request goes with an empty lock
// key, the service answers HTTP 500 q0:AuthenticationFailed with a
// LockKeyChallenge in the fault detail, and the client answers it with
// [ChallengeResponse] (the MSNP11 challenge algorithm, with [ProductID] and
// [ProductKey]) and sends the message again. [Client.Store] does this at
// most once per message and remembers the key for the messages after.
// Escargot hands out the constant challenge 1850937852 and accepts any
// non-empty key, but the key sent is the real answer.
//
// # Length
//
// One message carries at most [MaxText] bytes of text; longer text is
// split by the caller, at UTF-8 boundaries, into messages numbered 1, 2,
// ... of one run ([msnp.NewGUID]).
//
// # Errors
//
// The service's refusals wrap [ErrRecipientUnknown] (q0:SystemUnavailable:
// no such account, or not allowed to receive from the sender) or
// [ErrRefused] (any other fault), together with the *soap.Fault. Tickets,
// lock keys and the text never appear in an error; the SOAP client's trace
// redacts the ticket and the lock key.
//
// The fetching side (rsi.asmx: GetMetadata, GetMessage, DeleteMessages)
// is package rsi's job.
package oim

// Package rsi fetches offline instant messages (OIMs): it lists the
// messages the service keeps for the signed-in account, fetches each one
// and deletes them once they have been read. Storing a message for
// someone else is package oim's job.
//
// # Where the list comes from
//
// The notification server announces stored messages itself. After the
// first CHG of a session (MSNP11 and later) it sends a
// text/x-msmsgsinitialmdatanotification message whose Mail-Data header is
// an <MD> document with one <M> entry per message ([ParseMailData] reads
// it). With many messages (more than 25 on Escargot, as on real MSN) the
// value is the word "too-large" instead, and the list must be asked for
// with [Client.GetMetadata].
//
// # The rsi service
//
// The service lives at [PathRSI] (https://rsi.hotmail.com/rsi/rsi.asmx on
// the real network) and has three operations, each one SOAP 1.1 request:
//
//   - GetMetadata ([ActionGetMetadata]) returns the same <MD> document.
//     Real MSN put it in the response as XML elements; Escargot renders it
//     through an auto-escaping template, so it arrives as escaped text
//     content of GetMetadataResponse. Both forms are accepted. The request
//     element carries xsi:nil="true": Escargot crashes (HTTP 500) on an
//     empty <GetMetadata/>, because its XML library turns an empty leaf
//     into a string that has no tag.
//   - GetMessage ([ActionGetMessage]) returns one message as RFC 822 text
//     in GetMessageResult ([ParseMessage] reads it): the sender in the From
//     header, the friendly name RFC 2047-encoded, X-OIM-Run-Id and
//     X-OIM-Sequence-Num, and the text in the body, in base64 on
//     Escargot. An unknown id crashes Escargot's handler (HTTP 500).
//   - DeleteMessages ([ActionDeleteMessages]) deletes messages by id, all
//     or none: one unknown id makes the whole request fail with a
//     soap:Client "Schema validation error" fault. On success the
//     notification server sends the session a
//     text/x-msmsgsactivemailnotification message with the count.
//
// # Authentication
//
// Requests carry the ticket of a notification server session that is
// still logged in, split in two: <PassportCookie><t>…</t><p>…</p>. The t
// part is the compact ticket without its "t=" prefix and the p part what
// follows "&p=". Escargot reads the first 20 characters of the first child
// of PassportCookie as the login token (so a "t=" left in place fails),
// and maps it to a live session: fetch and delete before logging out.
// Missing or invalid authentication is the same soap:Client fault as an
// unknown id.
//
// # Order
//
// The service lists messages in no useful order (Escargot lists the files
// of a directory). [Sort] puts fetched messages in the order they were
// written: by sequence number within one run of messages, otherwise by
// the time they were received.
//
// # Limits and errors
//
// Responses are bounded by the soap.Client; a listing of more than
// [MaxEntries] messages and a message over [MaxMessage] bytes are errors.
// Errors name the operation and, where it helps, the message id; they
// never contain the ticket. Malformed input of any kind is an error,
// never a panic.
package rsi

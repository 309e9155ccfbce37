// Package p2p is MSNP2P version 1, the peer-to-peer layer MSN Messenger
// clients use to send each other files (and display pictures, emoticons,
// ...), reduced to what needs no I/O: encoding, decoding and bookkeeping.
// It opens no connection, starts no goroutine and reads no file; the
// switchboard and direct-connection transports and the file-transfer
// sessions above them call it.
//
// # The layers
//
// A file transfer is a conversation between two clients in three layers.
//
// SLP (MSNSLP/1.0) is the control dialogue, text much like SIP: the sender
// INVITEs the receiver to a session, describing the file in a base64
// file context; the receiver answers 200 OK or 603 Decline; either side may
// close the session with a BYE. A second INVITE/200 OK pair (the
// transreqbody and transrespbody) may negotiate a direct TCP connection.
// [SLPMessage], [AppendSLP] and [ParseSLP] write and read these messages;
// [SessionRequest], [TransportRequest] and [TransportResponse] are their
// bodies; [FileContext] is the file's description.
//
// P2P messages carry SLP text (session 0) and the session's data (the
// file, session id from the INVITE). A message is sent as one or more
// packets, each a 48-byte little-endian [Header] plus a chunk of the
// message: every chunk has the message's ID and TotalSize, its own Offset and
// Length. The receiver reassembles by offset and acknowledges the whole
// message with an ACK packet ([AckFor], recognised by [IsAckOf]). [Plan]
// splits an outgoing message into chunks, [Header.Chunk] makes each chunk's
// header, the [Assembler] rebuilds incoming SLP messages in memory, and the
// [DataTracker] follows incoming file data without holding it.
//
// Transports carry packets. Over a switchboard each packet is one MSG whose
// payload is a MIME block naming the destination (P2P-Dest), the header,
// the chunk and a 4-byte big-endian footer (the AppID: 0 for SLP and ACKs,
// 2 for file data): [AppendSBMessage] and [ParseSBBody]. The switchboard
// closes on an MSG payload over [MaxSBPayload] (1664) bytes, so chunks
// there carry at most [SBChunk] (1202) bytes, as libpurple sends them. Over
// a direct connection (TCPv1) each packet is a frame, a 4-byte
// little-endian length and the packet without footer ([AppendDCFrame],
// [DCFrameSize], [ParseDCFrame]); the connecting side first sends the
// [DCPreamble] frame, then both sides exchange a handshake packet carrying
// the nonce agreed over SLP ([HandshakeHeader], [ParseHandshake],
// [NonceMatches], [HashNonce] for the Hashed-Nonce of MSNP18 clients).
//
// # One transfer, as libpurple does it
//
// shared/reference/libpurple-p2p/file-transfer.txt is a real transfer
// between two libpurple clients; the tests decode every header in it and
// rebuild its SLP messages byte for byte. Alice (sender) and Bob:
//
//	alice: INVITE (sessionreqbody, EUF-GUID EUFGUIDFile, AppID 2, Context)
//	bob:   ACK of the INVITE; 200 OK (SessionID)
//	alice: ACK of the 200 OK
//	alice: the file, in chunks of one data message (FlagFileData, footer 2)
//	bob:   ACK of the whole data message (AckSize = file size); no BYE
//
// Identifiers: each side numbers its messages from a random base, each
// message (and each ACK) taking the next number; every chunk of one
// message keeps its number. AckID is a random value per message, which the
// peer's ACK echoes in AckUID.
//
// # Who calls what
//
// A sender builds the INVITE with [NewRequest], [SessionRequest.Body] and
// [EncodeFileContext], writes it with [AppendSLP] and sends it as chunks of
// an SLP message ([SLPHeader], [Plan], [Header.Chunk]) through
// [AppendSBMessage] or [AppendDCFrame]; it sends the file the same way
// with [FileDataHeader], and is done when [IsAckOf] matches the receiver's
// ACK of the data message. A receiver parses each packet ([ParseSBBody] or
// [ParseDCFrame]), feeds SLP chunks to an [Assembler] and the whole messages
// to [ParseSLP], answers with [Reply], feeds data chunks to a [DataTracker]
// and writes payload[skip:] where it says, and sends [AckFor] of
// [DataTracker.Last] once [DataTracker.Done].
//
// Every parser bounds its input before allocating ([MaxSLPSize] for SLP,
// a caller-given maximum for direct-connection frames) and refuses
// inconsistent fields; errors wrap [ErrMalformed], [ErrTooLarge] or
// [ErrSequence]. Parsed payloads point into the caller's buffer. Nothing
// here is safe for concurrent use, and nothing needs to be: one goroutine
// per transport reads and feeds it.
package p2p

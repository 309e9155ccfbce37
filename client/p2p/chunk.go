package p2p

import "iter"

// Plan splits a message of Total bytes into chunks of at most Size bytes,
// in order: the chunk at offset o has min(Size, Total-o) bytes. Every chunk
// of one message carries the same ID; only Offset and Length change
// (Header.Chunk builds each header). An empty message is one empty chunk,
// so that it can still be sent and acknowledged.
//
// A Plan holds no list: a transfer of any size is planned in constant memory.
type Plan struct {
	Total uint64
	Size  uint32 // must be > 0; SBChunk on a switchboard
}

// Count is the number of chunks.
func (p Plan) Count() uint64 {
	if p.Size == 0 {
		return 0
	}
	if p.Total == 0 {
		return 1
	}
	return (p.Total-1)/uint64(p.Size) + 1
}

// LengthAt is the length of the chunk that starts at offset, which may be
// any offset (a transfer resumes from the last acknowledged one); 0 at or
// past the end.
func (p Plan) LengthAt(offset uint64) uint32 {
	if offset >= p.Total {
		return 0
	}
	return uint32(min(uint64(p.Size), p.Total-offset))
}

// From yields the offset and length of every chunk from offset to the end:
// From(0) is the whole message, From(acked) resumes a transfer.
func (p Plan) From(offset uint64) iter.Seq2[uint64, uint32] {
	return func(yield func(uint64, uint32) bool) {
		if p.Size == 0 {
			return
		}
		if p.Total == 0 && offset == 0 {
			yield(0, 0)
			return
		}
		for ; offset < p.Total; offset += uint64(p.Size) {
			if !yield(offset, p.LengthAt(offset)) {
				return
			}
		}
	}
}

// FileDataHeader is the header shared by the chunks of a file's data: the
// session's id, the data message's identifier, the file size, FlagFileData
// and a random AckID. Give it to Header.Chunk for each chunk, and send each
// with FooterFile on a switchboard.
func FileDataHeader(sessionID, id uint32, size uint64, ackID uint32) Header {
	return Header{SessionID: sessionID, ID: id, TotalSize: size, Flags: FlagFileData, AckID: ackID}
}

// SLPHeader is the header shared by the chunks of an SLP message of size
// bytes: session 0, no flag.
func SLPHeader(id uint32, size uint64, ackID uint32) Header {
	return Header{ID: id, TotalSize: size, AckID: ackID}
}

package savefile

import "sync"

// receiving is every File of the process still being written, and the
// space reserved for files about to be: the bytes they were announced and
// have not written to the file yet are promised, and a new file must fit in the free
// space beside them (several large offers at once each fit alone, not
// together).
var receiving = struct {
	sync.Mutex
	files    map[*File]struct{}
	reserved uint64 // checked by reserveSpace, the File not made yet
}{files: map[*File]struct{}{}}

// reserve adds size to the reserved bytes when fits, given the bytes
// promised so far, says yes; both in one step. It returns the bytes that
// were promised and whether size was reserved.
func reserve(size uint64, fits func(promised uint64) bool) (uint64, bool) {
	receiving.Lock()
	defer receiving.Unlock()
	promised := promisedLocked()
	if !fits(promised) {
		return promised, false
	}
	receiving.reserved += size
	return promised, true
}

// unreserve gives back bytes reserved for a file that was not made.
func unreserve(size uint64) {
	receiving.Lock()
	receiving.reserved -= size
	receiving.Unlock()
}

// startPromise counts f's bytes as promised until endPromise, in place of
// the reserved bytes set aside for it.
func startPromise(f *File, reserved uint64) {
	receiving.Lock()
	receiving.files[f] = struct{}{}
	receiving.reserved -= reserved
	receiving.Unlock()
}

// endPromise stops counting f (committed, failed or aborted).
func endPromise(f *File) {
	receiving.Lock()
	delete(receiving.files, f)
	receiving.Unlock()
}

// promisedLocked is what the files being written still have to write,
// and the space reserved for those about to be. Bytes a File took but
// holds in its buffers count as promised: the filesystem does not have
// them yet. The caller holds receiving.
func promisedLocked() uint64 {
	sum := receiving.reserved
	for f := range receiving.files {
		sum += f.size - min(f.size, uint64(f.behind.written.Load()))
	}
	return sum
}

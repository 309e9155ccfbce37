package savefile

import "sync"

// receiving is every File of the process still being written: the bytes
// they were announced and have not written yet are promised, and a new
// file must fit in the free space beside them (several large offers at
// once each fit alone, not together).
var receiving = struct {
	sync.Mutex
	files map[*File]struct{}
}{files: map[*File]struct{}{}}

// startPromise counts f's bytes as promised until endPromise.
func startPromise(f *File) {
	receiving.Lock()
	receiving.files[f] = struct{}{}
	receiving.Unlock()
}

// endPromise stops counting f (committed, failed or aborted).
func endPromise(f *File) {
	receiving.Lock()
	delete(receiving.files, f)
	receiving.Unlock()
}

// promisedBytes is what the files being written still have to write.
func promisedBytes() uint64 {
	receiving.Lock()
	defer receiving.Unlock()
	var sum uint64
	for f := range receiving.files {
		sum += f.size - min(f.size, f.written.Load())
	}
	return sum
}

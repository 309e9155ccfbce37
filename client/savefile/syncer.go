package savefile

import "sync/atomic"

// syncEvery is how many bytes a File writes between two syncs it starts
// in the background while the transfer goes on.
const syncEvery = 64 << 20

// syncer syncs a file on a goroutine of its own each time it is asked,
// so the disk writes what a transfer has written while the transfer goes
// on, and the sync that ends the file (Commit) has only the last part
// left to wait for: a large file is on disk about as soon as its last
// byte arrives, and never sits whole in memory waiting for the disk.
// What a sync has put on disk is then dropped from the page cache
// (dropCached, on Linux): a download of gigabytes does not push out what
// the machine had in memory, and its pages are reused as it goes.
//
// A request made while a sync runs waits for it to end; more requests
// meanwhile make one more sync, not several. A failed sync is handed to
// failed at once, on the syncer's goroutine: the kernel reports a failed
// write-back to one sync only, so the final one may not see it, and the
// file's later writes need not go on.
type syncer struct {
	file    interface{ Sync() error }
	failed  func(error)   // told of each failed sync
	upTo    atomic.Int64  // the file's size at the last request
	wake    chan struct{} // one token: a sync is wanted
	stopped chan struct{} // closed by stop
	done    chan struct{} // closed when the goroutine has returned
	dropped int64         // the goroutine's: bytes from 0 dropped from the cache
}

func startSyncer(file interface{ Sync() error }, failed func(error)) *syncer {
	s := &syncer{file: file, failed: failed, wake: make(chan struct{}, 1), stopped: make(chan struct{}), done: make(chan struct{})}
	go s.run()
	return s
}

func (s *syncer) run() {
	defer close(s.done)
	for {
		select {
		case <-s.wake:
			upTo := s.upTo.Load()
			if err := s.file.Sync(); err != nil {
				s.failed(err)
				continue
			}
			dropCached(s.file, s.dropped, upTo-s.dropped)
			s.dropped = upTo
		case <-s.stopped:
			return
		}
	}
}

// request asks for a sync of the file, written up to upTo bytes, without
// waiting for it.
func (s *syncer) request(upTo int64) {
	s.upTo.Store(upTo)
	select {
	case s.wake <- struct{}{}:
	default: // one is wanted already
	}
}

// stop waits for a sync under way (its failure handed on before stop
// returns) and drops one only requested. It is called once.
func (s *syncer) stop() {
	close(s.stopped)
	<-s.done
}

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
// meanwhile make one more sync, not several. The first failed sync is
// kept and returned by stop: the kernel reports a failed write-back to
// one sync only, so the final one may not see it.
type syncer struct {
	file    interface{ Sync() error }
	upTo    atomic.Int64  // the file's size at the last request
	wake    chan struct{} // one token: a sync is wanted
	stopped chan struct{} // closed by stop
	done    chan struct{} // closed when the goroutine has returned
	err     error         // the first failed sync; the goroutine's until done
	dropped int64         // the goroutine's: bytes from 0 dropped from the cache
}

func startSyncer(file interface{ Sync() error }) *syncer {
	s := &syncer{file: file, wake: make(chan struct{}, 1), stopped: make(chan struct{}), done: make(chan struct{})}
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
				if s.err == nil {
					s.err = err
				}
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

// stop waits for a sync under way, drops one only requested, and returns
// the first error of those that ran. It is called once.
func (s *syncer) stop() error {
	close(s.stopped)
	<-s.done
	return s.err
}

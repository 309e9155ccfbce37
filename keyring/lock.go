package keyring

import (
	"fmt"
	"os"
	"sync"
	"time"
)

// processLocks holds one semaphore per lock path, so goroutines of this
// process exclude each other on every system, flock or not.
var processLocks sync.Map // string → chan struct{}

// lockFile takes the lock named path for this process and, where the system
// has one, an advisory lock on the file at path (created with mode 0600 if
// needed) for every process. It returns the function that releases both.
// It blocks until the lock is free or wait has passed, then fails with an
// error saying another msn holds it.
func lockFile(path string, wait time.Duration) (unlock func(), err error) {
	deadline := time.Now().Add(wait)
	release, err := lockProcess(path, deadline)
	if err != nil {
		return nil, err
	}
	unlockFile, err := lockOSFile(path, deadline)
	if err != nil {
		release()
		return nil, err
	}
	return func() { unlockFile(); release() }, nil
}

// lockOSFile takes the system's exclusive lock on the file at path (see
// tryLockFile), creating the file with mode 0600 if needed, and returns the
// function that releases it. It polls until deadline. The lock belongs to
// this open file, so it also excludes other open files of the same path in
// this process.
func lockOSFile(path string, deadline time.Time) (unlock func(), err error) {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, fmt.Errorf("keyring: %w", err)
	}
	if err := retryLock(path, deadline, func() (bool, error) { return tryLockFile(f) }); err != nil {
		f.Close()
		return nil, err
	}
	return func() {
		unlockFile(f)
		f.Close()
	}, nil
}

// lockProcess takes this process's lock named key, waiting until deadline.
func lockProcess(key string, deadline time.Time) (release func(), err error) {
	v, _ := processLocks.LoadOrStore(key, make(chan struct{}, 1))
	sem := v.(chan struct{})
	timer := time.NewTimer(time.Until(deadline))
	defer timer.Stop()
	select {
	case sem <- struct{}{}:
		return func() { <-sem }, nil
	case <-timer.C:
		return nil, errLockBusy(key)
	}
}

func errLockBusy(path string) error {
	return fmt.Errorf("keyring: another msn kept %s locked; try again", path)
}

// retryLock calls try until it reports the lock taken (or fails), backing
// off between attempts up to 50 ms, and gives up at deadline.
func retryLock(path string, deadline time.Time, try func() (taken bool, err error)) error {
	wait := time.Millisecond
	for {
		taken, err := try()
		if err != nil {
			return fmt.Errorf("keyring: lock %s: %w", path, err)
		}
		if taken {
			return nil
		}
		if time.Now().After(deadline) {
			return errLockBusy(path)
		}
		time.Sleep(wait)
		wait = min(wait*2, 50*time.Millisecond)
	}
}

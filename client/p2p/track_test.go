package p2p

import (
	"errors"
	"testing"
)

func TestDataTrackerRefuses(t *testing.T) {
	base := FileDataHeader(5, 300, 100, 1)
	for _, tc := range []struct {
		name string
		h    Header
	}{
		{"a gap", base.Chunk(41, 10)},
		{"another session", func() Header { h := base.Chunk(40, 10); h.SessionID = 6; return h }()},
		{"another message", func() Header { h := base.Chunk(40, 10); h.ID = 301; return h }()},
		{"another total size", func() Header { h := base.Chunk(40, 10); h.TotalSize = 101; return h }()},
		{"past the end", base.Chunk(30, 71)},
	} {
		rx := NewDataTracker(5, 100)
		for _, h := range []Header{base.Chunk(0, 20), base.Chunk(20, 20)} {
			if _, _, err := rx.Accept(h); err != nil {
				t.Fatal(err)
			}
		}
		_, _, err := rx.Accept(tc.h)
		if err == nil || (!errors.Is(err, ErrSequence) && !errors.Is(err, ErrMalformed)) {
			t.Errorf("%s: err = %v", tc.name, err)
		}
		if rx.Received() != 40 || rx.Last() != base.Chunk(20, 20) {
			t.Errorf("%s: the refused chunk changed the tracker: %d, %v", tc.name, rx.Received(), rx.Last())
		}
	}
	if _, _, err := NewDataTracker(5, 100).Accept(base.Chunk(10, 10)); !errors.Is(err, ErrSequence) {
		t.Errorf("a first chunk past offset 0: %v", err)
	}
}

// TestDataTrackerResume accepts a sender going back to an acknowledged
// offset (as after a broken direct connection), with other chunk sizes.
func TestDataTrackerResume(t *testing.T) {
	base := FileDataHeader(5, 300, 100, 1)
	rx := NewDataTracker(5, 100)
	steps := []struct {
		h        Header
		at       uint64
		skip     uint32
		received uint64
	}{
		{base.Chunk(0, 30), 0, 0, 30},
		{base.Chunk(30, 30), 30, 0, 60},
		{base.Chunk(20, 15), 60, 15, 60}, // all repeated
		{base.Chunk(50, 25), 60, 10, 75}, // half repeated
		{base.Chunk(75, 25), 75, 0, 100},
	}
	for i, s := range steps {
		at, skip, err := rx.Accept(s.h)
		if err != nil || at != s.at || skip != s.skip || rx.Received() != s.received {
			t.Fatalf("step %d: at %d skip %d received %d, %v; want %d %d %d", i, at, skip, rx.Received(), err, s.at, s.skip, s.received)
		}
		if rx.Done() != (i == len(steps)-1) {
			t.Fatalf("step %d: done %v", i, rx.Done())
		}
	}
}

func TestDataTrackerEmpty(t *testing.T) {
	rx := NewDataTracker(5, 0)
	if rx.Done() {
		t.Fatal("done before the empty chunk")
	}
	if at, skip, err := rx.Accept(FileDataHeader(5, 1, 0, 2)); err != nil || at != 0 || skip != 0 || !rx.Done() {
		t.Fatalf("empty chunk: %d %d %v, done %v", at, skip, err, rx.Done())
	}
}

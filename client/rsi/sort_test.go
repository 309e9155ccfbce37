package rsi

import (
	"math/rand/v2"
	"slices"
	"testing"
	"time"
)

func TestSort(t *testing.T) {
	at := func(sec int) time.Time { return time.Date(2026, 11, 24, 21, 0, sec, 0, time.UTC) }
	const runA, runB = "{AAAAAAAA-0000-0000-0000-000000000000}", "{BBBBBBBB-0000-0000-0000-000000000000}"
	want := []Message{
		{ID: "u1", Received: at(1)},                           // from UUM: no run, no sequence
		{ID: "z", RunID: runA, Sequence: 1, Received: at(5)},  // run A, same second...
		{ID: "b1", RunID: runB, Sequence: 1, Received: at(5)}, // run B interleaved by time
		{ID: "a", RunID: "aaaaaaaa-0000-0000-0000-000000000000", // run A again, other spelling
			Sequence: 2, Received: at(5)},
		{ID: "m", RunID: runA, Sequence: 3, Received: at(5)},
		{ID: "b2", RunID: runB, Sequence: 2, Received: at(6)},
		{ID: "c", RunID: runA, Received: at(7)}, // no sequence: by time
		{ID: "b3", RunID: runB, Sequence: 3, Received: at(9)},
	}
	got := slices.Clone(want)
	r := rand.New(rand.NewPCG(1, 2))
	for range 200 {
		r.Shuffle(len(got), func(i, j int) { got[i], got[j] = got[j], got[i] })
		Sort(got)
		if !slices.Equal(ids(got), ids(want)) {
			t.Fatalf("order %v, want %v", ids(got), ids(want))
		}
	}
}

// The service's clock and the sender's sequence disagree: the sequence
// wins inside a run.
func TestSortSequenceBeatsClock(t *testing.T) {
	at := func(sec int) time.Time { return time.Date(2026, 1, 1, 0, 0, sec, 0, time.UTC) }
	ms := []Message{
		{ID: "3", RunID: "{R}", Sequence: 3, Received: at(1)},
		{ID: "x", Received: at(2)},
		{ID: "1", RunID: "{R}", Sequence: 1, Received: at(3)},
		{ID: "2", RunID: "{R}", Sequence: 2, Received: at(4)},
	}
	Sort(ms)
	if got := ids(ms); !slices.Equal(got, []string{"1", "x", "2", "3"}) {
		t.Errorf("order %v", got)
	}
	Sort(nil)
}

func ids(ms []Message) []string {
	var out []string
	for _, m := range ms {
		out = append(out, m.ID)
	}
	return out
}

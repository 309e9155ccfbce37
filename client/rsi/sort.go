package rsi

import (
	"cmp"
	"slices"
	"strings"
)

// Sort puts messages in the order they were written, in place.
//
// Messages are ordered by Received, then by ID. Then, within each run
// (messages with the same RunID, compared without braces or case), the
// messages that have a Sequence are put in sequence order among the
// places the run's numbered messages took: the service's clock has
// one-second steps, so the messages of a run often share a Received time,
// and a sequence number says more than the clock. Messages without a run
// or a sequence keep their place by time.
//
// The result depends only on the messages, not on their order before the
// call (the service's order, filesystem order on Escargot, means nothing),
// as long as no two messages share an ID.
func Sort(ms []Message) {
	slices.SortStableFunc(ms, byTime)
	runs := map[string][]int{} // run -> indices of its numbered messages, in time order
	var order []string
	for i := range ms {
		key := runKey(ms[i].RunID)
		if key == "" || ms[i].Sequence <= 0 {
			continue
		}
		if _, ok := runs[key]; !ok {
			order = append(order, key)
		}
		runs[key] = append(runs[key], i)
	}
	for _, key := range order {
		idx := runs[key]
		if len(idx) < 2 {
			continue
		}
		run := make([]Message, len(idx))
		for j, i := range idx {
			run[j] = ms[i]
		}
		slices.SortStableFunc(run, func(a, b Message) int {
			if c := cmp.Compare(a.Sequence, b.Sequence); c != 0 {
				return c
			}
			return byTime(a, b)
		})
		for j, i := range idx {
			ms[i] = run[j]
		}
	}
}

// byTime orders by Received, then ID.
func byTime(a, b Message) int {
	if c := a.Received.Compare(b.Received); c != 0 {
		return c
	}
	return strings.Compare(a.ID, b.ID)
}

// runKey is a run id without braces and case, "" for none.
func runKey(id string) string {
	return strings.ToUpper(strings.Trim(strings.TrimSpace(id), "{}"))
}

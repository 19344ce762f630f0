package pipeline

import (
	"sync/atomic"
	"time"
)

// Timing is where a pipeline's wall-clock time went, summed since it was
// made. Only work on the transaction's path makes ingest faster (Overlap
// analyses the next group meanwhile), so crosscheck bench prints these
// beside its rates.
type Timing struct {
	// Analyse: analysing groups ahead of their transactions (Overlap).
	Analyse time.Duration
	// Handover: analysed groups waiting for the transaction before theirs.
	Handover time.Duration
	// Transaction: storing groups (Commit) or single articles (Add), the
	// store's commit included.
	Transaction time.Duration
	// Place: placing a group's articles one after another, inside Transaction.
	Place time.Duration
	// AlignWait: waiting, after the placements, for the group's last
	// provenance alignments, inside Transaction.
	AlignWait time.Duration
}

// timing is Timing as it accrues, safe for concurrent use.
type timing struct {
	analyse, handover, transaction, place, alignWait atomic.Int64
}

// since adds the time since start to d.
func since(d *atomic.Int64, start time.Time) { d.Add(int64(time.Since(start))) }

// Timing returns where the pipeline's time went so far.
func (p *Pipeline) Timing() Timing {
	t := &p.timing
	return Timing{
		Analyse:     time.Duration(t.analyse.Load()),
		Handover:    time.Duration(t.handover.Load()),
		Transaction: time.Duration(t.transaction.Load()),
		Place:       time.Duration(t.place.Load()),
		AlignWait:   time.Duration(t.alignWait.Load()),
	}
}

// Sub returns the time spent between an earlier reading u and t.
func (t Timing) Sub(u Timing) Timing {
	return Timing{t.Analyse - u.Analyse, t.Handover - u.Handover, t.Transaction - u.Transaction, t.Place - u.Place, t.AlignWait - u.AlignWait}
}

// Add returns the sum of t and u (the timings of two pipelines).
func (t Timing) Add(u Timing) Timing {
	return Timing{t.Analyse + u.Analyse, t.Handover + u.Handover, t.Transaction + u.Transaction, t.Place + u.Place, t.AlignWait + u.AlignWait}
}

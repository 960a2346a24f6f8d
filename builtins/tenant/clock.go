package tenant

import (
	"context"
	"database/sql"
	"errors"
	"time"
)

// The tenant clock is stored in the tenant row so that every process using
// the file agrees on "now": either a fixed instant (after SetClock) or real
// time shifted by an offset (after AddDays on a running clock).

type queryRower interface {
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// Clock is the setting of the tenant clock: stopped at a time, or running
// at an offset from real time.
type Clock struct {
	Fixed  time.Time // the time the clock is stopped at; zero when it runs
	Offset time.Duration
}

// Now reads the clock, to the nanosecond while it runs.
func (c Clock) Now() time.Time {
	if !c.Fixed.IsZero() {
		return c.Fixed
	}
	return time.Now().UTC().Add(c.Offset)
}

// loadClock returns the tenant's clock. An uninitialised tenant runs on
// real time.
func loadClock(ctx context.Context, q queryRower) (Clock, error) {
	var fixed sql.NullInt64
	var offset int64
	err := q.QueryRowContext(ctx, `SELECT clock_fixed, clock_offset FROM tenant WHERE id = 1`).Scan(&fixed, &offset)
	if errors.Is(err, sql.ErrNoRows) {
		return Clock{}, nil
	}
	if err != nil {
		return Clock{}, err
	}
	clk := Clock{Offset: time.Duration(offset) * time.Second}
	if fixed.Valid {
		clk = Clock{Fixed: time.Unix(fixed.Int64, 0).UTC()}
	}
	return clk, nil
}

// Clock returns the setting of the tenant clock.
func (s *Store) Clock(ctx context.Context) (Clock, error) {
	clk, err := loadClock(ctx, s.db)
	return clk, err
}

// Now is the tenant clock's current time (UTC, whole seconds), which every
// rule and record of the tenant uses.
func (s *Store) Now(ctx context.Context) (time.Time, error) {
	clk, err := s.Clock(ctx)
	return clk.Now().Truncate(time.Second), err
}

// SetClock stops the tenant clock at t: every process sees t as "now"
// until the clock is moved again or reset.
func (s *Store) SetClock(ctx context.Context, t time.Time) error {
	return s.Write(ctx, func(tx *Tx) error { return tx.setClock(t.UTC().Truncate(time.Second), true) })
}

// AddDays moves the tenant clock n days (n may be negative), keeping it
// fixed if it was fixed and running if it was running.
func (s *Store) AddDays(ctx context.Context, n int) error {
	return s.Write(ctx, func(tx *Tx) error {
		var fixed sql.NullInt64
		if err := tx.queryRow(`SELECT clock_fixed FROM tenant WHERE id = 1`).Scan(&fixed); err != nil {
			return notInitialized(err)
		}
		return tx.setClock(tx.now.AddDate(0, 0, n), fixed.Valid)
	})
}

// ResetClock puts the tenant clock back on real time.
func (s *Store) ResetClock(ctx context.Context) error {
	return s.Write(ctx, func(tx *Tx) error {
		res, err := tx.exec(`UPDATE tenant SET clock_fixed = NULL, clock_offset = 0 WHERE id = 1`)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return errNotInitialized()
		}
		before := tx.now
		tx.now = time.Now().UTC().Truncate(time.Second)
		return tx.audit("Reset tenant clock", "", "", before, tx.now)
	})
}

func (tx *Tx) setClock(t time.Time, fixed bool) error {
	var res sql.Result
	var err error
	if fixed {
		res, err = tx.exec(`UPDATE tenant SET clock_fixed = ?, clock_offset = 0 WHERE id = 1`, t.Unix())
	} else {
		offset := int64(t.Sub(time.Now().UTC()) / time.Second)
		res, err = tx.exec(`UPDATE tenant SET clock_fixed = NULL, clock_offset = ? WHERE id = 1`, offset)
	}
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return errNotInitialized()
	}
	before := tx.now
	tx.now = t
	if err := tx.audit("Set tenant clock", "", "", before, t); err != nil {
		return err
	}
	// Moving the clock forward may make grace periods run out now.
	return tx.expire()
}

func notInitialized(err error) error {
	if errors.Is(err, sql.ErrNoRows) {
		return errNotInitialized()
	}
	return err
}

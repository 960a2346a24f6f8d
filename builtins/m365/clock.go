package m365

import (
	"context"
	"errors"
	"os"
	"time"
)

// Now reads the tenant clock, which the session's host makes the clock of
// Get-Date, [datetime]::Now and every date a script computes, so that
// scripts agree with the tenant after Set-TenantClock. It is local time, as
// Get-Date's is. While no tenant file exists, or it cannot be read, it is
// the computer's time: a tenant not made yet runs on real time, and reading
// the clock never creates one. A Microsoft 365 tenant runs on real time,
// to the nanosecond as Get-Date tells it, so that scripts can time
// themselves.
func (ts *Session) Now() time.Time {
	if ts.Graph() != nil {
		return time.Now()
	}
	if !ts.opened() {
		if _, err := os.Stat(ts.path); ts.path == "" || errors.Is(err, os.ErrNotExist) {
			return time.Now()
		}
	}
	ctx := context.Background()
	st, err := ts.Store(ctx)
	if err != nil {
		return time.Now()
	}
	clk, err := st.Clock(ctx)
	if err != nil {
		return time.Now()
	}
	return clk.Now().Local()
}

// opened reports whether the tenant file is open.
func (ts *Session) opened() bool {
	ts.mu.Lock()
	defer ts.mu.Unlock()
	return ts.store != nil
}

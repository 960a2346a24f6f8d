package graphapi

import (
	"context"
	"math"
	"net/http"
	"strconv"
	"sync"
	"time"

	"licsh/builtins/tenant"
)

// Limits are throttling limits in the way Graph's identity and access
// service sets them: token buckets of resource units per application, of
// writes per application, and of writes per tenant.
type Limits struct {
	// Units per UnitWindow for one application in the tenant; 0 takes
	// Graph's by the tenant's size: 3,500 under 50 users, 5,000 up to
	// 500, 8,000 above.
	Units      int
	UnitWindow time.Duration
	// Writes per WriteWindow for one application in the tenant.
	Writes      int
	WriteWindow time.Duration
	// TenantWrites per TenantWriteWindow for all applications together.
	TenantWrites      int
	TenantWriteWindow time.Duration
}

// GraphLimits are the limits Graph documents for identity and access
// (users, groups, licenses, directory roles): resource units per 10
// seconds by tenant size, 3,000 writes per 2 minutes 30 seconds per
// application and 18,000 writes per 5 minutes per tenant.
func GraphLimits() Limits {
	return Limits{UnitWindow: 10 * time.Second, Writes: 3000, WriteWindow: 150 * time.Second,
		TenantWrites: 18000, TenantWriteWindow: 5 * time.Minute}
}

// unitsFor is Graph's resource unit quota of a tenant of n users.
func unitsFor(n int) int {
	switch {
	case n < 50:
		return 3500
	case n <= 500:
		return 5000
	}
	return 8000
}

// bucket is a token bucket: size tokens, refilled evenly over window.
type bucket struct {
	size   float64
	rate   float64 // tokens per second
	tokens float64
	at     time.Time
}

func newBucket(size int, window time.Duration, now time.Time) *bucket {
	return &bucket{size: float64(size), rate: float64(size) / window.Seconds(), tokens: float64(size), at: now}
}

// refill brings the bucket to now.
func (b *bucket) refill(now time.Time) {
	b.tokens = math.Min(b.size, b.tokens+now.Sub(b.at).Seconds()*b.rate)
	b.at = now
}

// wait is how long until n tokens are there, 0 when they are.
func (b *bucket) wait(n float64) time.Duration {
	if b.tokens >= n {
		return 0
	}
	return time.Duration((n - b.tokens) / b.rate * float64(time.Second))
}

// throttler keeps the buckets of every application and of the tenant. It
// runs on real time: throttling is about the pace of requests, which the
// tenant clock does not change.
type throttler struct {
	limits Limits
	store  *tenant.Store

	mu          sync.Mutex
	units       map[string]*bucket
	writes      map[string]*bucket
	tenant      *bucket
	size        int
	sizeChecked time.Time
}

func newThrottler(l Limits, st *tenant.Store) *throttler {
	return &throttler{limits: l, store: st, units: map[string]*bucket{}, writes: map[string]*bucket{}}
}

// take charges one request of who, of cost resource units and a write or
// not, to the buckets, or refuses it as Graph does when one of them is
// short: 429 with Retry-After and the scope that is exhausted.
func (t *throttler) take(who *principal, write bool, cost int, tenantID string) *apiError {
	now := time.Now()
	t.mu.Lock()
	defer t.mu.Unlock()
	units := t.limits.Units
	if units == 0 {
		if now.Sub(t.sizeChecked) > time.Minute {
			if n, err := t.store.UserCount(context.Background()); err == nil {
				t.size, t.sizeChecked = n, now
			}
		}
		units = unitsFor(t.size)
	}
	ub := t.units[who.appID]
	if ub == nil {
		ub = newBucket(units, t.limits.UnitWindow, now)
		t.units[who.appID] = ub
	}
	ub.refill(now)
	wait, scope, reason := ub.wait(float64(cost)), "Tenant_Application/ReadWrite", "ResourceUnitLimitExceeded"
	var wb *bucket
	if write {
		if wb = t.writes[who.appID]; wb == nil {
			wb = newBucket(t.limits.Writes, t.limits.WriteWindow, now)
			t.writes[who.appID] = wb
		}
		if t.tenant == nil {
			t.tenant = newBucket(t.limits.TenantWrites, t.limits.TenantWriteWindow, now)
		}
		wb.refill(now)
		t.tenant.refill(now)
		if w := wb.wait(1); w > wait {
			wait, scope, reason = w, "Tenant_Application/Write", "WriteLimitExceeded"
		}
		if w := t.tenant.wait(1); w > wait {
			wait, scope, reason = w, "Tenant/Write", "WriteLimitExceeded"
		}
	}
	if wait > 0 {
		e := newAPIError(http.StatusTooManyRequests, "TooManyRequests", "Please retry again later.")
		e.header = http.Header{}
		e.header.Set("Retry-After", strconv.Itoa(int(math.Ceil(wait.Seconds()))))
		e.header["x-ms-throttle-scope"] = []string{scope + "/" + who.appID + "/" + tenantID}
		e.header["x-ms-throttle-information"] = []string{reason}
		return e
	}
	ub.tokens -= float64(cost)
	if write {
		wb.tokens--
		t.tenant.tokens--
	}
	return nil
}

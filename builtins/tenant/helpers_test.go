package tenant

import (
	"context"
	"errors"
	"path/filepath"
	"testing"
	"time"
)

// Well-known products of the built-in catalog.
const (
	e5       = "06ebc4ee-1bb5-47dd-8120-11324bc54e06" // SPE_E5, Microsoft 365 E5
	e3       = "05e9a617-0261-4cee-bb44-138d3ef5d965" // SPE_E3
	o365E3   = "6fd2c87f-b296-42f0-b197-1e91e994b900" // ENTERPRISEPACK
	pbiPro   = "f8a1db68-be16-40ed-86d5-cb42ce701560" // POWER_BI_PRO
	exoPlan2 = "efb87545-963c-4e0d-99df-69c6916d9eb0" // EXCHANGE_S_ENTERPRISE
)

var ctx = context.Background()

var start = time.Date(2025, 3, 1, 9, 0, 0, 0, time.UTC)

// newTenant opens an initialised tenant (admin@contoso.com, Global
// Administrator) on a fresh file with its clock stopped at start, and checks
// the seat invariant when the test ends.
func newTenant(t *testing.T) *Store {
	t.Helper()
	s := openFile(t, filepath.Join(t.TempDir(), "tenant.db"))
	if err := s.Initialize(ctx, "Contoso", "contoso.com", false); err != nil {
		t.Fatal(err)
	}
	if err := s.SetClock(ctx, start); err != nil {
		t.Fatal(err)
	}
	return s
}

func openFile(t *testing.T, path string) *Store {
	t.Helper()
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		checkInvariant(t, s)
		s.Close()
	})
	return s
}

// checkInvariant is the seat invariant: for every SKU the consumed count is
// the number of distinct live users holding it, directly or through a group.
func checkInvariant(t *testing.T, s *Store) {
	t.Helper()
	rows, err := s.DB().Query(`SELECT k.part_number, k.consumed,
		(SELECT count(DISTINCT la.user_id) FROM license_assignments la JOIN users u ON u.id = la.user_id
		 WHERE la.sku_id = k.sku_id AND la.state = 'Active' AND u.deleted_at IS NULL)
		FROM skus k`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var part string
		var consumed, holders int
		if err := rows.Scan(&part, &consumed, &holders); err != nil {
			t.Fatal(err)
		}
		if consumed != holders {
			t.Errorf("invariant: %s consumed = %d, but %d users hold it", part, consumed, holders)
		}
	}
}

func must[T any](t *testing.T) func(T, error) T {
	return func(v T, err error) T {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
}

func addSub(t *testing.T, s *Store, sku string, qty int) Subscription {
	t.Helper()
	return must[Subscription](t)(s.AddSubscription(ctx, NewSubscription{Sku: sku, Quantity: qty}))
}

func addUser(t *testing.T, s *Store, upn, loc string) User {
	t.Helper()
	return must[User](t)(s.NewUser(ctx, NewUser{UserPrincipalName: upn, DisplayName: upn, UsageLocation: loc, Department: "Sales"}))
}

func assign(t *testing.T, s *Store, upn string, skus ...string) LicenseResult {
	t.Helper()
	var add []AddLicense
	for _, k := range skus {
		add = append(add, AddLicense{SkuID: k})
	}
	return must[LicenseResult](t)(s.SetUserLicense(ctx, upn, add, nil))
}

// wantError checks that err is a tenant *Error with exactly msg.
func wantError(t *testing.T, err error, msg string) {
	t.Helper()
	var te *Error
	if !errors.As(err, &te) {
		t.Fatalf("error = %v, want %q", err, msg)
	}
	if te.Message != msg {
		t.Fatalf("error = %q, want %q", te.Message, msg)
	}
}

func product(t *testing.T, s *Store, sku string) Product {
	t.Helper()
	for _, p := range must[[]Product](t)(s.Products(ctx)) {
		if p.SkuID == sku {
			return p
		}
	}
	t.Fatalf("no product %s", sku)
	return Product{}
}

func auditCount(t *testing.T, s *Store) int {
	t.Helper()
	return len(must[[]AuditEntry](t)(s.AuditLog(ctx, AuditFilter{})))
}

func licenses(t *testing.T, s *Store, upn string) []string {
	t.Helper()
	return must[User](t)(s.GetUser(ctx, upn)).Licenses
}

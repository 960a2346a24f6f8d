package tenant

import (
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"
)

var big struct {
	once sync.Once
	dir  string
	path string
	err  error
}

// bigTenant is a 100,000-user tenant file, built once per test binary:
// ten departments, every user on E3 or E5, a third also on Power BI Pro.
func bigTenant(b *testing.B) string {
	big.once.Do(func() {
		big.dir, big.err = os.MkdirTemp("", "licsh-bench-")
		if big.err != nil {
			return
		}
		big.path = filepath.Join(big.dir, "tenant.db")
		big.err = buildBigTenant(big.path, 100_000)
	})
	if big.err != nil {
		b.Fatal(big.err)
	}
	return big.path
}

func buildBigTenant(path string, n int) error {
	s, err := Open(path)
	if err != nil {
		return err
	}
	defer s.Close()
	if err := s.Initialize(ctx, "Contoso", "contoso.com", false); err != nil {
		return err
	}
	for _, sub := range []struct {
		sku string
		qty int
	}{{"SPE_E3", n}, {"SPE_E5", n / 2}, {"POWER_BI_PRO", n / 2}} {
		if _, err := s.AddSubscription(ctx, NewSubscription{Sku: sub.sku, Quantity: sub.qty}); err != nil {
			return err
		}
	}
	// Rows go in directly rather than through the rules: this only builds a
	// starting point, and the seat counts are recomputed at the end.
	return s.Write(ctx, func(tx *Tx) error {
		user, err := tx.tx.(*sql.Tx).Prepare(`INSERT INTO users (id, upn, display_name, department, usage_location, created) VALUES (?, ?, ?, ?, ?, ?)`)
		if err != nil {
			return err
		}
		defer user.Close()
		lic, err := tx.tx.(*sql.Tx).Prepare(`INSERT INTO license_assignments (user_id, sku_id, assigned_at) VALUES (?, ?, ?)`)
		if err != nil {
			return err
		}
		defer lic.Close()
		depts := []string{"Sales", "Marketing", "Engineering", "Finance", "Human Resources", "Legal", "Operations", "Support", "IT", "Research"}
		for i := 0; i < n; i++ {
			id := fmt.Sprintf("%08x-0000-4000-8000-%012x", i, i)
			upn := fmt.Sprintf("user%06d@contoso.com", i)
			if _, err := user.Exec(id, upn, upn, depts[i%len(depts)], "US", tx.now.Unix()); err != nil {
				return err
			}
			sku := e3
			if i%5 == 0 {
				sku = e5
			}
			if _, err := lic.Exec(id, sku, tx.now.Unix()); err != nil {
				return err
			}
			if i%3 == 0 {
				if _, err := lic.Exec(id, pbiPro, tx.now.Unix()); err != nil {
					return err
				}
			}
		}
		_, err = tx.exec(`UPDATE skus SET consumed = (SELECT count(DISTINCT user_id) FROM license_assignments la WHERE la.sku_id = skus.sku_id)`)
		return err
	})
}

// BenchmarkGetLicense is what `licsh -Command Get-License` does against
// the tenant: open the file and read the products.
func BenchmarkGetLicense(b *testing.B) {
	path := bigTenant(b)
	for b.Loop() {
		s, err := Open(path)
		if err != nil {
			b.Fatal(err)
		}
		ps, err := s.Products(ctx)
		if err != nil || len(ps) != 3 {
			b.Fatal(ps, err)
		}
		s.Close()
	}
}

func BenchmarkProducts(b *testing.B) {
	s, err := Open(bigTenant(b))
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	for b.Loop() {
		if _, err := s.Products(ctx); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkUsersByDepartment(b *testing.B) {
	s, err := Open(bigTenant(b))
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	for b.Loop() {
		us, err := s.Users(ctx, UserFilter{Department: "Sales"})
		if err != nil || len(us) != 10_000 {
			b.Fatal(len(us), err)
		}
	}
}

// BenchmarkAllUsers streams every user, as `Get-User -All` feeds a pipeline.
func BenchmarkAllUsers(b *testing.B) {
	s, err := Open(bigTenant(b))
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	for b.Loop() {
		n := 0
		if err := s.EachUser(ctx, UserFilter{}, func(User) error { n++; return nil }); err != nil || n != 100_001 {
			b.Fatal(n, err)
		}
	}
}

// BenchmarkSetUserLicense is one unassignment and its reassignment, each
// its own transaction, on the big tenant.
func BenchmarkSetUserLicense(b *testing.B) {
	s, err := Open(bigTenant(b))
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	for b.Loop() {
		if _, err := s.SetUserLicense(ctx, "user000001@contoso.com", nil, []string{e3}); err != nil {
			b.Fatal(err)
		}
		if _, err := s.SetUserLicense(ctx, "user000001@contoso.com", []AddLicense{{SkuID: e3}}, nil); err != nil {
			b.Fatal(err)
		}
	}
}

package tenant

import (
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

// buildBigTenant makes the file bigTenant returns.
func buildBigTenant(path string, n int) error { return BuildSample(ctx, path, n) }

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

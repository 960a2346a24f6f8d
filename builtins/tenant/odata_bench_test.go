package tenant

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"
)

// orChain is a filter that names n users one by one, as scripts build
// from a list: userPrincipalName eq '...' or userPrincipalName eq '...'.
func orChain(n int) string {
	clauses := make([]string, n)
	for i := range clauses {
		clauses[i] = fmt.Sprintf("userPrincipalName eq 'user%06d@contoso.com'", i*2)
	}
	return strings.Join(clauses, " or ")
}

// BenchmarkParseOrChain parses or chains of 1,000 to 20,000 clauses, which
// take time in proportion to their length.
func BenchmarkParseOrChain(b *testing.B) {
	for _, n := range []int{1000, 5000, 20000} {
		filter := orChain(n)
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			for b.Loop() {
				if _, err := ParseUserFilter(filter); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkOrChainQuery parses and runs a 5,000-clause or chain on a
// 20,000-user tenant.
func BenchmarkOrChainQuery(b *testing.B) {
	path := filepath.Join(b.TempDir(), "tenant.db")
	if err := BuildSample(ctx, path, 20_000); err != nil {
		b.Fatal(err)
	}
	s, err := Open(path)
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	filter := orChain(5000)
	for b.Loop() {
		q, err := ParseUserFilter(filter)
		if err != nil {
			b.Fatal(err)
		}
		n, err := s.CountUsers(ctx, UserFilter{Query: q})
		if err != nil || n != 5000 {
			b.Fatal(n, err)
		}
	}
}

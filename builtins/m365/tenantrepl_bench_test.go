package m365

import (
	"context"
	"fmt"
	"iter"
	"path/filepath"
	"testing"

	"licsh/builtins/tenant"
	"licsh/shell/cmdlet"
)

// BenchmarkCompleteUser measures Tab completion of a user principal name
// on a 100,000-user tenant (the interactive shell's budget is 50 ms).
func BenchmarkCompleteUser(b *testing.B) {
	const users = 100_000
	ctx := context.Background()
	ts := NewSession(filepath.Join(b.TempDir(), "tenant.db"), false)
	defer ts.Close()
	st, err := ts.Store(ctx)
	if err != nil {
		b.Fatal(err)
	}
	if err := st.Initialize(ctx, "Contoso", "contoso.com", false); err != nil {
		b.Fatal(err)
	}
	rows := iter.Seq2[tenant.ImportRow, error](func(yield func(tenant.ImportRow, error) bool) {
		for i := range users {
			upn := fmt.Sprintf("user%06d@contoso.com", i)
			if !yield(tenant.ImportRow{Number: i + 2, UserPrincipalName: upn, DisplayName: upn, UsageLocation: "US"}, nil) {
				return
			}
		}
	})
	if _, err := st.ImportUsers(ctx, rows, nil); err != nil {
		b.Fatal(err)
	}
	for _, prefix := range []string{"user0421", "USER09", "u"} {
		b.Run(prefix, func(b *testing.B) {
			for b.Loop() {
				if got := ts.Complete(cmdlet.CompleteUser, prefix); len(got) == 0 {
					b.Fatalf("no completion for %q", prefix)
				}
			}
		})
	}
}

package tenant

import (
	"fmt"
	"strings"
	"testing"
)

// TestDiskFull fills the tenant's disk in the middle of a write, as SQLite
// sees it when the file cannot grow (max_page_count makes SQLite answer
// SQLITE_FULL, "database or disk is full", as a full disk does): the error
// says what happened and that nothing was half-done, and nothing was
// (issue 12).
func TestDiskFull(t *testing.T) {
	t.Parallel()
	s := newTenant(t)
	db := s.DB()
	// One connection, so that the limit holds for the write that follows.
	db.SetMaxOpenConns(1)
	var pages int
	if err := db.QueryRow(`PRAGMA page_count`).Scan(&pages); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(fmt.Sprintf(`PRAGMA max_page_count = %d`, pages+2)); err != nil {
		t.Fatal(err)
	}
	before := must[int](t)(s.UserCount(ctx))
	err := s.Write(ctx, func(tx *Tx) error {
		for i := range 5000 {
			if _, err := tx.insertUser(NewUser{UserPrincipalName: fmt.Sprintf("bulk%05d@contoso.com", i), DisplayName: strings.Repeat("x", 200)}); err != nil {
				return err
			}
		}
		return nil
	})
	want := "The tenant file " + s.Path() + " cannot grow: its disk is full, or the file has reached the largest size allowed to it. The change in progress was undone whole: nothing of it was made, nothing is half-done. Free some space and run the command again."
	if !IsCode(err, CodeDiskFull) || err.Error() != want {
		t.Fatalf("a write on a full disk: %v", err)
	}
	if after := must[int](t)(s.UserCount(ctx)); after != before {
		t.Errorf("%d users after the failed write, %d before", after, before)
	}
}

// TestQueryTooComplex runs a filter SQLite refuses for its size: the error
// names the filter and says to split it, rather than SQLite's own words.
func TestQueryTooComplex(t *testing.T) {
	t.Parallel()
	s := newTenant(t)
	long := strings.Repeat("a", 60_000)
	q, err := ParseUserFilter("startswith(displayName,'" + long + "')")
	if err != nil {
		t.Fatal(err)
	}
	want := `The filter "startswith(displayName,'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa... (60026 characters)" is too complex for the tenant database (LIKE or GLOB pattern too complex). Split it into several smaller ones.`
	_, err = s.CountUsers(ctx, UserFilter{Query: q})
	if !IsCode(err, CodeTooComplex) || err.Error() != want {
		t.Errorf("CountUsers: %v", err)
	}
	err = s.EachUser(ctx, UserFilter{Query: q}, func(User) error { return nil })
	if !IsCode(err, CodeTooComplex) || err.Error() != want {
		t.Errorf("EachUser: %v", err)
	}
}

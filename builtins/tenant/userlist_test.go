package tenant

import (
	"fmt"
	"strings"
	"testing"
)

// TestUserFilterFolds holds DepartmentFold and UsageLocationFold to
// strings.EqualFold over every user, whatever the case and script of the
// departments (the long s and the Kelvin sign fold to ASCII letters, which
// SQLite's NOCASE does not know), alone, together, with Skip and Top, and
// counted.
func TestUserFilterFolds(t *testing.T) {
	t.Parallel()
	s := newTenant(t)
	depts := []string{"Sales", "SALES", "sales", "ſales", "Sales ", "Marketing", "KEY", "\u212Aey", "Ünits", "üNITS", ""}
	for i, d := range depts {
		loc := []string{"US", "us", "GB"}[i%3]
		must[User](t)(s.NewUser(ctx, NewUser{UserPrincipalName: fmt.Sprintf("u%02d@contoso.com", i), DisplayName: fmt.Sprintf("U%02d", i), Department: d, UsageLocation: loc}))
	}
	all := must[[]User](t)(s.Users(ctx, UserFilter{}))
	for _, f := range []UserFilter{
		{DepartmentFold: "sales"},
		{DepartmentFold: "SALES", Top: 2},
		{DepartmentFold: "key"},
		{DepartmentFold: "ünits"},
		{DepartmentFold: "ÜNITS", UsageLocationFold: "us"},
		{DepartmentFold: "Sales", UsageLocationFold: "US", Top: 1},
		{DepartmentFold: "sales", Skip: 2},
		{DepartmentFold: "sales", Skip: 1, Top: 2},
		{UsageLocationFold: "gb"},
		{DepartmentFold: "nowhere"},
	} {
		var want []string
		passed := 0
		for _, u := range all {
			if (f.DepartmentFold == "" || strings.EqualFold(u.Department, f.DepartmentFold)) &&
				(f.UsageLocationFold == "" || strings.EqualFold(u.UsageLocation, f.UsageLocationFold)) {
				if passed++; passed > f.Skip && (f.Top == 0 || len(want) < f.Top) {
					want = append(want, u.UserPrincipalName)
				}
			}
		}
		var got []string
		if err := s.EachUser(ctx, f, func(u User) error {
			got = append(got, u.UserPrincipalName)
			return nil
		}); err != nil {
			t.Fatal(err)
		}
		if strings.Join(got, " ") != strings.Join(want, " ") {
			t.Errorf("%+v: %v, want %v", f, got, want)
		}
		if f.Top == 0 && f.Skip == 0 {
			if n := must[int](t)(s.CountUsers(ctx, f)); n != len(want) {
				t.Errorf("%+v: counted %d, want %d", f, n, len(want))
			}
		}
	}
}

package tenant

import (
	"path/filepath"
	"reflect"
	"testing"
)

func seeded(t *testing.T) *Store {
	t.Helper()
	s := openFile(t, filepath.Join(t.TempDir(), "demo.db"))
	if err := s.Initialize(ctx, "Contoso", "contoso.com", true); err != nil {
		t.Fatal(err)
	}
	return s
}

func TestSeedDemo(t *testing.T) {
	t.Parallel()
	s := seeded(t)
	users := must[[]User](t)(s.Users(ctx, UserFilter{}))
	if n := len(users); n < 240 || n > 260 {
		t.Fatalf("%d users", n)
	}
	depts, countries := map[string]int{}, map[string]int{}
	for _, u := range users {
		depts[u.Department]++
		countries[u.UsageLocation]++
	}
	if len(depts) < 6 || len(countries) < 6 {
		t.Fatalf("departments %v, countries %v", depts, countries)
	}
	products := must[[]Product](t)(s.Products(ctx))
	if len(products) < 8 || len(products) > 10 {
		t.Fatalf("%d products", len(products))
	}
	selfService := 0
	for _, p := range products {
		if p.Assigned == 0 || p.Total < p.Assigned {
			t.Errorf("product %s: %+v", p.PartNumber, p)
		}
		if p.SelfService {
			selfService++
		}
	}
	if selfService != 1 {
		t.Errorf("%d self-service products", selfService)
	}
	for _, tc := range []struct {
		name string
		f    UserFilter
		min  int
	}{
		{"unlicensed", UserFilter{Unlicensed: true}, 5},
		{"no usage location", UserFilter{NoUsageLocation: true}, 3},
		{"sales", UserFilter{Department: "sales"}, 10},
		{"power bi", UserFilter{SkuID: "POWER_BI_PRO"}, 20},
	} {
		if n := len(must[[]User](t)(s.Users(ctx, tc.f))); n < tc.min {
			t.Errorf("%s: %d users, want at least %d", tc.name, n, tc.min)
		}
	}
	for _, role := range []string{GlobalAdministrator, LicenseAdministrator, UserAdministrator, GlobalReader} {
		if n := len(must[[]RoleAssignment](t)(s.RoleAssignments(ctx, role, ""))); n == 0 {
			t.Errorf("no %s", role)
		}
	}
	if n := len(must[[]User](t)(s.DeletedUsers(ctx))); n != 3 {
		t.Errorf("%d deleted users", n)
	}
	// Someone holds Power BI both directly and through the group.
	both := 0
	for _, m := range must[[]User](t)(s.GroupMembers(ctx, "Power BI Users")) {
		direct, inherited := false, false
		for _, a := range must[[]Assignment](t)(s.UserLicenses(ctx, m.ID)) {
			if a.SkuID == pbiPro {
				direct = direct || a.GroupID == ""
				inherited = inherited || a.GroupID != ""
			}
		}
		if direct && inherited {
			both++
		}
	}
	if both == 0 {
		t.Error("nobody holds Power BI directly and through the group")
	}
}

func TestSeedDemoIsDeterministic(t *testing.T) {
	t.Parallel()
	dump := func(s *Store) []string {
		info := must[Info](t)(s.Info(ctx))
		out := []string{info.TenantID}
		for _, sub := range must[[]Subscription](t)(s.Subscriptions(ctx)) {
			out = append(out, sub.SubscriptionID+" "+sub.PartNumber)
		}
		for _, g := range must[[]Group](t)(s.Groups(ctx, "")) {
			out = append(out, g.ID+" "+g.DisplayName)
		}
		for _, u := range must[[]User](t)(s.Users(ctx, UserFilter{})) {
			out = append(out, u.ID+" "+u.UserPrincipalName+" "+u.Department+" "+u.UsageLocation+" "+
				func() string {
					r := ""
					for _, l := range u.Licenses {
						r += l + ","
					}
					return r
				}())
		}
		return out
	}
	a, b := dump(seeded(t)), dump(seeded(t))
	if !reflect.DeepEqual(a, b) {
		t.Fatal("two demo tenants differ: ids included, they are the same on every machine")
	}
}

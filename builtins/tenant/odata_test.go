package tenant

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"
)

// odataTenant has five users: admin (US, unlicensed, no department), ann and
// bob in Sales holding E5 and E3, cy in IT without a usage location, and
// dee, a disabled Guest holding E3.
func odataTenant(t *testing.T) *Store {
	t.Helper()
	s := newTenant(t)
	addSub(t, s, "SPE_E5", 5)
	addSub(t, s, "SPE_E3", 5)
	addUser(t, s, "ann@contoso.com", "US")
	addUser(t, s, "bob@contoso.com", "GB")
	no := false
	must[User](t)(s.NewUser(ctx, NewUser{UserPrincipalName: "cy@contoso.com", DisplayName: "Cy O'Neil", Department: "IT"}))
	must[User](t)(s.NewUser(ctx, NewUser{UserPrincipalName: "dee@contoso.com", DisplayName: "Dee Dee", Department: "IT",
		UsageLocation: "US", UserType: "Guest", AccountEnabled: &no, Mail: "dee@fabrikam.com"}))
	assign(t, s, "ann@contoso.com", e5)
	assign(t, s, "bob@contoso.com", e3)
	assign(t, s, "dee@contoso.com", e3)
	return s
}

func queried(t *testing.T, s *Store, q *Query) string {
	t.Helper()
	var names []string
	err := s.EachUser(ctx, UserFilter{Query: q}, func(u User) error {
		names = append(names, strings.TrimSuffix(u.UserPrincipalName, "@contoso.com"))
		return nil
	})
	if err != nil {
		t.Fatalf("query: %v", err)
	}
	n, err := s.CountUsers(ctx, UserFilter{Query: q})
	if err != nil || n != len(names) {
		t.Fatalf("count %d, %v; listed %d", n, err, len(names))
	}
	return strings.Join(names, " ")
}

func TestParseUserFilter(t *testing.T) {
	t.Parallel()
	s := odataTenant(t)
	for _, tc := range []struct {
		filter, want, advanced string
	}{
		{"department eq 'Sales'", "ann bob", ""},
		{"Department eq 'sales'", "ann bob", ""},
		{"usageLocation eq 'US'", "admin ann dee", ""},
		{"usageLocation eq null", "cy", ""},
		{"usageLocation ne null", "admin ann bob dee", "usageLocation"},
		{"department ne 'Sales'", "admin cy dee", "department"},
		{"startswith(userPrincipalName,'a')", "admin ann", ""},
		{"startswith(displayName, 'Cy O''N')", "cy", ""},
		{"startswith(displayName,'%')", "", ""},
		{"userType eq 'Guest'", "dee", ""},
		{"accountEnabled eq false", "dee", ""},
		{"accountEnabled eq true and department eq 'IT'", "cy", ""},
		{"department eq 'IT' or usageLocation eq 'GB'", "bob cy dee", ""},
		{"department in ('Sales', 'IT')", "ann bob cy dee", ""},
		{"mail eq 'dee@fabrikam.com'", "dee", ""},
		{"not(department eq 'Sales')", "admin cy dee", "department"},
		{"not (startswith(userPrincipalName,'a')) and department eq 'IT'", "cy dee", "userPrincipalName"},
		{"(department eq 'Sales' or department eq 'IT') and usageLocation eq 'US'", "ann dee", ""},
		{"assignedLicenses/any(x:x/skuId eq " + e3 + ")", "bob dee", ""},
		{"assignedLicenses/any(s:s/skuId eq 05E9A617-0261-4CEE-BB44-138D3EF5D965)", "bob dee", ""},
		{"assignedLicenses/$count eq 0", "admin cy", "assignedLicenses"},
		{"assignedLicenses/$count ne 0", "ann bob dee", "assignedLicenses"},
		{"assignedLicenses/$count eq 0 and department eq 'IT'", "cy", "assignedLicenses"},
		{"not(assignedLicenses/any(x:x/skuId eq " + e5 + "))", "admin bob cy dee", "assignedLicenses"},
		// Comparisons of one property joined by or are one IN list, case
		// ignored as in a single eq.
		{"department eq 'sales' or department eq 'it'", "ann bob cy dee", ""},
		{"userPrincipalName eq 'ANN@contoso.com' or userPrincipalName eq 'cy@contoso.com' or userPrincipalName eq 'nobody@contoso.com'", "ann cy", ""},
		{"department eq 'IT' or usageLocation eq 'GB' or department eq 'Sales' and usageLocation eq 'US'", "ann bob cy dee", ""},
		{"(department eq 'Sales') or (department eq 'nope') or userType eq 'Guest'", "ann bob dee", ""},
		{"department in ('sales') or department eq 'it'", "ann bob cy dee", ""},
		{"accountEnabled eq false or accountEnabled eq false", "dee", ""},
		{"usageLocation eq null or usageLocation eq 'GB'", "bob cy", ""},
		{"department eq 'IT' and (usageLocation eq null or usageLocation eq 'US')", "cy dee", ""},
		{"not (department eq 'Sales' or department eq 'IT')", "admin", "department"},
		{"department ne 'Sales' and department ne 'IT'", "admin", "department"},
	} {
		q, err := ParseUserFilter(tc.filter)
		if err != nil {
			t.Errorf("%s: %v", tc.filter, err)
			continue
		}
		if got := queried(t, s, q); got != tc.want {
			t.Errorf("%s\n got %q\nwant %q", tc.filter, got, tc.want)
		}
		if q.Advanced != tc.advanced {
			t.Errorf("%s: advanced %q, want %q", tc.filter, q.Advanced, tc.advanced)
		}
	}
}

func TestParseUserFilterErrors(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		filter string
		code   Code
		msg    string
	}{
		{"", CodeInvalidQuery, "Invalid filter clause"},
		{"department", CodeInvalidQuery, "Invalid filter clause"},
		{"department eq", CodeInvalidQuery, "Invalid filter clause"},
		{"department eq Sales", CodeInvalidQuery, "Invalid filter clause"},
		{"department eq 'Sales", CodeInvalidQuery, "Invalid filter clause"},
		{"department eq 'Sales' and", CodeInvalidQuery, "Invalid filter clause"},
		{"department eq 'Sales' extra", CodeInvalidQuery, "Invalid filter clause"},
		{"(department eq 'Sales'", CodeInvalidQuery, "Invalid filter clause"},
		{"accountEnabled eq 'true'", CodeInvalidQuery, "Invalid filter clause"},
		{"accountEnabled eq yes", CodeInvalidQuery, "Invalid filter clause"},
		{"department like 'S*'", CodeInvalidQuery, "Invalid filter clause"},
		{"manager/id eq 'x'", CodeInvalidQuery, "Invalid filter clause"},
		{"colour eq 'red'", CodeInvalidQuery, "Could not find a property named 'colour' on type 'microsoft.graph.user'."},
		{"startswith(colour,'r')", CodeInvalidQuery, "Could not find a property named 'colour' on type 'microsoft.graph.user'."},
		{"city eq 'Paris'", CodeUnsupportedQuery, "Unsupported or invalid query filter clause specified for property 'city' of resource 'User'."},
		{"endswith(mail,'@contoso.com')", CodeUnsupportedQuery, "Unsupported or invalid query filter clause specified for property 'mail' of resource 'User'."},
		{"department gt 'A'", CodeUnsupportedQuery, "Unsupported or invalid query filter clause specified for property 'department' of resource 'User'."},
		{"assignedLicenses/any(x:x/skuId eq '" + e5 + "')", CodeInvalidQuery, "A binary operator with incompatible types was detected. Found operand types 'Edm.Guid' and 'Edm.String' for operator kind 'Equal'."},
		{"assignedLicenses/any(x:y/skuId eq " + e5 + ")", CodeInvalidQuery, "Invalid filter clause"},
		{"assignedLicenses/any(x:x/skuId eq SPE_E5)", CodeInvalidQuery, "Invalid filter clause"},
		{"assignedLicenses/$count eq -1", CodeInvalidQuery, "Invalid filter clause"},
		{"assignedLicenses/$count eq 'x'", CodeInvalidQuery, "Invalid filter clause"},
		{strings.Repeat("(", 101) + "department eq 'IT'" + strings.Repeat(")", 101), CodeInvalidQuery,
			"The query specified in the URI is not valid. The recursion limit has been exceeded."},
		{strings.Repeat("not ", 101) + "department eq 'IT'", CodeInvalidQuery,
			"The query specified in the URI is not valid. The recursion limit has been exceeded."},
	} {
		_, err := ParseUserFilter(tc.filter)
		if !IsCode(err, tc.code) || err.Error() != tc.msg {
			t.Errorf("%q: got %v, want %s %q", tc.filter, err, tc.code, tc.msg)
		}
	}
}

func TestParseUserSearch(t *testing.T) {
	t.Parallel()
	s := odataTenant(t)
	for _, tc := range []struct{ search, want string }{
		{`"displayName:dee"`, "dee"},
		{`"displayName:o'n"`, "cy"},
		{`"displayName:neil"`, ""},
		{`"userPrincipalName:b"`, "bob"},
		{`"displayName:dee" OR "userPrincipalName:ann"`, "ann dee"},
		{`"department:IT" AND "displayName:cy"`, "cy"},
	} {
		q, err := ParseUserSearch(tc.search)
		if err != nil {
			t.Errorf("%s: %v", tc.search, err)
			continue
		}
		if got := queried(t, s, q); got != tc.want {
			t.Errorf("%s: got %q, want %q", tc.search, got, tc.want)
		}
	}
	for _, bad := range []string{``, `dee`, `"displayName"`, `"colour:red"`, `"displayName:dee" NEAR "mail:x"`, `"displayName:dee`} {
		if _, err := ParseUserSearch(bad); !IsCode(err, CodeInvalidQuery) {
			t.Errorf("%q: got %v, want an invalid search error", bad, err)
		}
	}
}

func TestQueryAndTop(t *testing.T) {
	t.Parallel()
	s := odataTenant(t)
	a, _ := ParseUserFilter("department eq 'IT'")
	b, _ := ParseUserSearch(`"displayName:dee"`)
	if got := queried(t, s, a.And(b)); got != "dee" {
		t.Errorf("filter and search: got %q", got)
	}
	if got := queried(t, s, (*Query)(nil).And(a)); got != "cy dee" {
		t.Errorf("nil and filter: got %q", got)
	}
	if got := queried(t, s, nil); got != "admin ann bob cy dee" {
		t.Errorf("no query: got %q", got)
	}
	var n int
	if err := s.EachUser(ctx, UserFilter{Top: 2}, func(User) error { n++; return nil }); err != nil || n != 2 {
		t.Errorf("top 2: %d users, %v", n, err)
	}
}

// TestLongOrChain runs filters that name thousands of users one by one, as
// scripts build them from a list (issue 12): they parse in time in
// proportion to their length, and their SQL stays within SQLite's limits on
// expression depth and placeholders however long the chain.
func TestLongOrChain(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "tenant.db")
	if err := BuildSample(ctx, path, 3000); err != nil {
		t.Fatal(err)
	}
	s := openFile(t, path)
	// 40,000 clauses: more than SQLite's 32,766 placeholders; one in
	// twenty names a user the tenant has.
	clauses := make([]string, 40_000)
	for i := range clauses {
		clauses[i] = fmt.Sprintf("userPrincipalName eq 'NOBODY%06d@contoso.com'", i)
		if i%20 == 0 {
			clauses[i] = fmt.Sprintf("userPrincipalName eq 'USER%06d@contoso.com'", i/20)
		}
	}
	chain := strings.Join(clauses, " or ")
	q, err := ParseUserFilter(chain)
	if err != nil {
		t.Fatal(err)
	}
	if len(q.args) != 1 || strings.Count(q.where, "json_each") != 1 {
		t.Errorf("a chain of eq on one property: %d arguments, SQL %.200s", len(q.args), q.where)
	}
	if n, err := s.CountUsers(ctx, UserFilter{Query: q}); err != nil || n != 2000 {
		t.Errorf("%d users, %v; want 2000", n, err)
	}
	// Chains that cannot be one list are joined as a balanced tree, which
	// SQLite nests only as deep as the chain's logarithm.
	for i := range clauses[:1500] {
		clauses[i] = fmt.Sprintf("startswith(userPrincipalName, 'user%06d@') or department ne 'none' and displayName eq 'user%06d@contoso.com'", i, i+1500)
	}
	q, err = ParseUserFilter(strings.Join(clauses[:1500], " or "))
	if err != nil {
		t.Fatal(err)
	}
	if n, err := s.CountUsers(ctx, UserFilter{Query: q}); err != nil || n != 3000 {
		t.Errorf("mixed chain: %d users, %v; want 3000", n, err)
	}
	ands := strings.TrimSuffix(strings.Repeat("department ne 'none' and ", 5000), " and ")
	q, err = ParseUserFilter(ands)
	if err != nil {
		t.Fatal(err)
	}
	if n, err := s.CountUsers(ctx, UserFilter{Query: q}); err != nil || n != 3001 {
		t.Errorf("and chain: %d users, %v; want 3001", n, err)
	}
}

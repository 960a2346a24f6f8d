package tenant

import (
	"fmt"
	"iter"
	"reflect"
	"strings"
	"testing"
)

func importRows(rows ...ImportRow) iter.Seq2[ImportRow, error] {
	return func(yield func(ImportRow, error) bool) {
		for i, r := range rows {
			if r.Number == 0 {
				r.Number = i + 2
			}
			if !yield(r, nil) {
				return
			}
		}
	}
}

func runImport(t *testing.T, s *Store, rows ...ImportRow) (ImportSummary, []ImportFailure) {
	t.Helper()
	var fails []ImportFailure
	sum, err := s.ImportUsers(ctx, importRows(rows...), func(f ImportFailure) error { fails = append(fails, f); return nil })
	if err != nil {
		t.Fatal(err)
	}
	return sum, fails
}

// TestImportUsersRows checks each kind of row on the batch tenant (ann
// holds E5 and E3, bob E5 directly and through a group, fay bought the
// self-service Power BI Pro).
func TestImportUsersRows(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name    string
		row     ImportRow
		outcome string // Created, Updated, Unchanged, or the failure message
		wantLic []string
	}{
		{"new user with licenses", ImportRow{UserPrincipalName: "zoe@contoso.com", DisplayName: "Zoe", UsageLocation: "fr", Licenses: []string{"Microsoft 365 E3", "SPE_E5"}},
			"Created", []string{"SPE_E3", "SPE_E5"}},
		{"new user without licenses", ImportRow{UserPrincipalName: "yan@contoso.com"}, "Created", nil},
		{"new user of a product the tenant lacks", ImportRow{UserPrincipalName: "xia@contoso.com", UsageLocation: "US", Licenses: []string{"Enterprise Mobility + Security E5"}},
			"Created", []string{"EMSPREMIUM"}},
		{"existing user, same licenses", ImportRow{UserPrincipalName: "ANN@contoso.com", Licenses: []string{"SPE_E5", "SPE_E3"}}, "Unchanged", []string{"SPE_E3", "SPE_E5"}},
		{"existing user, new department", ImportRow{UserPrincipalName: "gus@contoso.com", Department: "Legal"}, "Updated", []string{"SPE_E3"}},
		{"existing user, one more license", ImportRow{UserPrincipalName: "dan@contoso.com", Licenses: []string{"SPE_E3"}}, "Updated", []string{"SPE_E3"}},
		{"inherited license counts as held", ImportRow{UserPrincipalName: "cat@contoso.com", Licenses: []string{"SPE_E5"}}, "Unchanged", []string{"SPE_E5"}},
		{"licenses are never taken away", ImportRow{UserPrincipalName: "ann@contoso.com", Licenses: []string{}}, "Unchanged", []string{"SPE_E3", "SPE_E5"}},
		{"no usage location", ImportRow{UserPrincipalName: "wes@contoso.com", Licenses: []string{"SPE_E3"}},
			"License assignment cannot be done for user with invalid usage location.", nil},
		{"invalid usage location", ImportRow{UserPrincipalName: "vic@contoso.com", UsageLocation: "Narnia"},
			"Invalid value specified for property 'usageLocation' of resource 'User'.", nil},
		{"unknown product", ImportRow{UserPrincipalName: "uma@contoso.com", UsageLocation: "US", Licenses: []string{"Contoso Premium"}},
			"License Contoso Premium does not correspond to a valid company License.", nil},
		{"self-service product", ImportRow{UserPrincipalName: "tom@contoso.com", UsageLocation: "US", Licenses: []string{"POWER_BI_PRO"}},
			"", nil},
		{"invalid UPN", ImportRow{UserPrincipalName: "not a upn"}, "'not a upn' is not a valid user principal name.", nil},
		{"reader's problem", ImportRow{UserPrincipalName: "sam@contoso.com", Problem: "Row 2: bad cell."}, "Row 2: bad cell.", nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := batchTenant(t)
			sum, fails := runImport(t, s, tc.row)
			got := ""
			switch {
			case len(fails) == 1:
				got = fails[0].Message
				if fails[0].Number != 2 {
					t.Errorf("failure names row %d; want 2", fails[0].Number)
				}
			case sum.Created == 1:
				got = "Created"
			case sum.Updated == 1:
				got = "Updated"
			case sum.Unchanged == 1:
				got = "Unchanged"
			}
			if tc.outcome == "" {
				// The self-service check's message belongs to the rules.
				if len(fails) != 1 || !strings.Contains(fails[0].Message, "self-service") {
					t.Fatalf("got %q, %+v; want a self-service refusal", got, fails)
				}
				return
			}
			if got != tc.outcome {
				t.Fatalf("outcome %q; want %q", got, tc.outcome)
			}
			u, err := s.GetUser(ctx, strings.TrimSpace(tc.row.UserPrincipalName))
			if len(fails) == 1 {
				if err == nil && tc.row.UserPrincipalName != "ann@contoso.com" {
					t.Errorf("a failed row created or kept user %s", u.UserPrincipalName)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(u.Licenses, tc.wantLic) {
				t.Errorf("licenses %v; want %v", u.Licenses, tc.wantLic)
			}
			if tc.row.Department != "" && u.Department != tc.row.Department {
				t.Errorf("department %q; want %q", u.Department, tc.row.Department)
			}
		})
	}
}

// TestImportUsersLikeOneByOne checks that the set-based creation of new
// users writes what NewUser and SetUserLicense write one user at a time:
// users, licenses, seats, mailboxes, OneDrives and audit rows.
func TestImportUsersLikeOneByOne(t *testing.T) {
	t.Parallel()
	var rows []ImportRow
	licenses := [][]string{{"SPE_E5"}, {"SPE_E3", "POWER_BI_PRO"}, nil, {"Microsoft 365 E3"}, {"EXCHANGESTANDARD"}}
	for i := 0; i < 25; i++ {
		rows = append(rows, ImportRow{UserPrincipalName: fmt.Sprintf("u%02d@contoso.com", i), DisplayName: fmt.Sprintf("User %d", i),
			GivenName: "U", Surname: fmt.Sprint(i), Department: "Sales", JobTitle: "Rep", UsageLocation: "de", Licenses: licenses[i%len(licenses)]})
	}
	imported := newTenant(t)
	sum, fails := runImport(t, imported, rows...)
	if len(fails) != 0 || sum.Created != len(rows) {
		t.Fatalf("import: %+v, failures %+v", sum, fails)
	}
	byHand := newTenant(t)
	for _, sub := range sum.Subscriptions {
		addSub(t, byHand, sub.PartNumber, sub.Quantity)
	}
	for _, r := range rows {
		must[User](t)(byHand.NewUser(ctx, NewUser{UserPrincipalName: r.UserPrincipalName, DisplayName: r.DisplayName, GivenName: r.GivenName,
			Surname: r.Surname, Department: r.Department, JobTitle: r.JobTitle, UsageLocation: r.UsageLocation}))
		if len(r.Licenses) == 0 {
			continue
		}
		var add []AddLicense
		for _, l := range r.Licenses {
			add = append(add, AddLicense{SkuID: l})
		}
		must[LicenseResult](t)(byHand.SetUserLicense(ctx, r.UserPrincipalName, add, nil))
	}
	for _, q := range []string{
		// The admin was made by Initialize, before the test stopped the
		// clock, so only the imported users are compared.
		`SELECT upn, display_name, given_name, surname, mail, department, job_title, usage_location, user_type, account_enabled, created FROM users WHERE upn <> 'admin@contoso.com' ORDER BY upn`,
		`SELECT u.upn, k.part_number, la.source, la.disabled_plans, la.state, la.assigned_at FROM license_assignments la
		 JOIN users u ON u.id = la.user_id JOIN skus k ON k.sku_id = la.sku_id ORDER BY 1, 2`,
		`SELECT part_number, consumed FROM skus ORDER BY 1`,
		`SELECT upn, state, purge_date FROM mailboxes ORDER BY 1`,
		`SELECT upn, state, delete_date FROM onedrive ORDER BY 1`,
		// A new user's id is its own; the rest of its record is the same.
		`SELECT time, actor, operation, target, detail, before, CASE WHEN operation = 'Add user' THEN json_remove(after, '$.Id') ELSE after END
		 FROM audit_log WHERE operation IN ('Add user', 'Set user license') AND target <> 'admin@contoso.com' ORDER BY id`,
	} {
		if a, b := dumpQuery(t, imported, q), dumpQuery(t, byHand, q); a != b {
			t.Errorf("%s\nimported:\n%s\none by one:\n%s", q, a, b)
		}
	}
}

// TestImportUsersSubscriptions checks that seats are added once per
// product and grown, not multiplied, across chunks and imports.
func TestImportUsersSubscriptions(t *testing.T) {
	t.Parallel()
	s := newTenant(t)
	addSub(t, s, "SPE_E3", 1)
	var rows []ImportRow
	for i := 0; i < importChunk+5; i++ {
		rows = append(rows, ImportRow{UserPrincipalName: fmt.Sprintf("u%05d@contoso.com", i), UsageLocation: "US", Licenses: []string{"SPE_E3"}})
	}
	sum, fails := runImport(t, s, rows...)
	if len(fails) != 0 || len(sum.Subscriptions) != 1 || sum.Subscriptions[0].Quantity != len(rows)-1 {
		t.Fatalf("summary %+v, failures %v; want one subscription of %d", sum, fails, len(rows)-1)
	}
	products := must[[]Product](t)(s.Products(ctx))
	for _, p := range products {
		if p.PartNumber == "SPE_E3" && (p.Total != len(rows) || p.Available != 0) {
			t.Errorf("SPE_E3: total %d, available %d; want %d and 0", p.Total, p.Available, len(rows))
		}
	}
	again, fails := runImport(t, s, rows...)
	if len(fails) != 0 || again.Unchanged != len(rows) || len(again.Subscriptions) != 0 {
		t.Errorf("second import: %+v, %v; want every row unchanged and no subscription", again, fails)
	}
}

func TestImportUsersDuplicatesAndDeleted(t *testing.T) {
	t.Parallel()
	s := batchTenant(t)
	must[User](t)(s.RemoveUser(ctx, "fay@contoso.com"))
	_, fails := runImport(t, s,
		ImportRow{UserPrincipalName: "new@contoso.com"},
		ImportRow{UserPrincipalName: "NEW@contoso.com"},
		ImportRow{UserPrincipalName: "fay@contoso.com"})
	want := []ImportFailure{
		{Number: 3, UPN: "NEW@contoso.com", Message: "The user 'NEW@contoso.com' is already listed in row 2."},
		{Number: 4, UPN: "fay@contoso.com", Message: "Another object with the same value for property userPrincipalName already exists."},
	}
	if !reflect.DeepEqual(fails, want) {
		t.Errorf("failures\n%+v\nwant\n%+v", fails, want)
	}
}

func TestImportUsersNeedsUserAdmin(t *testing.T) {
	t.Parallel()
	s := batchTenant(t)
	addUser(t, s, "lic@contoso.com", "US")
	if err := s.AddRoleAssignment(ctx, LicenseAdministrator, "lic@contoso.com"); err != nil {
		t.Fatal(err)
	}
	must[User](t)(s.Connect(ctx, "lic@contoso.com"))
	_, err := s.ImportUsers(ctx, importRows(ImportRow{UserPrincipalName: "new@contoso.com"}), func(ImportFailure) error { return nil })
	if !IsCode(err, CodeAccessDenied) {
		t.Fatalf("got %v; want access denied", err)
	}
	if _, err := s.GetUser(ctx, "new@contoso.com"); err == nil {
		t.Error("the refused import created a user")
	}
}

func dumpQuery(t *testing.T, s *Store, q string) string {
	t.Helper()
	rows, err := s.DB().Query(q)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	cols, _ := rows.Columns()
	vals := make([]any, len(cols))
	ptrs := make([]any, len(cols))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	var b strings.Builder
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			t.Fatal(err)
		}
		fmt.Fprintln(&b, vals...)
	}
	return b.String()
}

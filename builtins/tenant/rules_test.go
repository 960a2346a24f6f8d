package tenant

import (
	"reflect"
	"testing"
)

// TestRule1Roles checks rule 1: only Global, License and User Administrators assign or unassign.
func TestRule1Roles(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		role    string
		allowed bool
	}{
		{GlobalAdministrator, true},
		{LicenseAdministrator, true},
		{UserAdministrator, true},
		{GlobalReader, false},
		{BillingAdministrator, false},
		{"Exchange Administrator", false},
		{"", false},
	} {
		t.Run(tc.role, func(t *testing.T) {
			s := newTenant(t)
			addSub(t, s, "SPE_E5", 5)
			addUser(t, s, "actor@contoso.com", "US")
			addUser(t, s, "held@contoso.com", "US")
			addUser(t, s, "target@contoso.com", "US")
			assign(t, s, "held@contoso.com", "SPE_E5")
			if tc.role != "" {
				if err := s.AddRoleAssignment(ctx, tc.role, "actor@contoso.com"); err != nil {
					t.Fatal(err)
				}
			}
			must[User](t)(s.Connect(ctx, "actor@contoso.com"))
			audits := auditCount(t, s)
			_, addErr := s.SetUserLicense(ctx, "target@contoso.com", []AddLicense{{SkuID: "SPE_E5"}}, nil)
			_, removeErr := s.SetUserLicense(ctx, "held@contoso.com", nil, []string{"SPE_E5"})
			_, groupErr := s.SetGroupLicense(ctx, "nope", []AddLicense{{SkuID: "SPE_E5"}}, nil)
			if tc.allowed {
				if addErr != nil || removeErr != nil {
					t.Fatalf("allowed role refused: %v / %v", addErr, removeErr)
				}
				if got := licenses(t, s, "target@contoso.com"); !reflect.DeepEqual(got, []string{"SPE_E5"}) {
					t.Fatalf("target licenses = %v", got)
				}
				wantError(t, groupErr, "Resource 'nope' does not exist or one of its queried reference-property objects are not present.")
				return
			}
			for _, err := range []error{addErr, removeErr, groupErr} {
				wantError(t, err, "Insufficient privileges to complete the operation.")
			}
			if got := licenses(t, s, "held@contoso.com"); !reflect.DeepEqual(got, []string{"SPE_E5"}) {
				t.Fatalf("refused removal changed licenses: %v", got)
			}
			if got := auditCount(t, s); got != audits {
				t.Fatalf("refused changes wrote %d audit rows", got-audits)
			}
		})
	}
}

func TestRoleAssignments(t *testing.T) {
	t.Parallel()
	s := newTenant(t)
	addUser(t, s, "lic@contoso.com", "US")
	if err := s.AddRoleAssignment(ctx, "license administrator", "lic@contoso.com"); err != nil {
		t.Fatal(err)
	}
	if err := s.AddRoleAssignment(ctx, LicenseAdministrator, "LIC@contoso.com"); err != nil {
		t.Fatalf("adding a held role again: %v", err)
	}
	got := must[[]RoleAssignment](t)(s.RoleAssignments(ctx, "", "lic@contoso.com"))
	if len(got) != 1 || got[0].Role != LicenseAdministrator {
		t.Fatalf("roles = %+v", got)
	}
	wantError(t, s.AddRoleAssignment(ctx, "Janitor", "lic@contoso.com"),
		"'Janitor' is not a directory role. Valid roles are: Global Administrator, License Administrator, User Administrator, Billing Administrator, Global Reader, Privileged Role Administrator, Exchange Administrator, SharePoint Administrator, Helpdesk Administrator, Security Administrator, Reports Reader.")
	wantError(t, s.RemoveRoleAssignment(ctx, GlobalAdministrator, "admin@contoso.com"), "The last Global Administrator of the tenant cannot be removed.")
	wantError(t, s.RemoveRoleAssignment(ctx, UserAdministrator, "lic@contoso.com"), "User 'lic@contoso.com' does not hold the role 'User Administrator'.")
	if err := s.RemoveRoleAssignment(ctx, LicenseAdministrator, "lic@contoso.com"); err != nil {
		t.Fatal(err)
	}
	if got := must[[]RoleAssignment](t)(s.RoleAssignments(ctx, "", "lic@contoso.com")); len(got) != 0 {
		t.Fatalf("roles after removal = %+v", got)
	}
	// A License Administrator may not hand out roles.
	if err := s.AddRoleAssignment(ctx, LicenseAdministrator, "lic@contoso.com"); err != nil {
		t.Fatal(err)
	}
	must[User](t)(s.Connect(ctx, "lic@contoso.com"))
	wantError(t, s.AddRoleAssignment(ctx, GlobalAdministrator, "lic@contoso.com"), "Insufficient privileges to complete the operation.")
}

// TestRule2SelfService checks rule 2: self-service purchases are off limits until taken over.
func TestRule2SelfService(t *testing.T) {
	t.Parallel()
	s := newTenant(t)
	addSub(t, s, "SPE_E5", 5)
	addUser(t, s, "buyer@contoso.com", "US")
	addUser(t, s, "colleague@contoso.com", "US")
	sub := must[Subscription](t)(s.AddSubscription(ctx, NewSubscription{Sku: "POWER_BI_PRO", Quantity: 3, SelfService: true, PurchasedBy: "buyer@contoso.com"}))
	if !sub.SelfService || sub.PurchasedBy != "buyer@contoso.com" {
		t.Fatalf("subscription = %+v", sub)
	}
	if got := licenses(t, s, "buyer@contoso.com"); !reflect.DeepEqual(got, []string{"POWER_BI_PRO"}) {
		t.Fatalf("purchaser licenses = %v", got)
	}
	msg := "License " + pbiPro + " belongs to a self-service purchase subscription and cannot be assigned or removed by an admin until the subscription is taken over."
	_, err := s.SetUserLicense(ctx, "colleague@contoso.com", []AddLicense{{SkuID: "POWER_BI_PRO"}}, nil)
	wantError(t, err, msg)
	_, err = s.SetUserLicense(ctx, "buyer@contoso.com", nil, []string{"Power BI Pro"})
	wantError(t, err, msg)
	// Atomic: the E5 in the same call is not assigned either.
	_, err = s.SetUserLicense(ctx, "colleague@contoso.com", []AddLicense{{SkuID: "SPE_E5"}, {SkuID: pbiPro}}, nil)
	wantError(t, err, msg)
	if got := licenses(t, s, "colleague@contoso.com"); got != nil {
		t.Fatalf("refused call assigned %v", got)
	}
	if p := product(t, s, pbiPro); !p.SelfService || p.Assigned != 1 || p.Available != 2 {
		t.Fatalf("product = %+v", p)
	}
	took := must[Subscription](t)(s.SetSubscription(ctx, sub.SubscriptionID, SubscriptionUpdate{TakeOver: true}))
	if took.TakenOver.IsZero() {
		t.Fatal("TakenOver not set")
	}
	assign(t, s, "colleague@contoso.com", "POWER_BI_PRO")
	must[LicenseResult](t)(s.SetUserLicense(ctx, "buyer@contoso.com", nil, []string{"POWER_BI_PRO"}))
	if p := product(t, s, pbiPro); p.SelfService || p.Assigned != 1 {
		t.Fatalf("after take-over: %+v", p)
	}
	_, err = s.AddSubscription(ctx, NewSubscription{Sku: "POWER_BI_PRO", Quantity: 1, SelfService: true})
	wantError(t, err, "A self-service purchase needs the user who bought it (PurchasedBy).")
	for _, other := range must[[]Subscription](t)(s.Subscriptions(ctx)) {
		if !other.SelfService {
			_, err = s.SetSubscription(ctx, other.SubscriptionID, SubscriptionUpdate{TakeOver: true})
			wantError(t, err, "Subscription "+other.SubscriptionID+" is not a self-service purchase.")
		}
	}
}

// TestRule3Inherited checks rule 3: inherited licenses cannot be removed directly, and direct plus
// inherited is one seat.
func TestRule3Inherited(t *testing.T) {
	t.Parallel()
	s := newTenant(t)
	addSub(t, s, "SPE_E5", 2)
	addUser(t, s, "both@contoso.com", "US")
	addUser(t, s, "grouponly@contoso.com", "")
	must[Group](t)(s.NewGroup(ctx, "E5 users"))
	must[LicenseResult](t)(s.SetUserLicense(ctx, "both@contoso.com", []AddLicense{{SkuID: e5}}, nil))
	must[Group](t)(s.SetGroupLicense(ctx, "e5 USERS", []AddLicense{{SkuID: "SPE_E5"}}, nil))
	if err := s.AddGroupMembers(ctx, "E5 users", []string{"both@contoso.com", "grouponly@contoso.com"}); err != nil {
		t.Fatal(err)
	}
	if p := product(t, s, e5); p.Assigned != 2 || p.Available != 0 {
		t.Fatalf("direct + inherited should be one seat each user: %+v", p)
	}
	as := must[[]Assignment](t)(s.UserLicenses(ctx, "both@contoso.com"))
	if len(as) != 2 || as[0].AssignedBy != "Direct" || as[1].AssignedBy != "E5 users" || as[1].State != "Active" {
		t.Fatalf("assignments = %+v", as)
	}
	_, err := s.SetUserLicense(ctx, "grouponly@contoso.com", nil, []string{"SPE_E5"})
	wantError(t, err, "User license is inherited from a group membership and it cannot be removed directly from the user.")
	// Removing the direct one leaves the inherited one and the seat.
	res := must[LicenseResult](t)(s.SetUserLicense(ctx, "both@contoso.com", nil, []string{"SPE_E5"}))
	if len(res.Removed) != 1 || !reflect.DeepEqual(res.User.Licenses, []string{"SPE_E5"}) {
		t.Fatalf("result = %+v", res)
	}
	if p := product(t, s, e5); p.Assigned != 2 {
		t.Fatalf("after direct removal: %+v", p)
	}
	// Leaving the group takes the inherited license away.
	if err := s.RemoveGroupMembers(ctx, "E5 users", []string{"both@contoso.com"}); err != nil {
		t.Fatal(err)
	}
	if got := licenses(t, s, "both@contoso.com"); got != nil {
		t.Fatalf("after leaving the group: %v", got)
	}
	// A new member beyond the seats gets an assignment in the error state.
	addUser(t, s, "third@contoso.com", "US")
	addUser(t, s, "fourth@contoso.com", "US")
	if err := s.AddGroupMembers(ctx, "E5 users", []string{"third@contoso.com", "fourth@contoso.com"}); err != nil {
		t.Fatal(err)
	}
	as = must[[]Assignment](t)(s.UserLicenses(ctx, "fourth@contoso.com"))
	if len(as) != 1 || as[0].State != "Error" || as[0].Error != "CountViolation" {
		t.Fatalf("over-seat group assignment = %+v", as)
	}
	if p := product(t, s, e5); p.Assigned != 2 || p.Available != 0 {
		t.Fatalf("seats after over-subscription: %+v", p)
	}
	g := must[[]Group](t)(s.Groups(ctx, "E5 users"))
	if len(g) != 1 || g[0].MemberCount != 3 || len(g[0].Licenses) != 1 {
		t.Fatalf("group = %+v", g)
	}
	must[Group](t)(s.SetGroupLicense(ctx, "E5 users", nil, []string{"SPE_E5"}))
	if p := product(t, s, e5); p.Assigned != 0 {
		t.Fatalf("after group license removal: %+v", p)
	}
}

// TestRule4Messages checks rule 4: one call, one user, all or nothing, with the exact messages.
func TestRule4Messages(t *testing.T) {
	t.Parallel()
	s := newTenant(t)
	addSub(t, s, "SPE_E5", 1)
	addSub(t, s, "POWER_BI_PRO", 1)
	addUser(t, s, "full@contoso.com", "US")
	addUser(t, s, "user@contoso.com", "US")
	addUser(t, s, "nowhere@contoso.com", "")
	assign(t, s, "full@contoso.com", "POWER_BI_PRO")
	for _, tc := range []struct {
		name, user string
		add        []AddLicense
		remove     []string
		msg        string
	}{
		{"nothing", "user@contoso.com", nil, nil, "No license changes provided. At least one license to add or remove must be specified."},
		{"unknown user", "ghost@contoso.com", []AddLicense{{SkuID: e5}}, nil, "Resource 'ghost@contoso.com' does not exist or one of its queried reference-property objects are not present."},
		{"unknown sku", "user@contoso.com", []AddLicense{{SkuID: "11111111-2222-3333-4444-555555555555"}}, nil, "License 11111111-2222-3333-4444-555555555555 does not correspond to a valid company License."},
		{"unknown sku on remove", "user@contoso.com", nil, []string{"11111111-2222-3333-4444-555555555555"}, "License 11111111-2222-3333-4444-555555555555 does not correspond to a valid company License."},
		{"usage location", "nowhere@contoso.com", []AddLicense{{SkuID: e5}}, nil, "License assignment cannot be done for user with invalid usage location."},
		{"no seats, atomic", "user@contoso.com", []AddLicense{{SkuID: e5}, {SkuID: pbiPro}}, nil, "Subscription with SKU " + pbiPro + " does not have any available licenses."},
		{"bad plan", "user@contoso.com", []AddLicense{{SkuID: e5, DisabledPlans: []string{"NOT_A_PLAN"}}}, nil, "Service plan 'NOT_A_PLAN' is not part of license " + e5 + "."},
	} {
		audits := auditCount(t, s)
		_, err := s.SetUserLicense(ctx, tc.user, tc.add, tc.remove)
		wantError(t, err, tc.msg)
		if got := licenses(t, s, "user@contoso.com"); got != nil {
			t.Fatalf("%s: refused call left licenses %v", tc.name, got)
		}
		if got := auditCount(t, s); got != audits {
			t.Fatalf("%s: refused call wrote audit rows", tc.name)
		}
	}
	if p := product(t, s, e5); p.Assigned != 0 || p.Available != 1 {
		t.Fatalf("E5 after refusals: %+v", p)
	}
	// Removal needs no usage location; a SKU the user lacks is a warning.
	assign(t, s, "user@contoso.com", "SPE_E5")
	res := must[LicenseResult](t)(s.SetUserLicense(ctx, "user@contoso.com", nil, []string{"SPE_E5", "POWER_BI_PRO"}))
	if len(res.Removed) != 1 || !reflect.DeepEqual(res.Warnings, []string{"User 'user@contoso.com' does not have license POWER_BI_PRO (" + pbiPro + "); nothing to remove."}) {
		t.Fatalf("result = %+v", res)
	}
	res = must[LicenseResult](t)(s.SetUserLicense(ctx, "nowhere@contoso.com", nil, []string{"SPE_E5"}))
	if res.Changed || len(res.Warnings) != 1 {
		t.Fatalf("removing nothing: %+v", res)
	}
	// Add and remove in one call: a move from one SKU to another.
	assign(t, s, "user@contoso.com", "SPE_E5")
	must[LicenseResult](t)(s.SetUserLicense(ctx, "full@contoso.com", nil, []string{"POWER_BI_PRO"}))
	res = must[LicenseResult](t)(s.SetUserLicense(ctx, "user@contoso.com", []AddLicense{{SkuID: "Power BI Pro"}}, []string{"SPE_E5"}))
	if !reflect.DeepEqual(res.User.Licenses, []string{"POWER_BI_PRO"}) {
		t.Fatalf("move: %+v", res.User.Licenses)
	}
	// The freed seat can be taken by the next user.
	assign(t, s, "full@contoso.com", "SPE_E5")
}

func TestDisabledPlansReplaced(t *testing.T) {
	t.Parallel()
	s := newTenant(t)
	addSub(t, s, "SPE_E5", 1)
	addUser(t, s, "u@contoso.com", "US")
	res := must[LicenseResult](t)(s.SetUserLicense(ctx, "u@contoso.com", []AddLicense{{SkuID: e5, DisabledPlans: []string{"EXCHANGE_S_ENTERPRISE"}}}, nil))
	if len(res.Added) != 1 || !reflect.DeepEqual(res.Added[0].DisabledPlans, []string{exoPlan2}) {
		t.Fatalf("added = %+v", res.Added)
	}
	// Without Exchange there is no mailbox.
	if res.Data.MailboxState != "" || res.Data.OneDriveState != OneDriveActive {
		t.Fatalf("data = %+v", res.Data)
	}
	res = must[LicenseResult](t)(s.SetUserLicense(ctx, "u@contoso.com", []AddLicense{{SkuID: e5}}, nil))
	if len(res.Updated) != 1 || len(res.Added) != 0 || res.Data.MailboxState != MailboxActive {
		t.Fatalf("re-add with other plans = %+v", res)
	}
	as := must[[]Assignment](t)(s.UserLicenses(ctx, "u@contoso.com"))
	if len(as) != 1 || len(as[0].DisabledPlans) != 0 {
		t.Fatalf("assignments = %+v", as)
	}
	if p := product(t, s, e5); p.Assigned != 1 {
		t.Fatalf("seats = %+v", p)
	}
}

func TestRemoveAllLicenses(t *testing.T) {
	t.Parallel()
	s := newTenant(t)
	addSub(t, s, "SPE_E5", 5)
	addSub(t, s, "POWER_BI_PRO", 5)
	addUser(t, s, "u@contoso.com", "US")
	assign(t, s, "u@contoso.com", "SPE_E5", "POWER_BI_PRO")
	must[Group](t)(s.NewGroup(ctx, "BI"))
	must[Group](t)(s.SetGroupLicense(ctx, "BI", []AddLicense{{SkuID: pbiPro}}, nil))
	if err := s.AddGroupMembers(ctx, "BI", []string{"u@contoso.com"}); err != nil {
		t.Fatal(err)
	}
	var res LicenseResult
	if err := s.Write(ctx, func(tx *Tx) error {
		var err error
		res, err = tx.RemoveAllLicenses("u@contoso.com")
		return err
	}); err != nil {
		t.Fatal(err)
	}
	if len(res.Removed) != 2 || !reflect.DeepEqual(res.User.Licenses, []string{"POWER_BI_PRO"}) ||
		!reflect.DeepEqual(res.Warnings, []string{"License POWER_BI_PRO of user 'u@contoso.com' is inherited from group 'BI' and stays assigned."}) {
		t.Fatalf("result = %+v", res)
	}
}

// TestResetPasswordRights checks who may reset a password or revoke
// sign-in sessions: Global Administrators anyone's, User and Helpdesk
// Administrators those of non-admins and of the limited admins Microsoft
// Entra lets them reset, users their own sessions; the password must meet
// the policy.
func TestResetPasswordRights(t *testing.T) {
	t.Parallel()
	s := newTenant(t)
	for upn, role := range map[string]string{
		"useradmin@contoso.com": UserAdministrator, "helpdesk@contoso.com": HelpdeskAdministrator,
		"lic@contoso.com": LicenseAdministrator, "plain@contoso.com": "",
	} {
		addUser(t, s, upn, "US")
		if role != "" {
			if err := s.AddRoleAssignment(ctx, role, upn); err != nil {
				t.Fatal(err)
			}
		}
	}
	const denied, weak = "Insufficient privileges to complete the operation.",
		"The specified password does not comply with password complexity requirements. Please provide a different password."
	for _, tc := range []struct {
		actor, target, password, want string
	}{
		{"admin@contoso.com", "lic@contoso.com", "Passw0rd!", ""},
		{"useradmin@contoso.com", "plain@contoso.com", "Passw0rd!", ""},
		{"useradmin@contoso.com", "helpdesk@contoso.com", "Passw0rd!", ""},
		{"useradmin@contoso.com", "lic@contoso.com", "Passw0rd!", denied},
		{"useradmin@contoso.com", "admin@contoso.com", "Passw0rd!", denied},
		{"helpdesk@contoso.com", "plain@contoso.com", "Passw0rd!", ""},
		{"helpdesk@contoso.com", "useradmin@contoso.com", "Passw0rd!", denied},
		{"lic@contoso.com", "plain@contoso.com", "Passw0rd!", denied},
		{"plain@contoso.com", "plain@contoso.com", "Passw0rd!", denied},
		{"admin@contoso.com", "plain@contoso.com", "password", weak},
		{"admin@contoso.com", "plain@contoso.com", "Pa1!", weak},
		{"admin@contoso.com", "plain@contoso.com", "Password1", ""},
	} {
		must[User](t)(s.Connect(ctx, tc.actor))
		audits := auditCount(t, s)
		_, err := s.ResetPassword(ctx, tc.target, tc.password, true)
		if tc.want == "" {
			if err != nil || auditCount(t, s) != audits+1 {
				t.Errorf("%s resetting %s: %v", tc.actor, tc.target, err)
			}
			continue
		}
		wantError(t, err, tc.want)
		if auditCount(t, s) != audits {
			t.Errorf("%s resetting %s: a refusal wrote to the audit log", tc.actor, tc.target)
		}
	}
	must[User](t)(s.Connect(ctx, "plain@contoso.com"))
	if _, err := s.RevokeSignInSessions(ctx, "plain@contoso.com"); err != nil {
		t.Errorf("revoking one's own sessions: %v", err)
	}
	_, err := s.RevokeSignInSessions(ctx, "lic@contoso.com")
	wantError(t, err, denied)
	must[User](t)(s.Connect(ctx, "helpdesk@contoso.com"))
	if _, err := s.RevokeSignInSessions(ctx, "plain@contoso.com"); err != nil {
		t.Errorf("a Helpdesk Administrator revoking a user's sessions: %v", err)
	}
	_, err = s.NewUser(ctx, NewUser{UserPrincipalName: "new@contoso.com", DisplayName: "New", Password: "short"})
	wantError(t, err, denied)
	must[User](t)(s.Connect(ctx, ""))
	_, err = s.NewUser(ctx, NewUser{UserPrincipalName: "new@contoso.com", DisplayName: "New", Password: "short"})
	wantError(t, err, weak)
}

// TestGroupMemberReference checks Graph's way of adding one member, which
// refuses a member already there, and the code of removing a non-member.
func TestGroupMemberReference(t *testing.T) {
	t.Parallel()
	s := newTenant(t)
	addUser(t, s, "ann@contoso.com", "US")
	must[Group](t)(s.NewGroup(ctx, "Sales"))
	if err := s.AddGroupMember(ctx, "Sales", "ann@contoso.com"); err != nil {
		t.Fatal(err)
	}
	audits := auditCount(t, s)
	wantError(t, s.AddGroupMember(ctx, "Sales", "ann@contoso.com"),
		"One or more added object references already exist for the following modified properties: 'members'.")
	if err := s.AddGroupMembers(ctx, "Sales", []string{"ann@contoso.com"}); err != nil || auditCount(t, s) != audits {
		t.Fatalf("adding a member again: %v", err)
	}
	if got := must[[]Group](t)(s.UserGroups(ctx, "ann@contoso.com")); len(got) != 1 || got[0].DisplayName != "Sales" {
		t.Fatalf("ann's groups = %+v", got)
	}
	if err := s.RemoveGroupMembers(ctx, "Sales", []string{"ann@contoso.com"}); err != nil {
		t.Fatal(err)
	}
	err := s.RemoveGroupMembers(ctx, "Sales", []string{"ann@contoso.com"})
	wantError(t, err, "User 'ann@contoso.com' is not a member of group 'Sales'.")
	if !IsCode(err, CodeNotMember) {
		t.Fatalf("removing a non-member: %v", err)
	}
	if got := must[[]Group](t)(s.UserGroups(ctx, "ann@contoso.com")); len(got) != 0 {
		t.Fatalf("ann's groups after removal = %+v", got)
	}
	must[User](t)(s.Connect(ctx, "ann@contoso.com"))
	wantError(t, s.AddGroupMember(ctx, "Sales", "ann@contoso.com"), "Insufficient privileges to complete the operation.")
}

// TestUsageLocationByLicenseAdmin checks that a License Administrator may
// set a user's usage location, which licensing needs, but no other
// property of the user.
func TestUsageLocationByLicenseAdmin(t *testing.T) {
	t.Parallel()
	s := newTenant(t)
	addUser(t, s, "lic@contoso.com", "US")
	addUser(t, s, "ann@contoso.com", "")
	if err := s.AddRoleAssignment(ctx, LicenseAdministrator, "lic@contoso.com"); err != nil {
		t.Fatal(err)
	}
	must[User](t)(s.Connect(ctx, "lic@contoso.com"))
	loc, dept := "fr", "Legal"
	if u := must[User](t)(s.SetUser(ctx, "ann@contoso.com", UserUpdate{UsageLocation: &loc})); u.UsageLocation != "FR" {
		t.Fatalf("usage location = %q, want FR", u.UsageLocation)
	}
	audits := auditCount(t, s)
	_, err := s.SetUser(ctx, "ann@contoso.com", UserUpdate{UsageLocation: &loc, Department: &dept})
	wantError(t, err, "Insufficient privileges to complete the operation.")
	if got := must[User](t)(s.GetUser(ctx, "ann@contoso.com")); got.Department != "Sales" || auditCount(t, s) != audits {
		t.Fatalf("refused change made: department %q, %d audit rows", got.Department, auditCount(t, s)-audits)
	}
}

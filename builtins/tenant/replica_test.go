package tenant

import (
	"errors"
	"path/filepath"
	"slices"
	"testing"
	"time"
)

// replica is a small tenant as Graph would give it: two users, one with a
// direct license with a plan turned off, both in a group that assigns
// Power BI, one a License Administrator.
func replica() Replica {
	created := time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC)
	users := []ReplicaUser{
		{User: User{ID: "11111111-1111-4111-8111-111111111111", UserPrincipalName: "ann@contoso.com", DisplayName: "Ann Lee",
			UsageLocation: "US", UserType: "Member", AccountEnabled: true, CreatedDateTime: created},
			Assignments: []Assignment{{SkuRef: SkuRef{SkuID: e3}, DisabledPlans: []string{exoPlan2}, State: "Active", AssignedDateTime: created},
				{SkuRef: SkuRef{SkuID: pbiPro}, GroupID: "33333333-3333-4333-8333-333333333333", State: "Active", AssignedDateTime: created}}},
		{User: User{ID: "22222222-2222-4222-8222-222222222222", UserPrincipalName: "bob@contoso.com", DisplayName: "Bob Ray",
			UsageLocation: "FR", AccountEnabled: false, CreatedDateTime: created},
			Assignments: []Assignment{{SkuRef: SkuRef{SkuID: pbiPro}, GroupID: "33333333-3333-4333-8333-333333333333", State: "Active"}}},
	}
	return Replica{TenantID: "44444444-4444-4444-8444-444444444444", Name: "Contoso", DefaultDomain: "contoso.com", Source: "test", Actor: "Copier",
		Products: []ReplicaProduct{{SkuRef: SkuRef{SkuID: e3, PartNumber: "SPE_E3"}, Enabled: 8, Warning: 2},
			{SkuRef: SkuRef{SkuID: pbiPro, PartNumber: "POWER_BI_PRO"}, Enabled: 5, SubscriptionIDs: []string{"55555555-5555-4555-8555-555555555555"}}},
		Users: func(yield func(ReplicaUser, error) bool) {
			for _, u := range users {
				if !yield(u, nil) {
					return
				}
			}
		},
		Groups: func() ([]ReplicaGroup, error) {
			return []ReplicaGroup{{Group: Group{ID: "33333333-3333-4333-8333-333333333333", DisplayName: "Analysts", CreatedDateTime: created},
				LicensePlans: map[string][]string{pbiPro: nil},
				Members:      []string{users[0].ID, users[1].ID, "99999999-9999-4999-8999-999999999999"}}}, nil
		},
		Roles: func() (map[string][]string, error) {
			return map[string][]string{"License Administrator": {users[0].ID}, "Some Role licsh does not know": {users[1].ID}}, nil
		},
	}
}

func TestReplicate(t *testing.T) {
	t.Parallel()
	s := openFile(t, filepath.Join(t.TempDir(), "copy.db"))
	sum, err := s.Replicate(ctx, replica())
	if err != nil {
		t.Fatal(err)
	}
	if sum.Users != 2 || sum.Products != 2 || sum.Groups != 1 || sum.Licenses != 3 || sum.Roles != 1 {
		t.Errorf("summary = %+v", sum)
	}
	info, err := s.Info(ctx)
	if err != nil || info.TenantID != "44444444-4444-4444-8444-444444444444" || info.Name != "Contoso" || info.ActingAdmin != "" {
		t.Errorf("info = %+v, %v", info, err)
	}
	products, err := s.Products(ctx)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string][3]int{}
	for _, p := range products {
		got[p.PartNumber] = [3]int{p.Total, p.Assigned, p.Available}
	}
	if got["SPE_E3"] != [3]int{10, 1, 7} || got["POWER_BI_PRO"] != [3]int{5, 2, 3} {
		t.Errorf("products = %v", got)
	}
	subs, err := s.Subscriptions(ctx)
	if err != nil || !slices.ContainsFunc(subs, func(x Subscription) bool { return x.SubscriptionID == "55555555-5555-4555-8555-555555555555" }) {
		t.Errorf("subscriptions = %+v, %v", subs, err)
	}
	lic, err := s.UserLicenses(ctx, "ann@contoso.com")
	if err != nil || len(lic) != 2 || lic[1].PartNumber != "SPE_E3" || !slices.Equal(lic[1].DisabledPlans, []string{exoPlan2}) || lic[0].AssignedBy != "Analysts" {
		t.Errorf("licenses = %+v, %v", lic, err)
	}
	bob, err := s.GetUser(ctx, "bob@contoso.com")
	if err != nil || bob.AccountEnabled || bob.UserType != "Member" || !bob.CreatedDateTime.Equal(time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC)) {
		t.Errorf("bob = %+v, %v", bob, err)
	}
	members, err := s.GroupMembers(ctx, "Analysts")
	if err != nil || len(members) != 2 {
		t.Errorf("members = %d, %v", len(members), err)
	}
	roles, err := s.RoleAssignments(ctx, "", "")
	if err != nil || len(roles) != 1 || roles[0].Role != LicenseAdministrator {
		t.Errorf("roles = %+v, %v", roles, err)
	}
	// Ann's E3 has Exchange turned off: a OneDrive, no mailbox.
	data, err := s.UserData(ctx, "ann@contoso.com")
	if err != nil || data.MailboxState != "" || data.OneDriveState != OneDriveActive {
		t.Errorf("ann's data = %+v, %v", data, err)
	}
	// A second copy into the same file is refused and changes nothing.
	_, err = s.Replicate(ctx, replica())
	if !IsCode(err, CodeAlreadyExists) {
		t.Errorf("second copy: %v", err)
	}
}

// TestReplicateFailsWhole: an error while the users are read leaves the
// file empty.
func TestReplicateFailsWhole(t *testing.T) {
	t.Parallel()
	s := openFile(t, filepath.Join(t.TempDir(), "copy.db"))
	r := replica()
	users := r.Users
	r.Users = func(yield func(ReplicaUser, error) bool) {
		for u := range users {
			if !yield(u, nil) {
				return
			}
			yield(ReplicaUser{}, errors.New("the network went away"))
			return
		}
	}
	if _, err := s.Replicate(ctx, r); err == nil || err.Error() != "the network went away" {
		t.Fatalf("error %v", err)
	}
	if ok, err := s.Initialized(ctx); ok || err != nil {
		t.Errorf("initialized = %v, %v", ok, err)
	}
}

// TestReplicateDeletedUsersAndSubscriptions: a deleted user is copied
// deleted, under the UPN they had unless a live user has taken it since,
// when they keep the name Microsoft Entra gives them while deleted; the
// subscriptions Graph lists are copied as they are, a self-service one
// bought by the copied user of its buyer's UPN, and one Graph lists as
// Deleted gives no seat.
func TestReplicateDeletedUsersAndSubscriptions(t *testing.T) {
	t.Parallel()
	s := openFile(t, filepath.Join(t.TempDir(), "copy.db"))
	r := replica()
	deletedAt := time.Now().UTC().Add(-48 * time.Hour).Truncate(time.Second)
	created := time.Date(2024, 5, 6, 7, 8, 9, 0, time.UTC)
	r.DeletedUsers = func() ([]ReplicaUser, error) {
		return []ReplicaUser{
			{User: User{ID: "66666666-6666-4666-8666-666666666666", UserPrincipalName: "ann@contoso.com", DisplayName: "Ann Lee (before)",
				AccountEnabled: true, CreatedDateTime: created, DeletedDateTime: deletedAt},
				Assignments: []Assignment{{SkuRef: SkuRef{SkuID: pbiPro}, GroupID: "33333333-3333-4333-8333-333333333333", State: "Active"}}},
			{User: User{ID: "77777777-7777-4777-8777-777777777777", UserPrincipalName: "cy@contoso.com", DisplayName: "Cy Park",
				AccountEnabled: true, CreatedDateTime: created, DeletedDateTime: deletedAt},
				Assignments: []Assignment{{SkuRef: SkuRef{SkuID: e3}, State: "Active"}}},
		}, nil
	}
	r.Subscriptions = []Subscription{
		{SubscriptionID: "88888888-8888-4888-8888-888888888888", SkuRef: SkuRef{SkuID: e3}, Quantity: 12, Status: StatusEnabled, CreatedDateTime: created},
		{SubscriptionID: "99999999-9999-4999-8999-999999999999", SkuRef: SkuRef{SkuID: e3}, Quantity: 40, Status: "Deleted", CreatedDateTime: created},
		{SubscriptionID: "aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa", SkuRef: SkuRef{SkuID: pbiPro}, Quantity: 5, Status: StatusEnabled,
			SelfService: true, PurchasedBy: "BOB@contoso.com", CreatedDateTime: created},
	}
	sum, err := s.Replicate(ctx, r)
	if err != nil {
		t.Fatal(err)
	}
	if sum.Users != 2 || sum.DeletedUsers != 2 || sum.Subscriptions != 2 || sum.Licenses != 5 {
		t.Errorf("summary = %+v", sum)
	}
	deleted, err := s.DeletedUsers(ctx)
	if err != nil || len(deleted) != 2 {
		t.Fatalf("deleted users = %+v, %v", deleted, err)
	}
	var upns []string
	for _, u := range deleted {
		upns = append(upns, u.UserPrincipalName)
		if !u.DeletedDateTime.Equal(deletedAt) {
			t.Errorf("%s deleted at %v", u.UserPrincipalName, u.DeletedDateTime)
		}
	}
	if !slices.Equal(upns, []string{"66666666666646668666666666666666ann@contoso.com", "cy@contoso.com"}) {
		t.Errorf("deleted users = %q", upns)
	}
	// A deleted user holds no seat; their group license makes them a
	// member of the group again when they are restored.
	products, err := s.Products(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range products {
		if want := map[string][2]int{"SPE_E3": {12, 1}, "POWER_BI_PRO": {5, 2}}[p.PartNumber]; [2]int{p.Total, p.Assigned} != want {
			t.Errorf("%s: total %d, assigned %d, want %v", p.PartNumber, p.Total, p.Assigned, want)
		}
	}
	data, err := s.DeletedUserData(ctx, "cy@contoso.com")
	if err != nil || data.MailboxState != MailboxDisconnected || !data.MailboxPurgeDate.Equal(deletedAt.Add(GracePeriod)) || data.OneDriveState != OneDriveRetained {
		t.Errorf("cy's data = %+v, %v", data, err)
	}
	// The copy has no Global Administrator: an application acts on it.
	admin := WithActor(ctx, Actor{App: "Rehearsal", Roles: []string{GlobalAdministrator}})
	res, err := s.RestoreUser(admin, "66666666-6666-4666-8666-666666666666")
	if err != nil || len(res.Restored) != 1 || res.Restored[0].PartNumber != "POWER_BI_PRO" {
		t.Errorf("restore = %+v, %v", res, err)
	}
	members, err := s.GroupMembers(ctx, "Analysts")
	if err != nil || len(members) != 3 {
		t.Errorf("members after the restore = %d, %v", len(members), err)
	}
	subs, err := s.Subscriptions(ctx)
	if err != nil || len(subs) != 2 || subs[0].SubscriptionID != "88888888-8888-4888-8888-888888888888" ||
		!subs[1].SelfService || subs[1].PurchasedBy != "bob@contoso.com" || !subs[1].CreatedDateTime.Equal(created) {
		t.Errorf("subscriptions = %+v, %v", subs, err)
	}
	if _, err := s.SetUserLicense(admin, "ann@contoso.com", nil, []string{"POWER_BI_PRO"}); !IsCode(err, CodeSelfService) {
		t.Errorf("removing a self-service license: %v", err)
	}
}

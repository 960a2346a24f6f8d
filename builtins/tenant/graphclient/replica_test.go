package graphclient_test

import (
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"testing"

	"licsh/builtins/tenant"
	"licsh/builtins/tenant/graphapi"
	"licsh/builtins/tenant/graphclient"
)

// copyOf copies the served tenant into a new tenant file, signed in as an
// application with permissions, or, with scopes, as Adele Garcia through
// it.
func copyOf(t *testing.T, e *env, permissions, scopes []string) (*tenant.Store, tenant.Replica, tenant.ReplicaSummary) {
	t.Helper()
	app, secret, err := e.st.NewAppRegistration(ctx, "Copier", permissions)
	if err != nil {
		t.Fatal(err)
	}
	cfg := e.config(app.AppID, graphclient.Credential{Secret: secret})
	if scopes != nil {
		code := regexp.MustCompile(`-UserCode (\w+)`)
		cfg = e.config(app.AppID, graphclient.Credential{DeviceCode: func(msg string) {
			if m := code.FindStringSubmatch(msg); m == nil {
				t.Errorf("message %q names no code", msg)
			} else if _, _, err := e.st.ApproveDeviceCode(ctx, m[1], "adele.garcia@contoso.com"); err != nil {
				t.Error(err)
			}
		}})
		cfg.Scopes = scopes
	}
	r, err := e.connect(cfg).Replica(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	dst, err := tenant.Open(filepath.Join(t.TempDir(), "copy.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { dst.Close() })
	sum, err := dst.Replicate(ctx, r)
	if err != nil {
		t.Fatal(err)
	}
	return dst, r, sum
}

// deletedTenant is the demo tenant, whose three deleted users left
// today, with Pradeep Wilber deleted 31 days ago: past the grace period,
// so Graph no longer lists him and no restore brings him back.
func deletedTenant(t *testing.T) *env {
	t.Helper()
	e := newEnv(t, graphapi.Config{})
	if err := e.st.AddDays(ctx, -31); err != nil {
		t.Fatal(err)
	}
	if _, err := e.st.RemoveUser(ctx, "pradeep.wilber@contoso.com"); err != nil {
		t.Fatal(err)
	}
	if err := e.st.ResetClock(ctx); err != nil {
		t.Fatal(err)
	}
	return e
}

// same fails the test when the source and the copy say different things.
func same(t *testing.T, what string, src, dst any) {
	t.Helper()
	if !reflect.DeepEqual(src, dst) {
		t.Errorf("%s:\nsource %+v\ncopy   %+v", what, src, dst)
	}
}

// TestReplicaKeepsDeletedUsersAndSelfService: the copy of a tenant has its
// deleted users, deleted when they were, with their licenses and data as
// the deletion left them, and its self-service purchase: restoring,
// refusing a restore past 30 days, and refusing an admin's assignment of
// the purchased product go as on the source.
func TestReplicaKeepsDeletedUsersAndSelfService(t *testing.T) {
	t.Parallel()
	e := deletedTenant(t)
	src := e.st
	dst, r, sum := copyOf(t, e, []string{"User.Read.All", "Organization.Read.All", "Group.Read.All", "Directory.Read.All"}, nil)
	if len(r.Warnings) != 0 {
		t.Errorf("warnings = %q", r.Warnings)
	}
	deleted, err := src.DeletedUsers(ctx)
	if err != nil || len(deleted) != 3 {
		t.Fatalf("source's deleted users = %d, %v", len(deleted), err)
	}
	if sum.DeletedUsers != 3 {
		t.Errorf("summary = %+v", sum)
	}
	got, err := dst.DeletedUsers(ctx)
	same(t, "deleted users", deleted, got)
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range []func(*tenant.Store) (any, error){
		func(s *tenant.Store) (any, error) { return s.Subscriptions(ctx) },
		func(s *tenant.Store) (any, error) { return s.Products(ctx) },
	} {
		a, aerr := q(src)
		b, berr := q(dst)
		same(t, "subscriptions and products", []any{a, aerr}, []any{b, berr})
	}
	disconnected := 0
	for _, u := range deleted {
		a, aerr := src.DeletedUserData(ctx, u.ID)
		b, berr := dst.DeletedUserData(ctx, u.ID)
		if a.MailboxState == tenant.MailboxDisconnected {
			disconnected++
		}
		same(t, u.UserPrincipalName+"'s data while deleted", []any{a, aerr}, []any{b, berr})
	}

	if disconnected == 0 {
		t.Error("no deleted user of the source has a disconnected mailbox")
	}

	// The self-service product: the admin may not assign it in either.
	visio := []tenant.AddLicense{{SkuID: "VISIO_PLAN1_DEPT"}}
	_, aerr := src.SetUserLicense(ctx, "adele.garcia@contoso.com", visio, nil)
	_, berr := dst.SetUserLicense(ctx, "adele.garcia@contoso.com", visio, nil)
	if !tenant.IsCode(aerr, tenant.CodeSelfService) {
		t.Errorf("source assigns the self-service product: %v", aerr)
	}
	same(t, "assigning the self-service product", aerr, berr)

	// Restores: each deleted user comes back with the same licenses, data
	// and groups; the one deleted 31 days ago is found in neither.
	for _, who := range append([]string{"pradeep.wilber@contoso.com"}, deleted[0].UserPrincipalName, deleted[1].ID, deleted[2].UserPrincipalName) {
		a, aerr := src.RestoreUser(ctx, who)
		b, berr := dst.RestoreUser(ctx, who)
		same(t, "restoring "+who, []any{a, aerr}, []any{b, berr})
		if aerr != nil {
			if who != "pradeep.wilber@contoso.com" || !tenant.IsCode(aerr, tenant.CodeUserNotFound) {
				t.Errorf("restoring %s: %v", who, aerr)
			}
			continue
		}
		ga, aerr := src.UserGroups(ctx, who)
		gb, berr := dst.UserGroups(ctx, who)
		same(t, who+"'s groups", []any{names(ga), aerr}, []any{names(gb), berr})
	}
	a, aerr := src.Products(ctx)
	b, berr := dst.Products(ctx)
	same(t, "products after the restores", []any{a, aerr}, []any{b, berr})
}

func names(groups []tenant.Group) []string {
	var out []string
	for _, g := range groups {
		out = append(out, g.DisplayName)
	}
	return out
}

// TestReplicaWithoutSubscriptions: a sign-in with the least privileges
// that read users, groups, roles and products (the organization with
// User.Read) and not the organization's subscriptions still copies the
// tenant, with a warning saying what the copy lacks: its products have
// their seats, and none is self-service, so the copy lets an admin assign
// the product a user bought.
func TestReplicaWithoutSubscriptions(t *testing.T) {
	t.Parallel()
	e := newEnv(t, graphapi.Config{})
	least := []string{"User.Read.All", "Group.Read.All", "LicenseAssignment.ReadWrite.All", "RoleManagement.ReadWrite.Directory"}
	dst, r, sum := copyOf(t, e, least, append(least, "User.Read"))
	want := "The subscriptions were not read: " + e.srv.URL + "/v1.0/directory/subscriptions needs Organization.Read.All or Directory.Read.All. " +
		"The copy's products have their seats, and none is a self-service purchase: an admin may assign in the copy the licenses of a product bought by a user, which the tenant refuses."
	if !slices.Equal(r.Warnings, []string{want}) {
		t.Errorf("warnings = %q", r.Warnings)
	}
	if sum.DeletedUsers != 3 || sum.Products == 0 {
		t.Errorf("summary = %+v", sum)
	}
	seats := func(s *tenant.Store) map[string][4]int {
		products, err := s.Products(ctx)
		if err != nil {
			t.Fatal(err)
		}
		out := map[string][4]int{}
		for _, p := range products {
			out[p.PartNumber] = [4]int{p.Total, p.Warning, p.Suspended, p.Assigned}
		}
		return out
	}
	same(t, "seats", seats(e.st), seats(dst))
	subs, err := dst.Subscriptions(ctx)
	if err != nil || slices.ContainsFunc(subs, func(s tenant.Subscription) bool { return s.SelfService }) {
		t.Errorf("copy's subscriptions = %+v, %v", subs, err)
	}
	res, err := dst.SetUserLicense(ctx, "adele.garcia@contoso.com", []tenant.AddLicense{{SkuID: "VISIO_PLAN1_DEPT"}}, nil)
	if err != nil || !res.Changed {
		t.Errorf("assigning the product a user bought, in the copy: %+v, %v", res, err)
	}
}

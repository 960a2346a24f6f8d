package tenant

import (
	"licsh/builtins/tenant/selfsigned"
	"strings"
	"testing"
	"time"
)

func TestAppRegistrations(t *testing.T) {
	t.Parallel()
	s := newTenant(t)
	addUser(t, s, "ann@contoso.com", "US")
	app, secret, err := s.NewAppRegistration(ctx, " License sync ", []string{"user.read.all", "LicenseAssignment.ReadWrite.All", "User.Read.All"})
	if err != nil {
		t.Fatal(err)
	}
	if app.DisplayName != "License sync" || strings.Join(app.Permissions, ",") != "User.Read.All,LicenseAssignment.ReadWrite.All" ||
		len(secret) != 40 || secret[3:6] != "8Q~" || len(app.Credentials) != 1 || app.Credentials[0].Hint != secret[:3] {
		t.Fatalf("app %+v, secret %q", app, secret)
	}
	// The tenant keeps the secret's hash only.
	var n int
	if err := s.DB().QueryRow(`SELECT count(*) FROM app_credentials WHERE secret_hash = ? OR hint = ?`, secret, secret).Scan(&n); err != nil || n != 0 {
		t.Fatalf("the secret is kept as it is: %d %v", n, err)
	}
	got := must[AppRegistration](t)(s.App(ctx, strings.ToUpper(app.AppID)))
	if found, valid := got.SecretMatches(secret, start); !found || !valid {
		t.Fatal("the secret does not match")
	}
	if found, _ := got.SecretMatches(secret+"x", start); found {
		t.Fatal("another secret matches")
	}
	if _, valid := got.SecretMatches(secret, start.Add(AppSecretLifetime+time.Hour)); valid {
		t.Fatal("an expired secret is valid")
	}

	_, _, err = s.NewAppRegistration(ctx, "Mail", []string{"Mail.Send"})
	wantError(t, err, "'Mail.Send' is not a Microsoft Graph application permission of the licensing surface. Valid permissions are: User.Read.All, User.ReadWrite.All, Organization.Read.All, Group.Read.All, Directory.Read.All, Directory.ReadWrite.All, LicenseAssignment.ReadWrite.All, RoleManagement.ReadWrite.Directory, AuditLog.Read.All.")
	_, _, err = s.NewAppRegistration(ctx, " ", nil)
	wantError(t, err, "Invalid value specified for property 'displayName' of resource 'Application'.")

	// A second secret, and a certificate, which is refused twice.
	c2, secret2 := must2(t)(s.AddAppSecret(ctx, app.AppID))
	if secret2 == secret || c2.Type != CredentialSecret {
		t.Fatalf("second secret %+v", c2)
	}
	_, der := selfsigned.New(t, "app", start, start.Add(365*24*time.Hour))
	cert := must[AppCredential](t)(s.AddAppCertificate(ctx, app.AppID, der))
	if cert.Type != CredentialCertificate || len(cert.Thumbprint) != 40 {
		t.Fatalf("certificate %+v", cert)
	}
	_, err = s.AddAppCertificate(ctx, app.AppID, der)
	wantError(t, err, "The certificate "+cert.Thumbprint+" is already a credential of application 'License sync'.")
	_, err = s.AddAppCertificate(ctx, app.AppID, []byte("not a certificate"))
	if err == nil || !strings.HasPrefix(err.Error(), "The certificate is not valid: ") {
		t.Fatalf("a file that is no certificate: %v", err)
	}
	if got := must[[]AppRegistration](t)(s.AppRegistrations(ctx, "license SYNC")); len(got) != 1 || len(got[0].Credentials) != 3 {
		t.Fatalf("by name: %+v", got)
	}

	// Only Global Administrators may register applications.
	if _, err := s.Connect(ctx, "ann@contoso.com"); err != nil {
		t.Fatal(err)
	}
	_, _, err = s.NewAppRegistration(ctx, "Rogue", nil)
	wantError(t, err, "Insufficient privileges to complete the operation.")
	_, err = s.RemoveAppRegistration(ctx, app.AppID)
	wantError(t, err, "Insufficient privileges to complete the operation.")
	if _, err := s.Connect(ctx, ""); err != nil {
		t.Fatal(err)
	}
	must[AppRegistration](t)(s.RemoveAppRegistration(ctx, app.AppID))
	_, err = s.App(ctx, app.AppID)
	wantError(t, err, "Resource '"+app.AppID+"' does not exist or one of its queried reference-property objects are not present.")
	var creds int
	if err := s.DB().QueryRow(`SELECT count(*) FROM app_credentials`).Scan(&creds); err != nil || creds != 0 {
		t.Fatalf("credentials left: %d", creds)
	}
	if got := must[[]AuditEntry](t)(s.AuditLog(ctx, AuditFilter{Target: "License sync"})); len(got) != 5 || got[4].Operation != "Delete application" {
		t.Fatalf("audit: %+v", got)
	}
}

func must2(t *testing.T) func(AppCredential, string, error) (AppCredential, string) {
	return func(c AppCredential, s string, err error) (AppCredential, string) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return c, s
	}
}

func TestDeviceCodes(t *testing.T) {
	t.Parallel()
	s := newTenant(t)
	addUser(t, s, "ann@contoso.com", "US")
	app, _, err := s.NewAppRegistration(ctx, "CLI", []string{"User.Read.All"})
	if err != nil {
		t.Fatal(err)
	}
	code, dc, err := s.NewDeviceCode(ctx, app.AppID, "User.Read.All", 15*time.Minute)
	if err != nil || len(dc.UserCode) != 9 || code == "" {
		t.Fatalf("%q %+v %v", code, dc, err)
	}
	got, ok, err := s.RedeemDeviceCode(ctx, code)
	if err != nil || !ok || got.ApprovedBy != "" {
		t.Fatalf("pending: %+v %v %v", got, ok, err)
	}
	_, _, err = s.ApproveDeviceCode(ctx, dc.UserCode, "nobody@contoso.com")
	wantError(t, err, "Resource 'nobody@contoso.com' does not exist or one of its queried reference-property objects are not present.")
	_, _, err = s.ApproveDeviceCode(ctx, "WRONGCODE", "ann@contoso.com")
	wantError(t, err, "The code 'WRONGCODE' you entered has expired or is not valid. Get a new code from the application and try again.")
	approved, byApp, err := s.ApproveDeviceCode(ctx, strings.ToLower(dc.UserCode), "ANN@contoso.com")
	if err != nil || approved.ApprovedBy != "ann@contoso.com" || byApp.DisplayName != "CLI" {
		t.Fatalf("approve: %+v %v", approved, err)
	}
	_, _, err = s.ApproveDeviceCode(ctx, dc.UserCode, "ann@contoso.com")
	wantError(t, err, "The code '"+dc.UserCode+"' was approved already.")
	if got, ok, _ := s.RedeemDeviceCode(ctx, code); !ok || got.ApprovedBy != "ann@contoso.com" || got.Redeemed {
		t.Fatalf("first redemption: %+v", got)
	}
	if got, _, _ := s.RedeemDeviceCode(ctx, code); !got.Redeemed {
		t.Fatalf("second redemption: %+v", got)
	}
	if _, ok, _ := s.RedeemDeviceCode(ctx, "made-up"); ok {
		t.Fatal("a made-up code was found")
	}
	audit := must[[]AuditEntry](t)(s.AuditLog(ctx, AuditFilter{Operation: "Sign in with device code"}))
	if len(audit) != 1 || audit[0].Actor != "ann@contoso.com" || audit[0].Target != "CLI" {
		t.Fatalf("audit: %+v", audit)
	}
}

// TestActors: a write a server makes for a user acts with the user's roles,
// one for an application with the roles its permissions grant, and the
// audit log names who made it.
func TestActors(t *testing.T) {
	t.Parallel()
	s := newTenant(t)
	addSub(t, s, "SPE_E5", 5)
	addUser(t, s, "ann@contoso.com", "US")
	addUser(t, s, "lic@contoso.com", "US")
	if err := s.AddRoleAssignment(ctx, LicenseAdministrator, "lic@contoso.com"); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		actor Actor
		err   string
	}{
		{Actor{User: "ann@contoso.com"}, "Insufficient privileges to complete the operation."},
		{Actor{App: "Reporting", Roles: AppRoles([]string{"User.Read.All", "Directory.Read.All"})}, "Insufficient privileges to complete the operation."},
		{Actor{User: "lic@contoso.com"}, ""},
		{Actor{App: "Licensing robot", Roles: AppRoles([]string{"LicenseAssignment.ReadWrite.All"})}, ""},
	} {
		actx := WithActor(ctx, c.actor)
		res, err := s.SetUserLicense(actx, "ann@contoso.com", []AddLicense{{SkuID: e5}}, nil)
		if c.err != "" {
			wantError(t, err, c.err)
			continue
		}
		if err != nil {
			t.Fatalf("%+v: %v", c.actor, err)
		}
		name := c.actor.User + c.actor.App
		if res.Changed {
			last := must[[]AuditEntry](t)(s.AuditLog(ctx, AuditFilter{Last: 1}))[0]
			if last.Actor != name {
				t.Fatalf("audit actor %q, want %q", last.Actor, name)
			}
		}
		if _, err := s.SetUserLicense(actx, "ann@contoso.com", nil, []string{e5}); err != nil {
			t.Fatal(err)
		}
		if last := must[[]AuditEntry](t)(s.AuditLog(ctx, AuditFilter{Last: 1}))[0]; last.Actor != name {
			t.Fatalf("audit actor %q, want %q", last.Actor, name)
		}
	}
	// The session's own account is left as it was.
	if s.Actor() != "" {
		t.Fatalf("the store acts as %q", s.Actor())
	}
	if got := AppRoles([]string{"User.ReadWrite.All", "Directory.ReadWrite.All", "user.readwrite.all"}); strings.Join(got, ",") != "User Administrator,Groups Administrator" {
		t.Fatalf("roles: %v", got)
	}
}

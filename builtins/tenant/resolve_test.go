package tenant

import "testing"

func TestResolveSku(t *testing.T) {
	t.Parallel()
	s := newTenant(t)
	addSub(t, s, "SPE_E5", 10)
	addSub(t, s, "O365_BUSINESS", 5)
	addSub(t, s, "SMB_BUSINESS", 5)
	for _, tc := range []struct{ in, want, msg string }{
		{e5, "SPE_E5", ""},
		{"06EBC4EE-1BB5-47DD-8120-11324BC54E06", "SPE_E5", ""},
		{"{06ebc4ee-1bb5-47dd-8120-11324bc54e06}", "SPE_E5", ""},
		{"SPE_E5", "SPE_E5", ""},
		{"spe_e5", "SPE_E5", ""},
		{"  SPE_E5 ", "SPE_E5", ""},
		{"contoso:SPE_E5", "SPE_E5", ""},
		{"CONTOSO:spe_e5", "SPE_E5", ""},
		{"fabrikam:SPE_E5", "SPE_E5", ""},
		{"Microsoft 365 E5", "SPE_E5", ""},
		{"microsoft 365 e5", "SPE_E5", ""},
		{"O365_BUSINESS", "O365_BUSINESS", ""},
		{"00000000-0000-0000-0000-000000000001", "", "License 00000000-0000-0000-0000-000000000001 does not correspond to a valid company License."},
		// Known to the catalog but not bought: reported by its GUID.
		{"ENTERPRISEPACK", "", "License 6fd2c87f-b296-42f0-b197-1e91e994b900 does not correspond to a valid company License."},
		{"contoso:ENTERPRISEPACK", "", "License 6fd2c87f-b296-42f0-b197-1e91e994b900 does not correspond to a valid company License."},
		{"NOT_A_SKU", "", "License NOT_A_SKU does not correspond to a valid company License."},
		{"06ebc4ee-1bb5-47dd-8120", "", "License 06ebc4ee-1bb5-47dd-8120 does not correspond to a valid company License."},
		{"'; DROP TABLE skus; --", "", "License '; DROP TABLE skus; -- does not correspond to a valid company License."},
		{"", "", "License '' does not correspond to a valid company License."},
		{"Microsoft 365 Apps for Business", "", "License 'Microsoft 365 Apps for Business' matches more than one product: SMB_BUSINESS (b214fe43-f5a3-4703-beeb-fa97188220fc), O365_BUSINESS (cdd28e44-67e3-425e-be4c-737fab2899d3). Use the SKU id."},
	} {
		got, err := s.ResolveSku(ctx, tc.in)
		if tc.msg != "" {
			wantError(t, err, tc.msg)
			continue
		}
		if err != nil || got.PartNumber != tc.want {
			t.Errorf("ResolveSku(%q) = %+v, %v; want %s", tc.in, got, err, tc.want)
		}
	}
}

func TestResolveUser(t *testing.T) {
	t.Parallel()
	s := newTenant(t)
	u := addUser(t, s, "Alex.Wilber@contoso.com", "US")
	addUser(t, s, "o'brien@contoso.com", "IE")
	for _, tc := range []struct{ in, want string }{
		{"Alex.Wilber@contoso.com", "Alex.Wilber@contoso.com"},
		{"alex.wilber@CONTOSO.COM", "Alex.Wilber@contoso.com"},
		{" alex.wilber@contoso.com ", "Alex.Wilber@contoso.com"},
		{u.ID, "Alex.Wilber@contoso.com"},
		{"{" + u.ID + "}", "Alex.Wilber@contoso.com"},
		{"o'brien@contoso.com", "o'brien@contoso.com"},
		{"nobody@contoso.com", ""},
		{"alex.wilber", ""},
		{"x' OR '1'='1", ""},
		{"00000000-0000-0000-0000-000000000000", ""},
		{"", ""},
	} {
		got, err := s.GetUser(ctx, tc.in)
		if tc.want == "" {
			wantError(t, err, "Resource '"+tc.in+"' does not exist or one of its queried reference-property objects are not present.")
			continue
		}
		if err != nil || got.UserPrincipalName != tc.want {
			t.Errorf("GetUser(%q) = %q, %v; want %q", tc.in, got.UserPrincipalName, err, tc.want)
		}
	}
}

func TestNewUserValidation(t *testing.T) {
	t.Parallel()
	s := newTenant(t)
	addUser(t, s, "taken@contoso.com", "")
	for _, tc := range []struct {
		nu  NewUser
		msg string
	}{
		{NewUser{UserPrincipalName: "TAKEN@contoso.com", DisplayName: "x"}, "Another object with the same value for property userPrincipalName already exists."},
		{NewUser{UserPrincipalName: "no at sign", DisplayName: "x"}, "Invalid value specified for property 'userPrincipalName' of resource 'User'."},
		{NewUser{UserPrincipalName: "a b@contoso.com", DisplayName: "x"}, "Invalid value specified for property 'userPrincipalName' of resource 'User'."},
		{NewUser{UserPrincipalName: `a"b@contoso.com`, DisplayName: "x"}, "Invalid value specified for property 'userPrincipalName' of resource 'User'."},
		{NewUser{UserPrincipalName: "a@contoso", DisplayName: "x"}, "Invalid value specified for property 'userPrincipalName' of resource 'User'."},
		{NewUser{UserPrincipalName: "a;DROP@contoso.com", DisplayName: "x"}, "Invalid value specified for property 'userPrincipalName' of resource 'User'."},
		{NewUser{UserPrincipalName: "ok@contoso.com", DisplayName: " "}, "Invalid value specified for property 'displayName' of resource 'User'."},
		{NewUser{UserPrincipalName: "ok@contoso.com", DisplayName: "x", UsageLocation: "USA"}, "Invalid value specified for property 'usageLocation' of resource 'User'."},
		{NewUser{UserPrincipalName: "ok@contoso.com", DisplayName: "x", UsageLocation: "XX"}, "Invalid value specified for property 'usageLocation' of resource 'User'."},
		{NewUser{UserPrincipalName: "ok@contoso.com", DisplayName: "x", UserType: "Admin"}, "Invalid value specified for property 'userType' of resource 'User'."},
	} {
		_, err := s.NewUser(ctx, tc.nu)
		wantError(t, err, tc.msg)
	}
	u := must[User](t)(s.NewUser(ctx, NewUser{UserPrincipalName: "Ok@Contoso.com", DisplayName: "Ok", UsageLocation: "gb", UserType: "guest"}))
	if u.UsageLocation != "GB" || u.UserType != "Guest" || !u.AccountEnabled || u.Mail != "Ok@Contoso.com" || !u.CreatedDateTime.Equal(start) {
		t.Fatalf("user = %+v", u)
	}
}

func TestSetUser(t *testing.T) {
	t.Parallel()
	s := newTenant(t)
	addSub(t, s, "SPE_E5", 5)
	addUser(t, s, "megan@contoso.com", "US")
	addUser(t, s, "other@contoso.com", "US")
	assign(t, s, "megan@contoso.com", "SPE_E5")
	str := func(v string) *string { return &v }
	off := false
	u := must[User](t)(s.SetUser(ctx, "megan@contoso.com", UserUpdate{Department: str("Legal"), UsageLocation: str("de"), AccountEnabled: &off}))
	if u.Department != "Legal" || u.UsageLocation != "DE" || u.AccountEnabled {
		t.Fatalf("after Set: %+v", u)
	}
	for _, tc := range []struct {
		up  UserUpdate
		msg string
	}{
		{UserUpdate{UsageLocation: str("")}, "Invalid value specified for property 'usageLocation' of resource 'User'."},
		{UserUpdate{UserPrincipalName: str("OTHER@contoso.com")}, "Another object with the same value for property userPrincipalName already exists."},
		{UserUpdate{UserPrincipalName: str("bad upn")}, "Invalid value specified for property 'userPrincipalName' of resource 'User'."},
	} {
		_, err := s.SetUser(ctx, "megan@contoso.com", tc.up)
		wantError(t, err, tc.msg)
	}
	renamed := must[User](t)(s.SetUser(ctx, "megan@contoso.com", UserUpdate{UserPrincipalName: str("megan.b@contoso.com")}))
	if d := must[UserData](t)(s.UserData(ctx, renamed.ID)); d.UserPrincipalName != "megan.b@contoso.com" || d.MailboxState != MailboxActive {
		t.Fatalf("data after rename: %+v", d)
	}
}

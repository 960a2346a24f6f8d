package azuread

import (
	"net/mail"
	"net/url"
	"strings"

	"github.com/google/uuid"

	"licsh/builtins/compat"
	"licsh/builtins/tenant"
	"licsh/shell/cmdlet"
	"licsh/shell/value"
)

// Type names of AzureAD's new users, invitations and license details.
const (
	typeAADPasswordProfile = "Microsoft.Open.AzureAD.Model.PasswordProfile"
	typeAADLicenseDetail   = "Microsoft.Open.AzureAD.Model.LicenseDetail"
	typeAADServicePlanInfo = "Microsoft.Open.AzureAD.Model.ServicePlanInfo"
	typeAADInvitation      = "Microsoft.Open.MSGraph.Model.MsInvitation"
)

// userCmdlets are AzureAD's cmdlets that create users, invite guests and
// list a user's products.
func (a *azureADModule) userCmdlets() []*cmdlet.Cmdlet {
	text := func(name, help string) *cmdlet.Param {
		return &cmdlet.Param{Name: name, Type: cmdlet.String, ValueFromPipelineByPropertyName: true, Help: help}
	}
	ignored := func(name string) *cmdlet.Param {
		return &cmdlet.Param{Name: name, Type: cmdlet.String, Help: "Accepted for compatibility: the tenant does not keep it."}
	}
	return []*cmdlet.Cmdlet{
		{
			Name:        "New-AzureADUser",
			Module:      moduleName,
			Synopsis:    "Creates a user, as AzureAD's New-AzureADUser does.",
			Description: "New-AzureADUser creates a user and outputs it. -PasswordProfile is a Microsoft.Open.AzureAD.Model.PasswordProfile (New-Object) whose Password must meet the password policy; the tenant does not keep it. The directory needs -UserPrincipalName and -MailNickName as well, and refuses a user without them. Global and User Administrators may.",
			Params: []*cmdlet.Param{
				{Name: "DisplayName", Type: cmdlet.String, Mandatory: true, ValueFromPipelineByPropertyName: true, Help: "The name shown."},
				{Name: "AccountEnabled", Type: cmdlet.Bool, Mandatory: true, ValueFromPipelineByPropertyName: true, Help: "$true lets the user sign in."},
				{Name: "PasswordProfile", Type: cmdlet.Object, Mandatory: true, Help: "A PasswordProfile with the Password; ForceChangePasswordNextLogin is accepted."},
				text("UserPrincipalName", "The sign-in name, in one of the tenant's domains."),
				text("MailNickName", "The mail alias; required by the directory."),
				text("GivenName", "The first name."),
				text("Surname", "The last name."),
				text("Department", "The department."),
				text("JobTitle", "The job title."),
				text("UsageLocation", "A two-letter country code, needed before licenses."),
				text("UserType", "Member or Guest."),
				ignored("City"), ignored("Country"), ignored("CompanyName"), ignored("Mobile"), ignored("TelephoneNumber"),
				ignored("PhysicalDeliveryOfficeName"), ignored("PostalCode"), ignored("State"), ignored("StreetAddress"),
				ignored("PasswordPolicies"), ignored("ImmutableId"),
			},
			Examples: []cmdlet.Example{{Code: "$PasswordProfile = New-Object -TypeName Microsoft.Open.AzureAD.Model.PasswordProfile\n$PasswordProfile.Password = 'xWwvJ]6NMw+bWH-d'\nNew-AzureADUser -DisplayName 'New User' -PasswordProfile $PasswordProfile -UserPrincipalName new.user@contoso.com -AccountEnabled $true -MailNickName newuser",
				Remarks: "Creates a user as Microsoft's documentation does."}},
			Process: a.newUser,
		},
		{
			Name:        "Get-AzureADUserLicenseDetail",
			Module:      moduleName,
			Synopsis:    "Gets the products a user holds with their service plans.",
			Description: "Get-AzureADUserLicenseDetail outputs one object per product the user holds: ObjectId, SkuId, SkuPartNumber and ServicePlans (ServicePlanId, ServicePlanName, ProvisioningStatus Success or Disabled, AppliesTo User).",
			Params: []*cmdlet.Param{{Name: "ObjectId", Aliases: []string{"UserPrincipalName"}, Type: cmdlet.String, Position: 1, Mandatory: true,
				ValueFromPipelineByPropertyName: true, Complete: cmdlet.CompleteUser, Help: "The user's object id or user principal name."}},
			Examples: []cmdlet.Example{{Code: "Get-AzureADUserLicenseDetail -ObjectId adele.garcia@contoso.com | Select-Object SkuPartNumber", Remarks: "Adele's products."}},
			Process:  a.licenseDetail,
		},
		{
			Name:        "New-AzureADMSInvitation",
			Module:      moduleName,
			Synopsis:    "Invites an external user as a guest.",
			Description: "New-AzureADMSInvitation adds a guest (UserType Guest) for an email address of another organization: its user principal name is the address with '@' as '_' followed by #EXT#@ and the tenant's onmicrosoft.com domain. It outputs the invitation, PendingAcceptance, with the guest's id in InvitedUser. No message is sent from the local tenant. Global and User Administrators may.",
			Params: []*cmdlet.Param{
				{Name: "InvitedUserEmailAddress", Type: cmdlet.String, Mandatory: true, ValueFromPipelineByPropertyName: true, Help: "The guest's email address."},
				{Name: "InviteRedirectUrl", Type: cmdlet.String, Mandatory: true, Help: "Where the guest goes after accepting, such as https://myapps.microsoft.com."},
				{Name: "InvitedUserDisplayName", Type: cmdlet.String, ValueFromPipelineByPropertyName: true, Help: "The guest's display name; the address when not given."},
				{Name: "SendInvitationMessage", Type: cmdlet.Bool, Help: "Whether Microsoft would mail the invitation; recorded in the output."},
				{Name: "InvitedUserMessageInfo", Type: cmdlet.Object, Help: "Accepted for compatibility: no message is sent."},
				{Name: "InvitedUserType", Type: cmdlet.String, ValidateSet: []string{"Guest", "Member"}, Help: "Guest (the default) or Member."},
			},
			Examples: []cmdlet.Example{{Code: "New-AzureADMSInvitation -InvitedUserEmailAddress someexternaluser@fabrikam.com -SendInvitationMessage $true -InviteRedirectUrl 'http://myapps.microsoft.com'",
				Remarks: "Invites a guest, as Microsoft's documentation does."}},
			Process: a.invite,
		},
	}
}

// newPasswordProfile is a new Microsoft.Open.AzureAD.Model.PasswordProfile,
// which scripts fill in before New-AzureADUser.
func newPasswordProfile([]any) (any, error) {
	return compat.NewModel(typeAADPasswordProfile).Set("EnforceChangePasswordPolicy", nil).
		Set("ForceChangePasswordNextLogin", nil).Set("Password", nil), nil
}

func (a *azureADModule) newUser(c cmdlet.Call) error {
	st, err := a.conn.Open(c, "")
	if st == nil {
		return err
	}
	ctx := c.Context()
	password := ""
	if pw, _ := value.GetMember(c.Get("PasswordProfile"), "Password"); pw != nil {
		password = value.ToString(pw)
	}
	upn := c.String("UserPrincipalName")
	for _, p := range []struct{ name, value string }{{"userPrincipalName", upn}, {"mailNickname", c.String("MailNickName")}, {"passwordProfile", password}} {
		if p.value == "" {
			return a.conn.Fail(c, "", tenant.GraphRequestError("Invalid value specified for property '"+p.name+"' of resource 'User'."), upn)
		}
	}
	enabled := value.ToBool(c.Get("AccountEnabled"))
	u, err := st.NewUser(ctx, tenant.NewUser{UserPrincipalName: upn, DisplayName: c.String("DisplayName"), GivenName: c.String("GivenName"),
		Surname: c.String("Surname"), Department: c.String("Department"), JobTitle: c.String("JobTitle"),
		UsageLocation: c.String("UsageLocation"), UserType: c.String("UserType"), AccountEnabled: &enabled, Password: password})
	if err != nil {
		return a.conn.Fail(c, "", err, upn)
	}
	return a.writeUsers(c, st, []tenant.User{u}, 1)
}

func (a *azureADModule) licenseDetail(c cmdlet.Call) error {
	st, err := a.conn.Open(c, "")
	if st == nil {
		return err
	}
	ctx := c.Context()
	id := c.String("ObjectId")
	u, err := st.GetUser(ctx, id)
	if err != nil {
		return a.conn.Fail(c, "", err, id)
	}
	lic, err := st.UserLicenses(ctx, u.ID)
	if err != nil {
		return a.conn.Fail(c, "", err, id)
	}
	products, err := productsByID(ctx, st)
	if err != nil {
		return a.conn.Fail(c, "", err, id)
	}
	seen := map[string]bool{}
	for _, l := range lic {
		if seen[l.SkuID] || l.State != "Active" {
			continue
		}
		seen[l.SkuID] = true
		p := products[l.SkuID]
		var plans []any
		for _, pl := range p.Plans {
			status := "Success"
			for _, d := range l.DisabledPlans {
				if strings.EqualFold(d, pl.ID) {
					status = "Disabled"
				}
			}
			sp := compat.NewModel(typeAADServicePlanInfo)
			sp.Set("AppliesTo", "User")
			sp.Set("ProvisioningStatus", status)
			sp.Set("ServicePlanId", pl.ID)
			sp.Set("ServicePlanName", pl.Name)
			plans = append(plans, sp)
		}
		o := compat.NewModel(typeAADLicenseDetail)
		o.Set("ObjectId", tenant.LicenseDetailID(u.ID, l.SkuID))
		o.Set("ServicePlans", compat.OrEmpty(plans))
		o.Set("SkuId", l.SkuID)
		o.Set("SkuPartNumber", p.PartNumber)
		if err := c.Write(o); err != nil {
			return err
		}
	}
	return nil
}

func (a *azureADModule) invite(c cmdlet.Call) error {
	st, err := a.conn.Open(c, "")
	if st == nil {
		return err
	}
	ctx := c.Context()
	email := strings.TrimSpace(c.String("InvitedUserEmailAddress"))
	addr, err := mail.ParseAddress(email)
	if err != nil || addr.Address != email {
		return a.conn.Fail(c, "", tenant.GraphRequestError("The Primary SMTP Address is an invalid value"), email)
	}
	info, err := st.Info(ctx)
	if err != nil {
		return a.conn.Fail(c, "", err, email)
	}
	kind := c.String("InvitedUserType")
	if kind == "" {
		kind = "Guest"
	}
	name := c.String("InvitedUserDisplayName")
	shown := name
	if shown == "" {
		shown = email
	}
	upn := strings.ReplaceAll(email, "@", "_") + "#EXT#@" + info.InitialDomain()
	// Inviting an address again sends the invitation again to the guest
	// the first one added.
	u, err := st.GetUser(ctx, upn)
	if tenant.IsCode(err, tenant.CodeUserNotFound) {
		u, err = st.NewUser(ctx, tenant.NewUser{UserPrincipalName: upn, DisplayName: shown, Mail: email, UserType: kind})
	}
	if err != nil {
		return a.conn.Fail(c, "", err, email)
	}
	redirect := c.String("InviteRedirectUrl")
	redeem := "https://login.microsoftonline.com/redeem?rd=" + url.QueryEscape("https://invitations.microsoft.com/redeem/?tenant="+info.TenantID+"&user="+u.ID+"&ver=2.0")
	invited := compat.NewModel("Microsoft.Open.MSGraph.Model.User").Set("Id", u.ID).Set("OdataType", nil)
	invited.Text = "class User {\n  Id: " + u.ID + "\n  OdataType: \n}\n"
	msgInfo := compat.NewModel("Microsoft.Open.MSGraph.Model.InvitedUserMessageInfo").Set("CcRecipients", []any{}).
		Set("CustomizedMessageBody", nil).Set("MessageLanguage", nil)
	msgInfo.Text = "class InvitedUserMessageInfo {\n  CcRecipients: System.Collections.Generic.List`1[Microsoft.Open.MSGraph.Model.Recipient]\n  CustomizedMessageBody: \n  MessageLanguage: \n}\n"
	o := compat.NewModel(typeAADInvitation)
	o.Set("Id", uuid.NewString())
	o.Set("InvitedUserDisplayName", compat.NilIfEmpty(name))
	o.Set("InvitedUserEmailAddress", email)
	o.Set("SendInvitationMessage", value.ToBool(c.Get("SendInvitationMessage")))
	o.Set("InviteRedeemUrl", redeem)
	o.Set("InviteRedirectUrl", redirect)
	o.Set("InvitedUser", invited)
	o.Set("InvitedUserMessageInfo", msgInfo)
	o.Set("InvitedUserType", kind)
	o.Set("Status", "PendingAcceptance")
	return c.Write(o)
}

package graphserver

import (
	"encoding/pem"
	"os"
	"strings"

	"licsh/builtins/m365"
	"licsh/builtins/tenant"
	"licsh/shell/cmdlet"
	"licsh/shell/interp"
	"licsh/shell/value"
)

func (m *module) appCmdlets() []*cmdlet.Cmdlet {
	perms := strings.Join(tenant.GraphPermissions(), ", ")
	return []*cmdlet.Cmdlet{
		{
			Name:     "New-AppRegistration",
			Module:   moduleName,
			Synopsis: "Registers an application that signs in to the tenant's Graph server.",
			Description: "New-AppRegistration registers an application in the tenant with Graph application permissions, already consented, and a first client secret. It outputs AppId, TenantId, DisplayName, Permissions and ClientSecret: the secret is shown this once, the tenant keeps only its hash. " +
				"Permissions: " + perms + ". Writes need User.ReadWrite.All, LicenseAssignment.ReadWrite.All or Directory.ReadWrite.All; the audit log names the application. Global Administrators may register applications.",
			SupportsShouldProcess: true,
			Params: []*cmdlet.Param{
				{Name: "DisplayName", Type: cmdlet.String, Position: 1, Mandatory: true, Help: "The application's name, which the audit log shows for its changes."},
				{Name: "Permission", Aliases: []string{"Permissions"}, Type: cmdlet.Strings, ValidateSet: tenant.GraphPermissions(), Help: "The Graph application permissions it holds: " + perms + "."},
			},
			Examples: []cmdlet.Example{
				{Code: "New-AppRegistration -DisplayName 'License sync' -Permission User.Read.All, LicenseAssignment.ReadWrite.All", Remarks: "An application that reads users and assigns licenses."},
			},
			Process: m.newApp,
		},
		{
			Name:        "Get-AppRegistration",
			Module:      moduleName,
			Synopsis:    "Gets the applications registered in the tenant.",
			Description: "Get-AppRegistration lists the applications registered in the tenant, or those -Identity names by AppId or display name: AppId, DisplayName, Permissions, Credentials (secrets by their first characters, certificates by thumbprint, each with its end date) and CreatedDateTime.",
			Params: []*cmdlet.Param{
				{Name: "Identity", Aliases: []string{"AppId", "DisplayName"}, Type: cmdlet.String, Position: 1, ValueFromPipelineByPropertyName: true, Help: "An AppId or display name."},
			},
			Examples: []cmdlet.Example{
				{Code: "New-AppRegistration -DisplayName Reports -Permission User.Read.All | Out-Null\nGet-AppRegistration -Identity Reports", Remarks: "One application."},
			},
			Process: m.getApp,
		},
		{
			Name:                  "Remove-AppRegistration",
			Module:                moduleName,
			Synopsis:              "Deletes an application registration.",
			Description:           "Remove-AppRegistration deletes an application with its secrets, certificates and pending sign-ins: it can no longer get tokens. Tokens it was given stay valid until they expire, as in Microsoft Entra.",
			SupportsShouldProcess: true,
			Params: []*cmdlet.Param{
				{Name: "Identity", Aliases: []string{"AppId"}, Type: cmdlet.String, Position: 1, Mandatory: true, ValueFromPipelineByPropertyName: true, Help: "The AppId or display name."},
			},
			Examples: []cmdlet.Example{
				{Code: "$app = New-AppRegistration -DisplayName 'Old tool' -Permission User.Read.All\nRemove-AppRegistration -Identity $app.AppId -Confirm:$false", Remarks: "Deletes an application."},
			},
			Process: m.removeApp,
		},
		{
			Name:                  "New-AppCredential",
			Module:                moduleName,
			Synopsis:              "Adds a client secret or a certificate to an application.",
			Description:           "New-AppCredential adds a client secret to an application and outputs it (shown this once; valid two years), or with -CertificatePath adds the certificate in that file (PEM or DER), with whose key the application signs client assertions; it is valid as long as the certificate.",
			SupportsShouldProcess: true,
			Params: []*cmdlet.Param{
				{Name: "AppId", Type: cmdlet.String, Position: 1, Mandatory: true, ValueFromPipelineByPropertyName: true, Help: "The application's AppId."},
				{Name: "CertificatePath", Type: cmdlet.String, Complete: cmdlet.CompletePath, Help: "A certificate file (PEM or DER) to add instead of a secret."},
			},
			Examples: []cmdlet.Example{
				{Code: "$app = New-AppRegistration -DisplayName 'Nightly job' -Permission User.Read.All\nNew-AppCredential -AppId $app.AppId", Remarks: "A second secret, to roll the first over."},
			},
			Process: m.newCredential,
		},
		{
			Name:     "Approve-DeviceCode",
			Module:   moduleName,
			Synopsis: "Signs a user in to a device code sign-in, as entering the code in a browser does.",
			Description: "Approve-DeviceCode approves the device code sign-in that shows -UserCode, as the user -Account: the client polling the Graph server then gets a token for that user, with the scopes asked for that the application holds. What the client may change is then decided by the user's admin roles. " +
				"It runs in any licsh on the same tenant file, since there is no browser.",
			Params: []*cmdlet.Param{
				{Name: "UserCode", Type: cmdlet.String, Position: 1, Mandatory: true, Help: "The code the client shows."},
				{Name: "Account", Aliases: []string{"UserPrincipalName"}, Type: cmdlet.String, Mandatory: true, Complete: cmdlet.CompleteUser, Help: "The user signing in."},
			},
			Examples: []cmdlet.Example{
				{Code: "$app = New-AppRegistration -DisplayName 'Device app' -Permission User.Read.All\n$server = Start-GraphServer -Port 0 -Http -AsJob\n$code = Invoke-RestMethod -Method Post -Uri \"$($server.Url)/$($server.TenantId)/oauth2/v2.0/devicecode\" -Body @{ client_id = $app.AppId; scope = 'User.Read.All' }\nApprove-DeviceCode -UserCode $code.user_code -Account adele.garcia@contoso.com\nStop-GraphServer", Remarks: "Approves the sign-in a client started."},
			},
			Process: m.approve,
		},
	}
}

// appObject describes an application; secret is "" but for a new one.
func appObject(app tenant.AppRegistration, tenantID, secret string) *value.Object {
	o := value.NewObject(typeApp)
	o.Set("AppId", app.AppID)
	o.Set("TenantId", tenantID)
	o.Set("DisplayName", app.DisplayName)
	o.Set("Permissions", m365.StrList(app.Permissions))
	if secret != "" {
		o.Set("ClientSecret", secret)
	}
	creds := make([]any, len(app.Credentials))
	for i, c := range app.Credentials {
		creds[i] = c.String()
	}
	o.Set("Credentials", creds)
	o.Set("ObjectId", app.ObjectID)
	o.Set("CreatedDateTime", app.CreatedDateTime)
	return o
}

func credentialObject(app tenant.AppRegistration, c tenant.AppCredential, secret string) *value.Object {
	o := value.NewObject(typeCredential)
	o.Set("AppId", app.AppID)
	o.Set("KeyId", c.KeyID)
	o.Set("Type", c.Type)
	if secret != "" {
		o.Set("ClientSecret", secret)
	} else {
		o.Set("Thumbprint", c.Thumbprint)
	}
	o.Set("StartDateTime", c.StartDateTime)
	o.Set("EndDateTime", c.EndDateTime)
	return o
}

func (m *module) newApp(c cmdlet.Call) error {
	st, err := m.ts.File(c)
	if err != nil {
		return err
	}
	name := c.String("DisplayName")
	if ok, err := c.ShouldProcess(name, "New application registration"); !ok || err != nil {
		return err
	}
	app, secret, err := st.NewAppRegistration(c.Context(), name, c.Strings("Permission"))
	if err != nil {
		return m365.Fail(c, err, name)
	}
	info, err := st.Info(c.Context())
	if err != nil {
		return m365.Fail(c, err, name)
	}
	return c.Write(appObject(app, info.TenantID, secret))
}

func (m *module) getApp(c cmdlet.Call) error {
	st, err := m.ts.File(c)
	if err != nil {
		return err
	}
	apps, err := st.AppRegistrations(c.Context(), c.String("Identity"))
	if err != nil {
		return m365.Fail(c, err, c.String("Identity"))
	}
	info, err := st.Info(c.Context())
	if err != nil {
		return m365.Fail(c, err, nil)
	}
	for _, a := range apps {
		if err := c.Write(appObject(a, info.TenantID, "")); err != nil {
			return err
		}
	}
	return nil
}

func (m *module) removeApp(c cmdlet.Call) error {
	st, err := m.ts.File(c)
	if err != nil {
		return err
	}
	id := c.String("Identity")
	if ok, err := c.ShouldProcess(id, "Remove application registration"); !ok || err != nil {
		return err
	}
	if _, err := st.RemoveAppRegistration(c.Context(), id); err != nil {
		return m365.Fail(c, err, id)
	}
	return nil
}

// readCertificate reads a certificate file, PEM or DER.
func readCertificate(c cmdlet.Call, path string) ([]byte, error) {
	data, err := os.ReadFile(c.Path(path))
	if err != nil {
		return nil, interp.NewError("CertificateNotFound,New-AppCredential", "ObjectNotFound", path,
			"Cannot read the certificate file '"+path+"': "+err.Error())
	}
	for rest := data; ; {
		var block *pem.Block
		block, rest = pem.Decode(rest)
		if block == nil {
			break
		}
		if block.Type == "CERTIFICATE" {
			return block.Bytes, nil
		}
	}
	return data, nil
}

func (m *module) newCredential(c cmdlet.Call) error {
	st, err := m.ts.File(c)
	if err != nil {
		return err
	}
	ctx := c.Context()
	appID := c.String("AppId")
	app, err := st.App(ctx, appID)
	if err != nil {
		return m365.Fail(c, err, appID)
	}
	if ok, err := c.ShouldProcess(app.DisplayName, "New application credential"); !ok || err != nil {
		return err
	}
	if path := c.String("CertificatePath"); path != "" {
		der, err := readCertificate(c, path)
		if err != nil {
			return c.WriteError(err)
		}
		cred, err := st.AddAppCertificate(ctx, app.AppID, der)
		if err != nil {
			return m365.Fail(c, err, path)
		}
		return c.Write(credentialObject(app, cred, ""))
	}
	cred, secret, err := st.AddAppSecret(ctx, app.AppID)
	if err != nil {
		return m365.Fail(c, err, appID)
	}
	return c.Write(credentialObject(app, cred, secret))
}

func (m *module) approve(c cmdlet.Call) error {
	st, err := m.ts.File(c)
	if err != nil {
		return err
	}
	code, account := c.String("UserCode"), c.String("Account")
	dc, app, err := st.ApproveDeviceCode(c.Context(), code, account)
	if err != nil {
		return m365.Fail(c, err, code)
	}
	o := value.NewObject(typeDeviceCode)
	o.Set("UserCode", dc.UserCode)
	o.Set("Account", dc.ApprovedBy)
	o.Set("Application", app.DisplayName)
	o.Set("AppId", app.AppID)
	o.Set("Scope", dc.Scope)
	return c.Write(o)
}

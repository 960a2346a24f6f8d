package m365

import (
	"strings"
	"time"

	"licsh/shell/cmdlet"
	"licsh/shell/interp"
)

func tenantSessionCmdlets(ts *Session) []*cmdlet.Cmdlet {
	return []*cmdlet.Cmdlet{
		{
			Name:     "Connect-Tenant",
			Module:   moduleName,
			Synopsis: "Acts as an admin of the tenant.",
			Description: "Connect-Tenant makes the rest of the session act as the given user, whose admin roles decide what the session may change; Connect-MgGraph, Connect-MsolService and Connect-AzureAD then act as that user too. Without -Account it acts as the tenant's acting admin or, failing that, its first Global Administrator. Any user may be connected; changes their roles do not allow are refused. When the account does not exist the session is signed out: every change is refused until a Connect succeeds. " +
				"With -TenantId naming another tenant than the file's (or with LICSH_GRAPH_ENDPOINT set) it signs in to that Microsoft 365 tenant through Microsoft Graph instead, as an application (-ClientId with -ClientSecretCredential, -CertificateThumbprint, -CertificateName or -Certificate) or as a person with a device code (-Scopes), and the session acts on that live tenant, which the prompt shows in red; Connect-Tenant without -TenantId goes back to the file.",
			Params: append([]*cmdlet.Param{
				{Name: "Account", Aliases: []string{"UserPrincipalName"}, Type: cmdlet.String, Position: 1, Complete: cmdlet.CompleteUser, Help: "The user principal name of the admin to act as."},
			}, GraphSignInParams()...),
			Examples: []cmdlet.Example{
				{Code: "Connect-Tenant -Account lina.lopez@contoso.com", Remarks: "Acts as a License Administrator."},
				{Code: "Connect-Tenant", Remarks: "Acts as the tenant's default admin again."},
				{Code: "Connect-Tenant -TenantId contoso.com -Account lina.lopez@contoso.com", Remarks: "A -TenantId that names the tenant file's own tenant works on the file, so that a script written for Microsoft 365 rehearses on a copy of its tenant."},
			},
			Process: func(c cmdlet.Call) error {
				if ts.WantsGraph(c, c.String("TenantId")) {
					return connectTenantGraph(c, ts)
				}
				ts.DisconnectGraph()
				st, _, err := ts.SignIn(c, c.String("Account"))
				if st == nil {
					return err
				}
				if err != nil {
					return Fail(c, err, c.String("Account"))
				}
				return nil
			},
		},
		{
			Name:        "Get-Tenant",
			Module:      moduleName,
			Synopsis:    "Gets the tenant's name, domain, clock and acting admin.",
			Description: "Get-Tenant outputs the session's tenant (its tenant file, or the Microsoft 365 tenant it is connected to): its id, name, default domain, the tenant clock's current time, whether the clock is stopped, and the admin the session acts as.",
			Examples: []cmdlet.Example{
				{Code: "Get-Tenant", Remarks: "Shows the tenant."},
				{Code: "(Get-Tenant).Now", Remarks: "The tenant clock's time, which every time-based rule uses."},
			},
			Process: func(c cmdlet.Call) error {
				st, err := ts.Open(c)
				if err != nil {
					return err
				}
				in, err := st.Info(c.Context())
				if err != nil {
					return Fail(c, err, nil)
				}
				return c.Write(tenantObject(in))
			},
		},
		{
			Name:                  "Set-Tenant",
			Module:                moduleName,
			Synopsis:              "Renames the tenant or changes its default domain.",
			Description:           "Set-Tenant changes the tenant's name or default domain; a parameter not given is left as it is. Only a Global Administrator may.",
			SupportsShouldProcess: true,
			Params: []*cmdlet.Param{
				{Name: "Name", Type: cmdlet.String, Help: "The tenant's new name."},
				{Name: "DefaultDomain", Type: cmdlet.String, Help: "The tenant's new default domain, such as contoso.com."},
			},
			Examples: []cmdlet.Example{
				{Code: "Set-Tenant -Name 'Contoso Ltd'", Remarks: "Renames the tenant."},
			},
			Process: func(c cmdlet.Call) error {
				st, err := ts.File(c)
				if err != nil {
					return err
				}
				if ok, err := c.ShouldProcess(st.Path(), "Set tenant"); !ok || err != nil {
					return err
				}
				if err := st.SetInfo(c.Context(), c.String("Name"), c.String("DefaultDomain")); err != nil {
					return Fail(c, err, nil)
				}
				return nil
			},
		},
		{
			Name:        "Initialize-Tenant",
			Module:      moduleName,
			Synopsis:    "Sets up an empty tenant file.",
			Description: "Initialize-Tenant names an empty tenant, creates its first Global Administrator admin@<DefaultDomain> and acts as it. With -Demo it also seeds the demo company: about 250 users, their licenses, groups, admins and deleted users. Without -DefaultDomain the domain is made from the name (<name>.onmicrosoft.com); without either the tenant is Contoso, contoso.com.",
			Params: []*cmdlet.Param{
				{Name: "Name", Type: cmdlet.String, Position: 1, Help: "The tenant's name, such as Contoso."},
				{Name: "DefaultDomain", Type: cmdlet.String, Position: 2, Help: "The tenant's default domain, such as contoso.com."},
				{Name: "Demo", Type: cmdlet.Switch, Help: "Also seeds the demo company."},
			},
			Examples: []cmdlet.Example{
				{Code: "Initialize-Tenant -Name Fabrikam -DefaultDomain fabrikam.com", Remarks: "An empty tenant with one admin, admin@fabrikam.com."},
				{Code: "Initialize-Tenant -Demo", Remarks: "The demo company, Contoso."},
			},
			Process: func(c cmdlet.Call) error {
				st, err := ts.OpenUninitialized(c)
				if err != nil {
					return err
				}
				name, domain := initNames(c.String("Name"), c.String("DefaultDomain"))
				if err := st.Initialize(c.Context(), name, domain, c.Switch("Demo")); err != nil {
					return Fail(c, err, name)
				}
				return nil
			},
		},
		{
			Name:                "Set-TenantClock",
			Module:              moduleName,
			Synopsis:            "Moves the tenant clock, to preview what happens later.",
			Description:         "Set-TenantClock stops the tenant clock at a date, moves it by a number of days, or puts it back on real time. Every time-based rule (the 30-day grace period of mailboxes and deleted users) reads this clock, so an admin can see what a change leads to a month later. It outputs the tenant's new time.",
			DefaultParameterSet: "Date",
			Params: []*cmdlet.Param{
				{Name: "Date", Type: cmdlet.DateTime, Position: 1, Mandatory: true, Sets: []string{"Date"}, Help: "The time to stop the clock at."},
				{Name: "AddDays", Type: cmdlet.Int, Mandatory: true, Sets: []string{"AddDays"}, Help: "Moves the clock this many days; negative moves it back."},
				{Name: "Reset", Type: cmdlet.Switch, Mandatory: true, Sets: []string{"Reset"}, Help: "Puts the clock back on real time."},
			},
			Examples: []cmdlet.Example{
				{Code: "Set-TenantClock -AddDays 31", Remarks: "31 days later: mailboxes unlicensed today are purged."},
				{Code: "Set-TenantClock -Date 2025-01-31", Remarks: "Stops the clock at a date."},
				{Code: "Set-TenantClock -Reset", Remarks: "Real time again."},
			},
			Process: func(c cmdlet.Call) error {
				st, err := ts.File(c)
				if err != nil {
					return err
				}
				ctx := c.Context()
				switch {
				case c.Bound("Date"):
					t, _ := c.Get("Date").(time.Time)
					err = st.SetClock(ctx, t)
				case c.Bound("AddDays"):
					err = st.AddDays(ctx, c.Int("AddDays"))
				default:
					err = st.ResetClock(ctx)
				}
				if err != nil {
					return Fail(c, err, nil)
				}
				now, err := st.Now(ctx)
				if err != nil {
					return Fail(c, err, nil)
				}
				return c.Write(now)
			},
		},
	}
}

// initNames fills in what Initialize-Tenant was not given: the demo
// company's names, or a domain made from the tenant's name as Microsoft
// makes the initial onmicrosoft.com domain.
func initNames(name, domain string) (string, string) {
	if name == "" && domain == "" {
		return demoTenantName, demoTenantDomain
	}
	if name == "" {
		name, _, _ = strings.Cut(domain, ".")
	}
	if domain == "" {
		var b strings.Builder
		for _, r := range strings.ToLower(name) {
			if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
				b.WriteRune(r)
			}
		}
		domain = b.String() + ".onmicrosoft.com"
	}
	return name, domain
}

// GraphSignInParams are the sign-in parameters of Microsoft Graph
// PowerShell's Connect-MgGraph that reach a tenant through Graph.
func GraphSignInParams() []*cmdlet.Param {
	return []*cmdlet.Param{
		{Name: "TenantId", Aliases: []string{"Audience", "Tenant"}, Type: cmdlet.String, Help: "The tenant's id or domain. One that is not the tenant file's (or LICSH_GRAPH_ENDPOINT) signs in to that Microsoft 365 tenant through Microsoft Graph."},
		{Name: "ClientId", Aliases: []string{"AppId", "ApplicationId"}, Type: cmdlet.String, Help: "The application to sign in with."},
		{Name: "CertificateThumbprint", Type: cmdlet.String, Help: "App-only sign-in with the certificate of this thumbprint, from the certificate store (LICSH_CERTIFICATES, else ~/.config/licsh/certificates: PEM files of a certificate and its key)."},
		{Name: "CertificateName", Aliases: []string{"CertificateSubject", "CertificateSubjectName"}, Type: cmdlet.String, Help: "App-only sign-in with the certificate of this subject, from the certificate store."},
		{Name: "Certificate", Type: cmdlet.Object, Help: "App-only sign-in with a certificate: the path of a PEM file holding it and its private key."},
		{Name: "ClientSecretCredential", Aliases: []string{"SecretCredential"}, Type: cmdlet.Object, Help: "App-only sign-in with a client secret: a PSCredential whose user name is the application's id and whose password is the secret."},
		{Name: "Scopes", Type: cmdlet.Strings, Help: "The permissions a person's sign-in asks for, such as User.ReadWrite.All."},
		{Name: "UseDeviceCode", Aliases: []string{"UseDeviceAuthentication", "DeviceCode", "DeviceAuth", "Device"}, Type: cmdlet.Switch, Help: "Signs a person in with a device code."},
		{Name: "Environment", Aliases: []string{"EnvironmentName", "NationalCloud"}, Type: cmdlet.String, Help: "The cloud: Global (the default), China, USGov or USGovDoD."},
		{Name: "ContextScope", Type: cmdlet.String, Help: "Process keeps the sign-in's tokens in memory only; CurrentUser (the default) keeps them for later runs, in a file only you can read."},
	}
}

// graphClientID is Microsoft Graph Command Line Tools, the application a
// person signs in with unless -ClientId names another.
const graphClientID = "14d82eec-204b-4c2f-b7e8-296a70dab67e"

// connectTenantGraph signs the session in to a tenant through Graph.
func connectTenantGraph(c cmdlet.Call, ts *Session) error {
	in, err := GraphSignInFrom(c, graphClientID)
	if err != nil {
		return c.WriteError(interp.NewError("InvalidSignIn", "InvalidArgument", nil, err.Error()))
	}
	g, err := ts.ConnectGraph(c, in)
	if err != nil {
		return GraphFail(c, err, in.TenantID)
	}
	c.WriteHost(GraphWelcome(g))
	return nil
}

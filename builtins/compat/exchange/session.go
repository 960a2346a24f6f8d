package exchange

import (
	"fmt"
	"strings"
	"time"

	"github.com/google/uuid"

	"licsh/builtins/compat"
	"licsh/shell/cmdlet"
	"licsh/shell/interp"
)

// banner is what Connect-ExchangeOnline prints unless -ShowBanner:$false.
const banner = "\n" +
	"----------------------------------------------------------------------------------------\n" +
	"This V3 EXO PowerShell module contains new REST API backed Exchange Online cmdlets which doesn't require WinRM for Client-Server communication. You can now run these cmdlets after turning off WinRM Basic Auth in your client machine thus making it more secure.\n\n" +
	"Unlike the EXO* prefixed cmdlets, the cmdlets in this module support full functional parity with the RPS (V1) cmdlets.\n\n" +
	"V3 cmdlets in the downloaded module are resilient to transient failures, handling retries and throttling errors inherently.\n\n" +
	"REST backed EOP and SCC cmdlets are also available in the V3 module. Similar to EXO, the cmdlets can be run without WinRM basic auth enabled.\n\n" +
	"For more information check https://aka.ms/exov3-module\n\n" +
	"Starting with EXO V3.7, use the LoadCmdletHelp parameter alongside Connect-ExchangeOnline to access the Get-Help cmdlet, as it will not be loaded by default\n" +
	"----------------------------------------------------------------------------------------\n\n"

// connectParams are Connect-ExchangeOnline's parameters: the account, and
// the app-only and session settings scripts pass, which are accepted.
func connectParams() []*cmdlet.Param {
	accepted := func(name string, t cmdlet.Type, help string) *cmdlet.Param {
		return &cmdlet.Param{Name: name, Type: t, Help: help + " Accepted for compatibility."}
	}
	return []*cmdlet.Param{
		{Name: "UserPrincipalName", Type: cmdlet.String, Complete: cmdlet.CompleteUser,
			Help: "The account to sign in as: the whole session then acts as it, with its admin roles."},
		{Name: "Credential", Type: cmdlet.Object, Help: "A credential (or a user name) whose user to sign in as; the password is not checked."},
		{Name: "ShowBanner", Type: cmdlet.Switch, Help: "-ShowBanner:$false leaves out the banner the module prints on connecting."},
		{Name: "AppId", Type: cmdlet.String, Help: "App-only sign-in: the application; the session keeps its account."},
		{Name: "CertificateThumbprint", Type: cmdlet.String, Help: "App-only sign-in with a certificate, by thumbprint."},
		{Name: "Certificate", Type: cmdlet.Object, Help: "App-only sign-in with a certificate."},
		{Name: "CertificateFilePath", Type: cmdlet.String, Help: "App-only sign-in with a certificate file."},
		{Name: "CertificatePassword", Type: cmdlet.Object, Help: "The password of -CertificateFilePath."},
		{Name: "Organization", Type: cmdlet.String, Help: "App-only sign-in: the organization, such as contoso.onmicrosoft.com."},
		{Name: "DelegatedOrganization", Type: cmdlet.String, Help: "A customer organization of a partner."},
		{Name: "ManagedIdentity", Type: cmdlet.Switch, Help: "Signs in with a managed identity; the session keeps its account."},
		{Name: "ManagedIdentityAccountId", Type: cmdlet.String, Help: "A user-assigned managed identity."},
		{Name: "AccessToken", Type: cmdlet.String, Help: "Sign-in with a token of your own; the session keeps its account."},
		{Name: "Prefix", Type: cmdlet.String, Help: "A prefix for the cmdlets' nouns, which Get-ConnectionInformation shows; licsh's cmdlets keep their names."},
		accepted("Device", cmdlet.Switch, "Signs in with a device code."),
		accepted("InlineCredential", cmdlet.Switch, "Asks for the credential in the console."),
		accepted("ExchangeEnvironmentName", cmdlet.String, "The cloud: O365Default and the national clouds."),
		accepted("ConnectionUri", cmdlet.String, "The Exchange endpoint."),
		accepted("AzureADAuthorizationEndpointUri", cmdlet.String, "The sign-in endpoint."),
		accepted("CommandName", cmdlet.Strings, "The cmdlets to load."),
		accepted("FormatTypeName", cmdlet.Strings, "The output formats to load."),
		accepted("ShowProgress", cmdlet.Bool, "Whether to show a progress bar."),
		accepted("SkipLoadingFormatData", cmdlet.Switch, "Leaves out the output formats."),
		accepted("SkipLoadingCmdletHelp", cmdlet.Switch, "Leaves out the cmdlets' help."),
		accepted("LoadCmdletHelp", cmdlet.Switch, "Loads the cmdlets' help."),
		accepted("UseMultithreading", cmdlet.Bool, "Whether the EXO cmdlets run in parallel."),
		accepted("PageSize", cmdlet.Int, "How many entries the EXO cmdlets fetch at a time."),
		accepted("TrackPerformance", cmdlet.Bool, "Whether to log performance."),
		accepted("EnableErrorReporting", cmdlet.Switch, "Logs errors."),
		accepted("LogDirectoryPath", cmdlet.String, "Where to log."),
		accepted("LogLevel", cmdlet.String, "Default or All."),
		accepted("UseRPSSession", cmdlet.Switch, "Remote PowerShell, retired."),
		accepted("DisableWAM", cmdlet.Switch, "Signs in without Web Account Manager."),
	}
}

func (m *exchangeModule) sessionCmdlets() []*cmdlet.Cmdlet {
	return []*cmdlet.Cmdlet{
		{
			Name:        "Connect-ExchangeOnline",
			Module:      moduleName,
			Synopsis:    "Connects to Exchange Online: here, to the local tenant as the session's account or the one named.",
			Description: "Connect-ExchangeOnline accepts the parameters of the ExchangeOnlineManagement module's Connect-ExchangeOnline and prints its banner unless -ShowBanner:$false. With -UserPrincipalName or -Credential it signs the whole session in as that user (as Connect-Tenant does), whose admin roles decide what may be changed; app-only sign-ins (-AppId with a certificate, -ManagedIdentity, -AccessToken) and a bare Connect-ExchangeOnline keep the account the session acts as. An account the tenant does not have fails as Microsoft's sign-in does and leaves the session signed out. The Exchange cmdlets also work before any Connect-ExchangeOnline, as the session's account; after Disconnect-ExchangeOnline they refuse until it runs again.",
			Params:      connectParams(),
			Examples: []cmdlet.Example{
				{Code: "Connect-ExchangeOnline -UserPrincipalName admin@contoso.com -ShowBanner:$false", Remarks: "Connects as a script does before converting mailboxes."},
				{Code: "Connect-ExchangeOnline -AppId 00000000-0000-0000-0000-000000000001 -CertificateThumbprint 012THISISADEMOTHUMBPRINT -Organization contoso.onmicrosoft.com -ShowBanner:$false", Remarks: "App-only, as unattended scripts connect: the session's account is kept."},
			},
			Process: m.connect,
		},
		{
			Name:                  "Disconnect-ExchangeOnline",
			Module:                moduleName,
			Synopsis:              "Disconnects from Exchange Online.",
			Description:           "Disconnect-ExchangeOnline ends the connection Connect-ExchangeOnline made. As the real module's cmdlets are gone after it, the Exchange cmdlets then refuse with \"You must call the Connect-ExchangeOnline cmdlet before calling any other cmdlets.\" until Connect-ExchangeOnline runs again. The session's account is unchanged for licsh's own cmdlets and the other modules. Scripts pass -Confirm:$false, which it accepts.",
			SupportsShouldProcess: true,
			Params: []*cmdlet.Param{
				{Name: "ConnectionId", Type: cmdlet.Strings, Help: "The connections to end; there is one."},
				{Name: "ModulePrefix", Type: cmdlet.Strings, Help: "The connections to end, by prefix; there is one."},
			},
			Examples: []cmdlet.Example{
				{Code: "Disconnect-ExchangeOnline -Confirm:$false", Remarks: "Disconnects at the end of a script."},
			},
			Process: func(c cmdlet.Call) error {
				if ok, err := c.ShouldProcess("Exchange Online", "Disconnect"); !ok || err != nil {
					return err
				}
				m.conn.Disconnect()
				m.signedOut = true
				return nil
			},
		},
		{
			Name:     "New-ExoPSSession",
			Module:   moduleName,
			Synopsis: "Refuses: the Remote PowerShell session of version 2 of the module, which version 3 no longer has.",
			Description: "New-ExoPSSession made the Remote PowerShell session that scripts written for version 2 of ExchangeOnlineManagement (and the older EXO V1 module) imported with Import-PSSession. Microsoft retired Remote PowerShell in Exchange Online, and version 3, which licsh follows, has no New-ExoPSSession. licsh refuses it with an error saying so, " +
				"and the script goes on: connect with Connect-ExchangeOnline instead; the Exchange cmdlets then need no session to import.",
			Params: []*cmdlet.Param{
				{Name: "UserPrincipalName", Type: cmdlet.String, Complete: cmdlet.CompleteUser, Help: "The account the session would sign in as."},
				{Name: "Credential", Type: cmdlet.Object, Help: "The credential the session would sign in with."},
				{Name: "ConnectionUri", Type: cmdlet.String, Help: "The Remote PowerShell endpoint."},
				{Name: "AzureADAuthorizationEndpointUri", Type: cmdlet.String, Help: "The sign-in endpoint."},
				{Name: "PSSessionOption", Type: cmdlet.Object, Help: "The session's options."},
				{Name: "ExchangeEnvironmentName", Type: cmdlet.String, Help: "The cloud."},
				{Name: "DelegatedOrganization", Type: cmdlet.String, Help: "A customer organization of a partner."},
				{Name: "BypassMailboxAnchoring", Type: cmdlet.Switch, Help: "Skips mailbox anchoring."},
			},
			Examples: []cmdlet.Example{
				{Code: "try { New-ExoPSSession -UserPrincipalName admin@contoso.com -ErrorAction Stop } catch { Connect-ExchangeOnline -UserPrincipalName admin@contoso.com -ShowBanner:$false }", Remarks: "Falls back to Connect-ExchangeOnline, as the module's version 3 wants."},
			},
			Process: func(c cmdlet.Call) error {
				rec := interp.NewError("RemotingNotSupported", "NotImplemented", nil,
					"New-ExoPSSession made a Remote PowerShell session, which Exchange Online no longer has: Microsoft retired it, and version 3 of ExchangeOnlineManagement has no New-ExoPSSession. Connect with Connect-ExchangeOnline instead; the Exchange cmdlets then need no session to import.")
				rec.Exception.Type = "System.NotSupportedException"
				return c.WriteError(rec)
			},
		},
		{
			Name:        "Get-ConnectionInformation",
			Module:      moduleName,
			Synopsis:    "Gets the connection to Exchange Online.",
			Description: "Get-ConnectionInformation outputs the connection Connect-ExchangeOnline made: State, UserPrincipalName (the account the session acts as), TenantID, ConnectionId, Name and the rest. Before Connect-ExchangeOnline, and after Disconnect-ExchangeOnline, it outputs nothing, as scripts that check for a connection expect.",
			Examples: []cmdlet.Example{
				{Code: "if (-not (Get-ConnectionInformation)) { Connect-ExchangeOnline -ShowBanner:$false }", Remarks: "Connects only when not connected yet."},
			},
			Process: m.connectionInformation,
		},
	}
}

func (m *exchangeModule) connect(c cmdlet.Call) error {
	account := c.String("UserPrincipalName")
	if account == "" {
		account = compat.CredentialUser(c.Get("Credential"))
	}
	if _, _, err := m.conn.Connect(c, account); !m.conn.Connected() {
		return err
	}
	m.signedOut = false
	m.connects++
	m.connection = connection{id: uuid.NewString(), appID: c.String("AppId"), organization: c.String("Organization"),
		delegated: c.String("DelegatedOrganization"), prefix: c.String("Prefix"),
		certificate: c.Bound("CertificateThumbprint") || c.Bound("Certificate") || c.Bound("CertificateFilePath")}
	if !c.Bound("ShowBanner") || c.Switch("ShowBanner") {
		c.WriteHost(banner)
	}
	return nil
}

func (m *exchangeModule) connectionInformation(c cmdlet.Call) error {
	st, account, ok, err := m.conn.Account(c)
	if !ok {
		return err
	}
	info, err := st.Info(c.Context())
	if err != nil {
		return m.fail(c, err, nil)
	}
	conn := m.connection
	o := compat.NewModel(typeConnection)
	o.Set("ConnectionId", conn.id)
	o.Set("State", "Connected")
	o.Set("Id", m.connects)
	o.Set("Name", fmt.Sprintf("ExchangeOnline_%d", m.connects))
	o.Set("UserPrincipalName", account.UserPrincipalName)
	o.Set("ConnectionUri", "https://outlook.office365.com")
	o.Set("AzureAdAuthorizationEndpointUri", "https://login.microsoftonline.com/organizations")
	o.Set("TokenExpiryTimeUTC", c.Now().UTC().Add(time.Hour))
	o.Set("CertificateAuthentication", conn.certificate)
	o.Set("ModuleName", "tmpEXO_"+strings.ReplaceAll(conn.id[:8], "-", ""))
	o.Set("ModulePrefix", conn.prefix)
	o.Set("Organization", compat.NilIfEmpty(conn.organization))
	o.Set("DelegatedOrganization", conn.delegated)
	o.Set("AppId", compat.NilIfEmpty(conn.appID))
	o.Set("PageSize", 1000)
	o.Set("TenantID", info.TenantID)
	o.Set("TokenStatus", "Active")
	o.Set("ConnectionUsedForInbuiltCmdlets", true)
	o.Set("IsEopSession", false)
	return c.Write(o)
}

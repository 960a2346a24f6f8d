package graph

import (
	"fmt"
	"strings"
	"time"

	"github.com/google/uuid"

	"licsh/builtins/compat"
	"licsh/builtins/m365"
	"licsh/builtins/tenant"
	"licsh/builtins/tenant/graphclient"
	"licsh/shell/cmdlet"
	"licsh/shell/interp"
	"licsh/shell/value"
)

// typeMgContext is what Get-MgContext and Disconnect-MgGraph output.
const typeMgContext = "Microsoft.Graph.PowerShell.Authentication.AuthContext"

// graphClientID is the application Microsoft Graph PowerShell signs in
// with unless -ClientId names another, and graphAppName its name.
const (
	graphClientID = "14d82eec-204b-4c2f-b7e8-296a70dab67e"
	graphAppName  = "Microsoft Graph Command Line Tools"
)

// signIn is how Connect-MgGraph was asked to sign in, which Get-MgContext
// shows; who the session acts as is not kept here but asked of the session
// each time.
type signIn struct {
	clientID            string
	scopes              []string
	authType            string
	tokenCredentialType string
	certThumbprint      string
	certSubject         string
	managedIdentityID   string
	contextScope        string
	environment         string
	sendCertChain       bool
}

// connectParams are Connect-MgGraph's parameters, as Microsoft Graph
// PowerShell 2 has them.
func connectParams() []*cmdlet.Param {
	return []*cmdlet.Param{
		{Name: "Scopes", Type: cmdlet.Strings, Position: 1, Help: "The permissions asked for, such as User.ReadWrite.All; Get-MgContext shows them. What the session may change is decided by its account's admin roles."},
		{Name: "ClientId", Aliases: []string{"AppId", "ApplicationId"}, Type: cmdlet.String, Help: "The application to sign in with; Microsoft Graph Command Line Tools when not given."},
		{Name: "TenantId", Aliases: []string{"Audience", "Tenant"}, Type: cmdlet.String, Help: "The tenant's id or domain. The tenant file's own keeps the session on the file, for rehearsing; another (or LICSH_GRAPH_ENDPOINT) signs in to that Microsoft 365 tenant through Microsoft Graph."},
		{Name: "CertificateSubjectName", Aliases: []string{"CertificateSubject", "CertificateName"}, Type: cmdlet.String, Help: "App-only sign-in with a certificate, by subject."},
		{Name: "CertificateThumbprint", Type: cmdlet.String, Help: "App-only sign-in with a certificate, by thumbprint."},
		{Name: "Certificate", Type: cmdlet.Object, Help: "App-only sign-in with a certificate: the path of a PEM file holding it and its private key."},
		{Name: "SendCertificateChain", Type: cmdlet.Bool, Help: "Whether the certificate chain is sent."},
		{Name: "ClientSecretCredential", Aliases: []string{"SecretCredential"}, Type: cmdlet.Object, Help: "App-only sign-in with a client secret: a PSCredential whose user name is the application's id and whose password is the secret."},
		{Name: "AccessToken", Type: cmdlet.Object, Help: "Sign-in with a token of your own."},
		{Name: "Identity", Aliases: []string{"ManagedIdentity", "ManagedServiceIdentity", "MSI"}, Type: cmdlet.Switch, Help: "Signs in with a managed identity."},
		{Name: "EnvironmentVariable", Aliases: []string{"EnvVar"}, Type: cmdlet.Switch, Help: "Signs in with the credentials in environment variables."},
		{Name: "UseDeviceCode", Aliases: []string{"UseDeviceAuthentication", "DeviceCode", "DeviceAuth", "Device"}, Type: cmdlet.Switch, Help: "Signs in with a device code."},
		{Name: "ContextScope", Type: cmdlet.String, Help: "Process or CurrentUser (the default): how long the sign-in is remembered."},
		{Name: "Environment", Aliases: []string{"EnvironmentName", "NationalCloud"}, Type: cmdlet.String, Help: "The cloud; Global when not given."},
		{Name: "ClientTimeout", Type: cmdlet.Double, Help: "Accepted for compatibility: the tenant answers at once."},
		{Name: "NoWelcome", Type: cmdlet.Switch, Help: "Leaves out the welcome message."},
	}
}

func (g *graphModule) sessionCmdlets() []*cmdlet.Cmdlet {
	return []*cmdlet.Cmdlet{
		{
			Name:        "Connect-MgGraph",
			Module:      modAuth,
			Aliases:     []string{"Connect-Graph"},
			Synopsis:    "Signs in to Microsoft Graph: here, to the local tenant as the session's account.",
			Description: "Connect-MgGraph accepts the parameters of Microsoft Graph PowerShell's Connect-MgGraph and connects the Graph cmdlets to the tenant as the account the session acts as (see Connect-Tenant), with that account's admin roles, so that Graph scripts run unchanged against the local tenant. It names no account of its own. When the session is signed out, after a failed sign-in, it fails and the Graph cmdlets stay unconnected.",
			Params:      connectParams(),
			Examples: []cmdlet.Example{
				{Code: "Connect-MgGraph -Scopes User.ReadWrite.All, Organization.Read.All", Remarks: "Connects as a script from Microsoft's documentation does."},
				{Code: "Connect-Tenant -Account lina.lopez@contoso.com\nConnect-MgGraph -NoWelcome\n(Get-MgContext).Account", Remarks: "Graph acts as the License Administrator the session acts as."},
			},
			Process: g.connect,
		},
		{
			Name:        "Disconnect-MgGraph",
			Module:      modAuth,
			Aliases:     []string{"Disconnect-Graph"},
			Synopsis:    "Signs out of Microsoft Graph.",
			Description: "Disconnect-MgGraph signs the Graph cmdlets out and outputs the context it signed out of, as Get-MgContext showed it; they refuse with \"Authentication needed\" until Connect-MgGraph runs again. The session's account is unchanged for licsh's own cmdlets and the other modules. Without a connection it fails with \"No application to sign out from.\"",
			Examples: []cmdlet.Example{
				{Code: "Disconnect-MgGraph | Out-Null", Remarks: "Signs out at the end of a script."},
			},
			Process: g.disconnect,
		},
		{
			Name:        "Get-MgContext",
			Module:      modAuth,
			Synopsis:    "Gets the Microsoft Graph connection: account, scopes, tenant.",
			Description: "Get-MgContext outputs the Graph connection as Microsoft Graph PowerShell's AuthContext: ClientId, TenantId (the tenant's id), Scopes, AuthType, TokenCredentialType, Account (the account the session acts as), AppName, ContextScope, PSHostVersion, Environment and the rest. Before Connect-MgGraph, or when the session is signed out, it outputs nothing.",
			Examples: []cmdlet.Example{
				{Code: "if (-not (Get-MgContext)) { Connect-MgGraph -Scopes User.Read.All -NoWelcome }\n(Get-MgContext).Account", Remarks: "Connects only when not connected yet."},
				{Code: "Get-MgContext | Select-Object -ExpandProperty Scopes", Remarks: "The scopes asked for."},
			},
			Process: g.context,
		},
		{
			Name:        "Get-MgEnvironment",
			Module:      modAuth,
			Synopsis:    "Lists the clouds Connect-MgGraph -Environment can sign in to.",
			Description: "Get-MgEnvironment outputs Microsoft's national clouds (Global, China, USGov, USGovDoD), Built-in, and those Add-MgEnvironment added, User-defined, each with the identity platform's endpoint (AzureADEndpoint) and Graph's (GraphEndpoint).",
			Params: []*cmdlet.Param{
				{Name: "Name", Type: cmdlet.String, Position: 1, Help: "Only the cloud of this name."},
			},
			Examples: []cmdlet.Example{
				{Code: "Get-MgEnvironment", Remarks: "Lists the clouds."},
				{Code: "(Get-MgEnvironment -Name USGov).GraphEndpoint", Remarks: "Graph's endpoint in the US government cloud."},
			},
			Process: g.getEnvironment,
		},
		{
			Name:     "Add-MgEnvironment",
			Module:   modAuth,
			Synopsis: "Adds a cloud for Connect-MgGraph -Environment: another service that speaks Microsoft Graph.",
			Description: "Add-MgEnvironment adds a cloud of the user's own for the session: where its identity platform and its Graph service are (https URLs). Connect-MgGraph -Environment <Name> then signs in there, as LICSH_GRAPH_ENDPOINT and LICSH_LOGIN_ENDPOINT would point it, for example at a Start-GraphServer. " +
				"It outputs the cloud.",
			Params: []*cmdlet.Param{
				{Name: "Name", Type: cmdlet.String, Position: 1, Mandatory: true, Help: "The cloud's name, which -Environment gives."},
				{Name: "AzureADEndpoint", Type: cmdlet.String, Mandatory: true, Help: "The identity platform's endpoint, such as https://login.microsoftonline.com."},
				{Name: "GraphEndpoint", Type: cmdlet.String, Mandatory: true, Help: "Graph's endpoint, such as https://graph.microsoft.com."},
			},
			Examples: []cmdlet.Example{
				{Code: "Add-MgEnvironment -Name Rehearsal -AzureADEndpoint https://127.0.0.1:8443 -GraphEndpoint https://127.0.0.1:8443 | Out-Null\nGet-MgEnvironment -Name Rehearsal", Remarks: "A Start-GraphServer as a cloud of its own."},
			},
			Process: g.addEnvironment,
		},
		{
			Name:        "Select-MgProfile",
			Module:      modAuth,
			Synopsis:    "Accepted for scripts written for Microsoft Graph PowerShell 1: profiles are gone in version 2.",
			Description: "Select-MgProfile chose between the v1.0 and beta APIs in Microsoft Graph PowerShell 1. Version 2, which licsh follows, dropped it in favour of separate v1.0 and beta modules (Get-MgBetaUser ...), so the command does not exist there; licsh accepts it so that older scripts run, warns, and goes on with the v1.0 cmdlets.",
			Params: []*cmdlet.Param{
				{Name: "Name", Type: cmdlet.String, Position: 1, Mandatory: true, Help: "v1.0 or beta."},
			},
			Examples: []cmdlet.Example{
				{Code: "Select-MgProfile -Name beta", Remarks: "A line of a script written for version 1: a warning, nothing else."},
			},
			Process: func(c cmdlet.Call) error {
				name := c.String("Name")
				if !strings.EqualFold(name, "v1.0") && !strings.EqualFold(name, "beta") {
					return c.WriteError(interp.NewError("ParameterArgumentValidationError", "InvalidData", name,
						"Cannot validate argument on parameter 'Name'. The argument \""+name+"\" does not belong to the set \"v1.0,beta\" specified by the ValidateSet attribute. Supply an argument that is in the set and then try the command again."))
				}
				c.WriteWarning("Select-MgProfile is not available in Microsoft Graph PowerShell 2, whose v1.0 and beta cmdlets are separate modules (Microsoft.Graph, Microsoft.Graph.Beta); the v1.0 cmdlets run.")
				return nil
			},
		},
	}
}

// dialect is how the Graph module words its errors: the command and its
// parameter set before the message.
type dialect struct{}

func (dialect) NotConnected(c cmdlet.Call, set string) error {
	rec := interp.NewError("Microsoft.Graph.PowerShell.Authentication.AuthenticationException", "AuthenticationError", nil,
		"Authentication needed. Please call Connect-MgGraph.")
	rec.Command = c.Cmdlet().Name + "_" + set
	return rec
}

func (dialect) Record(c cmdlet.Call, set string, err error, target any, now time.Time) error {
	return compat.GraphRecord(c.Cmdlet().Name+"_"+set, err, target, now)
}

// SignInFailed: Connect-MgGraph names no account, so it fails only when
// the session has none to keep.
func (dialect) SignInFailed(c cmdlet.Call, _ string, err error, _ tenant.Info) error {
	rec := interp.NewError("Microsoft.Graph.PowerShell.Authentication.AuthenticationException,Microsoft.Graph.PowerShell.Authentication.Cmdlets.ConnectMgGraph",
		"AuthenticationError", nil, err.Error())
	rec.Exception.Type = "Microsoft.Graph.PowerShell.Authentication.AuthenticationException"
	return rec
}

func (g *graphModule) connect(c cmdlet.Call) error {
	ts := g.conn.Session()
	if g.customEnv(c.String("Environment")) != nil || ts.WantsGraph(c, c.String("TenantId")) {
		return g.connectGraph(c, ts)
	}
	ts.DisconnectGraph()
	if _, _, err := g.conn.Connect(c, ""); !g.conn.Connected() {
		return err
	}
	in := signIn{clientID: graphClientID, authType: "Delegated", tokenCredentialType: "InteractiveBrowser",
		contextScope: "CurrentUser", environment: "Global"}
	if id := c.String("ClientId"); id != "" {
		in.clientID = id
	}
	switch {
	case c.Switch("Identity"):
		in.authType, in.tokenCredentialType = "ManagedIdentity", "ManagedIdentity"
		in.managedIdentityID = c.String("ClientId")
	case c.Switch("EnvironmentVariable"):
		in.authType, in.tokenCredentialType = "EnvironmentVariable", "EnvironmentVariable"
	case c.Bound("AccessToken"):
		in.authType, in.tokenCredentialType = "UserProvidedAccessToken", "UserProvidedAccessToken"
	case c.Bound("ClientSecretCredential"):
		in.authType, in.tokenCredentialType = "AppOnly", "ClientSecret"
	case c.Bound("CertificateThumbprint") || c.Bound("CertificateSubjectName") || c.Bound("Certificate"):
		in.authType, in.tokenCredentialType = "AppOnly", "ClientCertificate"
	case c.Switch("UseDeviceCode"):
		in.tokenCredentialType = "DeviceCode"
	}
	in.certThumbprint, in.certSubject = c.String("CertificateThumbprint"), c.String("CertificateSubjectName")
	in.sendCertChain = value.ToBool(c.Get("SendCertificateChain"))
	if s := c.String("ContextScope"); s != "" {
		in.contextScope = s
	}
	if e := c.String("Environment"); e != "" {
		in.environment = e
	}
	in.scopes = c.Strings("Scopes")
	g.signIn = in
	if !c.Switch("NoWelcome") {
		c.WriteHost(welcome(in, ""))
	}
	return nil
}

// welcome is Connect-MgGraph's welcome message; live, for a Microsoft 365
// tenant, says which.
func welcome(in signIn, live string) string {
	if live != "" {
		live += "\n"
	}
	return "Welcome to Microsoft Graph!\n\nConnected via " + strings.ToLower(in.authType) + " access using " + in.clientID + "\n" + live +
		"Readme: https://aka.ms/graph/sdk/powershell\nSDK Docs: https://aka.ms/graph/sdk/powershell/docs\nAPI Docs: https://aka.ms/graph/docs\n\n" +
		"NOTE: You can use the -NoWelcome parameter to suppress this message.\n"
}

// connectGraph signs in to a Microsoft 365 tenant through Graph, which
// the session then acts on.
func (g *graphModule) connectGraph(c cmdlet.Call, ts *m365.Session) error {
	g.conn.Disconnect()
	req, err := m365.GraphSignInFrom(c, graphClientID)
	if err != nil {
		return c.WriteError(signInRecord(err))
	}
	req.Env = g.customEnv(req.Environment)
	gt, err := ts.ConnectGraph(c, req)
	if err != nil {
		return c.WriteError(signInRecord(err))
	}
	g.conn.ConnectGraph()
	in := signIn{clientID: req.ClientID, authType: "Delegated", tokenCredentialType: gt.Credential,
		contextScope: "CurrentUser", environment: gt.Client.Env().Name, scopes: c.Strings("Scopes")}
	if gt.Credential != "DeviceCode" {
		in.authType = "AppOnly"
	}
	if req.Process {
		in.contextScope = "Process"
	}
	in.certThumbprint, in.certSubject = req.CertificateThumbprint, req.CertificateName
	g.signIn = in
	if !c.Switch("NoWelcome") {
		c.WriteHost(welcome(in, m365.GraphWelcome(gt)))
	}
	return nil
}

// signInRecord is Connect-MgGraph's error for a sign-in that failed.
func signInRecord(err error) *interp.ErrorRecord {
	rec := interp.NewError("Microsoft.Graph.PowerShell.Authentication.AuthenticationException,Microsoft.Graph.PowerShell.Authentication.Cmdlets.ConnectMgGraph",
		"AuthenticationError", nil, err.Error())
	rec.Exception.Type = "Microsoft.Graph.PowerShell.Authentication.AuthenticationException"
	return rec
}

func (g *graphModule) disconnect(c cmdlet.Call) error {
	ctx, err := g.contextObject(c)
	if err != nil {
		return err
	}
	g.conn.Session().DisconnectGraph()
	if !g.conn.Disconnect() {
		return interp.NewError(uuid.NewString()+",Microsoft.Graph.PowerShell.Authentication.Cmdlets.DisconnectMgGraph",
			"InvalidArgument", nil, "No application to sign out from.")
	}
	if ctx == nil {
		return nil
	}
	return c.Write(ctx)
}

func (g *graphModule) context(c cmdlet.Call) error {
	ctx, err := g.contextObject(c)
	if ctx == nil {
		return err
	}
	return c.Write(ctx)
}

// contextObject is the connection as Get-MgContext shows it, nil when the
// module is not connected or the session is signed out.
func (g *graphModule) contextObject(c cmdlet.Call) (*compat.Model, error) {
	if gt := g.conn.Session().Graph(); gt != nil && g.conn.Connected() {
		who := gt.Client.Identity()
		scopes := who.Scopes
		if who.AppOnly() {
			scopes = who.Roles
		}
		return g.contextModel(c, gt.ID, compat.NilIfEmpty(who.Account), scopes, who.AppName), nil
	}
	st, account, ok, err := g.conn.Account(c)
	if !ok {
		return nil, err
	}
	info, err := st.Info(c.Context())
	if err != nil {
		return nil, g.conn.Fail(c, "", err, nil)
	}
	var appName string
	if strings.EqualFold(g.signIn.clientID, graphClientID) {
		appName = graphAppName
	}
	return g.contextModel(c, info.TenantID, account.UserPrincipalName, g.signIn.scopes, appName), nil
}

// contextModel is Get-MgContext's object for a sign-in to tenant as
// account (nil for an application) with scopes.
func (g *graphModule) contextModel(c cmdlet.Call, tenantID string, account any, scopes []string, appName string) *compat.Model {
	in := g.signIn
	var hostVersion any
	if t, ok := c.Var("PSVersionTable"); ok {
		hostVersion, _ = value.GetMember(t, "PSVersion")
	}
	m := compat.NewModel(typeMgContext)
	m.Set("ClientId", in.clientID)
	m.Set("TenantId", tenantID)
	m.Set("Scopes", compat.OrEmpty(m365.StrList(scopes)))
	m.Set("AuthType", in.authType)
	m.Set("TokenCredentialType", in.tokenCredentialType)
	m.Set("CertificateThumbprint", compat.NilIfEmpty(in.certThumbprint))
	m.Set("CertificateSubjectName", compat.NilIfEmpty(in.certSubject))
	m.Set("SendCertificateChain", in.sendCertChain)
	m.Set("Account", account)
	m.Set("AppName", compat.NilIfEmpty(appName))
	m.Set("ContextScope", in.contextScope)
	m.Set("Certificate", nil)
	m.Set("PSHostVersion", hostVersion)
	m.Set("ManagedIdentityId", compat.NilIfEmpty(in.managedIdentityID))
	m.Set("ClientSecret", nil)
	m.Set("Environment", in.environment)
	return m
}

// typeMgEnvironment is what Get-MgEnvironment outputs.
const typeMgEnvironment = "Microsoft.Graph.PowerShell.Authentication.GraphEnvironment"

// customEnv is the cloud Add-MgEnvironment added with that name, nil for
// none.
func (g *graphModule) customEnv(name string) *graphclient.Environment {
	for i := range g.envs {
		if name != "" && strings.EqualFold(g.envs[i].Name, name) {
			return &g.envs[i]
		}
	}
	return nil
}

func environmentObject(e graphclient.Environment, kind string) *compat.Model {
	m := compat.NewModel(typeMgEnvironment)
	m.Set("Name", e.Name)
	m.Set("AzureADEndpoint", e.Login)
	m.Set("GraphEndpoint", e.Graph)
	m.Set("Type", kind)
	return m
}

func (g *graphModule) getEnvironment(c cmdlet.Call) error {
	name := c.String("Name")
	for _, list := range []struct {
		envs []graphclient.Environment
		kind string
	}{{graphclient.Environments(), "Built-in"}, {g.envs, "User-defined"}} {
		for _, e := range list.envs {
			if name == "" || strings.EqualFold(name, e.Name) {
				if err := c.Write(environmentObject(e, list.kind)); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

func (g *graphModule) addEnvironment(c cmdlet.Call) error {
	name := strings.TrimSpace(c.String("Name"))
	if _, ok := graphclient.FindEnvironment(name); ok || g.customEnv(name) != nil {
		return c.WriteError(interp.NewError("EnvironmentExists,Microsoft.Graph.PowerShell.Authentication.Cmdlets.AddMgEnvironment", "ResourceExists", name,
			fmt.Sprintf("An environment named '%s' already exists.", name)))
	}
	login, err := graphclient.BaseURL("AzureADEndpoint", c.String("AzureADEndpoint"))
	if err != nil {
		return c.WriteError(interp.NewError("InvalidEndpoint,Microsoft.Graph.PowerShell.Authentication.Cmdlets.AddMgEnvironment", "InvalidArgument", c.String("AzureADEndpoint"), err.Error()))
	}
	graph, err := graphclient.BaseURL("GraphEndpoint", c.String("GraphEndpoint"))
	if err != nil {
		return c.WriteError(interp.NewError("InvalidEndpoint,Microsoft.Graph.PowerShell.Authentication.Cmdlets.AddMgEnvironment", "InvalidArgument", c.String("GraphEndpoint"), err.Error()))
	}
	e := graphclient.Environment{Name: name, Login: login, Graph: strings.TrimSuffix(graph, "/v1.0")}
	g.envs = append(g.envs, e)
	return c.Write(environmentObject(e, "User-defined"))
}

package m365

import (
	"context"
	"crypto"
	"crypto/sha1"
	"crypto/x509"
	"encoding/hex"
	"encoding/pem"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"licsh/builtins/tenant"
	"licsh/builtins/tenant/graphclient"
	"licsh/shell/cmdlet"
	"licsh/shell/interp"
	"licsh/shell/value"
)

// GraphTenant is a Microsoft 365 tenant the session is connected to
// through Microsoft Graph, instead of its tenant file.
type GraphTenant struct {
	Client *graphclient.Client
	ID     string // the tenant's id
	Name   string // the organization's display name
	Domain string // its default domain
	// Credential is how the session signed in: ClientSecret,
	// ClientCertificate or DeviceCode.
	Credential string
	// Directory is the tenant as the cmdlets work on it (Session.Open),
	// set before the session uses g (UseGraph) and never closed by the
	// session; while it is nil the tenant cmdlets refuse rather than work
	// on the tenant file.
	Directory tenant.Directory
}

// GraphSignIn is how to sign in to a tenant through Graph: the
// parameters Connect-MgGraph and Connect-Tenant share.
type GraphSignIn struct {
	TenantID              string
	ClientID              string
	Secret                string
	CertificateThumbprint string
	CertificateName       string
	CertificatePath       string
	Scopes                []string
	Environment           string
	// Env is a cloud of the user's own (Add-MgEnvironment), which
	// Environment names.
	Env *graphclient.Environment
	// Process keeps the tokens in memory only (-ContextScope Process).
	Process bool
}

// Environment variables that point licsh at another service that speaks
// Microsoft Graph, such as Start-GraphServer.
const (
	EnvGraphEndpoint = "LICSH_GRAPH_ENDPOINT"
	EnvLoginEndpoint = "LICSH_LOGIN_ENDPOINT"
	envCertificates  = "LICSH_CERTIFICATES"
)

// Graph is the Graph tenant the session is connected to, nil when it
// works on its tenant file.
func (ts *Session) Graph() *GraphTenant {
	ts.mu.Lock()
	defer ts.mu.Unlock()
	return ts.graph
}

// DisconnectGraph goes back to the tenant file; it reports whether the
// session was connected to a Graph tenant.
func (ts *Session) DisconnectGraph() bool {
	ts.mu.Lock()
	defer ts.mu.Unlock()
	was := ts.graph != nil
	ts.graph = nil
	return was
}

// WantsGraph reports whether a sign-in naming tenantID is to a tenant
// through Graph: always when LICSH_GRAPH_ENDPOINT names a service, never
// without a tenant, and otherwise when the tenant file is not that tenant
// (by id or domain), so that a script rehearsed on a copy of its tenant
// signs in to the copy.
func (ts *Session) WantsGraph(c cmdlet.Call, tenantID string) bool {
	if os.Getenv(EnvGraphEndpoint) != "" {
		return true
	}
	if tenantID == "" {
		return false
	}
	st, err := ts.Store(c.Context())
	if err != nil {
		return true
	}
	info, err := st.Info(c.Context())
	if err != nil {
		return true
	}
	if strings.EqualFold(tenantID, info.TenantID) || strings.EqualFold(tenantID, info.DefaultDomain) || strings.EqualFold(tenantID, info.InitialDomain()) {
		return false
	}
	domains, err := st.Domains(c.Context())
	if err != nil {
		return true
	}
	for _, d := range domains {
		if strings.EqualFold(tenantID, d.Name) {
			return false
		}
	}
	return true
}

// ConnectGraph signs in to a tenant through Graph and makes the session
// act on it. A person signing in with a device code is shown where to
// enter it. A failure leaves the session as it was; the error is a
// *graphclient.SignInError when the identity platform refused.
func (ts *Session) ConnectGraph(c cmdlet.Call, in GraphSignIn) (*GraphTenant, error) {
	env, ok := graphclient.FindEnvironment(in.Environment)
	switch {
	case in.Env != nil:
		env, ok = *in.Env, true
	case in.Environment == "":
		env, ok = graphclient.Environments()[0], true
	}
	if !ok {
		return nil, fmt.Errorf("Unable to find environment with name '%s'. Use Get-MgEnvironment to list available environments.", in.Environment)
	}
	env, err := graphclient.Endpoints(env, os.Getenv(EnvGraphEndpoint), os.Getenv(EnvLoginEndpoint))
	if err != nil {
		return nil, err
	}
	cfg := graphclient.Config{Env: env, TenantID: in.TenantID, ClientID: in.ClientID, Scopes: in.Scopes}
	if !in.Process {
		cfg.CacheDir = StateDir()
	}
	kind := "ClientSecret"
	switch {
	case in.Secret != "":
		cfg.Credential.Secret = in.Secret
	case in.CertificateThumbprint != "" || in.CertificateName != "" || in.CertificatePath != "":
		kind = "ClientCertificate"
		certs, key, err := findCertificate(in)
		if err != nil {
			return nil, err
		}
		cfg.Credential.Certificates, cfg.Credential.Key = certs, key
	default:
		kind = "DeviceCode"
		cfg.Credential.DeviceCode = func(msg string) { c.WriteHost(msg) }
		if cfg.TenantID == "" {
			cfg.TenantID = "organizations"
		}
	}
	if cfg.TenantID == "" {
		return nil, errors.New("A tenant is needed to sign in as an application: give -TenantId with the tenant's id or domain.")
	}
	client, err := graphclient.Connect(c.Context(), cfg)
	if err != nil {
		return nil, err
	}
	g := &GraphTenant{Client: client, ID: client.Identity().TenantID, Credential: kind}
	g.Name, g.Domain = g.ID, in.TenantID
	var org struct {
		Value []struct {
			ID              string `json:"id"`
			DisplayName     string `json:"displayName"`
			VerifiedDomains []struct {
				Name      string `json:"name"`
				IsDefault bool   `json:"isDefault"`
			} `json:"verifiedDomains"`
		} `json:"value"`
	}
	// Without Organization.Read.All the tenant goes by its id.
	if err := client.Get(c.Context(), "/organization?$select=id,displayName,verifiedDomains", &org); err == nil && len(org.Value) > 0 {
		o := org.Value[0]
		g.ID, g.Name = o.ID, o.DisplayName
		for _, d := range o.VerifiedDomains {
			if d.IsDefault {
				g.Domain = d.Name
			}
		}
	} else if err != nil && !graphclient.IsStatus(err, 403) {
		return nil, err
	}
	g.Directory = graphclient.NewDirectory(client)
	ts.UseGraph(g)
	return g, nil
}

// UseGraph makes the session act on the Microsoft 365 tenant g instead of
// its tenant file, until Connect-Tenant or Disconnect-MgGraph goes back to
// the file; the tenant cmdlets work on g.Directory.
func (ts *Session) UseGraph(g *GraphTenant) {
	ts.mu.Lock()
	ts.graph = g
	ts.mu.Unlock()
}

// StateDir is where licsh keeps what it must remember between runs, such
// as the tokens of its sign-ins: $XDG_STATE_HOME/licsh, else
// ~/.local/state/licsh.
func StateDir() string {
	if d := os.Getenv("XDG_STATE_HOME"); d != "" {
		return filepath.Join(d, "licsh")
	}
	home, err := os.UserHomeDir()
	if err != nil {
		return ""
	}
	return filepath.Join(home, ".local", "state", "licsh")
}

// certificateDir is the certificate store -CertificateThumbprint and
// -CertificateName look in: LICSH_CERTIFICATES, else
// $XDG_CONFIG_HOME/licsh/certificates (~/.config/licsh/certificates). It
// holds PEM files, each a certificate with its private key, as Windows'
// Cert:\CurrentUser\My holds them for Microsoft Graph PowerShell.
func certificateDir() string {
	if d := os.Getenv(envCertificates); d != "" {
		return d
	}
	if d := os.Getenv("XDG_CONFIG_HOME"); d != "" {
		return filepath.Join(d, "licsh", "certificates")
	}
	home, _ := os.UserHomeDir()
	return filepath.Join(home, ".config", "licsh", "certificates")
}

// findCertificate reads the certificate a sign-in names: the PEM file at
// CertificatePath, or the one of the certificate store with that
// thumbprint or subject.
func findCertificate(in GraphSignIn) ([]*x509.Certificate, crypto.PrivateKey, error) {
	if in.CertificatePath != "" {
		return readCertificate(in.CertificatePath)
	}
	dir := certificateDir()
	files, _ := filepath.Glob(filepath.Join(dir, "*.pem"))
	for _, f := range files {
		certs, key, err := readCertificate(f)
		if err != nil {
			continue
		}
		sum := sha1.Sum(certs[0].Raw)
		thumb := strings.ToUpper(hex.EncodeToString(sum[:]))
		subject := certs[0].Subject
		switch {
		case in.CertificateThumbprint != "" && strings.EqualFold(strings.ReplaceAll(in.CertificateThumbprint, " ", ""), thumb),
			in.CertificateName != "" && (strings.EqualFold(in.CertificateName, subject.String()) ||
				strings.EqualFold(strings.TrimPrefix(in.CertificateName, "CN="), subject.CommonName)):
			return certs, key, nil
		}
	}
	what := "thumbprint " + in.CertificateThumbprint
	if in.CertificateName != "" {
		what = "subject name " + in.CertificateName
	}
	return nil, nil, fmt.Errorf("%s certificate was not found in CurrentUser\\My store (%s). Ensure the certificate with its private key is there as a PEM file.", what, dir)
}

// readCertificate reads a PEM file holding a certificate and its key.
func readCertificate(path string) ([]*x509.Certificate, crypto.PrivateKey, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, nil, err
	}
	var certs []*x509.Certificate
	var key crypto.PrivateKey
	for {
		var block *pem.Block
		block, data = pem.Decode(data)
		if block == nil {
			break
		}
		switch block.Type {
		case "CERTIFICATE":
			c, err := x509.ParseCertificate(block.Bytes)
			if err != nil {
				return nil, nil, fmt.Errorf("%s: %v", path, err)
			}
			certs = append(certs, c)
		case "RSA PRIVATE KEY":
			if key, err = x509.ParsePKCS1PrivateKey(block.Bytes); err != nil {
				return nil, nil, fmt.Errorf("%s: %v", path, err)
			}
		case "PRIVATE KEY":
			if key, err = x509.ParsePKCS8PrivateKey(block.Bytes); err != nil {
				return nil, nil, fmt.Errorf("%s: %v", path, err)
			}
		}
	}
	if len(certs) == 0 || key == nil {
		return nil, nil, fmt.Errorf("%s does not hold a PEM certificate and its private key.", path)
	}
	return certs, key, nil
}

// GraphFail reports an error of a Graph tenant as a non-terminating error
// of the call: Graph's code is its id, Graph's message its text.
func GraphFail(c cmdlet.Call, err error, target any) error {
	if interp.IsControl(err) {
		return err
	}
	return c.WriteError(GraphRecord(err, target))
}

// GraphRecord is the error record of an error of a Graph tenant.
func GraphRecord(err error, target any) *interp.ErrorRecord {
	if rec := graphRecord(err, target); rec != nil {
		return rec
	}
	return interp.NewError("GraphError", "NotSpecified", target, err.Error())
}

// graphRecord is the error record of Graph's own errors and of a request
// stopped, nil for any other error.
func graphRecord(err error, target any) *interp.ErrorRecord {
	var ge *graphclient.Error
	var se *graphclient.SignInError
	var ne *graphclient.NetworkError
	switch {
	case errors.As(err, &ge):
		return interp.NewError(ge.Code, graphCategory(ge.Status), target, ge.Message)
	case errors.As(err, &se):
		return interp.NewError("AuthenticationFailed", "AuthenticationError", target, se.Error())
	case errors.As(err, &ne):
		return interp.NewError("GraphUnavailable", "ConnectionError", target, ne.Error())
	case errors.Is(err, context.Canceled):
		return interp.NewError("OperationStopped", "OperationStopped", target, "The operation was canceled.")
	}
	return nil
}

// graphCategory is the PowerShell error category of a Graph status.
func graphCategory(status int) string {
	switch status {
	case 400:
		return "InvalidArgument"
	case 401:
		return "AuthenticationError"
	case 403:
		return "PermissionDenied"
	case 404:
		return "ObjectNotFound"
	case 429, 503:
		return "LimitsExceeded"
	}
	return "InvalidOperation"
}

// graphOnlyRecord refuses a cmdlet that works on tenant files while the
// session is connected to a Graph tenant.
func (ts *Session) graphOnlyRecord(c cmdlet.Call, g *GraphTenant) *interp.ErrorRecord {
	return interp.NewError("TenantFileOnly", "InvalidOperation", g.Name,
		fmt.Sprintf("%s works on a tenant file, and the session is connected to the Microsoft 365 tenant '%s' through Microsoft Graph. Copy that tenant with Copy-Tenant -Destination <file>, or run Connect-Tenant to work on %s again.",
			c.Cmdlet().Name, g.Name, ts.path))
}

// GraphSignInFrom reads a sign-in from the parameters Connect-MgGraph and
// Connect-Tenant share: -TenantId, -ClientId, -ClientSecretCredential
// (whose user name is the application, whose password its secret),
// -CertificateThumbprint, -CertificateName, -Certificate (a PEM file),
// -Scopes, -Environment and -ContextScope.
func GraphSignInFrom(c cmdlet.Call, defaultClient string) (GraphSignIn, error) {
	in := GraphSignIn{TenantID: c.String("TenantId"), ClientID: c.String("ClientId"), Scopes: c.Strings("Scopes"),
		CertificateThumbprint: c.String("CertificateThumbprint"), CertificateName: c.String("CertificateName") + c.String("CertificateSubjectName"),
		Environment: c.String("Environment"), Process: strings.EqualFold(c.String("ContextScope"), "Process")}
	for _, name := range []string{"TenantId", "ClientId", "CertificateThumbprint", "CertificateName", "CertificateSubjectName"} {
		if c.Bound(name) && strings.TrimSpace(c.String(name)) == "" {
			return in, fmt.Errorf("Cannot validate argument on parameter '%s'. The argument is null or empty. Provide an argument that is not null or empty, and then try the command again.", name)
		}
	}
	if cred := c.Get("ClientSecretCredential"); cred != nil {
		user, _ := value.GetMember(cred, "UserName")
		net, err := value.CallMethod(cred, "GetNetworkCredential", nil)
		if err != nil || user == nil {
			return in, fmt.Errorf("Cannot bind parameter 'ClientSecretCredential': a PSCredential is needed, whose user name is the application's id and whose password is its secret.")
		}
		pw, _ := value.GetMember(net, "Password")
		in.Secret = value.ToString(pw)
		if in.ClientID == "" {
			in.ClientID = value.ToString(user)
		}
	}
	if cert := c.Get("Certificate"); cert != nil {
		path, ok := cert.(string)
		if !ok {
			return in, fmt.Errorf("Cannot bind parameter 'Certificate': give the path of a PEM file holding the certificate and its private key.")
		}
		in.CertificatePath = c.Path(path)
	}
	if in.ClientID == "" {
		in.ClientID = defaultClient
	}
	return in, nil
}

package graphapi

import (
	"bytes"
	"context"
	"crypto/rsa"
	"crypto/sha1"
	"crypto/sha256"
	"crypto/x509"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"math/big"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"licsh/builtins/tenant"
)

// The identity platform's endpoints, as login.microsoftonline.com serves
// them under /{tenant}/: tokens, device codes, OpenID configuration and the
// signing keys.

// deviceCodeLifetime and deviceCodeInterval are Entra's: a device code is
// good for 15 minutes, polled every 5 seconds.
const (
	deviceCodeLifetime = 15 * time.Minute
	deviceCodeInterval = 5
)

// Grant types and the client assertion type of OAuth 2.0.
const (
	grantClientCredentials = "client_credentials"
	grantPassword          = "password"
	grantDeviceCode        = "urn:ietf:params:oauth:grant-type:device_code"
	grantRefreshToken      = "refresh_token"
	assertionJWTBearer     = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"
)

// oidcScopes are the OpenID Connect scopes a sign-in may ask for besides
// Graph's permissions.
var oidcScopes = []string{"openid", "profile", "offline_access", "email"}

// aadError is an error of the identity platform: OAuth's error, and
// Entra's AADSTS number and text.
type aadError struct {
	status int
	err    string
	code   int
	text   string
}

func (e *aadError) Error() string { return fmt.Sprintf("AADSTS%d: %s", e.code, e.text) }

func newAAD(status int, err string, code int, format string, args ...any) *aadError {
	return &aadError{status: status, err: err, code: code, text: fmt.Sprintf(format, args...)}
}

func errMissingParam(name string) *aadError {
	return newAAD(http.StatusBadRequest, "invalid_request", 900144, "The request body must contain the following parameter: '%s'.", name)
}

func (a *API) serveIdentity(w http.ResponseWriter, r *http.Request, id ids) {
	ctx := r.Context()
	segs, _ := segments(r.URL.EscapedPath())
	base := baseURL(r)
	switch {
	case r.Method == http.MethodGet && eqFold(segs, "discovery", "v2.0", "keys"):
		a.writeJSON(w, http.StatusOK, a.jwks(base))
		return
	case r.Method == http.MethodGet && eqFold(segs, "devicelogin"):
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		fmt.Fprintf(w, "There is no browser sign-in here: approve the code from licsh, on the same tenant file:\n\n    Approve-DeviceCode -UserCode <code> -Account <user principal name>\n")
		return
	case len(segs) < 2:
		http.NotFound(w, r)
		return
	}
	name, rest := segs[0], segs[1:]
	if !a.isTenant(ctx, name) {
		a.writeAAD(w, base, id, newAAD(http.StatusBadRequest, "invalid_request", 90002,
			"Tenant '%s' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud.", name))
		return
	}
	switch {
	case r.Method == http.MethodGet && eqFold(rest, "v2.0", ".well-known", "openid-configuration"):
		a.writeJSON(w, http.StatusOK, a.openidConfiguration(base))
	case r.Method == http.MethodGet && eqFold(rest, "discovery", "v2.0", "keys"):
		a.writeJSON(w, http.StatusOK, a.jwks(base))
	case r.Method == http.MethodPost && eqFold(rest, "oauth2", "v2.0", "token"):
		a.serveToken(w, r, base, name, id)
	case r.Method == http.MethodPost && eqFold(rest, "oauth2", "v2.0", "devicecode"):
		a.serveDeviceCode(w, r, base, id)
	default:
		http.NotFound(w, r)
	}
}

// eqFold reports whether segs are want, case-insensitively.
func eqFold(segs []string, want ...string) bool {
	return slices.EqualFunc(segs, want, strings.EqualFold)
}

// isTenant reports whether name is this tenant as a URL names it: its id,
// its default domain or its onmicrosoft.com domain, or a name for any
// organization's tenant.
func (a *API) isTenant(ctx context.Context, name string) bool {
	// A person signing in without naming a tenant goes to "organizations"
	// (or "common"), which here can only be this one.
	if strings.EqualFold(name, a.tenantID) || strings.EqualFold(name, "organizations") || strings.EqualFold(name, "common") {
		return true
	}
	info, err := a.store.Info(ctx)
	return err == nil && (strings.EqualFold(name, info.DefaultDomain) || strings.EqualFold(name, info.InitialDomain()))
}

func (a *API) writeJSON(w http.ResponseWriter, status int, body object) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	w.Write(appendJSON(nil, body))
}

// writeAAD writes an identity platform error as Entra does: the AADSTS
// text with the trace and correlation ids and the time.
func (a *API) writeAAD(w http.ResponseWriter, base string, id ids, e *aadError) {
	ts := time.Now().UTC().Format("2006-01-02 15:04:05Z")
	desc := fmt.Sprintf("AADSTS%d: %s\r\nTrace ID: %s\r\nCorrelation ID: %s\r\nTimestamp: %s", e.code, e.text, id.request, id.client, ts)
	a.writeJSON(w, e.status, object{{"error", e.err}, {"error_description", desc}, {"error_codes", []any{e.code}},
		{"timestamp", ts}, {"trace_id", id.request}, {"correlation_id", id.client},
		{"error_uri", fmt.Sprintf("%s/error?code=%d", base, e.code)}})
}

// openidConfiguration is the tenant's OpenID Connect discovery document.
func (a *API) openidConfiguration(base string) object {
	t := base + "/" + a.tenantID
	host := strings.TrimPrefix(strings.TrimPrefix(base, "https://"), "http://")
	return object{
		{"token_endpoint", t + "/oauth2/v2.0/token"},
		{"token_endpoint_auth_methods_supported", []string{"client_secret_post", "private_key_jwt", "client_secret_basic"}},
		{"jwks_uri", t + "/discovery/v2.0/keys"},
		{"response_modes_supported", []string{"query", "fragment", "form_post"}},
		{"subject_types_supported", []string{"pairwise"}},
		{"id_token_signing_alg_values_supported", []string{"RS256"}},
		{"response_types_supported", []string{"code", "id_token", "code id_token", "id_token token"}},
		{"scopes_supported", []string{"openid", "profile", "email", "offline_access"}},
		{"issuer", t + "/v2.0"},
		{"request_uri_parameter_supported", false},
		{"userinfo_endpoint", base + "/oidc/userinfo"},
		{"authorization_endpoint", t + "/oauth2/v2.0/authorize"},
		{"device_authorization_endpoint", t + "/oauth2/v2.0/devicecode"},
		{"http_logout_supported", true},
		{"frontchannel_logout_supported", true},
		{"end_session_endpoint", t + "/oauth2/v2.0/logout"},
		{"claims_supported", []string{"sub", "iss", "cloud_instance_name", "cloud_instance_host_name", "cloud_graph_host_name",
			"msgraph_host", "aud", "exp", "iat", "auth_time", "acr", "nonce", "preferred_username", "name", "tid", "ver",
			"at_hash", "c_hash", "email"}},
		{"kerberos_endpoint", t + "/kerberos"},
		{"tenant_region_scope", "NA"},
		{"cloud_instance_name", "microsoftonline.com"},
		{"cloud_graph_host_name", "graph.windows.net"},
		{"msgraph_host", host},
		{"rbac_url", "https://pas.windows.net"},
	}
}

// jwks is the key set tokens are verified with: the server's key, with
// its certificate.
func (a *API) jwks(base string) object {
	pub := a.keys.Key.PublicKey
	e := big.NewInt(int64(pub.E)).Bytes()
	return object{{"keys", []object{{
		{"kty", "RSA"}, {"use", "sig"}, {"kid", a.keys.kid()}, {"x5t", a.keys.kid()},
		{"n", b64.EncodeToString(pub.N.Bytes())}, {"e", b64.EncodeToString(e)},
		{"x5c", []string{base64.StdEncoding.EncodeToString(a.keys.Certificate.Raw)}},
		{"issuer", base + "/" + a.tenantID + "/v2.0"},
	}}}}
}

// readForm reads a form-encoded body, as the token endpoints take it.
func readForm(w http.ResponseWriter, r *http.Request) (url.Values, error) {
	body, err := readBody(w, r)
	if err != nil {
		return nil, newAAD(http.StatusBadRequest, "invalid_request", 900144, "The request body could not be read: %v", err)
	}
	form, err := url.ParseQuery(string(body))
	if err != nil {
		return nil, newAAD(http.StatusBadRequest, "invalid_request", 900144, "The request body must be form-encoded: %v", err)
	}
	return form, nil
}

func (a *API) serveToken(w http.ResponseWriter, r *http.Request, base, tenantName string, id ids) {
	body, err := a.token(r.Context(), w, r, base, tenantName)
	if err != nil {
		e, ok := err.(*aadError)
		if !ok {
			e = newAAD(http.StatusInternalServerError, "server_error", 90000, "%v", err)
		}
		a.writeAAD(w, base, id, e)
		return
	}
	a.writeJSON(w, http.StatusOK, body)
}

// token answers the token endpoint: client credentials with a secret or a
// certificate, or a device code a user approved.
func (a *API) token(ctx context.Context, w http.ResponseWriter, r *http.Request, base, tenantName string) (object, error) {
	form, err := readForm(w, r)
	if err != nil {
		return nil, err
	}
	clientID := form.Get("client_id")
	secret := form.Get("client_secret")
	if user, pass, ok := r.BasicAuth(); ok {
		// HTTP Basic client authentication form-encodes both (RFC 6749).
		clientID, secret = formUnescape(user), formUnescape(pass)
	}
	grant := form.Get("grant_type")
	switch {
	case grant == "":
		return nil, errMissingParam("grant_type")
	case clientID == "":
		return nil, errMissingParam("client_id")
	}
	app, err := a.store.App(ctx, clientID)
	if err != nil {
		info, _ := a.store.Info(ctx)
		return nil, newAAD(http.StatusBadRequest, "unauthorized_client", 700016,
			"Application with identifier '%s' was not found in the directory '%s'. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You may have sent your authentication request to the wrong tenant.",
			clientID, info.Name)
	}
	switch grant {
	case grantClientCredentials:
		return a.clientCredentials(ctx, form, app, secret, base, tenantName)
	case grantDeviceCode, "device_code":
		return a.redeemDeviceCode(ctx, form, app, base)
	case grantRefreshToken:
		return a.redeemRefreshToken(ctx, form, app, base)
	}
	return nil, newAAD(http.StatusBadRequest, "unsupported_grant_type", 70003, "The app requested an unsupported grant type '%s'.", grant)
}

func (a *API) clientCredentials(ctx context.Context, form url.Values, app tenant.AppRegistration, secret, base, tenantName string) (object, error) {
	if err := a.checkScope(ctx, form.Get("scope"), base); err != nil {
		return nil, err
	}
	now := a.now(ctx)
	acr := "1"
	switch assertion := form.Get("client_assertion"); {
	case assertion != "":
		if t := form.Get("client_assertion_type"); t != assertionJWTBearer {
			return nil, newAAD(http.StatusBadRequest, "invalid_request", 50027, "The client_assertion_type '%s' is not supported: use '%s'.", t, assertionJWTBearer)
		}
		if err := a.checkAssertion(assertion, app, now, base, tenantName); err != nil {
			return nil, err
		}
		acr = "2"
	case secret != "":
		found, valid := app.SecretMatches(secret, now)
		switch {
		case !found:
			return nil, newAAD(http.StatusUnauthorized, "invalid_client", 7000215,
				"Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '%s'.", app.AppID)
		case !valid:
			return nil, newAAD(http.StatusUnauthorized, "invalid_client", 7000222,
				"The provided client secret keys for app '%s' are expired. Visit the Azure portal to create new keys for your app: https://aka.ms/NewClientSecret, or consider using certificate credentials for added security: https://aka.ms/certCreds.", app.AppID)
		}
	default:
		return nil, newAAD(http.StatusUnauthorized, "invalid_client", 7000218,
			"The request body must contain the following parameter: 'client_assertion' or 'client_secret'.")
	}
	tok, err := a.issue(ctx, app, acr, nil, nil)
	if err != nil {
		return nil, err
	}
	secs := int(tokenLifetime / time.Second)
	return object{{"token_type", "Bearer"}, {"expires_in", secs}, {"ext_expires_in", secs}, {"access_token", tok}}, nil
}

// checkScope checks the scope of a client credentials grant: Graph's
// resource with /.default, as the identity platform wants it.
func (a *API) checkScope(ctx context.Context, scope, base string) *aadError {
	if scope == "" {
		return errMissingParam("scope")
	}
	// MSAL adds OpenID Connect's scopes to every request, which an
	// application's own sign-in has no use for.
	var asked []string
	for _, s := range strings.Fields(scope) {
		if !slices.ContainsFunc(oidcScopes, func(o string) bool { return strings.EqualFold(o, s) }) {
			asked = append(asked, s)
		}
	}
	resource, ok := strings.CutSuffix(strings.Join(asked, " "), "/.default")
	if !ok {
		return newAAD(http.StatusBadRequest, "invalid_scope", 1002012,
			"The provided value for scope %s is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI).", scope)
	}
	return a.checkResource(ctx, resource, base)
}

// checkResource checks that a token is asked for Graph, the one resource
// the tenant has, by its URI, its application id or the address it is
// served at.
func (a *API) checkResource(ctx context.Context, resource, base string) *aadError {
	if isGraphResource(resource, base) {
		return nil
	}
	info, _ := a.store.Info(ctx)
	return newAAD(http.StatusBadRequest, "invalid_resource", 500011,
		"The resource principal named %s was not found in the tenant named %s. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You might have sent your authentication request to the wrong tenant.",
		resource, info.Name)
}

// assertionClaims are the claims of a client assertion.
type assertionClaims struct {
	Aud audience `json:"aud"`
	Iss string   `json:"iss"`
	Sub string   `json:"sub"`
	Exp int64    `json:"exp"`
	Nbf int64    `json:"nbf"`
}

// checkAssertion verifies a client assertion: a JWT the application signed
// with the key of one of its certificates, for this token endpoint.
func (a *API) checkAssertion(assertion string, app tenant.AppRegistration, now time.Time, base, tenantName string) error {
	t, err := parseJWT(assertion)
	if err != nil {
		return newAAD(http.StatusBadRequest, "invalid_request", 50027, "JWT token is invalid or malformed.")
	}
	var cred *tenant.AppCredential
	var thumb string
	x5t, x5tS256 := thumbprintBytes(t.header.X5t), thumbprintBytes(t.header.X5tS256)
	for i, c := range app.Credentials {
		if c.Type != tenant.CredentialCertificate {
			continue
		}
		sha1Sum, sha256Sum := sha1.Sum(c.Certificate), sha256.Sum256(c.Certificate)
		if x5t != nil && bytes.Equal(x5t, sha1Sum[:]) || x5tS256 != nil && bytes.Equal(x5tS256, sha256Sum[:]) {
			cred = &app.Credentials[i]
		}
	}
	if x5t != nil {
		thumb = strings.ToUpper(hex.EncodeToString(x5t))
	} else if x5tS256 != nil {
		thumb = strings.ToUpper(hex.EncodeToString(x5tS256))
	}
	if cred == nil {
		return newAAD(http.StatusUnauthorized, "invalid_client", 700027,
			"The certificate with identifier used to sign the client assertion is not registered on application. [Reason - The key was not found., Thumbprint of key used by client: '%s', Please visit the Azure Portal, Graph Explorer or directly use MS Graph to see configured keys for app Id '%s'.]",
			thumb, app.AppID)
	}
	cert, err := x509.ParseCertificate(cred.Certificate)
	if err != nil {
		return err
	}
	pub, ok := cert.PublicKey.(*rsa.PublicKey)
	if !ok || t.verify(pub) != nil {
		return newAAD(http.StatusUnauthorized, "invalid_client", 700027, "Client assertion failed signature validation.")
	}
	if now.After(cred.EndDateTime) {
		return newAAD(http.StatusUnauthorized, "invalid_client", 700027,
			"Client assertion failed signature validation. [Reason - The key used is expired., Thumbprint of key used by client: '%s', Found key 'Start=%s, End=%s']",
			cred.Thumbprint, cred.StartDateTime.Format("01/02/2006 15:04:05"), cred.EndDateTime.Format("01/02/2006 15:04:05"))
	}
	var c assertionClaims
	if err := json.Unmarshal(t.payload, &c); err != nil {
		return newAAD(http.StatusBadRequest, "invalid_request", 50027, "JWT token is invalid or malformed.")
	}
	switch {
	case !strings.EqualFold(c.Iss, app.AppID) || !strings.EqualFold(c.Sub, app.AppID):
		return newAAD(http.StatusUnauthorized, "invalid_client", 700021, "Client assertion application identifier doesn't match 'client_id' parameter. Review the documentation at https://docs.microsoft.com/en-us/azure/active-directory/develop/active-directory-certificate-credentials .")
	case !c.Aud.has(base+"/"+tenantName+"/oauth2/v2.0/token") && !c.Aud.has(base+"/"+a.tenantID+"/oauth2/v2.0/token"):
		return newAAD(http.StatusUnauthorized, "invalid_client", 700212, "Client assertion audience claim does not match the token endpoint %s.", base+"/"+tenantName+"/oauth2/v2.0/token")
	case c.Exp == 0 || now.After(time.Unix(c.Exp, 0).Add(clockSkew)) || now.Before(time.Unix(c.Nbf, 0).Add(-clockSkew)):
		return newAAD(http.StatusUnauthorized, "invalid_client", 700024, "Client assertion is not within its valid time range. Current time: %s, assertion valid from %s, expiry time of assertion %s.",
			now.UTC().Format(time.RFC3339), time.Unix(c.Nbf, 0).UTC().Format(time.RFC3339), time.Unix(c.Exp, 0).UTC().Format(time.RFC3339))
	}
	return nil
}

// delegatedScopes are the Graph scopes a user's sign-in through app asks
// for that it may have: its permissions (all of them for .default) and
// User.Read, which every application may ask for, and the OpenID Connect
// scopes.
func delegatedScopes(app tenant.AppRegistration, requested, base string) ([]string, error) {
	var out []string
	add := func(s string) {
		if !slices.ContainsFunc(out, func(x string) bool { return strings.EqualFold(x, s) }) {
			out = append(out, s)
		}
	}
	for _, s := range strings.Fields(requested) {
		asked := s
		for _, prefix := range []string{graphResource + "/", graphAppID + "/", base + "/"} {
			if len(s) > len(prefix) && strings.EqualFold(s[:len(prefix)], prefix) {
				s = s[len(prefix):]
			}
		}
		switch {
		case s == ".default":
			for _, p := range app.Permissions {
				add(p)
			}
			add("User.Read")
			// The answer names .default as it was asked for, which clients
			// such as MSAL check they were given.
			add(asked)
		case strings.EqualFold(s, "User.Read"):
			add("User.Read")
		case slices.ContainsFunc(oidcScopes, func(o string) bool { return strings.EqualFold(o, s) }):
			add(strings.ToLower(s))
		default:
			i := slices.IndexFunc(app.Permissions, func(p string) bool { return strings.EqualFold(p, s) })
			if i < 0 {
				return nil, newAAD(http.StatusBadRequest, "invalid_grant", 65001,
					"The user or administrator has not consented to use the application with ID '%s' named '%s'. Send an interactive authorization request for this user and resource.",
					app.AppID, app.DisplayName)
			}
			add(app.Permissions[i])
		}
	}
	return out, nil
}

func (a *API) serveDeviceCode(w http.ResponseWriter, r *http.Request, base string, id ids) {
	ctx := r.Context()
	form, err := readForm(w, r)
	if err != nil {
		a.writeAAD(w, base, id, err.(*aadError))
		return
	}
	clientID, scope := form.Get("client_id"), form.Get("scope")
	switch {
	case clientID == "":
		a.writeAAD(w, base, id, errMissingParam("client_id"))
		return
	case scope == "":
		a.writeAAD(w, base, id, errMissingParam("scope"))
		return
	}
	app, err := a.store.App(ctx, clientID)
	if err != nil {
		info, _ := a.store.Info(ctx)
		a.writeAAD(w, base, id, newAAD(http.StatusBadRequest, "unauthorized_client", 700016,
			"Application with identifier '%s' was not found in the directory '%s'. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You may have sent your authentication request to the wrong tenant.",
			clientID, info.Name))
		return
	}
	scopes, err := delegatedScopes(app, scope, base)
	if err != nil {
		a.writeAAD(w, base, id, err.(*aadError))
		return
	}
	code, dc, err := a.store.NewDeviceCode(ctx, app.AppID, strings.Join(scopes, " "), deviceCodeLifetime)
	if err != nil {
		a.writeAAD(w, base, id, newAAD(http.StatusInternalServerError, "server_error", 90000, "%v", err))
		return
	}
	uri := base + "/devicelogin"
	a.writeJSON(w, http.StatusOK, object{
		{"user_code", dc.UserCode}, {"device_code", code}, {"verification_uri", uri},
		{"expires_in", int(deviceCodeLifetime / time.Second)}, {"interval", deviceCodeInterval},
		{"message", fmt.Sprintf("To sign in, run Approve-DeviceCode -UserCode %s -Account <your user principal name> in licsh on this tenant (there is no browser page: see %s).", dc.UserCode, uri)},
	})
}

// redeemDeviceCode answers a client polling for a device code sign-in.
func (a *API) redeemDeviceCode(ctx context.Context, form url.Values, app tenant.AppRegistration, base string) (object, error) {
	code := form.Get("device_code")
	if code == "" {
		return nil, errMissingParam("device_code")
	}
	dc, ok, err := a.store.RedeemDeviceCode(ctx, code)
	if err != nil {
		return nil, err
	}
	now := a.now(ctx)
	switch {
	case !ok || !strings.EqualFold(dc.AppID, app.AppID):
		return nil, newAAD(http.StatusBadRequest, "invalid_grant", 70000, "Provided grant is invalid or malformed.")
	case !now.Before(dc.Expires):
		return nil, newAAD(http.StatusBadRequest, "expired_token", 70020, "The provided value for the input parameter 'device_code' is not valid. This device code has expired.")
	case dc.ApprovedBy == "":
		return nil, newAAD(http.StatusBadRequest, "authorization_pending", 70016, "OAuth 2.0 device flow error. Authorization is pending. Continue polling.")
	case dc.Redeemed:
		return nil, newAAD(http.StatusBadRequest, "invalid_grant", 54005, "OAuth2 Authorization code was already redeemed, please retry with a new valid code or use an existing refresh token.")
	}
	return a.userTokens(ctx, app, dc.ApprovedBy, dc.Scope, base)
}

// userTokens are the tokens of a user's sign-in through app with scope:
// the access token, with offline_access a refresh token, with openid an id
// token.
func (a *API) userTokens(ctx context.Context, app tenant.AppRegistration, upn, scope, base string) (object, error) {
	user, err := a.store.GetUser(ctx, upn)
	if err != nil || !user.DeletedDateTime.IsZero() {
		return nil, newAAD(http.StatusBadRequest, "invalid_grant", 50034, "The user account %s does not exist in the %s directory. To sign into this application, the account must be added to the directory.", upn, a.tenantID)
	}
	var graphScopes []string
	openid := false
	offline := false
	for _, s := range strings.Fields(scope) {
		if slices.Contains(oidcScopes, s) {
			openid = openid || s == "openid"
			offline = offline || s == "offline_access"
			continue
		}
		if s == ".default" || strings.HasSuffix(s, "/.default") {
			continue
		}
		graphScopes = append(graphScopes, s)
	}
	tok, err := a.issue(ctx, app, "0", &user, graphScopes)
	if err != nil {
		return nil, err
	}
	secs := int(tokenLifetime / time.Second)
	out := object{{"token_type", "Bearer"}, {"scope", scope}, {"expires_in", secs}, {"ext_expires_in", secs}, {"access_token", tok}}
	if offline {
		rt, err := a.refreshToken(ctx, app, user, scope)
		if err != nil {
			return nil, err
		}
		out = append(out, member{"refresh_token", rt})
	}
	if openid {
		idTok, err := a.idToken(ctx, app, user, base)
		if err != nil {
			return nil, err
		}
		info, _ := json.Marshal(map[string]string{"uid": user.ID, "utid": a.tenantID})
		out = append(out, member{"id_token", idTok}, member{"client_info", b64.EncodeToString(info)})
	}
	return out, nil
}

// idToken is the OpenID Connect id token of a user's sign-in.
func (a *API) idToken(ctx context.Context, app tenant.AppRegistration, user tenant.User, base string) (string, error) {
	now := a.now(ctx).Unix()
	c := map[string]any{"aud": app.AppID, "iss": base + "/" + a.tenantID + "/v2.0", "iat": now, "nbf": now,
		"exp": now + int64(tokenLifetime/time.Second), "name": user.DisplayName, "oid": user.ID,
		"preferred_username": user.UserPrincipalName, "sub": user.ID, "tid": a.tenantID, "ver": "2.0"}
	return signJWT(a.keys.Key, jwtHeader{Kid: a.keys.kid()}, c)
}

// formUnescape undoes form encoding, leaving text that is not encoded as
// it is.
func formUnescape(s string) string {
	if u, err := url.QueryUnescape(s); err == nil {
		return u
	}
	return s
}

// refreshLifetime is how long a refresh token is good for unused, as
// Entra's are.
const refreshLifetime = 90 * 24 * time.Hour

// refreshClaims are the claims of the server's refresh tokens, which only
// the server reads: a signed JWT keeps the server free of state.
type refreshClaims struct {
	Typ   string `json:"typ"`
	Tid   string `json:"tid"`
	AppID string `json:"appid"`
	Oid   string `json:"oid"`
	Scope string `json:"scope"`
	Iat   int64  `json:"iat"`
	Exp   int64  `json:"exp"`
}

// refreshToken is a refresh token for a user's sign-in through app.
func (a *API) refreshToken(ctx context.Context, app tenant.AppRegistration, user tenant.User, scope string) (string, error) {
	now := a.now(ctx)
	return signJWT(a.keys.Key, jwtHeader{Kid: a.keys.kid()}, refreshClaims{Typ: "refresh", Tid: a.tenantID, AppID: app.AppID,
		Oid: user.ID, Scope: scope, Iat: now.Unix(), Exp: now.Add(refreshLifetime).Unix()})
}

// redeemRefreshToken answers a client renewing a user's sign-in with the
// refresh token it was given: new tokens for the scopes asked for, which
// the application must still hold, as the same user.
func (a *API) redeemRefreshToken(ctx context.Context, form url.Values, app tenant.AppRegistration, base string) (object, error) {
	raw := form.Get("refresh_token")
	if raw == "" {
		return nil, errMissingParam("refresh_token")
	}
	invalid := newAAD(http.StatusBadRequest, "invalid_grant", 9002313, "Invalid request. Request is malformed or invalid.")
	t, err := parseJWT(raw)
	if err != nil || t.header.Kid != a.keys.kid() || t.verify(&a.keys.Key.PublicKey) != nil {
		return nil, invalid
	}
	var c refreshClaims
	if json.Unmarshal(t.payload, &c) != nil || c.Typ != "refresh" || !strings.EqualFold(c.Tid, a.tenantID) {
		return nil, invalid
	}
	if !strings.EqualFold(c.AppID, app.AppID) {
		return nil, newAAD(http.StatusBadRequest, "invalid_grant", 70000, "Provided grant is invalid or malformed.")
	}
	if a.now(ctx).After(time.Unix(c.Exp, 0)) {
		return nil, newAAD(http.StatusBadRequest, "invalid_grant", 700082,
			"The refresh token has expired due to inactivity. The token was issued on %s and was inactive for %s.",
			time.Unix(c.Iat, 0).UTC().Format(time.RFC3339), refreshLifetime)
	}
	scope := form.Get("scope")
	if scope == "" {
		scope = c.Scope
	}
	scopes, err := delegatedScopes(app, scope, base)
	if err != nil {
		return nil, err
	}
	return a.userTokens(ctx, app, c.Oid, strings.Join(scopes, " "), base)
}

// isGraphResource reports whether a client credentials sign-in asks for a
// token for Graph: Microsoft's name for it, its application id, or the
// address this server answers at, which is Graph for its clients.
func isGraphResource(resource, base string) bool {
	resource = strings.TrimSuffix(resource, "/")
	return strings.EqualFold(resource, graphResource) || strings.EqualFold(resource, graphAppID) || strings.EqualFold(resource, base)
}

// thumbprintBytes reads a certificate thumbprint of a JWT header, which
// clients write in base64url (RFC 7515) or, as MSAL for Go does, in
// standard base64; nil when there is none.
func thumbprintBytes(s string) []byte {
	if s == "" {
		return nil
	}
	for _, enc := range []*base64.Encoding{b64, base64.URLEncoding, base64.StdEncoding, base64.RawStdEncoding} {
		if raw, err := enc.DecodeString(s); err == nil {
			return raw
		}
	}
	return nil
}

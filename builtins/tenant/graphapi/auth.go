package graphapi

import (
	"context"
	"crypto/rand"
	"encoding/json"
	"net/http"
	"strings"
	"time"

	"licsh/builtins/tenant"
)

// graphAppID is Microsoft Graph's application id, which tokens for Graph
// name as their audience and WWW-Authenticate names as the client.
const graphAppID = "00000003-0000-0000-c000-000000000000"

// graphResource is Graph's resource URI, the audience of the tokens the
// server issues.
const graphResource = "https://graph.microsoft.com"

// tokenLifetime is how long an access token is valid, as Entra's are.
const tokenLifetime = 3599 * time.Second

// principal is who a Graph request comes from: an application on its own
// (app) or a user signed in through an application.
type principal struct {
	app     bool
	appID   string
	appName string
	// perms are the application's roles, or the scopes granted to the
	// user's sign-in.
	perms  []string
	upn    string
	userID string
	// session is a licsh session's own account (Local): its scopes do
	// not limit it, its admin roles do.
	session bool
}

// allows reports whether the principal holds one of perms; nil perms
// allow anyone.
func (p *principal) allows(perms []string) bool {
	if perms == nil || p.session {
		return true
	}
	for _, want := range perms {
		for _, have := range p.perms {
			if strings.EqualFold(want, have) {
				return true
			}
		}
	}
	return false
}

// actor is who the tenant's rules and audit log see: the application,
// with the roles its permissions grant, or the signed-in user with theirs.
func (p *principal) actor() tenant.Actor {
	if p.app {
		return tenant.Actor{App: p.appName, Roles: tenant.AppRoles(p.perms)}
	}
	return tenant.Actor{User: p.upn}
}

// claims are an access token's claims, as Entra writes them for Graph.
type claims struct {
	Aud            audience `json:"aud"`
	Iss            string   `json:"iss"`
	Iat            int64    `json:"iat"`
	Nbf            int64    `json:"nbf"`
	Exp            int64    `json:"exp"`
	AppDisplayName string   `json:"app_displayname"`
	AppID          string   `json:"appid"`
	AppIDAcr       string   `json:"appidacr"`
	Idp            string   `json:"idp"`
	IDTyp          string   `json:"idtyp"`
	Name           string   `json:"name,omitempty"`
	Oid            string   `json:"oid"`
	Roles          []string `json:"roles,omitempty"`
	Scp            string   `json:"scp,omitempty"`
	Sub            string   `json:"sub"`
	Tid            string   `json:"tid"`
	UniqueName     string   `json:"unique_name,omitempty"`
	Upn            string   `json:"upn,omitempty"`
	Uti            string   `json:"uti"`
	Ver            string   `json:"ver"`
	Wids           []string `json:"wids,omitempty"`
}

// MarshalJSON writes one audience as a text, as Entra does.
func (a audience) MarshalJSON() ([]byte, error) {
	if len(a) == 1 {
		return json.Marshal(a[0])
	}
	return json.Marshal([]string(a))
}

// issuer is the iss of the server's access tokens: Entra's v1 issuer for
// Graph, of this tenant.
func (a *API) issuer() string { return "https://sts.windows.net/" + a.tenantID + "/" }

// issue signs an access token for Graph: an application's own (user nil),
// with its permissions as roles, or a user's through the application, with
// scopes. acr is how the application proved itself: "1" a secret, "2" a
// certificate, "0" none.
func (a *API) issue(ctx context.Context, app tenant.AppRegistration, acr string, user *tenant.User, scopes []string) (string, error) {
	now := a.now(ctx).Unix()
	uti := make([]byte, 16)
	if _, err := rand.Read(uti); err != nil {
		return "", err
	}
	c := claims{Aud: audience{graphResource}, Iss: a.issuer(), Iat: now, Nbf: now, Exp: now + int64(tokenLifetime/time.Second),
		AppDisplayName: app.DisplayName, AppID: app.AppID, AppIDAcr: acr, Idp: a.issuer(), Tid: a.tenantID,
		Uti: b64.EncodeToString(uti), Ver: "1.0"}
	if user == nil {
		c.IDTyp, c.Oid, c.Sub, c.Roles = "app", app.ObjectID, app.ObjectID, app.Permissions
	} else {
		c.IDTyp, c.Oid, c.Sub, c.Name = "user", user.ID, user.ID, user.DisplayName
		c.Upn, c.UniqueName, c.Scp = user.UserPrincipalName, user.UserPrincipalName, strings.Join(scopes, " ")
		wids, err := a.roleTemplates(ctx, user.UserPrincipalName)
		if err != nil {
			return "", err
		}
		c.Wids = wids
	}
	return signJWT(a.keys.Key, jwtHeader{Kid: a.keys.kid(), X5t: a.keys.kid()}, c)
}

// roleTemplates are the template ids of the admin roles a user holds, the
// wids claim of their tokens.
func (a *API) roleTemplates(ctx context.Context, upn string) ([]string, error) {
	held, err := a.store.RoleAssignments(ctx, "", upn)
	if err != nil || len(held) == 0 {
		return nil, err
	}
	roles, err := a.store.DirectoryRoles(ctx)
	if err != nil {
		return nil, err
	}
	var out []string
	for _, h := range held {
		for _, r := range roles {
			if r.Name == h.Role {
				out = append(out, r.TemplateID)
			}
		}
	}
	return out, nil
}

// errUnauthenticated is Graph's 401, with the WWW-Authenticate header that
// tells a client where to get a token.
func errUnauthenticated(base, message string) *apiError {
	e := newAPIError(http.StatusUnauthorized, "InvalidAuthenticationToken", "%s", message)
	e.header = http.Header{}
	e.header.Set("WWW-Authenticate", `Bearer realm="", authorization_uri="`+base+`/common/oauth2/authorize", client_id="`+graphAppID+`"`)
	return e
}

// clockSkew is how far a token's times may be off the server's, as Entra
// allows.
const clockSkew = 5 * time.Minute

// authenticate checks the bearer token of a Graph request: signed by this
// server, for Graph, of this tenant and not expired by the tenant clock.
func (a *API) authenticate(ctx context.Context, base, authorization string) (*principal, error) {
	scheme, tok, _ := strings.Cut(strings.TrimSpace(authorization), " ")
	tok = strings.TrimSpace(tok)
	if !strings.EqualFold(scheme, "Bearer") || tok == "" {
		return nil, errUnauthenticated(base, "Access token is empty.")
	}
	t, err := parseJWT(tok)
	if err != nil {
		return nil, errUnauthenticated(base, "CompactToken parsing failed with error code: 80049217")
	}
	if t.header.Alg != "RS256" || t.header.Kid != a.keys.kid() || t.verify(&a.keys.Key.PublicKey) != nil {
		return nil, errUnauthenticated(base, "Access token validation failure. Invalid signature.")
	}
	var c claims
	if err := json.Unmarshal(t.payload, &c); err != nil {
		return nil, errUnauthenticated(base, "CompactToken parsing failed with error code: 80049217")
	}
	switch {
	case !c.Aud.has(graphResource) && !c.Aud.has(graphAppID):
		return nil, errUnauthenticated(base, "Access token validation failure. Invalid audience.")
	case !strings.EqualFold(c.Tid, a.tenantID) || c.Iss != a.issuer():
		return nil, errUnauthenticated(base, "Access token validation failure. Invalid issuer.")
	}
	now := a.now(ctx)
	switch {
	case now.After(time.Unix(c.Exp, 0).Add(clockSkew)):
		return nil, errUnauthenticated(base, "Lifetime validation failed, the token is expired.")
	case now.Before(time.Unix(c.Nbf, 0).Add(-clockSkew)):
		return nil, errUnauthenticated(base, "Lifetime validation failed, the token is not yet valid.")
	}
	p := &principal{appID: c.AppID, appName: c.AppDisplayName}
	if c.IDTyp == "app" {
		p.app, p.perms = true, c.Roles
	} else {
		p.upn, p.userID, p.perms = c.Upn, c.Oid, strings.Fields(c.Scp)
	}
	return p, nil
}

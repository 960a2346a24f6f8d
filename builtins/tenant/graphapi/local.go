package graphapi

import (
	"context"
	"net/http"
	"strings"

	"licsh/builtins/tenant"
)

// Local answers the Graph requests of a licsh session on its own tenant,
// as its account, without tokens or a network: what Invoke-MgGraphRequest
// sends. What the account may read and change is what its admin roles
// allow, as for every cmdlet; the scopes of its sign-in do not limit it.
// Links in answers point at Graph's own address, as scripts expect.
type Local struct {
	api *API
	who *principal
}

// graphBase is the address of Microsoft Graph.
const graphBase = "https://graph.microsoft.com"

// NewLocal returns the answerer of st's Graph requests signed in as user.
func NewLocal(ctx context.Context, st *tenant.Store, user tenant.User) (*Local, error) {
	info, err := st.Info(ctx)
	if err != nil {
		return nil, err
	}
	a := &API{store: st, tenantID: info.TenantID, routes: buildRoutes()}
	return &Local{api: a, who: &principal{upn: user.UserPrincipalName, userID: user.ID, session: true}}, nil
}

// ServeHTTP answers a request whose path starts with /v1.0 (or /beta,
// which answers as v1.0 does); the host is not looked at.
func (l *Local) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	id := newIDs(w, r)
	path := r.URL.EscapedPath()
	for _, version := range []string{"/v1.0", "/beta"} {
		if rest, ok := strings.CutPrefix(path, version); ok && (rest == "" || rest[0] == '/') {
			l.api.serveGraphAs(w, r, rest, id, l.who, graphBase)
			return
		}
	}
	version, _, _ := strings.Cut(strings.TrimPrefix(path, "/"), "/")
	l.api.write(w, l.api.errorReply(r.Context(), errBadRequest("Invalid version: %s", version), &request{method: r.Method, path: path, ids: id}))
}

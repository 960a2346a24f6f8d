package graphapi

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/google/uuid"

	"licsh/builtins/tenant"
)

// loginHost is the identity platform's host, whose token endpoints
// scripts ask for a Graph token before they call Graph themselves.
const loginHost = "login.microsoftonline.com"

// Hosts are the hosts Transport answers: Graph's and the identity
// platform's.
func Hosts() []string { return []string{"graph.microsoft.com", loginHost} }

// Transport answers, in process, what a script sends to Microsoft Graph
// and to the identity platform itself (with a PowerShell web cmdlet or any
// HTTP client), on the tenant a session works on and as the account it
// acts as when the request is made. It is an http.RoundTripper.
//
// A script gets its token first, from
// https://login.microsoftonline.com/{tenant}/oauth2/v2.0/token (or the v1
// /oauth2/token) with a client secret, a certificate or a password. The
// token endpoint checks the request as the identity platform does (the
// grant type, the client, the scope or resource) but neither the secret
// nor the tenant's name: the script's own are those of its real tenant.
// It answers with a token of the session's account, unsigned, whose
// claims name it. Graph's addresses then want a bearer token, as Graph
// does (401 without one, or with one that is no JWT or has expired by the
// tenant clock), and answer as the session's account, whatever the token
// says: who the session acts as is decided by its sign-in alone.
type Transport struct {
	// Store opens the session's tenant.
	Store func(ctx context.Context) (*tenant.Store, error)
}

// RoundTrip answers one request.
func (t *Transport) RoundTrip(req *http.Request) (*http.Response, error) {
	if req.Body != nil {
		defer req.Body.Close()
	} else {
		// A client's request may have no body, which a handler's always
		// has; RoundTrip must not change the caller's request.
		bodiless := *req
		bodiless.Body = http.NoBody
		req = &bodiless
	}
	ctx := req.Context()
	st, err := t.Store(ctx)
	if err != nil {
		return nil, err
	}
	user, err := st.Account(ctx)
	if err != nil {
		return nil, err
	}
	l, err := NewLocal(ctx, st, user)
	if err != nil {
		return nil, err
	}
	rec := &recorder{header: http.Header{}}
	l.serveWeb(rec, req)
	return rec.response(req), nil
}

// serveWeb answers a request a script sends itself: the identity
// platform's token endpoints, or Graph's addresses once the request
// carries a bearer token.
func (l *Local) serveWeb(w http.ResponseWriter, r *http.Request) {
	if strings.EqualFold(r.URL.Hostname(), loginHost) {
		l.serveLogin(w, r)
		return
	}
	l.serve(w, r, true)
}

// bearer checks the token of a Graph request a script sends: a JWT, not
// expired by the tenant clock.
func (l *Local) bearer(ctx context.Context, authorization string) *apiError {
	scheme, tok, _ := strings.Cut(strings.TrimSpace(authorization), " ")
	tok = strings.TrimSpace(tok)
	if !strings.EqualFold(scheme, "Bearer") || tok == "" {
		return errUnauthenticated(graphBase, "Access token is empty.")
	}
	t, err := parseJWT(tok)
	var c claims
	if err != nil || json.Unmarshal(t.payload, &c) != nil {
		return errUnauthenticated(graphBase, "CompactToken parsing failed with error code: 80049217")
	}
	if c.Exp != 0 && l.api.now(ctx).After(time.Unix(c.Exp, 0).Add(clockSkew)) {
		return errUnauthenticated(graphBase, "Lifetime validation failed, the token is expired.")
	}
	return nil
}

// serveLogin answers the identity platform's token endpoints, v2.0 and v1.
func (l *Local) serveLogin(w http.ResponseWriter, r *http.Request) {
	base := "https://" + loginHost
	id := ids{request: uuid.NewString(), client: r.Header.Get("client-request-id")}
	if id.client == "" {
		id.client = id.request
	}
	segs, _ := segments(r.URL.EscapedPath())
	v2 := len(segs) == 4 && eqFold(segs[1:], "oauth2", "v2.0", "token")
	v1 := len(segs) == 3 && eqFold(segs[1:], "oauth2", "token")
	if r.Method != http.MethodPost || !v1 && !v2 {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.WriteHeader(http.StatusNotFound)
		fmt.Fprintf(w, "licsh answers only the token endpoints of %s (POST /{tenant}/oauth2/v2.0/token and /{tenant}/oauth2/token), with a token for the session's account.\n", base)
		return
	}
	body, err := l.token(w, r, v1)
	if err != nil {
		e, ok := err.(*aadError)
		if !ok {
			e = newAAD(http.StatusInternalServerError, "server_error", 90000, "%v", err)
		}
		l.api.writeAAD(w, base, id, e)
		return
	}
	l.api.writeJSON(w, http.StatusOK, body)
}

// token answers a token request: for the grants scripts use (client
// credentials, a password), a token of the session's account.
func (l *Local) token(w http.ResponseWriter, r *http.Request, v1 bool) (object, error) {
	ctx := r.Context()
	form, err := readForm(w, r)
	if err != nil {
		return nil, err
	}
	clientID, secret := form.Get("client_id"), form.Get("client_secret")
	if user, pass, ok := r.BasicAuth(); ok {
		clientID, secret = formUnescape(user), formUnescape(pass)
	}
	grant := form.Get("grant_type")
	switch {
	case grant == "":
		return nil, errMissingParam("grant_type")
	case clientID == "":
		return nil, errMissingParam("client_id")
	}
	switch grant {
	case grantClientCredentials:
		if secret == "" && form.Get("client_assertion") == "" {
			return nil, newAAD(http.StatusUnauthorized, "invalid_client", 7000218,
				"The request body must contain the following parameter: 'client_assertion' or 'client_secret'.")
		}
	case grantPassword:
		for _, p := range []string{"username", "password"} {
			if form.Get(p) == "" {
				return nil, errMissingParam(p)
			}
		}
	default:
		return nil, newAAD(http.StatusBadRequest, "unsupported_grant_type", 70003, "The app requested an unsupported grant type '%s'.", grant)
	}
	switch {
	case v1 && form.Get("resource") == "":
		return nil, errMissingParam("resource")
	case v1:
		if e := l.api.checkResource(ctx, form.Get("resource"), graphBase); e != nil {
			return nil, e
		}
	case grant == grantClientCredentials:
		if e := l.api.checkScope(ctx, form.Get("scope"), graphBase); e != nil {
			return nil, e
		}
	case form.Get("scope") == "":
		return nil, errMissingParam("scope")
	}
	tok, exp, err := l.sessionToken(ctx, clientID)
	if err != nil {
		return nil, err
	}
	secs := int(tokenLifetime / time.Second)
	if v1 {
		now := exp.Add(-tokenLifetime).Unix()
		n := strconv.Itoa(secs)
		return object{{"token_type", "Bearer"}, {"expires_in", n}, {"ext_expires_in", n}, {"expires_on", strconv.FormatInt(exp.Unix(), 10)},
			{"not_before", strconv.FormatInt(now, 10)}, {"resource", form.Get("resource")}, {"access_token", tok}}, nil
	}
	return object{{"token_type", "Bearer"}, {"expires_in", secs}, {"ext_expires_in", secs}, {"access_token", tok}}, nil
}

// sessionToken is a token of the session's account for Graph, as the
// application clientID asked for it: Graph's claims, unsigned (alg none),
// since only the session's own Graph reads it. It returns when it expires.
func (l *Local) sessionToken(ctx context.Context, clientID string) (string, time.Time, error) {
	now := l.api.now(ctx)
	exp := now.Add(tokenLifetime)
	uti := make([]byte, 16)
	if _, err := rand.Read(uti); err != nil {
		return "", time.Time{}, err
	}
	user, err := l.api.store.GetUser(ctx, l.who.upn)
	if err != nil {
		return "", time.Time{}, err
	}
	wids, err := l.api.roleTemplates(ctx, user.UserPrincipalName)
	if err != nil {
		return "", time.Time{}, err
	}
	c := claims{Aud: audience{graphResource}, Iss: l.api.issuer(), Iat: now.Unix(), Nbf: now.Unix(), Exp: exp.Unix(),
		AppID: clientID, AppIDAcr: "1", Idp: l.api.issuer(), IDTyp: "user", Name: user.DisplayName, Oid: user.ID, Sub: user.ID,
		Tid: l.api.tenantID, Upn: user.UserPrincipalName, UniqueName: user.UserPrincipalName, Uti: b64.EncodeToString(uti), Ver: "1.0", Wids: wids}
	tok, err := unsignedJWT(c)
	return tok, exp, err
}

// recorder keeps the answer a handler writes, for RoundTrip.
type recorder struct {
	status int
	header http.Header
	body   bytes.Buffer
}

func (r *recorder) Header() http.Header { return r.header }

func (r *recorder) Write(b []byte) (int, error) {
	if r.status == 0 {
		r.status = http.StatusOK
	}
	return r.body.Write(b)
}

func (r *recorder) WriteHeader(status int) {
	if r.status == 0 {
		r.status = status
	}
}

// response is the answer as a client receives it.
func (r *recorder) response(req *http.Request) *http.Response {
	if r.status == 0 {
		r.status = http.StatusOK
	}
	return &http.Response{Status: fmt.Sprintf("%d %s", r.status, http.StatusText(r.status)), StatusCode: r.status,
		Proto: "HTTP/1.1", ProtoMajor: 1, ProtoMinor: 1, Header: r.header, Request: req,
		Body: io.NopCloser(bytes.NewReader(r.body.Bytes())), ContentLength: int64(r.body.Len())}
}

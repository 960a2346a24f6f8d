package graphapi

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/google/uuid"

	"licsh/builtins/tenant"
)

// Options configure an API.
type Options struct {
	// Keys sign the tokens; nil makes keys for this API alone, which
	// tokens of no other API share.
	Keys *Keys
	// Limits throttles Graph requests as Graph does; nil serves every
	// request.
	Limits *Limits
	// Latency is added to every request, as a slow network would.
	Latency time.Duration
}

// API is Microsoft Graph and the identity platform over one tenant. It is
// an http.Handler, safe for concurrent use.
type API struct {
	store    *tenant.Store
	keys     *Keys
	opts     Options
	tenantID string
	throttle *throttler
	routes   []route

	mu        sync.Mutex
	clock     tenant.Clock
	clockRead time.Time
}

// maxBody is Graph's limit on the size of a request.
const maxBody = 4 << 20

// New returns the API over st, which must be an initialized tenant.
func New(st *tenant.Store, opts Options) (*API, error) {
	info, err := st.Info(context.Background())
	if err != nil {
		return nil, err
	}
	if opts.Keys == nil {
		if opts.Keys, err = NewKeys(); err != nil {
			return nil, err
		}
	}
	a := &API{store: st, keys: opts.Keys, opts: opts, tenantID: info.TenantID, routes: buildRoutes()}
	if opts.Limits != nil {
		a.throttle = newThrottler(*opts.Limits, st)
	}
	return a, nil
}

// TenantID is the id of the tenant the API serves.
func (a *API) TenantID() string { return a.tenantID }

// now is the tenant clock's time. The clock's setting is read at most
// once a second, so that every request need not ask SQLite; a clock moved
// by another process is seen within that second.
func (a *API) now(ctx context.Context) time.Time {
	a.mu.Lock()
	defer a.mu.Unlock()
	if time.Since(a.clockRead) > time.Second {
		if clk, err := a.store.Clock(ctx); err == nil {
			a.clock, a.clockRead = clk, time.Now()
		}
	}
	return a.clock.Now()
}

// ids are a request's ids, as Graph gives them in its headers and error
// bodies.
type ids struct {
	request, client string
}

// newIDs gives a request its ids, the client's own when it sent one, and
// names them in the answer's headers.
func newIDs(w http.ResponseWriter, r *http.Request) ids {
	id := ids{request: uuid.NewString(), client: r.Header.Get("client-request-id")}
	if id.client == "" {
		id.client = id.request
	}
	w.Header().Set("request-id", id.request)
	w.Header().Set("client-request-id", id.client)
	return id
}

// ServeHTTP answers Graph requests under /v1.0/ and the identity platform's
// under /{tenant}/.
func (a *API) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	id := newIDs(w, r)
	w.Header().Set("Cache-Control", "no-cache")
	if a.opts.Latency > 0 {
		select {
		case <-r.Context().Done():
			return
		case <-time.After(a.opts.Latency):
		}
	}
	path := r.URL.EscapedPath()
	if rest, ok := strings.CutPrefix(path, "/v1.0"); ok && (rest == "" || rest[0] == '/') {
		a.serveGraph(w, r, rest, id)
		return
	}
	a.serveIdentity(w, r, id)
}

// readBody reads a request's body up to Graph's limit.
func readBody(w http.ResponseWriter, r *http.Request) ([]byte, error) {
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxBody))
	var tooLarge *http.MaxBytesError
	if errors.As(err, &tooLarge) {
		return nil, errTooLarge()
	}
	if err != nil {
		return nil, errBadRequest("The request body could not be read: %v", err)
	}
	return body, nil
}

// baseURL is the scheme and host the client reached the server at, which
// links in answers point back to.
func baseURL(r *http.Request) string {
	if r.TLS != nil {
		return "https://" + r.Host
	}
	return "http://" + r.Host
}

// request is one Graph request, made over HTTP or inside a $batch.
type request struct {
	method string
	path   string // escaped, after /v1.0: "/users/adele%40contoso.com"
	query  url.Values
	header http.Header
	body   []byte
	who    *principal
	base   string
	ids    ids
}

// reply is Graph's answer to a request.
type reply struct {
	status int
	header http.Header
	body   any // object, text for $count, or nil
}

func (a *API) serveGraph(w http.ResponseWriter, r *http.Request, path string, id ids) {
	a.serveGraphAs(w, r, path, id, nil, baseURL(r))
}

// serveGraphAs answers a Graph request from who, or from the principal its
// token names when who is nil.
func (a *API) serveGraphAs(w http.ResponseWriter, r *http.Request, path string, id ids, who *principal, base string) {
	ctx := r.Context()
	req := &request{method: r.Method, path: path, header: r.Header, base: base, ids: id, who: who}
	var err error
	if req.query, err = url.ParseQuery(r.URL.RawQuery); err != nil {
		a.write(w, a.errorReply(ctx, errBadRequest("The query string is not valid: %v", err), req))
		return
	}
	if req.body, err = readBody(w, r); err != nil {
		a.write(w, a.errorReply(ctx, asAPIError(err), req))
		return
	}
	if req.who == nil {
		if req.who, err = a.authenticate(ctx, req.base, r.Header.Get("Authorization")); err != nil {
			a.write(w, a.errorReply(ctx, asAPIError(err), req))
			return
		}
	}
	a.write(w, a.do(ctx, req))
}

// do runs one Graph request of an authenticated caller: it finds the
// route, checks the caller's permissions and the throttling limits, and
// runs the handler as the caller.
func (a *API) do(ctx context.Context, req *request) *reply {
	rt, args, err := a.match(req.method, req.path)
	if err != nil {
		return a.errorReply(ctx, asAPIError(err), req)
	}
	if rt.me {
		if req.who.app {
			return a.errorReply(ctx, errRequestBadRequest("/me request is only valid with delegated authentication flow."), req)
		}
		args = append([]string{req.who.userID}, args...)
	}
	if !req.who.allows(rt.perms) {
		return a.errorReply(ctx, errDenied(), req)
	}
	cost := rt.cost(req)
	if a.throttle != nil && rt.units > 0 {
		if e := a.throttle.take(req.who, rt.write, cost, a.tenantID); e != nil {
			return a.errorReply(ctx, e, req)
		}
	}
	rep, err := rt.handle(a, tenant.WithActor(ctx, req.who.actor()), req, args)
	if err != nil {
		rep = a.errorReply(ctx, asAPIError(err), req)
	}
	if rep.header == nil {
		rep.header = http.Header{}
	}
	// Graph writes its own headers in lower case, which Set would change.
	rep.header["x-ms-resource-unit"] = []string{strconv.Itoa(cost)}
	return rep
}

// errorReply is Graph's error body for e.
func (a *API) errorReply(ctx context.Context, e *apiError, req *request) *reply {
	inner := object{{"date", a.now(ctx).UTC().Format("2006-01-02T15:04:05")}, {"request-id", req.ids.request},
		{"client-request-id", req.ids.client}}
	body := object{{"code", e.code}, {"message", e.message}, {"innerError", inner}}
	if e.status == http.StatusTooManyRequests {
		// Graph's throttling answer has its own shape of inner error.
		body = object{{"code", e.code}, {"message", e.message}, {"innerError", object{{"code", "429"},
			{"date", inner[0].val}, {"message", "Please retry after"}, {"request-id", req.ids.request},
			{"client-request-id", req.ids.client}, {"status", "429"}}}}
	}
	h := http.Header{}
	for k, v := range e.header {
		h[k] = v
	}
	return &reply{status: e.status, header: h, body: object{{"error", body}}}
}

// odataContentType is the content type of Graph's OData answers.
const odataContentType = "application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8"

// write sends a reply.
func (a *API) write(w http.ResponseWriter, rep *reply) {
	h := w.Header()
	for k, v := range rep.header {
		h[k] = v
	}
	var data []byte
	switch body := rep.body.(type) {
	case nil:
	case string:
		h.Set("Content-Type", "text/plain")
		data = []byte(body)
	default:
		if rep.status < 300 {
			h.Set("Content-Type", odataContentType)
			h.Set("OData-Version", "4.0")
		} else {
			h.Set("Content-Type", "application/json")
		}
		data = appendJSON(nil, body)
	}
	w.WriteHeader(rep.status)
	w.Write(data)
}

// context is an @odata.context: the metadata URL and what follows #.
func (req *request) context(fragment string) string {
	return req.base + "/v1.0/$metadata#" + fragment
}

// entity is the answer of one object.
func (req *request) entity(status int, fragment string, o object) *reply {
	return &reply{status: status, body: append(object{{"@odata.context", req.context(fragment)}}, o...)}
}

// noContent is the answer of a change that returns nothing.
func noContent() *reply { return &reply{status: http.StatusNoContent} }

package graph

import (
	"bytes"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"slices"
	"strings"

	"licsh/builtins/core"
	"licsh/builtins/m365"
	"licsh/builtins/tenant"
	"licsh/builtins/tenant/graphapi"
	"licsh/shell/cmdlet"
	"licsh/shell/interp"
	"licsh/shell/value"
)

// graphMethods are Invoke-MgGraphRequest's -Method values.
var graphMethods = []string{"GET", "POST", "PUT", "PATCH", "DELETE"}

// outputTypes are Invoke-MgGraphRequest's -OutputType values.
var outputTypes = []string{"HashTable", "PSObject", "HttpResponseMessage", "Json"}

func (g *graphModule) requestCmdlets() []*cmdlet.Cmdlet {
	return []*cmdlet.Cmdlet{{
		Name:     "Invoke-MgGraphRequest",
		Module:   modAuth,
		Synopsis: "Sends a request to Microsoft Graph's REST API, as Microsoft Graph PowerShell's Invoke-MgGraphRequest does.",
		Description: "Invoke-MgGraphRequest sends a request to Graph's v1.0 (or beta) REST API on the session's tenant, as the account Connect-MgGraph signed in with: what the account may change is what its admin roles allow. " +
			"-Uri is a full Graph address (https://graph.microsoft.com/v1.0/users) or one relative to it (v1.0/users, /beta/me). -Body is JSON text, or a hashtable or object sent as JSON. " +
			"The answer is a hashtable by default; -OutputType PSObject, Json or HttpResponseMessage give it in those forms, and -OutputFilePath writes the body to a file. " +
			"An error status is an error that shows the request, the status and Graph's error body, unless -SkipHttpErrorCheck.",
		Params: []*cmdlet.Param{
			{Name: "Method", Type: cmdlet.String, Position: 1, ValidateSet: graphMethods, Help: "The HTTP method; GET by default."},
			{Name: "Uri", Type: cmdlet.String, Position: 2, Mandatory: true, Help: "The Graph address, full or relative to https://graph.microsoft.com."},
			{Name: "Body", Type: cmdlet.Object, Position: 3, Help: "The request body: JSON text, or a hashtable or object sent as JSON."},
			{Name: "Headers", Type: cmdlet.Hashtable, Position: 4, Help: "Request headers, such as @{ ConsistencyLevel = 'eventual' }."},
			{Name: "OutputFilePath", Type: cmdlet.String, Position: 5, Complete: cmdlet.CompletePath, Help: "Writes the response body to this file instead of outputting it."},
			{Name: "InputFilePath", Type: cmdlet.String, Position: 6, Complete: cmdlet.CompletePath, Help: "Sends this file as the body."},
			{Name: "ContentType", Type: cmdlet.String, Position: 7, Help: "The Content-Type of the body; application/json by default."},
			{Name: "StatusCodeVariable", Type: cmdlet.String, Help: "A variable to receive the status code."},
			{Name: "ResponseHeadersVariable", Aliases: []string{"RHV"}, Type: cmdlet.String, Help: "A variable to receive the response headers."},
			{Name: "OutputType", Type: cmdlet.String, ValidateSet: outputTypes, Help: "HashTable (the default), PSObject, Json or HttpResponseMessage."},
			{Name: "SkipHttpErrorCheck", Type: cmdlet.Switch, Help: "Treats an error status as an answer instead of an error."},
			{Name: "PassThru", Type: cmdlet.Switch, Help: "With -OutputFilePath, outputs the answer too."},
			{Name: "SessionVariable", Type: cmdlet.String, Help: "Accepted for compatibility."},
			{Name: "UserAgent", Type: cmdlet.String, Help: "Accepted for compatibility."},
			{Name: "SkipHeaderValidation", Type: cmdlet.Switch, Help: "Accepted for compatibility."},
			{Name: "InferOutputFileName", Type: cmdlet.Switch, Help: "Accepted for compatibility."},
		},
		Examples: []cmdlet.Example{
			{Code: "Connect-MgGraph -Scopes User.Read.All -NoWelcome; (Invoke-MgGraphRequest -Uri 'v1.0/users/adele.garcia@contoso.com').displayName", Remarks: "A user, as Graph gives it."},
			{Code: "Connect-MgGraph -NoWelcome; (Invoke-MgGraphRequest GET 'https://graph.microsoft.com/v1.0/subscribedSkus').value | ForEach-Object skuPartNumber", Remarks: "The tenant's products."},
		},
		Process: g.invokeRequest,
	}}
}

// invokeRequest sends one request to the session's tenant's Graph API.
func (g *graphModule) invokeRequest(c cmdlet.Call) error {
	_, user, ok, err := g.conn.Account(c)
	if !ok {
		if err == nil {
			// Microsoft.Graph.Authentication's own cmdlets name no
			// parameter set in their errors.
			err = interp.NewError("Microsoft.Graph.PowerShell.Authentication.AuthenticationException", "AuthenticationError", nil,
				"Authentication needed. Please call Connect-MgGraph.")
		}
		return err
	}
	method := strings.ToUpper(c.String("Method"))
	if method == "" {
		method = http.MethodGet
	}
	target, err := graphURL(c.String("Uri"))
	if err != nil {
		return requestError(c, "InvalidUri", err.Error(), c.String("Uri"))
	}
	body, err := requestBody(c)
	if err != nil {
		return err
	}
	req, err := http.NewRequestWithContext(c.Context(), method, target.String(), bytes.NewReader(body))
	if err != nil {
		return requestError(c, "InvalidRequest", err.Error(), target.String())
	}
	req.Header.Set("Content-Type", "application/json")
	if ct := c.String("ContentType"); ct != "" {
		req.Header.Set("Content-Type", ct)
	}
	if h, ok := c.Get("Headers").(*value.Hashtable); ok {
		for _, k := range h.Keys() {
			v, _ := h.Get(k)
			req.Header.Set(value.ToString(k), value.ToString(v))
		}
	}
	rec, err := g.answer(c, req, body, user)
	if err != nil {
		return err
	}
	if v := c.String("StatusCodeVariable"); v != "" {
		if err := c.SetVar(v, rec.status); err != nil {
			return err
		}
	}
	if v := c.String("ResponseHeadersVariable"); v != "" {
		if err := c.SetVar(v, core.HeaderTable(rec.header)); err != nil {
			return err
		}
	}
	if rec.status >= 400 && !c.Switch("SkipHttpErrorCheck") {
		return c.WriteError(httpError(c, req, rec))
	}
	if path := c.String("OutputFilePath"); path != "" {
		if err := os.WriteFile(c.Path(path), rec.body.Bytes(), 0o644); err != nil {
			return requestError(c, "OutputFileFailed", err.Error(), path)
		}
		if !c.Switch("PassThru") {
			return nil
		}
	}
	return writeAnswer(c, rec)
}

// answer is Graph's answer to req: the Microsoft 365 tenant's when the
// session is signed in to one, else licsh's own, from the tenant file, as
// user.
func (g *graphModule) answer(c cmdlet.Call, req *http.Request, body []byte, user tenant.User) (*recorder, error) {
	rec := &recorder{header: http.Header{}}
	if gt := g.conn.Session().Graph(); gt != nil && gt.Client != nil {
		resp, err := gt.Client.Send(c.Context(), req.Method, req.URL.RequestURI(), body, req.Header)
		if resp.Status == 0 {
			return nil, c.WriteError(m365.GraphRecord(err, req.URL.String()))
		}
		rec.status, rec.header = resp.Status, resp.Header
		rec.body.Write(resp.Body)
		return rec, nil
	}
	st, err := g.conn.File(c, "")
	if err != nil {
		return nil, err
	}
	local, err := graphapi.NewLocal(c.Context(), st, user)
	if err != nil {
		return nil, err
	}
	local.ServeHTTP(rec, req)
	if rec.status == 0 {
		rec.status = http.StatusOK
	}
	return rec, nil
}

// graphURL makes -Uri a full Graph address: a relative one is Graph's,
// and one without a version asks v1.0.
func graphURL(raw string) (*url.URL, error) {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil {
		return nil, fmt.Errorf("Invalid URI: %s", raw)
	}
	if u.IsAbs() {
		return u, nil
	}
	path := "/" + strings.TrimPrefix(u.Path, "/")
	if !strings.HasPrefix(path, "/v1.0/") && !strings.HasPrefix(path, "/beta/") && path != "/v1.0" && path != "/beta" {
		path = "/v1.0" + path
	}
	full, err := url.Parse("https://graph.microsoft.com" + path)
	if err != nil {
		return nil, fmt.Errorf("Invalid URI: %s", raw)
	}
	full.RawQuery = u.RawQuery
	return full, nil
}

// requestBody is the body to send: -InputFilePath's file, -Body's text, or
// -Body written as JSON.
func requestBody(c cmdlet.Call) ([]byte, error) {
	if path := c.String("InputFilePath"); path != "" {
		data, err := os.ReadFile(c.Path(path))
		if err != nil {
			return nil, requestError(c, "InputFileFailed", err.Error(), path)
		}
		return data, nil
	}
	switch b := c.Get("Body").(type) {
	case nil:
		return nil, nil
	case string:
		return []byte(b), nil
	default:
		text, _ := core.ToJSON(b, 100, true)
		return []byte(text), nil
	}
}

// writeAnswer outputs the answer in the form -OutputType asks.
func writeAnswer(c cmdlet.Call, rec *recorder) error {
	text := rec.body.String()
	kind := c.String("OutputType")
	switch {
	case strings.EqualFold(kind, "Json"):
		return c.Write(text)
	case strings.EqualFold(kind, "HttpResponseMessage"):
		o := value.NewObject("System.Net.Http.HttpResponseMessage")
		o.Set("StatusCode", rec.status)
		o.Set("ReasonPhrase", http.StatusText(rec.status))
		o.Set("IsSuccessStatusCode", rec.status < 300)
		o.Set("Headers", core.HeaderTable(rec.header))
		o.Set("Content", text)
		return c.Write(o)
	case strings.TrimSpace(text) == "":
		return nil
	case !strings.HasPrefix(rec.header.Get("Content-Type"), "application/json"):
		return c.Write(text)
	}
	v, err := core.FromJSON(text, !strings.EqualFold(kind, "PSObject"))
	if err != nil {
		return requestError(c, "InvalidResponse", err.Error(), nil)
	}
	return c.Write(hashtables(v))
}

// hashtables makes the ordered hashtables of a parsed answer plain ones,
// as Microsoft Graph PowerShell gives them (their entries keep Graph's
// order all the same).
func hashtables(v any) any {
	switch v := v.(type) {
	case *value.Hashtable:
		v.Ordered = false
		for _, k := range v.Keys() {
			item, _ := v.Get(k)
			hashtables(item)
		}
	case []any:
		for _, item := range v {
			hashtables(item)
		}
	}
	return v
}

// httpError is Microsoft Graph PowerShell's error for an error status: the
// request, the status line, the headers and Graph's error body.
func httpError(c cmdlet.Call, req *http.Request, rec *recorder) *interp.ErrorRecord {
	var sb strings.Builder
	fmt.Fprintf(&sb, "%s %s\nHTTP/1.1 %d %s\n", req.Method, req.URL, rec.status, http.StatusText(rec.status))
	for _, k := range slices.Sorted(func(yield func(string) bool) {
		for k := range rec.header {
			if !yield(k) {
				return
			}
		}
	}) {
		fmt.Fprintf(&sb, "%s: %s\n", k, strings.Join(rec.header[k], ", "))
	}
	sb.WriteString(rec.body.String())
	r := interp.NewError("InvokeGraphHttpResponseException,Microsoft.Graph.PowerShell.Authentication.Cmdlets.InvokeMgGraphRequest",
		"InvalidOperation", req.URL.String(), sb.String())
	r.Exception.Type = "Microsoft.Graph.PowerShell.AuthenticationException.HttpResponseException"
	return r
}

// requestError is a request Invoke-MgGraphRequest could not send.
func requestError(c cmdlet.Call, id, msg string, target any) error {
	return interp.NewError(id+",Microsoft.Graph.PowerShell.Authentication.Cmdlets.InvokeMgGraphRequest", "InvalidArgument", target, msg)
}

// recorder keeps the answer Local writes.
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

package core

import (
	"bytes"
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"mime"
	"net/http"
	"net/url"
	"os"
	"slices"
	"strconv"
	"strings"
	"time"

	"licsh/shell/cmdlet"
	"licsh/shell/interp"
	"licsh/shell/value"
)

// userAgent is what pwsh 7 on Linux sends unless -UserAgent says otherwise.
const userAgent = "Mozilla/5.0 (Linux; en-US) PowerShell/7.4.0"

// webMethods are the values of -Method.
var webMethods = []string{"Default", "Get", "Head", "Post", "Put", "Delete", "Trace", "Options", "Merge", "Patch"}

func webCmdlets() []*cmdlet.Cmdlet {
	params := func(rest bool) []*cmdlet.Param {
		ps := []*cmdlet.Param{
			{Name: "Uri", Type: cmdlet.String, Position: 1, Mandatory: true, Help: "The address to send the request to; http:// is assumed without a scheme."},
			{Name: "Method", Type: cmdlet.String, ValidateSet: webMethods, Help: "The HTTP method; GET by default."},
			{Name: "Body", Type: cmdlet.Object, Help: "The request body: text, bytes, or a hashtable sent as form fields (as query parameters with GET)."},
			{Name: "ContentType", Type: cmdlet.String, Help: "The Content-Type of the body."},
			{Name: "Headers", Type: cmdlet.Hashtable, Help: "Request headers, by name."},
			{Name: "OutFile", Type: cmdlet.String, Complete: cmdlet.CompletePath, Help: "Writes the response body to this file instead of outputting it."},
			{Name: "PassThru", Type: cmdlet.Switch, Help: "With -OutFile, outputs the response too."},
			{Name: "InFile", Type: cmdlet.String, Complete: cmdlet.CompletePath, Help: "Sends this file as the body."},
			{Name: "UserAgent", Type: cmdlet.String, Help: "The User-Agent header."},
			{Name: "TimeoutSec", Type: cmdlet.Int, Help: "Seconds to wait for the answer; no limit by default."},
			{Name: "Credential", Type: cmdlet.Object, Help: "A PSCredential sent with basic authentication."},
			{Name: "Authentication", Type: cmdlet.String, ValidateSet: []string{"None", "Basic", "Bearer", "OAuth"}, Help: "How to authenticate: Basic with -Credential, Bearer or OAuth with -Token."},
			{Name: "Token", Type: cmdlet.Object, Help: "The bearer token, as a secure string."},
			{Name: "SkipCertificateCheck", Type: cmdlet.Switch, Help: "Accepts any server certificate."},
			{Name: "UseBasicParsing", Type: cmdlet.Switch, Help: "Accepted; responses are always parsed the basic way."},
			{Name: "MaximumRedirection", Type: cmdlet.Int, Help: "How many redirections to follow; 5 by default."},
			{Name: "StatusCodeVariable", Type: cmdlet.String, Help: "A variable to receive the status code."},
			{Name: "ResponseHeadersVariable", Aliases: []string{"RHV"}, Type: cmdlet.String, Help: "A variable to receive the response headers."},
			{Name: "SkipHttpErrorCheck", Type: cmdlet.Switch, Help: "Treats error statuses as answers instead of errors."},
		}
		if !rest {
			ps = slices.DeleteFunc(ps, func(p *cmdlet.Param) bool { return p.Name == "ResponseHeadersVariable" })
		}
		return ps
	}
	return []*cmdlet.Cmdlet{
		{
			Name:        "Invoke-RestMethod",
			Module:      modUtility,
			Aliases:     []string{"irm"},
			Synopsis:    "Sends an HTTP or HTTPS request to a RESTful web service.",
			Description: "Invoke-RestMethod sends a request and outputs the answer: JSON as objects (an array's items one by one), anything else as text. An error status is an error whose message is the answer's body.",
			Params:      params(true),
			Examples: []cmdlet.Example{
				{Code: "try { Invoke-RestMethod -Uri http://127.0.0.1:9/api/users -TimeoutSec 1 -ErrorAction Stop } catch { 'service unreachable' }", Remarks: "Reads a JSON API, saying so when it cannot be reached."},
				{Code: "$body = @{ displayName = 'Ann' } | ConvertTo-Json\ntry { irm http://127.0.0.1:9/api/users -Method Post -Body $body -ContentType 'application/json' -TimeoutSec 1 -ErrorAction Stop } catch { 'service unreachable' }", Remarks: "Posts JSON."},
			},
			Process: func(c cmdlet.Call) error { return webRequest(c, true) },
		},
		{
			Name:        "Invoke-WebRequest",
			Module:      modUtility,
			Aliases:     []string{"iwr"},
			Synopsis:    "Gets content from a web page on the internet.",
			Description: "Invoke-WebRequest sends a request and outputs the response: StatusCode, StatusDescription, Content, Headers, RawContent. -OutFile saves the body to a file, as for downloads.",
			Params:      params(false),
			Examples: []cmdlet.Example{
				{Code: "try { (Invoke-WebRequest http://127.0.0.1:9/ -TimeoutSec 1 -ErrorAction Stop).StatusCode } catch { 'no answer' }", Remarks: "The status code of a page."},
			},
			Process: func(c cmdlet.Call) error { return webRequest(c, false) },
		},
	}
}

// webRequest is the request both cmdlets send; rest chooses what they
// output.
func webRequest(c cmdlet.Call, rest bool) error {
	name := c.Cmdlet().Name
	req, err := buildRequest(c)
	if err != nil {
		return err
	}
	client := &http.Client{}
	if c.Bound("TimeoutSec") && c.Int("TimeoutSec") > 0 {
		client.Timeout = time.Duration(c.Int("TimeoutSec")) * time.Second
	}
	if c.Switch("SkipCertificateCheck") {
		client.Transport = &http.Transport{TLSClientConfig: &tls.Config{InsecureSkipVerify: true}}
	}
	maxRedirects := 5
	if c.Bound("MaximumRedirection") {
		maxRedirects = c.Int("MaximumRedirection")
	}
	client.CheckRedirect = func(_ *http.Request, via []*http.Request) error {
		if len(via) > maxRedirects {
			return http.ErrUseLastResponse
		}
		return nil
	}
	resp, err := client.Do(req.WithContext(c.Context()))
	if err != nil {
		if errors.Is(err, context.Canceled) {
			return err
		}
		rec := interp.NewError(CommandID("WebCmdletWebResponseException", name), "InvalidOperation", req.URL.String(), requestError(req, err, client.Timeout))
		rec.Exception.Type = "System.Net.Http.HttpRequestException"
		return c.WriteError(rec)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		return c.WriteError(IOError(name, req.URL.String(), err))
	}
	if v := c.String("StatusCodeVariable"); v != "" {
		if err := c.SetVar(v, resp.StatusCode); err != nil {
			return err
		}
	}
	if v := c.String("ResponseHeadersVariable"); v != "" {
		if err := c.SetVar(v, HeaderTable(resp.Header)); err != nil {
			return err
		}
	}
	if resp.StatusCode >= 400 && !c.Switch("SkipHttpErrorCheck") {
		return c.WriteError(statusError(name, req, resp, body))
	}
	if out := c.String("OutFile"); out != "" {
		path := c.Path(out)
		if err := os.WriteFile(path, body, 0o644); err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				return c.WriteError(partNotFound(name, "WebCmdletWebResponseException", path))
			}
			return c.WriteError(IOError(name, path, err))
		}
		if !c.Switch("PassThru") {
			return nil
		}
	}
	if !rest {
		return c.Write(webResponse(resp, body))
	}
	return writeRestBody(c, resp, body)
}

// buildRequest makes the request from the parameters.
func buildRequest(c cmdlet.Call) (*http.Request, error) {
	name := c.Cmdlet().Name
	uri := c.String("Uri")
	if !strings.Contains(uri, "://") {
		uri = "http://" + uri
	}
	u, err := url.Parse(uri)
	if err != nil || u.Host == "" {
		return nil, argumentError(name, "WebCmdletInvalidUri", fmt.Sprintf("Invalid URI: The hostname could not be parsed: '%s'.", c.String("Uri")), uri)
	}
	method := strings.ToUpper(c.String("Method"))
	if method == "" || method == "DEFAULT" {
		method = http.MethodGet
	}
	contentType := c.String("ContentType")
	var body io.Reader
	switch b := c.Get("Body").(type) {
	case nil:
	case *value.Hashtable:
		form := url.Values{}
		for _, e := range b.Entries() {
			form.Add(value.ToString(e.Key), value.ToString(e.Value))
		}
		if method == http.MethodGet {
			q := u.Query()
			for k, vs := range form {
				for _, v := range vs {
					q.Add(k, v)
				}
			}
			u.RawQuery = q.Encode()
			break
		}
		body = strings.NewReader(form.Encode())
		if contentType == "" {
			contentType = "application/x-www-form-urlencoded"
		}
	default:
		if bs, ok := byteArray(b); ok {
			body = bytes.NewReader(bs)
			break
		}
		body = strings.NewReader(value.ToString(b))
		if contentType == "" && method != http.MethodGet {
			contentType = "application/x-www-form-urlencoded"
		}
	}
	if in := c.String("InFile"); in != "" {
		data, err := os.ReadFile(c.Path(in))
		if err != nil {
			return nil, fileNotFound(name, c.Path(in))
		}
		body = bytes.NewReader(data)
	}
	req, err := http.NewRequest(method, u.String(), body)
	if err != nil {
		return nil, argumentError(name, "WebCmdletInvalidUri", err.Error(), uri)
	}
	req.Header.Set("User-Agent", userAgent)
	if ua := c.String("UserAgent"); ua != "" {
		req.Header.Set("User-Agent", ua)
	}
	if h, ok := c.Get("Headers").(*value.Hashtable); ok {
		for _, e := range h.Entries() {
			req.Header.Set(value.ToString(e.Key), value.ToString(e.Value))
		}
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	if cred, ok := c.Get("Credential").(*PSCredential); ok {
		req.SetBasicAuth(cred.user, cred.password.text)
	}
	if tok := c.Get("Token"); tok != nil {
		t := value.ToString(tok)
		if s, ok := tok.(SecureString); ok {
			t = s.text
		}
		req.Header.Set("Authorization", "Bearer "+t)
	}
	return req, nil
}

// byteArray reads a byte[] body: a collection of small whole numbers.
func byteArray(v any) ([]byte, bool) {
	items, ok := value.Enumerate(v)
	if !ok {
		return nil, false
	}
	out := make([]byte, len(items))
	for i, it := range items {
		n, ok := it.(int)
		if !ok || n < 0 || n > 255 {
			return nil, false
		}
		out[i] = byte(n)
	}
	return out, true
}

// requestError is .NET's text for a request that got no answer.
func requestError(req *http.Request, err error, timeout time.Duration) string {
	msg := err.Error()
	switch {
	case strings.Contains(msg, "connection refused"):
		return fmt.Sprintf("Connection refused (%s)", req.URL.Host)
	case strings.Contains(msg, "no such host"):
		return fmt.Sprintf("No such host is known. (%s)", req.URL.Host)
	case strings.Contains(msg, "Client.Timeout") || errors.Is(err, context.DeadlineExceeded):
		return "The request was canceled due to the configured HttpClient.Timeout of " + strconv.Itoa(int(timeout.Seconds())) + " seconds elapsing."
	}
	return msg
}

// statusError is pwsh's error for an error status: the answer's body is
// what it shows, the status line the exception's message.
func statusError(name string, req *http.Request, resp *http.Response, body []byte) *interp.ErrorRecord {
	msg := fmt.Sprintf("Response status code does not indicate success: %d (%s).", resp.StatusCode, http.StatusText(resp.StatusCode))
	rec := interp.NewError(CommandID("WebCmdletWebResponseException", name), "InvalidOperation", req.URL.String(), msg)
	rec.Exception.Type = "Microsoft.PowerShell.Commands.HttpResponseException"
	r := value.NewObject("System.Net.Http.HttpResponseMessage", "System.Object")
	r.Set("StatusCode", resp.StatusCode)
	r.Set("ReasonPhrase", http.StatusText(resp.StatusCode))
	r.Set("Headers", HeaderTable(resp.Header))
	rec.Exception.Extra = value.NewObject()
	rec.Exception.Extra.Set("Response", r)
	if len(body) > 0 {
		rec.Details = string(body)
	}
	return rec
}

// HeaderTable is HTTP headers as pwsh's web cmdlets give them: a hashtable
// of each header's values, by name.
func HeaderTable(h http.Header) *value.Hashtable {
	t := value.NewHashtable()
	names := make([]string, 0, len(h))
	for k := range h {
		names = append(names, k)
	}
	slices.Sort(names)
	for _, k := range names {
		vals := make([]any, len(h[k]))
		for i, v := range h[k] {
			vals[i] = v
		}
		t.Set(k, vals)
	}
	return t
}

// isJSON reports whether a response's media type is JSON.
func isJSON(contentType string) bool {
	mt, _, _ := mime.ParseMediaType(contentType)
	return mt == "application/json" || mt == "text/json" || strings.HasSuffix(mt, "+json")
}

// writeRestBody outputs what Invoke-RestMethod makes of a body: JSON as
// objects, the rest as text.
func writeRestBody(c cmdlet.Call, resp *http.Response, body []byte) error {
	if len(body) == 0 {
		return nil
	}
	text := string(body)
	trimmed := strings.TrimSpace(text)
	if isJSON(resp.Header.Get("Content-Type")) || strings.HasPrefix(trimmed, "{") || strings.HasPrefix(trimmed, "[") {
		v, err := FromJSON(text, false)
		if err == nil {
			return c.WriteAll(v)
		}
		if isJSON(resp.Header.Get("Content-Type")) {
			return c.WriteError(argumentError(c.Cmdlet().Name, "System.ArgumentException", "Conversion from JSON failed with error: "+jsonErrorText(err), text))
		}
	}
	return c.Write(text)
}

// webResponse is the BasicHtmlWebResponseObject Invoke-WebRequest writes.
func webResponse(resp *http.Response, body []byte) *value.Object {
	o := value.NewObject("Microsoft.PowerShell.Commands.BasicHtmlWebResponseObject", "Microsoft.PowerShell.Commands.WebResponseObject", "System.Object")
	status := http.StatusText(resp.StatusCode)
	var raw strings.Builder
	fmt.Fprintf(&raw, "HTTP/%d.%d %d %s\r\n", resp.ProtoMajor, resp.ProtoMinor, resp.StatusCode, status)
	headers := HeaderTable(resp.Header)
	for _, e := range headers.Entries() {
		fmt.Fprintf(&raw, "%s: %s\r\n", value.ToString(e.Key), strings.Join(resp.Header.Values(value.ToString(e.Key)), ", "))
	}
	raw.WriteString("\r\n")
	raw.Write(body)
	o.Set("StatusCode", resp.StatusCode)
	o.Set("StatusDescription", status)
	o.Set("Content", string(body))
	o.Set("RawContent", raw.String())
	o.Set("Headers", headers)
	o.Set("Images", []any{})
	o.Set("InputFields", []any{})
	o.Set("Links", []any{})
	o.Set("RawContentLength", int64(len(body)))
	o.Set("RelationLink", value.NewHashtable())
	return o
}

package graphclient

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"strconv"
	"strings"
	"sync/atomic"
	"time"
)

// Config says which tenant to sign in to, as whom, and how.
type Config struct {
	// Env is where the identity platform and Graph are (Endpoints).
	Env Environment
	// TenantID is the tenant's id or one of its domains.
	TenantID string
	// ClientID is the application signing in.
	ClientID string
	// Credential proves who signs in.
	Credential Credential
	// Scopes are the permissions a person's sign-in asks for, such as
	// User.ReadWrite.All; an application gets the permissions it holds.
	Scopes []string
	// CacheDir is the folder of the token cache; "" keeps tokens in
	// memory only.
	CacheDir string
	// HTTPClient makes the requests; nil is one that trusts the system's
	// certificates (SSL_CERT_FILE included).
	HTTPClient *http.Client
	// Tries is how often a throttled or unavailable request is sent
	// before its error is returned; 0 is 8.
	Tries int
	// MaxWait bounds one wait between tries; 0 is two minutes.
	MaxWait time.Duration
	// OnRetry is told of every wait before a request is sent again.
	OnRetry func(Retry)
}

// Retry is a wait before a request is sent again.
type Retry struct {
	Status int           // 429, 503 ...; 0 for a network error
	Wait   time.Duration // how long the client waits
	After  bool          // the wait is the service's Retry-After
	Try    int           // the try that failed, from 1
}

// Client is a signed-in Graph client, safe for concurrent use.
type Client struct {
	cfg   Config
	http  *http.Client
	tok   *tokens
	base  string // Graph's URL with /v1.0
	ident Identity
	waits atomic.Int64
}

// Waits is how often the client has waited before sending a request
// again, as Graph's throttling or unavailability asked.
func (c *Client) Waits() int64 { return c.waits.Load() }

// Connect signs in as cfg says and returns the client. A refusal of the
// identity platform is a *SignInError.
func Connect(ctx context.Context, cfg Config) (*Client, error) {
	if cfg.Env.Login == "" || cfg.Env.Graph == "" {
		cfg.Env = Environments()[0]
	}
	if cfg.Tries <= 0 {
		cfg.Tries = 8
	}
	if cfg.MaxWait <= 0 {
		cfg.MaxWait = 2 * time.Minute
	}
	hc := cfg.HTTPClient
	if hc == nil {
		hc = &http.Client{Timeout: 100 * time.Second}
	}
	tok, err := newTokens(cfg, hc)
	if err != nil {
		return nil, err
	}
	c := &Client{cfg: cfg, http: hc, tok: tok, base: cfg.Env.Graph + "/v1.0"}
	t, err := tok.get(ctx, false)
	if err != nil {
		return nil, err
	}
	c.ident = readIdentity(t)
	return c, nil
}

// Identity is who the client signed in as.
func (c *Client) Identity() Identity { return c.ident }

// Env is where the client signs in and sends its requests.
func (c *Client) Env() Environment { return c.cfg.Env }

// Config is what the client was connected with.
func (c *Client) Config() Config { return c.cfg }

// Error is Graph's error answer to a request: its status, and the code
// and message of its error body.
type Error struct {
	Status    int
	Code      string
	Message   string
	RequestID string
	// Method and Path are the request that failed.
	Method string
	Path   string
	// RetryAfter is the wait Graph asked for, with a 429 or 503.
	RetryAfter time.Duration
}

func (e *Error) Error() string { return e.Message }

// IsStatus reports whether err is Graph's answer with that status.
func IsStatus(err error, status int) bool {
	var ge *Error
	return errors.As(err, &ge) && ge.Status == status
}

// errorBody is Graph's error body.
type errorBody struct {
	Error struct {
		Code       string `json:"code"`
		Message    string `json:"message"`
		InnerError struct {
			RequestID string `json:"request-id"`
		} `json:"innerError"`
	} `json:"error"`
}

// graphError reads Graph's error answer. An answer that is not Graph's
// error body says that the service is not Graph.
func graphError(method, path string, status int, header http.Header, body []byte, base string) *Error {
	e := &Error{Status: status, Method: method, Path: path, RetryAfter: retryAfter(header)}
	var b errorBody
	if json.Unmarshal(body, &b) == nil && b.Error.Code != "" {
		e.Code, e.Message, e.RequestID = b.Error.Code, b.Error.Message, b.Error.InnerError.RequestID
		return e
	}
	e.Code = "UnknownError"
	e.Message = fmt.Sprintf("%s %s answered HTTP %d %s without Microsoft Graph's error body: is %s Microsoft Graph?",
		method, base+path, status, http.StatusText(status), base)
	return e
}

// retryAfter reads a Retry-After header: seconds, or an HTTP date.
func retryAfter(h http.Header) time.Duration {
	v := h.Get("Retry-After")
	if v == "" {
		return 0
	}
	if s, err := strconv.Atoi(v); err == nil && s >= 0 {
		return time.Duration(s) * time.Second
	}
	if t, err := http.ParseTime(v); err == nil {
		return max(time.Until(t), 0)
	}
	return 0
}

// retryable reports whether Graph asks for the request to be sent again
// later: throttled, or the service for a while unavailable.
func retryable(status int) bool {
	return status == http.StatusTooManyRequests || status == http.StatusServiceUnavailable || status == http.StatusGatewayTimeout
}

// backoff is the wait before try n+1 when Graph names none: exponential
// from one second, with full jitter, so that clients throttled together
// do not come back together.
func backoff(n int, limit time.Duration) time.Duration {
	ceil := min(time.Second<<min(n, 10), limit)
	return ceil/2 + rand.N(ceil/2+1)
}

// sleep waits d unless ctx ends first.
func sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// wait tells OnRetry and waits before try+1 of a request Graph answered
// with status (0: no answer) and retry-after ra.
func (c *Client) wait(ctx context.Context, status, try int, ra time.Duration) error {
	r := Retry{Status: status, Try: try, Wait: ra, After: ra > 0}
	if ra <= 0 {
		r.Wait = backoff(try-1, c.cfg.MaxWait)
	}
	r.Wait = min(r.Wait, c.cfg.MaxWait)
	c.waits.Add(1)
	if c.cfg.OnRetry != nil {
		c.cfg.OnRetry(r)
	}
	return sleep(ctx, r.Wait)
}

// Response is Graph's answer to a request.
type Response struct {
	Status int
	Header http.Header
	Body   json.RawMessage
}

// Do sends one request to Graph (path after /v1.0, with its query) and
// returns the answer, sending it again while Graph throttles it, and once
// more with a new token when Graph finds the token expired. A GET that
// got no answer is sent again too; any other request is not, as it may
// have been done. Graph's refusal is an *Error.
func (c *Client) Do(ctx context.Context, method, path string, body any, header http.Header) (Response, error) {
	var data []byte
	if body != nil {
		var err error
		if data, err = json.Marshal(body); err != nil {
			return Response{}, err
		}
	}
	return c.exchange(ctx, method, c.base, path, data, header)
}

// Send sends a request as a script wrote it, as Invoke-MgGraphRequest
// does: path follows Graph's root and names the version (/v1.0/users,
// /beta/me), and the body goes as it is, with the Content-Type header
// gives. It waits and sends again as Do does; Graph's answer is returned
// whatever its status, with an *Error when it is a refusal.
func (c *Client) Send(ctx context.Context, method, path string, body []byte, header http.Header) (Response, error) {
	return c.exchange(ctx, method, c.cfg.Env.Graph, path, body, header)
}

// exchange sends a request to root+path, again as Do says.
func (c *Client) exchange(ctx context.Context, method, root, path string, data []byte, header http.Header) (Response, error) {
	fresh := false
	for try := 1; ; try++ {
		token, err := c.tok.get(ctx, fresh)
		if err != nil {
			return Response{}, err
		}
		resp, err := c.send(ctx, method, root+path, data, header, token)
		if err != nil {
			// A service that does not answer is given a few seconds, not
			// the minutes a throttled one may ask for.
			if ctx.Err() != nil || method != http.MethodGet || try >= min(c.cfg.Tries, networkTries) {
				return Response{}, err
			}
			if err := c.wait(ctx, 0, try, 0); err != nil {
				return Response{}, err
			}
			continue
		}
		switch {
		case resp.Status < 300:
			return resp, nil
		case resp.Status == http.StatusUnauthorized && !fresh:
			// The token expired in flight, or the service's clock is
			// ahead of ours: one new token, and the request again.
			fresh = true
			continue
		case retryable(resp.Status) && (retryAfter(resp.Header) > 0 || try < c.cfg.Tries):
			// A request Graph says when to send again is sent again then,
			// however often: throttling is Graph pacing the client, not
			// refusing it. Tries bound the waits Graph names no time for.
			if err := c.wait(ctx, resp.Status, try, retryAfter(resp.Header)); err != nil {
				return Response{}, err
			}
			continue
		}
		return resp, graphError(method, path, resp.Status, resp.Header, resp.Body, root)
	}
}

// send makes one HTTP request to url.
func (c *Client) send(ctx context.Context, method, url string, data []byte, header http.Header, token string) (Response, error) {
	var rd io.Reader
	if data != nil {
		rd = bytes.NewReader(data)
	}
	req, err := http.NewRequestWithContext(ctx, method, url, rd)
	if err != nil {
		return Response{}, err
	}
	for k, v := range header {
		req.Header[k] = v
	}
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Accept", "application/json")
	if data != nil && req.Header.Get("Content-Type") == "" {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := c.http.Do(req)
	if err != nil {
		return Response{}, &NetworkError{URL: c.base, Err: err}
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(io.LimitReader(resp.Body, 64<<20))
	if err != nil {
		return Response{}, &NetworkError{URL: c.base, Err: err}
	}
	return Response{Status: resp.StatusCode, Header: resp.Header, Body: b}, nil
}

// networkTries is how often a GET that got no answer is sent.
const networkTries = 3

// NetworkError is a request that got no answer: the service is down or
// unreachable, or the connection broke.
type NetworkError struct {
	URL string
	Err error
}

func (e *NetworkError) Error() string {
	msg := e.Err.Error()
	// net/http's errors repeat the method and URL; the cause is what is
	// worth reading.
	if i := strings.LastIndex(msg, ": "); i >= 0 {
		msg = msg[i+2:]
	}
	return fmt.Sprintf("Microsoft Graph at %s did not answer: %s.", e.URL, msg)
}

func (e *NetworkError) Unwrap() error { return e.Err }

// Get reads path into out (nil: the answer is not read).
func (c *Client) Get(ctx context.Context, path string, out any) error {
	return c.get(ctx, path, nil, out)
}

// get reads path, sent with header, into out (nil: not read).
func (c *Client) get(ctx context.Context, path string, header http.Header, out any) error {
	resp, err := c.Do(ctx, http.MethodGet, path, nil, header)
	if err != nil || out == nil {
		return err
	}
	return c.decode(path, resp.Body, out)
}

// Post sends body to path and reads the answer into out (nil: not read).
func (c *Client) Post(ctx context.Context, path string, body, out any) error {
	resp, err := c.Do(ctx, http.MethodPost, path, body, nil)
	if err != nil || out == nil || len(resp.Body) == 0 {
		return err
	}
	return c.decode(path, resp.Body, out)
}

// decode reads an answer, which must be Graph's JSON.
func (c *Client) decode(path string, body []byte, out any) error {
	if err := json.Unmarshal(body, out); err != nil {
		return fmt.Errorf("%s%s answered with something that is not Microsoft Graph's JSON: %v", c.base, path, err)
	}
	return nil
}

// page is one page of a Graph collection.
type page struct {
	Value    []json.RawMessage `json:"value"`
	NextLink string            `json:"@odata.nextLink"`
}

// Each calls fn with every item of the collection at path, page after
// page, following @odata.nextLink.
func (c *Client) Each(ctx context.Context, path string, fn func(json.RawMessage) error) error {
	return c.each(ctx, path, nil, fn)
}

// each is Each with a header sent with every page's request, such as an
// advanced query's ConsistencyLevel.
func (c *Client) each(ctx context.Context, path string, header http.Header, fn func(json.RawMessage) error) error {
	for path != "" {
		var p page
		if err := c.get(ctx, path, header, &p); err != nil {
			return err
		}
		for _, v := range p.Value {
			if err := fn(v); err != nil {
				return err
			}
		}
		next := p.NextLink
		if next == "" {
			return nil
		}
		rest, ok := strings.CutPrefix(next, c.base)
		if !ok {
			return fmt.Errorf("%s%s gave a next page at %s, outside %s.", c.base, path, next, c.base)
		}
		path = rest
	}
	return nil
}

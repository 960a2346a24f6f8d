package graphapi_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"licsh/builtins/tenant"
	"licsh/builtins/tenant/graphapi"
)

// batchStep is one answer of a $batch.
type batchStep struct {
	ID      string            `json:"id"`
	Status  int               `json:"status"`
	Headers map[string]string `json:"headers"`
	Body    json.RawMessage   `json:"body"`
}

func (e *env) batch(tok, body string) []batchStep {
	e.t.Helper()
	resp, data := e.call("POST", "/v1.0/$batch", tok, body)
	if resp.StatusCode != 200 {
		e.t.Fatalf("$batch: %d %s", resp.StatusCode, data)
	}
	var out struct{ Responses []batchStep }
	if err := json.Unmarshal(data, &out); err != nil {
		e.t.Fatal(err)
	}
	return out.Responses
}

// TestBatchDependsOn runs a request after those it depends on, and not at
// all (424) when one of them failed.
func TestBatchDependsOn(t *testing.T) {
	t.Parallel()
	e := newEnv(t, true, graphapi.Options{})
	tok := e.adminToken()
	steps := e.batch(tok, `{"requests": [
	  {"id": "3", "method": "GET", "url": "/users/adele.garcia@contoso.com?$select=department", "dependsOn": ["4"]},
	  {"id": "4", "method": "PATCH", "url": "/users/adele.garcia@contoso.com", "headers": {"Content-Type": "application/json"},
	    "body": {"department": "Legal"}},
	  {"id": "5", "method": "PATCH", "url": "/users/nobody@contoso.com", "headers": {"Content-Type": "application/json"},
	    "body": {"department": "Legal"}},
	  {"id": "6", "method": "DELETE", "url": "/users/megan.jansen@contoso.com", "dependsOn": ["5"]},
	  {"id": "7", "method": "POST", "url": "/$batch", "headers": {"Content-Type": "application/json"}, "body": {"requests": []}},
	  {"id": "8", "method": "GET", "url": "users/$count", "headers": {"ConsistencyLevel": "eventual"}}]}`)
	var got []string
	for _, s := range steps {
		got = append(got, s.ID+":"+strconv.Itoa(s.Status))
	}
	if strings.Join(got, " ") != "4:204 3:200 5:404 6:424 7:400 8:200" {
		t.Fatalf("order and statuses: %v", got)
	}
	if !strings.Contains(string(steps[1].Body), `"department":"Legal"`) {
		t.Fatalf("request 3 ran before 4: %s", steps[1].Body)
	}
	if code, _ := errorOf(t, steps[3].Body); code != "FailedDependency" {
		t.Fatalf("424's body: %s", steps[3].Body)
	}
	n, err := e.st.UserCount(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if steps[5].Headers["Content-Type"] != "text/plain" || string(steps[5].Body) != `"`+strconv.Itoa(n)+`"` {
		t.Fatalf("$count in a batch: %+v %s", steps[5].Headers, steps[5].Body)
	}
	if _, err := e.st.GetUser(ctx, "megan.jansen@contoso.com"); err != nil {
		t.Fatalf("a request whose dependency failed ran: %v", err)
	}
}

// TestThrottling answers writes beyond the limits with Graph's 429,
// Retry-After and body, in a batch request by request; a client that
// retries after Retry-After ends with the tenant as an unthrottled run
// leaves it.
func TestThrottling(t *testing.T) {
	t.Parallel()
	limits := graphapi.Limits{Units: 1000, UnitWindow: time.Second, Writes: 8, WriteWindow: time.Second,
		TenantWrites: 1000, TenantWriteWindow: time.Second}
	throttled := newEnv(t, true, graphapi.Options{Limits: &limits})
	free := newEnv(t, true, graphapi.Options{})
	users := e3Holders(t, free, 40)
	for _, e := range []*env{throttled, free} {
		tok := e.adminToken()
		pending := users
		rounds, seen429 := 0, false
		for len(pending) > 0 {
			rounds++
			if rounds > 30 {
				t.Fatalf("still throttled after %d rounds", rounds)
			}
			var reqs []string
			for i, u := range pending[:min(20, len(pending))] {
				reqs = append(reqs, fmt.Sprintf(`{"id": "%d", "method": "POST", "url": "/users/%s/assignLicense",
					"headers": {"Content-Type": "application/json"}, "body": {"addLicenses": [], "removeLicenses": ["%s"]}}`, i, u, skuE3))
			}
			var retry []string
			wait := 0
			for _, s := range e.batch(tok, `{"requests": [`+strings.Join(reqs, ",")+`]}`) {
				i, _ := strconv.Atoi(s.ID)
				switch s.Status {
				case 200:
				case 429:
					seen429 = true
					code, msg := errorOf(t, s.Body)
					after, err := strconv.Atoi(s.Headers["Retry-After"])
					if code != "TooManyRequests" || msg != "Please retry again later." || err != nil || after < 1 ||
						!strings.HasPrefix(s.Headers["x-ms-throttle-scope"], "Tenant_Application/Write/") {
						t.Fatalf("429: %+v %s", s.Headers, s.Body)
					}
					wait = max(wait, after)
					retry = append(retry, pending[i])
				default:
					t.Fatalf("%s: %d %s", pending[i], s.Status, s.Body)
				}
			}
			pending = append(retry, pending[min(20, len(pending)):]...)
			time.Sleep(time.Duration(wait) * time.Second)
		}
		if seen429 != (e == throttled) {
			t.Fatalf("429 seen: %v", seen429)
		}
	}
	if a, b := holders(t, throttled, skuE3), holders(t, free, skuE3); a != b {
		t.Fatalf("the throttled run ended elsewhere:\n%s\n%s", a, b)
	}
	// A request on its own is throttled as well, with Graph's headers.
	tok := throttled.adminToken()
	var resp *http.Response
	var body []byte
	for range 20 {
		if resp, body = throttled.call("PATCH", "/v1.0/users/adele.garcia@contoso.com", tok, `{"jobTitle": "Buyer"}`); resp.StatusCode == 429 {
			break
		}
	}
	wantError(t, resp, body, 429, "TooManyRequests", "Please retry again later.")
	if resp.Header.Get("Retry-After") == "" || resp.Header.Get("x-ms-throttle-information") != "WriteLimitExceeded" {
		t.Fatalf("429 headers: %v", resp.Header)
	}
}

// e3Holders are n users holding SPE_E3 directly.
func e3Holders(t *testing.T, e *env, n int) []string {
	t.Helper()
	as, err := e.st.UserLicenses(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, a := range as {
		if a.SkuID == skuE3 && a.GroupID == "" && len(out) < n {
			out = append(out, a.UserPrincipalName)
		}
	}
	return out
}

// holders lists who holds a product.
func holders(t *testing.T, e *env, sku string) string {
	t.Helper()
	as, err := e.st.UserLicenses(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	for _, a := range as {
		if a.SkuID == sku {
			fmt.Fprintln(&b, a.UserPrincipalName, a.GroupID)
		}
	}
	return b.String()
}

// TestConcurrentClients has clients remove one license from overlapping
// lists of users at once: each user loses it exactly once, with one audit
// row, and the seats add up.
func TestConcurrentClients(t *testing.T) {
	t.Parallel()
	e := newEnv(t, true, graphapi.Options{})
	users := e3Holders(t, e, 60)
	p, err := e.st.Products(ctx)
	if err != nil {
		t.Fatal(err)
	}
	consumed := func(ps []tenant.Product) int {
		for _, x := range ps {
			if x.SkuID == skuE3 {
				return x.Assigned
			}
		}
		return -1
	}
	before := consumed(p)
	audited := map[string]int{}
	for _, u := range users {
		rows, err := e.st.AuditLog(ctx, tenant.AuditFilter{Target: u, Operation: "Set user license"})
		if err != nil {
			t.Fatal(err)
		}
		audited[u] = len(rows)
	}
	tokens := []string{e.adminToken(), e.adminToken(), e.adminToken(), e.adminToken()}
	var mu sync.Mutex
	removed := map[string]int{}
	var wg sync.WaitGroup
	for c, tok := range tokens {
		wg.Add(1)
		go func() {
			defer wg.Done()
			// Each client takes every user, starting at a different one.
			for i := range users {
				u := users[(i+c*15)%len(users)]
				resp, body := e.call("POST", "/v1.0/users/"+u+"/assignLicense", tok,
					`{"addLicenses": [], "removeLicenses": ["`+skuE3+`"]}`)
				switch resp.StatusCode {
				case 200:
					mu.Lock()
					removed[u]++
					mu.Unlock()
				case 400:
				default:
					t.Errorf("%s: %d %s", u, resp.StatusCode, body)
				}
			}
		}()
	}
	wg.Wait()
	for _, u := range users {
		if removed[u] != 1 {
			t.Errorf("%s lost the license %d times", u, removed[u])
		}
		rows, err := e.st.AuditLog(ctx, tenant.AuditFilter{Target: u, Operation: "Set user license"})
		if err != nil || len(rows) != audited[u]+1 {
			t.Errorf("%s: %d new audit rows, %v", u, len(rows)-audited[u], err)
		}
	}
	p, err = e.st.Products(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if got := consumed(p); got != before-len(users) {
		t.Fatalf("SPE_E3 seats: %d assigned, want %d", got, before-len(users))
	}
}

// TestLatency delays every answer by Options.Latency.
func TestLatency(t *testing.T) {
	t.Parallel()
	e := newEnv(t, false, graphapi.Options{Latency: 300 * time.Millisecond})
	tok := e.adminToken()
	start := time.Now()
	if resp, body := e.call("GET", "/v1.0/users", tok, ""); resp.StatusCode != 200 {
		t.Fatalf("%d %s", resp.StatusCode, body)
	}
	if d := time.Since(start); d < 300*time.Millisecond {
		t.Fatalf("answered in %v", d)
	}
}

package graphapi_test

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"licsh/builtins/tenant"
	"licsh/builtins/tenant/graphapi"
)

const bigUsers = 100_000

var bigFile struct {
	once sync.Once
	path string
	err  error
}

// bigTenant is a 100,000-user tenant, every user on Microsoft 365 E3,
// built once per test binary. Its rows go in with plain SQL, as the tenant
// package's benchmarks build theirs: a starting point, not a change.
func bigTenant(b *testing.B) string {
	bigFile.once.Do(func() {
		dir, err := os.MkdirTemp("", "licsh-graph-bench-")
		if err != nil {
			bigFile.err = err
			return
		}
		bigFile.path = filepath.Join(dir, "tenant.db")
		bigFile.err = buildBigTenant(bigFile.path)
	})
	if bigFile.err != nil {
		b.Fatal(bigFile.err)
	}
	return bigFile.path
}

func buildBigTenant(path string) error {
	st, err := tenant.Open(path)
	if err != nil {
		return err
	}
	defer st.Close()
	if err := st.Initialize(ctx, "Contoso", "contoso.com", false); err != nil {
		return err
	}
	if _, err := st.AddSubscription(ctx, tenant.NewSubscription{Sku: "SPE_E3", Quantity: bigUsers * 2}); err != nil {
		return err
	}
	tx, err := st.DB().Begin()
	if err != nil {
		return err
	}
	defer tx.Rollback()
	user, err := tx.Prepare(`INSERT INTO users (id, upn, display_name, department, usage_location, created) VALUES (?, ?, ?, 'Sales', 'US', ?)`)
	if err != nil {
		return err
	}
	lic, err := tx.Prepare(`INSERT INTO license_assignments (user_id, sku_id, assigned_at) VALUES (?, ?, ?)`)
	if err != nil {
		return err
	}
	now := time.Now().Unix()
	for i := range bigUsers {
		id := fmt.Sprintf("%08x-0000-4000-8000-%012x", i, i)
		upn := fmt.Sprintf("user%06d@contoso.com", i)
		if _, err := user.Exec(id, upn, upn, now); err != nil {
			return err
		}
		if _, err := lic.Exec(id, skuE3, now); err != nil {
			return err
		}
	}
	if _, err := tx.Exec(`UPDATE skus SET consumed = (SELECT count(DISTINCT user_id) FROM license_assignments la WHERE la.sku_id = skus.sku_id)`); err != nil {
		return err
	}
	return tx.Commit()
}

// benchEnv serves the big tenant over HTTPS with an admin token.
func benchEnv(b *testing.B) (*env, string) {
	st, err := tenant.Open(bigTenant(b))
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { st.Close() })
	api, err := graphapi.New(st, graphapi.Options{})
	if err != nil {
		b.Fatal(err)
	}
	srv := httptest.NewTLSServer(api)
	b.Cleanup(srv.Close)
	e := &env{t: b, st: st, api: api, srv: srv, client: srv.Client()}
	return e, e.adminToken()
}

// BenchmarkGraphAPIListUsers pages through the 100,000 users with
// $top=999, over HTTPS with a token, and alternates each run with the
// bare minimum: the same pages read through the tenant store. It reports
// both in requests (pages) per second and their ratio.
func BenchmarkGraphAPIListUsers(b *testing.B) {
	e, tok := benchEnv(b)
	var httpTime, storeTime time.Duration
	pages := 0
	for b.Loop() {
		start := time.Now()
		n, p := 0, 0
		for next := e.srv.URL + "/v1.0/users?$top=999"; next != ""; p++ {
			req, _ := http.NewRequest("GET", next, nil)
			req.Header.Set("Authorization", "Bearer "+tok)
			resp, err := e.client.Do(req)
			if err != nil {
				b.Fatal(err)
			}
			body, err := io.ReadAll(resp.Body)
			resp.Body.Close()
			if err != nil || resp.StatusCode != 200 {
				b.Fatal(resp.StatusCode, err)
			}
			n += bytes.Count(body, []byte(`"userPrincipalName":`))
			next = nextLink(body)
		}
		httpTime += time.Since(start)
		if n != bigUsers+1 {
			b.Fatalf("%d users", n)
		}
		pages += p

		start = time.Now()
		n = 0
		for after := ""; ; {
			var page []tenant.User
			if err := e.st.EachUser(ctx, tenant.UserFilter{Top: 1000, After: after}, func(u tenant.User) error {
				page = append(page, u)
				return nil
			}); err != nil {
				b.Fatal(err)
			}
			n += min(len(page), 999)
			if len(page) < 1000 {
				break
			}
			after = page[998].ID
		}
		storeTime += time.Since(start)
		if n != bigUsers+1 {
			b.Fatalf("store: %d users", n)
		}
	}
	b.ReportMetric(float64(pages)/httpTime.Seconds(), "http-req/s")
	b.ReportMetric(float64(pages)/storeTime.Seconds(), "store-req/s")
	b.ReportMetric(httpTime.Seconds()/storeTime.Seconds(), "http/store")
}

// nextLink finds a page's @odata.nextLink, which Graph writes before the
// users.
func nextLink(body []byte) string {
	const key = `"@odata.nextLink":"`
	i := bytes.Index(body[:min(len(body), 1024)], []byte(key))
	if i < 0 {
		return ""
	}
	rest := body[i+len(key):]
	return string(rest[:bytes.IndexByte(rest, '"')])
}

// BenchmarkGraphAPIBatchAssignLicense removes a license from 1,000 users
// with $batch (50 batches of 20 assignLicense requests) over HTTPS, and
// alternates each run with the bare minimum: the same removals through the
// tenant store, one call per user. Both sets are given the license back
// between runs, untimed. It reports both in requests per second and their
// ratio.
func BenchmarkGraphAPIBatchAssignLicense(b *testing.B) {
	e, tok := benchEnv(b)
	var httpTime, storeTime time.Duration
	const n = 1000
	round := 0
	for b.Loop() {
		users := func(set int) []string {
			out := make([]string, n)
			for i := range out {
				out[i] = fmt.Sprintf("user%06d@contoso.com", ((round*2+set)*n+i)%bigUsers)
			}
			return out
		}
		viaHTTP, viaStore := users(0), users(1)
		round++
		start := time.Now()
		for i := 0; i < n; i += 20 {
			var reqs []string
			for j, u := range viaHTTP[i : i+20] {
				reqs = append(reqs, fmt.Sprintf(`{"id":"%d","method":"POST","url":"/users/%s/assignLicense","headers":{"Content-Type":"application/json"},"body":{"addLicenses":[],"removeLicenses":["%s"]}}`, j, u, skuE3))
			}
			req, _ := http.NewRequest("POST", e.srv.URL+"/v1.0/$batch", strings.NewReader(`{"requests":[`+strings.Join(reqs, ",")+`]}`))
			req.Header.Set("Authorization", "Bearer "+tok)
			req.Header.Set("Content-Type", "application/json")
			resp, err := e.client.Do(req)
			if err != nil {
				b.Fatal(err)
			}
			body, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode != 200 || bytes.Count(body, []byte(`"status":200`)) != 20 {
				b.Fatalf("%d %.300s", resp.StatusCode, body)
			}
		}
		httpTime += time.Since(start)

		start = time.Now()
		for _, u := range viaStore {
			if _, err := e.st.SetUserLicenseStrict(ctx, u, nil, []string{skuE3}); err != nil {
				b.Fatal(err)
			}
		}
		storeTime += time.Since(start)

		b.StopTimer()
		for _, u := range append(viaHTTP, viaStore...) {
			if _, err := e.st.SetUserLicense(ctx, u, []tenant.AddLicense{{SkuID: skuE3}}, nil); err != nil {
				b.Fatal(err)
			}
		}
		b.StartTimer()
	}
	b.ReportMetric(float64(n*round)/httpTime.Seconds(), "http-req/s")
	b.ReportMetric(float64(n*round)/storeTime.Seconds(), "store-req/s")
	b.ReportMetric(httpTime.Seconds()/storeTime.Seconds(), "http/store")
}

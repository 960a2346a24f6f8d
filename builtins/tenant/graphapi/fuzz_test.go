package graphapi_test

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strings"
	"testing"

	"licsh/builtins/tenant/graphapi"
)

// fuzzRequest sends one request to the API in-process and checks what any
// input must give: no panic, Graph's answer (a success or Graph's error
// body), and memory in proportion to the input: a request may allocate a
// few times its size, plus what a page of the small tenant takes.
func fuzzRequest(t *testing.T, e *env, tok, method, target string, body []byte, headers ...string) {
	req := httptest.NewRequest(method, "https://graph.test/", bytes.NewReader(body))
	// The target goes in as a client sends it, whatever it holds.
	req.URL.Path, req.URL.RawQuery, _ = strings.Cut(target, "?")
	req.Header.Set("Authorization", "Bearer "+tok)
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	rec := httptest.NewRecorder()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	e.api.ServeHTTP(rec, req)
	runtime.ReadMemStats(&after)
	if used := after.TotalAlloc - before.TotalAlloc; used > 4<<20+64*uint64(len(body)+len(target)) {
		t.Fatalf("%s %q with %d bytes of body allocated %d bytes", method, target, len(body), used)
	}
	if rec.Code >= 500 {
		t.Fatalf("%s %q: %d %s", method, target, rec.Code, rec.Body)
	}
	if rec.Code >= 400 {
		var m struct {
			Error *struct{ Code, Message string }
		}
		if err := json.Unmarshal(rec.Body.Bytes(), &m); err != nil || m.Error == nil || m.Error.Message == "" {
			t.Fatalf("%s %q: %d without Graph's error body: %s", method, target, rec.Code, rec.Body)
		}
	}
}

// fuzzServer is a small tenant with a few users, and an admin token.
func fuzzServer(f *testing.F) (*env, string) {
	e := newEnv(f, false, graphapi.Options{})
	if _, err := e.st.AddSubscription(ctx, tenantSub("SPE_E3", 10)); err != nil {
		f.Fatal(err)
	}
	for _, upn := range []string{"ann@contoso.com", "bob@contoso.com", "cy@contoso.com"} {
		if _, err := e.st.NewUser(ctx, tenantUser(upn)); err != nil {
			f.Fatal(err)
		}
	}
	return e, e.adminToken()
}

// FuzzListQuery fuzzes the OData query options of a list of users.
func FuzzListQuery(f *testing.F) {
	for _, seed := range []string{
		"$top=2", "$select=displayName,assignedLicenses&$top=1", "$filter=startswith(displayName,'a')&$count=true",
		"$filter=assignedLicenses/any(x:x/skuId eq 05e9a617-0261-4cee-bb44-138d3ef5d965)", `$search="displayName:an"&$count=true`,
		"$orderby=displayName desc,department&$count=true", "$skiptoken=czoy", "$filter=(not (department eq 'x')) or userType in ('Member')",
		"$top=0", "$filter=%zz", "$count=maybe", "$filter=" + string(bytes.Repeat([]byte("("), 500)),
	} {
		f.Add(seed)
	}
	e, tok := fuzzServer(f)
	f.Fuzz(func(t *testing.T, query string) {
		fuzzRequest(t, e, tok, http.MethodGet, "/v1.0/users?"+query, nil, "ConsistencyLevel", "eventual")
	})
}

// FuzzBatch fuzzes $batch bodies.
func FuzzBatch(f *testing.F) {
	for _, seed := range []string{
		`{"requests": [{"id": "1", "method": "GET", "url": "/users?$top=1"}]}`,
		`{"requests": [{"id": "1", "method": "PATCH", "url": "/users/ann@contoso.com", "headers": {"Content-Type": "application/json"}, "body": {"department": "Sales"}},
		  {"id": "2", "method": "GET", "url": "/users/ann@contoso.com", "dependsOn": ["1"]}]}`,
		`{"requests": [{"id": "1", "method": "POST", "url": "/$batch", "headers": {"Content-Type": "application/json"}, "body": {}}]}`,
		`{"requests": [{"id": "1", "method": "GET", "url": "%%%"}]}`, `{"requests": {}}`, `[]`, ``,
	} {
		f.Add([]byte(seed))
	}
	e, tok := fuzzServer(f)
	f.Fuzz(func(t *testing.T, body []byte) {
		fuzzRequest(t, e, tok, http.MethodPost, "/v1.0/$batch", body, "Content-Type", "application/json")
	})
}

// FuzzJSONBody fuzzes the JSON bodies of PATCH, POST /users and
// assignLicense.
func FuzzJSONBody(f *testing.F) {
	for _, seed := range []string{
		`{"department": "Sales", "usageLocation": "US"}`, `{"accountEnabled": false}`, `{"passwordProfile": {"password": "xWwvJ]6NMw+bWH-d"}}`,
		`{"addLicenses": [{"skuId": "05e9a617-0261-4cee-bb44-138d3ef5d965", "disabledPlans": []}], "removeLicenses": []}`,
		`{"accountEnabled": true, "displayName": "D", "mailNickname": "d", "userPrincipalName": "d@contoso.com", "passwordProfile": {"password": "xWwvJ]6NMw+bWH-d"}}`,
		`{"a": 1, "a": 2}`, `{`, `null`, `"x"`, `{"department": {"nested": [1, 2, {"deep": null}]}}`,
	} {
		f.Add(byte(0), []byte(seed))
	}
	e, tok := fuzzServer(f)
	f.Fuzz(func(t *testing.T, which byte, body []byte) {
		switch which % 3 {
		case 0:
			fuzzRequest(t, e, tok, http.MethodPatch, "/v1.0/users/bob@contoso.com", body, "Content-Type", "application/json")
		case 1:
			fuzzRequest(t, e, tok, http.MethodPost, "/v1.0/users", body, "Content-Type", "application/json")
		default:
			fuzzRequest(t, e, tok, http.MethodPost, "/v1.0/users/cy@contoso.com/assignLicense", body, "Content-Type", "application/json")
		}
	})
}

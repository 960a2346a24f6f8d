package graphapi_test

import (
	"fmt"
	"strings"
	"testing"

	"licsh/builtins/tenant/graphapi"
)

// TestBadInput sends what a careless or hostile client sends: each gets
// Graph's status and error body, the tenant is unchanged and the server
// keeps serving. Tokens that are expired, forged or of another tenant are
// TestTokensChecked's.
func TestBadInput(t *testing.T) {
	t.Parallel()
	e := newEnv(t, true, graphapi.Options{})
	tok := e.adminToken()
	before := e.snapshot()
	adele := "/v1.0/users/adele.garcia@contoso.com"
	var batch21 []string
	for i := range 21 {
		batch21 = append(batch21, fmt.Sprintf(`{"id": "%d", "method": "POST", "url": "/users/adele.garcia@contoso.com/assignLicense",
			"headers": {"Content-Type": "application/json"}, "body": {"addLicenses": [], "removeLicenses": ["%s"]}}`, i+1, skuE3))
	}
	huge := `{"department": "` + strings.Repeat("x", 4<<20) + `"}`
	for _, c := range []struct {
		name, method, path, body string
		headers                  []string
		status                   int
		code, message            string
	}{
		{"malformed JSON", "POST", adele + "/assignLicense", `{"addLicenses": [`, nil, 400, "BadRequest",
			"Unable to read JSON request payload. Please ensure Content-Type header is set and payload is of valid JSON format."},
		{"not an object", "PATCH", adele, `["department"]`, nil, 400, "BadRequest",
			"Unable to read JSON request payload. Please ensure Content-Type header is set and payload is of valid JSON format."},
		{"two objects", "PATCH", adele, `{"department": "Legal"} {}`, nil, 400, "BadRequest",
			"Unable to read JSON request payload. Please ensure Content-Type header is set and payload is of valid JSON format."},
		{"a body over 4 MB", "PATCH", adele, huge, nil, 413, "BadRequest", "The maximum request length supported is 4MB."},
		{"an unknown property in PATCH", "PATCH", adele, `{"department": "Legal", "favouriteColour": "blue"}`, nil, 400,
			"Request_BadRequest", "Property 'favouriteColour' does not exist as a declared property or extension property."},
		{"a read-only property in PATCH", "PATCH", adele, `{"assignedLicenses": []}`, nil, 400,
			"Request_BadRequest", "Property 'assignedLicenses' is read-only and cannot be set."},
		{"a value of the wrong type", "PATCH", adele, `{"department": "Legal", "accountEnabled": "yes"}`, nil, 400,
			"Request_BadRequest", "Invalid value specified for property 'accountEnabled' of resource 'User'."},
		{"a usage location that is no country", "PATCH", adele, `{"usageLocation": "Atlantis"}`, nil, 400,
			"Request_BadRequest", "Invalid value specified for property 'usageLocation' of resource 'User'."},
		{"a filter on a property Graph does not filter", "GET", "/v1.0/users?$filter=" + escape("city eq 'Paris'"), "", nil, 400,
			"Request_UnsupportedQuery", "Unsupported or invalid query filter clause specified for property 'city' of resource 'User'."},
		{"a filter with gt", "GET", "/v1.0/users?$filter=" + escape("displayName gt 'A'"), "", nil, 400,
			"Request_UnsupportedQuery", "Unsupported or invalid query filter clause specified for property 'displayName' of resource 'User'."},
		{"a filter on no property", "GET", "/v1.0/users?$filter=" + escape("shoeSize eq '9'"), "", nil, 400,
			"BadRequest", "Could not find a property named 'shoeSize' on type 'microsoft.graph.user'."},
		{"a filter that does not parse", "GET", "/v1.0/users?$filter=" + escape("displayName eq"), "", nil, 400,
			"BadRequest", "Invalid filter clause"},
		{"a filter on directory audits the server does not read", "GET", "/v1.0/auditLogs/directoryAudits?$filter=" + escape("result eq 'failure'"), "", nil, 400,
			"BadRequest", "Invalid filter clause"},
		{"directory audits sorted by another property", "GET", "/v1.0/auditLogs/directoryAudits?$orderby=category", "", nil, 400,
			"Request_UnsupportedQuery", "Sorting not supported for current query."},
		{"ne without an advanced query", "GET", "/v1.0/users?$filter=" + escape("department ne 'Sales'"), "", nil, 400,
			"Request_UnsupportedQuery", "Unsupported or invalid query filter clause specified for property 'department' of resource 'User'."},
		{"sorting with a filter without an advanced query", "GET", "/v1.0/users?$orderby=displayName&$filter=" + escape("department eq 'Sales'"),
			"", nil, 400, "Request_UnsupportedQuery", "Sorting not supported for current query."},
		{"a selection of no property", "GET", "/v1.0/users?$select=shoeSize", "", nil, 400,
			"BadRequest", "Could not find a property named 'shoeSize' on type 'microsoft.graph.user'."},
		{"a page too big", "GET", "/v1.0/users?$top=1000", "", nil, 400,
			"Request_BadRequest", "Invalid page size specified: '1000'. Must be between 1 and 999 inclusive."},
		{"$skip", "GET", "/v1.0/users?$skip=10", "", nil, 400, "Request_BadRequest", "'$skip' is not supported by the service."},
		{"a made-up skip token", "GET", "/v1.0/users?$skiptoken=abc", "", nil, 400,
			"Request_BadRequest", "Invalid $skiptoken value 'abc': use the @odata.nextLink of the previous page as it is."},
		{"a batch of 21 requests", "POST", "/v1.0/$batch", `{"requests": [` + strings.Join(batch21, ",") + `]}`, nil, 400,
			"BadRequest", "Number of batch request steps exceeds the maximum value of 20."},
		{"a batch that is no batch", "POST", "/v1.0/$batch", `{"request": []}`, nil, 400, "BadRequest", "Invalid batch payload format."},
		{"a batch step with a body and no Content-Type", "POST", "/v1.0/$batch", `{"requests": [{"id": "1", "method": "PATCH",
			"url": "/users/adele.garcia@contoso.com", "body": {"department": "Legal"}}]}`, nil, 400,
			"BadRequest", "Write request id : 1 does not contain Content-Type header or body."},
		{"a batch whose requests wait on each other", "POST", "/v1.0/$batch", `{"requests": [
			{"id": "1", "method": "DELETE", "url": "/users/adele.garcia@contoso.com", "dependsOn": ["2"]},
			{"id": "2", "method": "DELETE", "url": "/users/megan.jansen@contoso.com", "dependsOn": ["1"]}]}`, nil, 400,
			"BadRequest", "The requests of the batch depend on each other in a circle."},
		{"a license that is no GUID", "POST", adele + "/assignLicense", `{"addLicenses": [{"skuId": "SPE_E5"}], "removeLicenses": []}`, nil, 400,
			"Request_BadRequest", "Cannot convert a primitive value to the expected type 'Edm.Guid'. See the inner exception for more details."},
		{"assignLicense without removeLicenses", "POST", adele + "/assignLicense", `{"addLicenses": []}`, nil, 400,
			"BadRequest", "One or more parameters of the function import 'assignLicense' are missing from the request payload. The missing parameters are: removeLicenses."},
		{"assignLicense with a parameter it lacks", "POST", adele + "/assignLicense", `{"addLicenses": [], "removeLicenses": [], "force": true}`, nil, 400,
			"BadRequest", "The parameter 'force' in the request payload is not a valid parameter for the operation 'assignLicense'."},
		{"a license the tenant does not have", "POST", adele + "/assignLicense",
			`{"addLicenses": [{"skuId": "11111111-2222-3333-4444-555555555555"}], "removeLicenses": []}`, nil, 400,
			"Request_BadRequest", "License 11111111-2222-3333-4444-555555555555 does not correspond to a valid company License."},
		{"removing a license the user does not hold", "POST", adele + "/assignLicense",
			`{"addLicenses": [], "removeLicenses": ["` + skuEMS + `"]}`, nil, 400, "Request_BadRequest", "User does not have a corresponding license."},
		{"a resource Graph does not have", "GET", "/v1.0/printers", "", nil, 400, "BadRequest", "Resource not found for the segment 'printers'."},
		{"a method the resource does not take", "PUT", adele, `{}`, nil, 405, "Request_BadRequest",
			"Specified HTTP method is not allowed for the request target."},
		{"a group that is named, not given by id", "GET", "/v1.0/groups/All%20Sales", "", nil, 400,
			"Request_BadRequest", "Invalid object identifier 'All Sales'."},
		{"a user the tenant does not have", "PATCH", "/v1.0/users/nobody@contoso.com", `{"department": "Legal"}`, nil, 404,
			"Request_ResourceNotFound", "Resource 'nobody@contoso.com' does not exist or one of its queried reference-property objects are not present."},
	} {
		t.Run(c.name, func(t *testing.T) {
			resp, body := e.call(c.method, c.path, tok, c.body, c.headers...)
			wantError(t, resp, body, c.status, c.code, c.message)
		})
	}
	e.unchanged(before)
	if resp, body := e.call("GET", "/v1.0/users?$top=1", tok, ""); resp.StatusCode != 200 {
		t.Fatalf("the server stopped serving: %d %s", resp.StatusCode, body)
	}
}

// escape escapes a query value.
func escape(s string) string {
	return strings.NewReplacer(" ", "%20", "'", "%27").Replace(s)
}

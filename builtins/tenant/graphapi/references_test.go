package graphapi_test

import (
	"testing"

	"licsh/builtins/tenant/graphapi"
)

// TestReferenceRefusals: the changes of members, owners and role holders
// by reference, and groups created, are refused as Graph refuses them, and
// a refusal changes nothing.
func TestReferenceRefusals(t *testing.T) {
	t.Parallel()
	e := newEnv(t, true, graphapi.Options{})
	tok := e.adminToken()
	powerBI, sales, lina := e.groupID("Power BI Users"), e.groupID("All Sales"), e.userID("lina.lopez@contoso.com")
	member := e.groupMember("Power BI Users")
	role := e.roleID("License Administrator")
	ref := func(id string) string {
		return `{"@odata.id": "https://graph.microsoft.com/v1.0/directoryObjects/` + id + `"}`
	}
	nobody := "00000000-0000-0000-0000-00000000abcd"
	if status, _ := e.status("POST", "/v1.0/groups/"+sales+"/owners/$ref", tok, ref(lina)); status != 204 {
		t.Fatalf("owner added: %d", status)
	}
	before := e.snapshot()
	for _, c := range []struct {
		name, method, path, body string
		headers                  []string
		status                   int
		code, message            string
	}{
		{"a member already", "POST", "/v1.0/groups/" + powerBI + "/members/$ref", ref(member), nil, 400, "Request_BadRequest",
			"One or more added object references already exist for the following modified properties: 'members'."},
		{"an owner already", "POST", "/v1.0/groups/" + sales + "/owners/$ref", ref(lina), nil, 400, "Request_BadRequest",
			"One or more added object references already exist for the following modified properties: 'owners'."},
		{"a member of no one", "POST", "/v1.0/groups/" + sales + "/members/$ref", ref(nobody), nil, 404, "Request_ResourceNotFound",
			"Resource '" + nobody + "' does not exist or one of its queried reference-property objects are not present."},
		{"a reference that is no URL of an object", "POST", "/v1.0/groups/" + sales + "/members/$ref", `{"@odata.id": "adele"}`, nil, 400,
			"Request_BadRequest", "Invalid object identifier 'adele'."},
		{"a reference without @odata.id", "POST", "/v1.0/groups/" + sales + "/members/$ref", `{}`, nil, 400, "BadRequest",
			"The '@odata.id' of a reference is required and must be the URL of a directory object."},
		{"removing one who is not a member", "DELETE", "/v1.0/groups/" + sales + "/members/" + lina + "/$ref", "", nil, 404,
			"Request_ResourceNotFound", "Resource '" + lina + "' does not exist or one of its queried reference-property objects are not present."},
		{"removing one who is not an owner", "DELETE", "/v1.0/groups/" + powerBI + "/owners/" + lina + "/$ref", "", nil, 404,
			"Request_ResourceNotFound", "Resource '" + lina + "' does not exist or one of its queried reference-property objects are not present."},
		{"a role held already", "POST", "/v1.0/directoryRoles/" + role + "/members/$ref", ref(lina), nil, 400, "Request_BadRequest",
			"One or more added object references already exist for the following modified properties: 'members'."},
		{"taking a role from one who does not hold it", "DELETE", "/v1.0/directoryRoles/" + role + "/members/" + member + "/$ref", "", nil, 404,
			"Request_ResourceNotFound", "Resource '" + member + "' does not exist or one of its queried reference-property objects are not present."},
		{"a role template that is none", "POST", "/v1.0/directoryRoles/roleTemplateId=" + nobody + "/members/$ref", ref(lina), nil, 404,
			"Request_ResourceNotFound", "Resource 'roleTemplateId=" + nobody + "' does not exist or one of its queried reference-property objects are not present."},
		{"a distribution group", "POST", "/v1.0/groups", `{"displayName": "News", "mailEnabled": true, "mailNickname": "news", "securityEnabled": false}`,
			nil, 400, "Request_BadRequest",
			"The service does not currently support writes of mail-enabled groups. Please ensure that the mail-enablement property is unset or set to false."},
		{"a group without mailEnabled", "POST", "/v1.0/groups", `{"displayName": "News", "mailNickname": "news", "securityEnabled": true}`,
			nil, 400, "Request_BadRequest", "Property mailEnabled value is required but is empty or missing."},
		{"a group named as another", "POST", "/v1.0/groups", `{"displayName": "all sales", "mailEnabled": false, "mailNickname": "x", "securityEnabled": true}`,
			nil, 400, "Request_BadRequest", "Another object with the same value for property displayName already exists."},
		{"a count of members without eventual", "GET", "/v1.0/groups/" + sales + "/members/$count", "", nil, 400, "Request_BadRequest",
			"$count is not currently supported."},
	} {
		resp, body := e.call(c.method, c.path, tok, c.body, c.headers...)
		if resp.StatusCode != c.status {
			t.Errorf("%s: status %d, want %d\n%s", c.name, resp.StatusCode, c.status, body)
			continue
		}
		msg := decode(t, body)["error"].(map[string]any)
		if msg["code"] != c.code || msg["message"] != c.message {
			t.Errorf("%s: %v: %v, want %s: %s", c.name, msg["code"], msg["message"], c.code, c.message)
		}
	}
	if after := e.snapshot(); after != before {
		t.Errorf("the refusals changed the tenant:\n%s\nwas\n%s", after, before)
	}
}

// userID is the object id of a user.
func (e *env) userID(upn string) string {
	e.t.Helper()
	u, err := e.st.GetUser(ctx, upn)
	if err != nil {
		e.t.Fatal(err)
	}
	return u.ID
}

// groupMember is the object id of a member of a group.
func (e *env) groupMember(group string) string {
	e.t.Helper()
	members, err := e.st.GroupMembers(ctx, group)
	if err != nil || len(members) == 0 {
		e.t.Fatalf("members of %s: %v", group, err)
	}
	return members[0].ID
}

// status makes a Graph request and returns its status and body.
func (e *env) status(method, path, token, body string) (int, []byte) {
	e.t.Helper()
	resp, data := e.call(method, path, token, body)
	return resp.StatusCode, data
}

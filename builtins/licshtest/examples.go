package licshtest

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"licsh/builtins/licshtest/workbook"
	"licsh/shell/cmdlet"
	"licsh/shell/interp"
)

// exampleFiles are the files the examples read, in the folder each runs
// in, naming the demo tenant's users.
var exampleFiles = map[string]string{
	"users.csv": "UserPrincipalName,DisplayName,Department,UsageLocation\n" +
		"pradeep.wilber@contoso.com,Pradeep Wilber,Sales,US\nmegan.jansen@contoso.com,Megan Jansen,Marketing,US\n",
	"starters.csv": "UserPrincipalName,DisplayName,GivenName,Surname,Department,UsageLocation\n" +
		"nina.starter@contoso.com,Nina Starter,Nina,Starter,Sales,US\nomar.starter@contoso.com,Omar Starter,Omar,Starter,IT,GB\n",
	"leavers.csv":   "UserPrincipalName\npradeep.wilber@contoso.com\nmegan.jansen@contoso.com\n",
	"export.csv":    "UserPrincipalName;Department\npradeep.wilber@contoso.com;Sales\n",
	"users.txt":     "tomas.fernandez@contoso.com\nkenji.johnson@contoso.com\n",
	"settings.json": `{"TenantName": "Contoso", "Products": ["SPE_E3", "SPE_E5"]}`,
	"users_2025_03_01.csv": "Block credential,Department,Display name,First name,Last name,Licenses,Usage location,User principal name\n" +
		"False,Sales,Nina Starter,Nina,Starter,Microsoft 365 E3,US,nina.starter@contoso.com\n",
	"Product_names_and_service_plan_identifiers_for_licensing.csv": "Product_Display_Name,String_Id,GUID,Service_Plan_Name,Service_Plan_Id,Service_Plans_Included_Friendly_Names\n" +
		"Microsoft 365 E3,SPE_E3,05e9a617-0261-4cee-bb44-138d3ef5d965,EXCHANGE_S_ENTERPRISE,efb87545-963c-4e0d-99df-69c6916d9eb0,Exchange Online (Plan 2)\n",
}

// exampleBooks are the workbooks the examples read: sheets of rows.
var exampleBooks = map[string]map[string][][]any{
	"users.xlsx":   {"Sheet1": {{"UserPrincipalName"}, {"tomas.fernandez@contoso.com"}, {"kenji.johnson@contoso.com"}}},
	"report.xlsx":  {"Leavers": {{"Leavers, March"}, {}, {"UserPrincipalName", "Reason"}, {"megan.jansen@contoso.com", "Left"}}},
	"leavers.xlsx": {"March": {{"UserPrincipalName"}, {"pradeep.wilber@contoso.com"}, {"megan.jansen@contoso.com"}}},
}

// freshTenant lists the cmdlets whose examples start a tenant, and so run
// on a new, empty one.
var freshTenant = map[string]bool{"Initialize-Tenant": true}

// CheckExamples runs every example of each of cmds on a copy of the demo
// tenant, in a folder holding the files examples read, with a person at
// the keyboard who answers every prompt "y": none may fail. A module's
// cmdlets run connected, as its examples assume. setup, when not nil, adds
// to the commands of each session, as licsh adds Go cmdlets.
func CheckExamples(t *testing.T, cmds []*cmdlet.Cmdlet, setup func(*interp.Registry) error) {
	demo := Demo(t)
	tenant, err := os.ReadFile(demo.Tenant)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range cmds {
		for i, ex := range c.Examples {
			t.Run(c.Name+"/"+strconv.Itoa(i+1), func(t *testing.T) {
				t.Parallel()
				s := New(t)
				s.Setup = setup
				if !freshTenant[c.Name] {
					if err := os.WriteFile(s.Tenant, tenant, 0o644); err != nil {
						t.Fatal(err)
					}
				}
				for name, text := range exampleFiles {
					if err := os.WriteFile(filepath.Join(s.Dir, name), []byte(text), 0o644); err != nil {
						t.Fatal(err)
					}
				}
				for name, sheets := range exampleBooks {
					var order []string
					for sheet := range sheets {
						order = append(order, sheet)
					}
					workbook.Write(t, filepath.Join(s.Dir, name), sheets, order...)
				}
				var out, errb bytes.Buffer
				r := s.Runner(&interp.Host{Stdin: strings.NewReader(strings.Repeat("y\n", 20)), Stdout: &out, Stderr: &errb,
					Interactive: true, Width: 120})
				ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
				defer cancel()
				code := r.RunString(ctx, "", connectFirst(c.Module)+ex.Code, nil)
				if code != 0 || errb.Len() > 0 {
					t.Errorf("%s\nexit code %d\n%s", ex.Code, code, errb.String())
				}
			})
		}
	}
}

// connectFirst is what a module's examples assume ran before them.
func connectFirst(module string) string {
	switch {
	case strings.HasPrefix(module, "Microsoft.Graph."):
		return "Connect-MgGraph -NoWelcome\n"
	case module == "MSOnline":
		return "Connect-MsolService\n"
	case module == "AzureAD":
		return "Connect-AzureAD | Out-Null\n"
	case module == "ExchangeOnlineManagement":
		return "Connect-ExchangeOnline -ShowBanner:$false\n"
	}
	return ""
}

package compat_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/rogpeppe/go-internal/txtar"

	"licsh/builtins/licshtest"
	"licsh/builtins/m365"
	"licsh/builtins/tenant"
	"licsh/shell/interp"
)

// A session connected to a Microsoft 365 tenant works on that tenant's
// Directory. These tests make the Directory a second tenant file: each
// script must change it exactly as it changes a tenant file it runs on
// directly, print the same, and leave the session's own tenant file as it
// was.

// liveCase is a script in two parts: connect runs on the tenant file
// before the session is connected to the live tenant (Connect-MgGraph
// without -TenantId goes back to the file), body on the live tenant.
type liveCase struct {
	connect, body string
	// changes says the body changes the tenant, which the test checks, so
	// that comparing the tenants proves something.
	changes bool
}

// liveCases are the scripts of compat_test.go and the compat txtar
// scripts, for licsh's own license cmdlets and the Graph, MSOnline and
// AzureAD modules.
var liveCases = []liveCase{
	// licsh's own cmdlets.
	{"", "Get-License | ForEach-Object { '{0} {1}/{2}' -f $_.SkuPartNumber, $_.Assigned, $_.Total }; (Get-User -All).UserPrincipalName -join ' '", false},
	{"", "Set-UserLicense cy@contoso.com -AddLicenses SPE_E3\nSet-User cy@contoso.com -UsageLocation US\nSet-UserLicense cy@contoso.com -AddLicenses SPE_E3 -PassThru | Select-Object UserPrincipalName, Licenses" + strings.Replace(licensesOf, "%s", "cy@contoso.com", 1), true},
	{"", "Set-UserLicense bob@contoso.com -AddLicenses SPE_E5\nSet-UserLicense ann@contoso.com -RemoveLicenses SPE_E5 -AddLicenses SPE_E3\nGet-UserLicense | ForEach-Object { $_.UserPrincipalName + ' ' + $_.SkuPartNumber + ' ' + $_.AssignedBy }", true},
	{"", "Add-GroupMember -Group Licensed -Member ann@contoso.com, cy@contoso.com\nSet-User cy@contoso.com -UsageLocation US\nAdd-GroupMember -Group Licensed -Member cy@contoso.com\n(Get-GroupMember -Group Licensed).UserPrincipalName; Get-Group | Format-List DisplayName, Licenses, MemberCount", true},
	{"", "Set-UserLicense -Identity ann@contoso.com, cy@contoso.com -RemoveAll\nAdd-GroupMember -Group Licensed -Member bob@contoso.com\nSet-UserLicense -Identity bob@contoso.com -RemoveAll -PassThru | Select-Object UserPrincipalName, Licenses\nGet-UserLicense | ForEach-Object { $_.UserPrincipalName + ' ' + $_.SkuPartNumber + ' ' + $_.AssignedBy }", true},
	{"", "New-Group -DisplayName 'E5 users' | Out-Null\nSet-GroupLicense -Group 'E5 users' -AddLicenses SPE_E5 -DisabledPlans SWAY -PassThru | Out-Null\nAdd-GroupMember -Group 'E5 users' -Member bob@contoso.com\n(Get-License -Sku SPE_E5).Assigned", true},
	{"", "New-User -UserPrincipalName dee@contoso.com -DisplayName 'Dee Ray' -UsageLocation US -Department Legal | Select-Object UserPrincipalName, DisplayName, Department\nRemove-User bob@contoso.com -Confirm:$false\n(Get-DeletedUser).UserPrincipalName\nRestore-User bob@contoso.com | Out-Null\n(Get-User -All).Count", true},
	{"", "Set-UserLicense bob@contoso.com -AddLicenses SPE_E5\nGet-AuditLog -Operation 'Set user license' -Last 1 | Format-List Operation, Target, After", true},
	{"", "Add-RoleAssignment -Role 'License Administrator' -User bob@contoso.com\nGet-RoleAssignment | ForEach-Object { $_.Role + ' ' + $_.UserPrincipalName }\nRemove-RoleAssignment -Role 'Global Administrator' -User admin@contoso.com", true},
	{"", "Connect-MsolService -Credential bob@contoso.com\nSet-MsolUser -UserPrincipalName cy@contoso.com -UsageLocation US\n(Get-Tenant).ActingAdmin\nConnect-AzureAD -AccountId admin@contoso.com | Out-Null\nSet-AzureADUser -ObjectId cy@contoso.com -UsageLocation US\n(Get-User cy@contoso.com).UsageLocation", true},

	// Microsoft.Graph.
	{mg, "(Get-MgUser -All).UserPrincipalName -join ' '\n(Get-MgUser -Filter \"startswith(displayName,'b') or usageLocation eq 'US'\" -All).DisplayName -join ','\nGet-MgUser -UserId nobody@contoso.com", false},
	{mg, "$u = Get-MgUser -Filter 'assignedLicenses/$count eq 0' -ConsistencyLevel eventual -CountVariable n -All; $n; $u.UserPrincipalName -join ' '", false},
	{mg, "$u = Set-MgUserLicense -UserId bob@contoso.com -AddLicenses @{SkuId = '" + skuE5 + "'} -RemoveLicenses @(); $u.UserPrincipalName" + strings.Replace(licensesOf, "%s", "bob@contoso.com", 1), true},
	{mg, "$ann = Get-MgUser -UserId ann@contoso.com -Property AssignedLicenses\nSet-MgUserLicense -UserId cy@contoso.com -AddLicenses $ann.AssignedLicenses -RemoveLicenses @()\nUpdate-MgUser -UserId cy@contoso.com -UsageLocation US\nSet-MgUserLicense -UserId cy@contoso.com -AddLicenses $ann.AssignedLicenses | Out-Null" + strings.Replace(licensesOf, "%s", "cy@contoso.com", 1), true},
	{mg, "Set-MgUserLicense -UserId bob@contoso.com -AddLicenses @() -RemoveLicenses @('SPE_E3')\nSet-MgUserLicense -UserId bob@contoso.com -AddLicenses @{} -RemoveLicenses @()\n((Get-MgUserLicenseDetail -UserId ann@contoso.com | Where-Object SkuPartNumber -eq SPE_E5).ServicePlans | Where-Object ServicePlanName -eq SWAY).ProvisioningStatus", false},
	{mg, "Get-MgSubscribedSku | Select -Property Sku*, ConsumedUnits -ExpandProperty PrepaidUnits | fl", false},
	{mg, "Add-GroupMember -Group Licensed -Member ann@contoso.com, cy@contoso.com\n$g = Get-MgGroup -Filter \"displayName eq 'Licensed'\"\n(Get-MgGroupMember -GroupId $g.Id -All).AdditionalProperties.userPrincipalName -join ' '\nSet-MgGroupLicense -GroupId $g.Id -AddLicenses @() -RemoveLicenses @('" + skuE3 + "') | Out-Null\n(Get-Group Licensed).Licenses.Count", true},
	{mg, "$id = (Get-MgUser -UserId bob@contoso.com).Id\nRemove-MgUser -UserId $id -Confirm:$false\n(Get-MgDirectoryDeletedItem -DirectoryObjectId $id).AdditionalProperties.userPrincipalName\n(Get-MgDirectoryDeletedItemAsUser -All).UserPrincipalName\n(Restore-MgDirectoryDeletedItem -DirectoryObjectId $id).Id -eq $id", true},
	{mg, "$pw = @{ Password = 'xWwvJ]6NMw+bWH-d'; ForceChangePasswordNextSignIn = $true }\n$u = New-MgUser -DisplayName 'Dee Ray' -UserPrincipalName dee@contoso.com -MailNickname dee -AccountEnabled -PasswordProfile $pw -UsageLocation US\n$u.UserPrincipalName\nSet-MgUserLicense -UserId $u.Id -AddLicenses @{SkuId = '" + skuE3 + "'} -RemoveLicenses @() | Out-Null\nGet-MgUserMemberOf -UserId ann@contoso.com | Out-Null\nGet-MgDirectoryRole | ForEach-Object DisplayName", true},

	// MSOnline.
	{msol, "$l = (Get-MsolUser -UserPrincipalName ann@contoso.com).Licenses; $l.AccountSkuId; ($l.ServiceStatus | Where-Object ProvisioningStatus -eq Disabled).ServicePlan.ServiceName\n(Get-MsolUser -MaxResults 2).Count\nGet-MsolAccountSku | ForEach-Object { '{0} {1} {2} {3}' -f $_.AccountSkuId, $_.ActiveUnits, $_.WarningUnits, $_.ConsumedUnits }", false},
	{msol, "Set-MsolUserLicense -UserPrincipalName cy@contoso.com -AddLicenses CONTOSO:SPE_E3\nSet-MsolUser -UserPrincipalName cy@contoso.com -UsageLocation US\nSet-MsolUserLicense -UserPrincipalName cy@contoso.com -AddLicenses CONTOSO:SPE_E3\nSet-MsolUserLicense -UserPrincipalName bob@contoso.com -AddLicenses contoso:SPE_E5\nSet-MsolUserLicense -UserPrincipalName cy@contoso.com -AddLicenses contoso:NOPE" + strings.Replace(licensesOf, "%s", "cy@contoso.com", 1), true},
	{msol, "$o = New-MsolLicenseOptions -AccountSkuId contoso:SPE_E5 -DisabledPlans SWAY\nSet-MsolUser -UserPrincipalName cy@contoso.com -UsageLocation US\nSet-MsolUserLicense -UserPrincipalName cy@contoso.com -AddLicenses contoso:SPE_E5 -LicenseOptions $o\nRemove-MsolUser -UserPrincipalName bob@contoso.com -Force\n(Get-MsolUser -ReturnDeletedUsers).UserPrincipalName\nRestore-MsolUser -UserPrincipalName bob@contoso.com\n(Get-MsolUser -UserPrincipalName bob@contoso.com).IsLicensed", true},
	{msol, "$u = New-MsolUser -UserPrincipalName dee@contoso.com -DisplayName 'Dee Ray' -UsageLocation US -LicenseAssignment contoso:SPE_E3 -Department Legal -Password 'Spring2025!'\n$u.Password; $u.IsLicensed; $u.Licenses.ServiceStatus.Count -gt 10\n(Get-MsolGroup -SearchString Licensed).DisplayName\nGet-MsolRole -RoleName 'Company Administrator' | ForEach-Object Name\n(Get-MsolRoleMember -RoleObjectId (Get-MsolRole -RoleName 'Company Administrator').ObjectId).EmailAddress", true},

	// AzureAD.
	{aad, "$u = Get-AzureADUser -ObjectId ann@contoso.com; $u.DisplayName; $u.AssignedLicenses.SkuId\n(Get-AzureADUser -All $true).Count; (Get-AzureADUser -Filter \"department eq 'Sales'\").Count\nGet-AzureADSubscribedSku | ForEach-Object { $_.SkuPartNumber + ' ' + $_.ConsumedUnits + ' ' + $_.PrepaidUnits.Enabled }", false},
	{aad, `Set-AzureADUser -ObjectId cy@contoso.com -UsageLocation US
$License = New-Object -TypeName Microsoft.Open.AzureAD.Model.AssignedLicense
$License.SkuId = (Get-AzureADSubscribedSku | Where-Object -Property SkuPartNumber -Value SPE_E3 -EQ).SkuID
$Licenses = New-Object -TypeName Microsoft.Open.AzureAD.Model.AssignedLicenses
$Licenses.AddLicenses = $License
Set-AzureADUserLicense -ObjectId cy@contoso.com -AssignedLicenses $Licenses
Set-AzureADUserLicense -ObjectId cy@contoso.com -AssignedLicenses $Licenses
$ls = New-Object Microsoft.Open.AzureAD.Model.AssignedLicenses; $ls.RemoveLicenses = 'SPE_E3'; Set-AzureADUserLicense -ObjectId bob@contoso.com -AssignedLicenses $ls` + strings.Replace(licensesOf, "%s", "cy@contoso.com", 1), true},
	{aad, "$g = Get-AzureADGroup -SearchString Licensed\nAdd-AzureADGroupMember -ObjectId $g.ObjectId -RefObjectId (Get-AzureADUser -ObjectId ann@contoso.com).ObjectId\n(Get-AzureADGroupMember -ObjectId $g.ObjectId).UserPrincipalName\nRemove-AzureADGroupMember -ObjectId $g.ObjectId -MemberId (Get-AzureADUser -ObjectId ann@contoso.com).ObjectId\n(Get-AzureADDirectoryRole).DisplayName", true},
}

// liveTemplate is the compat tenant on a stopped clock, so that the
// tenants copied from it tell the same time.
func liveTemplate(t *testing.T) string {
	t.Helper()
	s := newCompat(t)
	s.MustRun("Set-TenantClock -Date (Get-Date) | Out-Null")
	return s.Tenant
}

func TestLiveDirectory(t *testing.T) {
	t.Parallel()
	template := liveTemplate(t)
	want := snapshot(t, template)
	for _, tc := range liveCases {
		dir := t.TempDir()
		direct, live, own := copyFile(t, template, dir, "direct.db"), copyFile(t, template, dir, "live.db"), copyFile(t, template, dir, "own.db")
		d := licshtest.New(t)
		d.Tenant = direct
		directOut, directErr := runLive(t, d, tc.connect, tc.body, nil)

		liveStore, err := tenant.Open(live)
		if err != nil {
			t.Fatal(err)
		}
		s := licshtest.New(t)
		s.Tenant = own
		out, errb := runLive(t, s, tc.connect, tc.body, &m365.GraphTenant{Name: "Contoso", Domain: "contoso.com", Directory: liveStore})

		if got, wantOut := normalize(out), normalize(directOut); got != wantOut {
			t.Errorf("%s\nlive output:\n%s\ndirect output:\n%s", tc.body, got, wantOut)
		}
		if got, wantErr := normalize(errb), normalize(directErr); got != wantErr {
			t.Errorf("%s\nlive errors:\n%s\ndirect errors:\n%s", tc.body, got, wantErr)
		}
		directSnap, liveSnap := snapshot(t, direct), snapshotOf(t, liveStore)
		liveStore.Close()
		if liveSnap != directSnap {
			t.Errorf("%s\nthe live tenant differs from the tenant file the script ran on:\nlive:   %s\ndirect: %s", tc.body, liveSnap, directSnap)
		}
		if tc.changes == (directSnap == want) {
			t.Errorf("%s\nchanges the tenant: %v, want %v", tc.body, directSnap != want, tc.changes)
		}
		if got := snapshot(t, own); got != want {
			t.Errorf("%s\nchanged the session's tenant file while it worked on a live tenant:\n got: %s\nwant: %s", tc.body, got, want)
		}
	}
}

// liveScripts are the end-to-end tests whose scripts run on a live tenant:
// those of Microsoft's modules, each run on the demo tenant. The Graph
// admin scripts of compat2_graph_admin show Get-MgContext, whose sign-in a
// second tenant file has not.
var liveScripts = []string{"compat_graph", "compat_msol", "compat_azuread", "compat2_msol_azuread_admin"}

// TestLiveScripts runs the scripts of the compat end-to-end tests on a
// live tenant that is a second copy of the demo tenant, as
// TestLiveDirectory runs its cases.
func TestLiveScripts(t *testing.T) {
	t.Parallel()
	demo := licshtest.Demo(t)
	demo.MustRun("Set-TenantClock -Date (Get-Date) | Out-Null")
	want := snapshot(t, demo.Tenant)
	for _, name := range liveScripts {
		ar, err := txtar.ParseFile(filepath.Join("..", "..", "cmd", "licsh", "testdata", "script", name+".txtar"))
		if err != nil {
			t.Fatal(err)
		}
		changed := 0
		for _, f := range ar.Files {
			if filepath.Ext(f.Name) != ".ps1" {
				continue
			}
			script := string(f.Data)
			// Connect-MgGraph without -TenantId goes back to the tenant
			// file, so it runs before the session goes live.
			connect, body := "", script
			if strings.HasPrefix(script, "Connect-MgGraph") {
				connect, body = split(script)
			}
			dir := t.TempDir()
			direct, live, own := copyFile(t, demo.Tenant, dir, "direct.db"), copyFile(t, demo.Tenant, dir, "live.db"), copyFile(t, demo.Tenant, dir, "own.db")
			d := licshtest.New(t)
			d.Tenant = direct
			writeFiles(t, d.Dir, ar)
			directOut, directErr := runLive(t, d, connect, body, nil)

			liveStore, err := tenant.Open(live)
			if err != nil {
				t.Fatal(err)
			}
			s := licshtest.New(t)
			s.Tenant = own
			writeFiles(t, s.Dir, ar)
			out, errb := runLive(t, s, connect, body, &m365.GraphTenant{Name: "Contoso", Domain: "contoso.com", Directory: liveStore})
			if got, wantOut := normalize(out), normalize(directOut); got != wantOut {
				t.Errorf("%s %s\nlive output:\n%s\ndirect output:\n%s", name, f.Name, got, wantOut)
			}
			if got, wantErr := normalize(errb), normalize(directErr); got != wantErr {
				t.Errorf("%s %s\nlive errors:\n%s\ndirect errors:\n%s", name, f.Name, got, wantErr)
			}
			directSnap, liveSnap := snapshot(t, direct), snapshotOf(t, liveStore)
			liveStore.Close()
			if liveSnap != directSnap {
				t.Errorf("%s %s: the live tenant differs from the tenant file the script ran on", name, f.Name)
			}
			if directSnap != want {
				changed++
			}
			if got := snapshot(t, own); got != want {
				t.Errorf("%s %s changed the session's tenant file while it worked on a live tenant", name, f.Name)
			}
		}
		if changed == 0 {
			t.Errorf("no script of %s changed the tenant", name)
		}
	}
}

// writeFiles writes the files of an end-to-end test into dir, where its
// scripts find them.
func writeFiles(t *testing.T, dir string, ar *txtar.Archive) {
	t.Helper()
	for _, f := range ar.Files {
		if err := os.WriteFile(filepath.Join(dir, f.Name), f.Data, 0o600); err != nil {
			t.Fatal(err)
		}
	}
}

// TestLiveFileOnly checks that what only a tenant file has is refused on a
// session connected to a Microsoft 365 tenant, with the refusal that says
// how to get a tenant file, and that a live tenant whose Directory is not
// there refuses every tenant cmdlet as before.
func TestLiveFileOnly(t *testing.T) {
	t.Parallel()
	template := liveTemplate(t)
	want := snapshot(t, template)
	dir := t.TempDir()
	live, own := copyFile(t, template, dir, "live.db"), copyFile(t, template, dir, "own.db")
	liveStore, err := tenant.Open(live)
	if err != nil {
		t.Fatal(err)
	}
	defer liveStore.Close()
	refusal := func(cmd string) string {
		return cmd + ": " + cmd + " works on a tenant file, and the session is connected to the Microsoft 365 tenant 'Contoso live' through Microsoft Graph. Copy that tenant with Copy-Tenant -Destination <file>, or run Connect-Tenant to work on " + own + " again."
	}
	fileOnly := []struct{ script, cmd string }{
		{"Set-TenantClock -AddDays 31", "Set-TenantClock"},
		{"Set-Tenant -Name Fabrikam", "Set-Tenant"},
		{"Initialize-Tenant -Name Fabrikam", "Initialize-Tenant"},
		{"Add-Subscription -Sku SPE_E5 -Quantity 3", "Add-Subscription"},
		{"Get-Subscription | Set-Subscription -Quantity 9", "Set-Subscription"},
		{"Get-SkuCatalog -Sku SPE_E5", "Get-SkuCatalog"},
		{"Get-UserData ann@contoso.com", "Get-UserData"},
		{"Import-User -Path users.csv", "Import-User"},
		{"Get-AppRegistration", "Get-AppRegistration"},
		{"Connect-ExchangeOnline -ShowBanner:$false; Get-EXOMailbox -Identity ann@contoso.com", "Get-EXOMailbox"},
		{mg + "Invoke-MgGraphRequest -Uri v1.0/users", "Invoke-MgGraphRequest"},
	}
	for _, tc := range fileOnly {
		s := licshtest.New(t)
		s.Tenant = own
		connect, body := split(tc.script)
		out, errb := runLive(t, s, connect, body, &m365.GraphTenant{Name: "Contoso live", Domain: "contoso.com", Directory: liveStore})
		if got := licshtest.Flat(errb); got != refusal(tc.cmd) || out != "" {
			t.Errorf("%s\n got: %q, output %q\nwant: %q", tc.script, got, out, refusal(tc.cmd))
		}
	}
	if got := snapshotOf(t, liveStore); got != want {
		t.Errorf("the live tenant changed:\n got: %s\nwant: %s", got, want)
	}

	// Without its Directory, a live tenant refuses licsh's own cmdlets and
	// the modules' alike.
	for _, tc := range []struct{ script, cmd string }{
		{"Get-User ann@contoso.com", "Get-User"},
		{"Set-UserLicense bob@contoso.com -AddLicenses SPE_E5", "Set-UserLicense"},
		{"Connect-MsolService", "Connect-MsolService"},
		{mg + "Get-MgUser -UserId ann@contoso.com", "Get-MgUser"},
	} {
		s := licshtest.New(t)
		s.Tenant = own
		connect, body := split(tc.script)
		out, errb := runLive(t, s, connect, body, &m365.GraphTenant{Name: "Contoso live", Domain: "contoso.com"})
		if got := licshtest.Flat(errb); !strings.HasSuffix(got, refusal(tc.cmd)[len(tc.cmd)+2:]) || out != "" {
			t.Errorf("%s without a Directory\n got: %q, output %q\nwant the refusal of %s", tc.script, got, out, tc.cmd)
		}
	}
	if got := snapshot(t, own); got != want {
		t.Errorf("the session's tenant file changed:\n got: %s\nwant: %s", got, want)
	}
}

// runLive runs connect, then body in the same session of s, connected to
// live in between unless live is nil; it returns what they printed.
func runLive(t *testing.T, s *licshtest.Session, connect, body string, live *m365.GraphTenant) (stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	runner, ts := s.RunnerSession(&interp.Host{Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errb, Width: s.Width})
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	runner.RunString(ctx, "", connect, nil)
	if live != nil {
		ts.UseGraph(live)
	}
	runner.RunString(ctx, "", body, nil)
	if err := ts.Close(); err != nil {
		t.Fatal(err)
	}
	return out.String(), errb.String()
}

// split cuts a script after its first line, the connect cmdlet when there
// is more than one line.
func split(script string) (connect, body string) {
	connect, body, ok := strings.Cut(script, "\n")
	if !ok {
		return "", script
	}
	return connect, body
}

// ids are the texts that differ between two tenants made by the same
// changes: request and trace ids, which are new on each request, and the
// time of a Graph error, which may be a second later.
var ids = regexp.MustCompile(`(RequestId|Trace ID|Correlation ID|Date): \S+`)

// stamps are the times AzureAD's errors tell, in the HTTP date's form.
var stamps = regexp.MustCompile(`\d\d:\d\d:\d\d UTC`)

func normalize(s string) string {
	return stamps.ReplaceAllString(ids.ReplaceAllString(s, "$1: *"), "* UTC")
}

// copyFile copies the tenant file src into dir as name.
func copyFile(t *testing.T, src, dir, name string) string {
	t.Helper()
	if _, err := os.Stat(src + "-wal"); err == nil {
		t.Fatalf("%s has a write-ahead log: it is still open", src)
	}
	in, err := os.Open(src)
	if err != nil {
		t.Fatal(err)
	}
	defer in.Close()
	dst := filepath.Join(dir, name)
	out, err := os.Create(dst)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := io.Copy(out, in); err != nil {
		t.Fatal(err)
	}
	if err := out.Close(); err != nil {
		t.Fatal(err)
	}
	return dst
}

// snapshot is everything the tenant file at path holds, as snapshotOf.
func snapshot(t *testing.T, path string) string {
	t.Helper()
	st, err := tenant.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	return snapshotOf(t, st)
}

// snapshotOf is everything a tenant file holds, as JSON in which users and
// groups go by name: the ids the tenant gives new users and groups are its
// own.
func snapshotOf(t *testing.T, st *tenant.Store) string {
	t.Helper()
	ctx := context.Background()
	var snap struct {
		Info          tenant.Info
		Users         []tenant.User
		Deleted       []tenant.User
		Licenses      []tenant.Assignment
		Groups        []tenant.Group
		Members       map[string][]string
		Owners        map[string][]string
		Roles         []tenant.RoleAssignment
		Subscriptions []tenant.Subscription
		Products      []tenant.Product
		Data          []tenant.UserData
		Audit         []tenant.AuditEntry
	}
	var err error
	must := func(e error) {
		t.Helper()
		if e != nil && err == nil {
			err = e
		}
	}
	var e error
	snap.Info, e = st.Info(ctx)
	must(e)
	snap.Users, e = st.Users(ctx, tenant.UserFilter{})
	must(e)
	snap.Deleted, e = st.DeletedUsers(ctx)
	must(e)
	snap.Licenses, e = st.UserLicenses(ctx, "")
	must(e)
	snap.Groups, e = st.Groups(ctx, "")
	must(e)
	snap.Members, snap.Owners = map[string][]string{}, map[string][]string{}
	for _, g := range snap.Groups {
		members, e := st.GroupMembers(ctx, g.ID)
		must(e)
		owners, e := st.GroupOwners(ctx, g.ID)
		must(e)
		for _, u := range members {
			snap.Members[g.DisplayName] = append(snap.Members[g.DisplayName], u.UserPrincipalName)
		}
		for _, u := range owners {
			snap.Owners[g.DisplayName] = append(snap.Owners[g.DisplayName], u.UserPrincipalName)
		}
	}
	snap.Roles, e = st.RoleAssignments(ctx, "", "")
	must(e)
	snap.Subscriptions, e = st.Subscriptions(ctx)
	must(e)
	snap.Products, e = st.Products(ctx)
	must(e)
	for _, u := range append(snap.Users, snap.Deleted...) {
		d, e := st.UserData(ctx, u.ID)
		if tenant.IsCode(e, tenant.CodeUserNotFound) {
			d, e = st.DeletedUserData(ctx, u.ID)
		}
		// A user deleted long ago holds no data any more.
		if tenant.IsCode(e, tenant.CodeUserNotFound) {
			continue
		}
		must(e)
		snap.Data = append(snap.Data, d)
	}
	snap.Audit, e = st.AuditLog(ctx, tenant.AuditFilter{})
	must(e)
	if err != nil {
		t.Fatal(err)
	}
	b, err := json.Marshal(snap)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, u := range append(snap.Users, snap.Deleted...) {
		names = append(names, u.ID, "user:"+u.UserPrincipalName)
	}
	for _, g := range snap.Groups {
		names = append(names, g.ID, "group:"+g.DisplayName)
	}
	return strings.NewReplacer(names...).Replace(string(b))
}

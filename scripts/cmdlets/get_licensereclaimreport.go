//go:build licsh

// Get-LicenseReclaimReport: where the licenses a tenant pays for go, and
// which of them could be taken back, product by product.
package cmdlets

import (
	"strings"

	"licsh/shell/cmdlet"
	"licsh/shell/value"
)

var Cmdlets = []*cmdlet.Cmdlet{{
	Name:     "Get-LicenseReclaimReport",
	Synopsis: "Reports per product the licenses paid for, assigned, unused and held by people who no longer need them.",
	Description: "Get-LicenseReclaimReport writes one row per product: Paid (licenses of its subscriptions), Assigned, Unused, " +
		"HeldByDisabled (licenses of users whose sign-in is blocked) and HeldInGracePeriod (licenses of users whose mailbox is " +
		"disconnected and waiting to be purged, as after an offboarding that left some licenses). Reclaimable is Unused plus " +
		"the licenses held by either kind of user, each counted once. A user holding a product directly and through a group holds one license. " +
		"With -Path it writes the report to an XLSX workbook instead.",
	SupportsShouldProcess: true,
	Params: []*cmdlet.Param{
		{Name: "Path", Type: cmdlet.String, Position: 1, Complete: cmdlet.CompletePath, Help: "The XLSX workbook to write the report to."},
	},
	Examples: []cmdlet.Example{
		{Code: "Get-LicenseReclaimReport | Where-Object Reclaimable -gt 0", Remarks: "Shows the products with licenses to take back."},
		{Code: "Get-LicenseReclaimReport -Path reclaim.xlsx", Remarks: "Writes the report for the finance team."},
	},
	Outputs: "licsh.LicenseReclaim",
	End:     reclaimReport,
}}

func reclaimReport(c cmdlet.Call) error {
	products, err := cmdlet.Run(c, "Get-License", nil)
	if err != nil {
		return err
	}
	users, err := cmdlet.Run(c, "Get-User", map[string]any{"All": true})
	if err != nil {
		return err
	}
	disabled := map[string]bool{}
	for _, u := range users {
		if enabled, _ := value.GetMember(u, "AccountEnabled"); !value.ToBool(enabled) {
			disabled[key(u)] = true
		}
	}
	data, err := cmdlet.Run(c, "Get-UserData", nil)
	if err != nil {
		return err
	}
	inGrace := map[string]bool{}
	for _, d := range data {
		if cmdlet.Prop(d, "MailboxState") == "Disconnected" {
			inGrace[key(d)] = true
		}
	}
	assignments, err := cmdlet.Run(c, "Get-UserLicense", nil)
	if err != nil {
		return err
	}
	// holders maps a product to the users holding it, each once however
	// many ways they hold it.
	holders := map[string]map[string]bool{}
	for _, a := range assignments {
		sku := cmdlet.Prop(a, "SkuId")
		if holders[sku] == nil {
			holders[sku] = map[string]bool{}
		}
		holders[sku][key(a)] = true
	}

	var rows []any
	for _, p := range products {
		byDisabled, byGrace, held := 0, 0, 0
		for upn := range holders[cmdlet.Prop(p, "SkuId")] {
			if disabled[upn] {
				byDisabled++
			}
			if inGrace[upn] {
				byGrace++
			}
			if disabled[upn] || inGrace[upn] {
				held++
			}
		}
		unused := count(p, "Available")
		row := value.NewObject("licsh.LicenseReclaim")
		row.Set("SkuPartNumber", cmdlet.Prop(p, "SkuPartNumber"))
		row.Set("ProductName", cmdlet.Prop(p, "ProductName"))
		row.Set("Paid", count(p, "Total"))
		row.Set("Assigned", count(p, "Assigned"))
		row.Set("Unused", unused)
		row.Set("HeldByDisabled", byDisabled)
		row.Set("HeldInGracePeriod", byGrace)
		row.Set("Reclaimable", unused+held)
		rows = append(rows, row)
	}

	path := c.String("Path")
	if path == "" {
		for _, r := range rows {
			if err := c.Write(r); err != nil {
				return err
			}
		}
		return nil
	}
	full := c.Path(path)
	if ok, err := c.ShouldProcess(full, "Write the license reclaim report"); !ok || err != nil {
		return err
	}
	if rows == nil {
		rows = []any{}
	}
	_, err = c.RunCommand("Export-Excel", map[string]any{"Path": full, "WorksheetName": "Reclaim", "AutoSize": true}, rows)
	return err
}

// key is the user an object is about, as a map key: user principal names
// are unique case-insensitively.
func key(v any) string { return strings.ToLower(cmdlet.Prop(v, "UserPrincipalName")) }

// count reads a count property as an int, 0 when it is not one.
func count(v any, name string) int {
	p, _ := value.GetMember(v, name)
	n, err := value.Convert(p, "int")
	if err != nil || n == nil {
		return 0
	}
	i, _ := n.(int)
	return i
}

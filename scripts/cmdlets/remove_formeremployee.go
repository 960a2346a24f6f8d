//go:build licsh

// Remove-FormerEmployee: the offboarding of a leaver, in the order an admin
// does it by hand, through the tenant cmdlets so that the tenant's rules and
// audit log apply.
package cmdlets

import (
	"strings"

	"licsh/shell/cmdlet"
	"licsh/shell/value"
)

var Cmdlets = []*cmdlet.Cmdlet{{
	Name:     "Remove-FormerEmployee",
	Synopsis: "Offboards leavers: blocks sign-in, removes their direct licenses and reports what happens to their data.",
	Description: "Remove-FormerEmployee blocks the user's sign-in, optionally puts the mailbox on litigation hold first, " +
		"and removes every license assigned directly. Licenses inherited from a group stay (remove the user from the group) and are reported. " +
		"It writes one object per user: the licenses removed, those left, and the data dates: until MailboxPurgeDate a license with Exchange " +
		"brings the mailbox back; after it the mail is purged unless the mailbox is on hold. Each change is written to the audit log.",
	SupportsShouldProcess: true,
	Params: []*cmdlet.Param{
		{Name: "Identity", Aliases: []string{"UserPrincipalName", "UPN", "Id"}, Type: cmdlet.Objects, Position: 1, Mandatory: true,
			ValueFromPipeline: true, ValueFromPipelineByPropertyName: true, Complete: cmdlet.CompleteUser,
			Help: "The leavers: user principal names, object ids or user objects."},
		{Name: "LitigationHold", Type: cmdlet.Switch,
			Help: "Puts the mailbox on litigation hold before anything else, so its mail is kept after the grace period."},
	},
	Examples: []cmdlet.Example{
		{Code: "Remove-FormerEmployee adele.garcia@contoso.com -LitigationHold", Remarks: "Offboards Adele and keeps her mail on hold."},
		{Code: "Import-Csv leavers.csv | Remove-FormerEmployee -WhatIf", Remarks: "Shows what offboarding the listed users would do."},
	},
	Outputs: "licsh.FormerEmployee",
	Process: removeFormerEmployee,
}}

func removeFormerEmployee(c cmdlet.Call) error {
	items := cmdlet.Items(c.Get("Identity"))
	for _, it := range items {
		if err := offboard(c, cmdlet.Identity(it)); err != nil {
			// A failure of one user is a non-terminating error: the others
			// are still offboarded, unless -ErrorAction Stop says otherwise.
			if werr := c.WriteError(err); werr != nil {
				return werr
			}
		}
	}
	return nil
}

// offboard offboards one user and writes the report of it.
func offboard(c cmdlet.Call, id string) error {
	users, err := cmdlet.Run(c, "Get-User", map[string]any{"Identity": id})
	if err != nil {
		return err
	}
	if len(users) == 0 {
		return nil
	}
	upn := cmdlet.Prop(users[0], "UserPrincipalName")
	held, err := cmdlet.Run(c, "Get-UserLicense", map[string]any{"Identity": upn})
	if err != nil {
		return err
	}
	var direct, inherited []string
	for _, l := range held {
		if cmdlet.Prop(l, "AssignedBy") == "Direct" {
			direct = append(direct, cmdlet.Prop(l, "SkuPartNumber"))
		} else {
			inherited = append(inherited, cmdlet.Prop(l, "SkuPartNumber")+" ("+cmdlet.Prop(l, "AssignedBy")+")")
		}
	}

	steps := []string{}
	if c.Switch("LitigationHold") {
		steps = append(steps, "place the mailbox on litigation hold")
	}
	steps = append(steps, "block sign-in")
	if len(direct) > 0 {
		steps = append(steps, "remove licenses "+strings.Join(direct, ", "))
	}
	action := "Offboard: " + strings.Join(steps, ", ")
	if ok, err := c.ShouldProcess(upn, action); !ok || err != nil {
		return err
	}

	// Litigation hold comes first: it must be in place before the last
	// license with Exchange goes and the grace period starts.
	if c.Switch("LitigationHold") {
		if _, err := cmdlet.Run(c, "Set-Mailbox", map[string]any{"Identity": upn, "LitigationHoldEnabled": true}); err != nil {
			return err
		}
	}
	if _, err := cmdlet.Run(c, "Set-User", map[string]any{"Identity": upn, "AccountEnabled": false}); err != nil {
		return err
	}
	if len(direct) > 0 {
		// The report below says what Set-UserLicense would warn about.
		params := map[string]any{"Identity": upn, "RemoveLicenses": list(direct), "WarningAction": "SilentlyContinue"}
		if _, err := cmdlet.Run(c, "Set-UserLicense", params); err != nil {
			return err
		}
	}
	data, err := cmdlet.Run(c, "Get-UserData", map[string]any{"Identity": upn})
	if err != nil {
		return err
	}
	report := value.NewObject("licsh.FormerEmployee")
	report.Set("UserPrincipalName", upn)
	report.Set("AccountEnabled", false)
	report.Set("RemovedLicenses", list(direct))
	report.Set("InheritedLicenses", list(inherited))
	for _, name := range []string{"LitigationHoldEnabled", "MailboxState", "MailboxPurgeDate", "OneDriveState", "OneDriveDeleteDate"} {
		var v any
		if len(data) > 0 {
			v, _ = value.GetMember(data[0], name)
		}
		report.Set(name, v)
	}
	return c.Write(report)
}

// list makes a PowerShell array of strings.
func list(ss []string) []any {
	out := make([]any, len(ss))
	for i, s := range ss {
		out[i] = s
	}
	return out
}

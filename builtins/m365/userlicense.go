package m365

import (
	"fmt"
	"strings"
	"time"

	"licsh/builtins/tenant"
	"licsh/shell/cmdlet"
	"licsh/shell/interp"
	"licsh/shell/value"
)

func userLicenseCmdlets(ts *Session) []*cmdlet.Cmdlet {
	return []*cmdlet.Cmdlet{{
		Name:     "Set-UserLicense",
		Module:   moduleName,
		Synopsis: "Assigns and removes users' licenses.",
		Description: "Set-UserLicense changes one user's licenses at a time, atomically: every license added and removed, or on any refusal none. " +
			"It takes many users from the pipeline: user objects, or any object with a UserPrincipalName, UPN, 'User principal name' or Id property, such as the rows of the admin center's user export. " +
			"Licenses are given as SKU GUID, part number (SPE_E5), MSOnline form (contoso:SPE_E5) or product name (Microsoft 365 E5). " +
			"Removing a license the user does not hold is skipped with a warning. Only Global, License and User Administrators may change licenses. " +
			"After removals it warns how long the users' Exchange data is kept (a shared mailbox is kept without a license) and which products are left with unused licenses.",
		DefaultParameterSet:   "Licenses",
		SupportsShouldProcess: true,
		Params: []*cmdlet.Param{
			identityParam(true, "The user: a user principal name, object id or user object."),
			{Name: "AddLicenses", Type: cmdlet.Objects, Sets: []string{"Licenses"}, Complete: cmdlet.CompleteSku, Help: "Licenses to assign: SKU texts, or hashtables @{SkuId=...; DisabledPlans=...} as Set-MgUserLicense takes."},
			{Name: "RemoveLicenses", Type: cmdlet.Strings, Sets: []string{"Licenses"}, Complete: cmdlet.CompleteSku, Help: "Licenses to remove."},
			{Name: "DisabledPlans", Type: cmdlet.Strings, Sets: []string{"Licenses"}, Help: "Service plans (names or GUIDs) to turn off in the added licenses that do not name their own."},
			{Name: "RemoveAll", Type: cmdlet.Switch, Mandatory: true, Sets: []string{"RemoveAll"}, Help: "Removes every license assigned directly; licenses inherited from groups stay."},
			{Name: "PassThru", Type: cmdlet.Switch, Help: "Outputs each changed user."},
		},
		Examples: []cmdlet.Example{
			{Code: "Set-UserLicense adele.garcia@contoso.com -AddLicenses SPE_E5", Remarks: "Assigns Microsoft 365 E5."},
			{Code: "Set-UserLicense adele.garcia@contoso.com -AddLicenses SPE_E5 -RemoveLicenses SPE_E3", Remarks: "Moves a user from E3 to E5 in one atomic change."},
			{Code: "Import-Csv users.csv | Set-UserLicense -RemoveLicenses SPE_E5 -WhatIf", Remarks: "Shows what removing E5 from the listed users would do."},
			{Code: "Get-User -Department Sales | Set-UserLicense -RemoveAll", Remarks: "Unassigns every direct license of the Sales department."},
		},
		Begin:   func(c cmdlet.Call) error { c.SetState(&licenseRun{}); return nil },
		Process: func(c cmdlet.Call) error { return setUserLicense(c, ts) },
		End:     func(c cmdlet.Call) error { return licenseSummary(c, ts) },
	}}
}

// licenseRun gathers what a Set-UserLicense pipeline removed, so that its
// consequences are told once at the end rather than per user.
type licenseRun struct {
	disconnected []string  // users whose mailbox lost its license
	purgeDate    time.Time // earliest end of their grace period
	shared       []string  // users whose shared mailbox is left without a license
	sharedHeld   []string  // those of them whose mailbox is on litigation hold
	removed      map[string]bool
}

// setUserLicense changes the licenses of the -Identity users, one atomic
// change per user.
func setUserLicense(c cmdlet.Call, ts *Session) error {
	d, err := ts.Open(c)
	if err != nil {
		return err
	}
	for _, id := range identities(c.Get("Identity")) {
		if err := setOneUserLicense(c, d, id); err != nil {
			return err
		}
	}
	return nil
}

// LicenseAction is the operation ShouldProcess names for a change of
// licenses, as Set-UserLicense, Set-GroupLicense and a batch's -WhatIf
// rows word it: "Add license A, Remove license B"; "" for no change.
func LicenseAction(add, remove []string) string {
	var actions []string
	for _, a := range add {
		actions = append(actions, "Add license "+a)
	}
	for _, r := range remove {
		actions = append(actions, "Remove license "+r)
	}
	return strings.Join(actions, ", ")
}

// setOneUserLicense changes one user's licenses on st.
func setOneUserLicense(c cmdlet.Call, st tenant.Directory, id string) error {
	ctx := c.Context()
	u, err := st.GetUser(ctx, id)
	if err != nil {
		return Fail(c, err, id)
	}
	removeAll := c.Switch("RemoveAll")
	add, err := addLicenses(c.Get("AddLicenses"), c.Strings("DisabledPlans"))
	if err != nil {
		return c.WriteError(err)
	}
	remove := c.Strings("RemoveLicenses")
	var adds, removes []string
	for _, a := range add {
		k, err := st.ResolveSku(ctx, a.SkuID)
		if err != nil {
			return Fail(c, err, id)
		}
		adds = append(adds, k.PartNumber)
	}
	for _, r := range remove {
		k, err := st.ResolveSku(ctx, r)
		if err != nil {
			return Fail(c, err, id)
		}
		removes = append(removes, k.PartNumber)
	}
	actions := LicenseAction(adds, removes)
	if removeAll {
		actions = strings.TrimPrefix(actions+", Remove all licenses", ", ")
	}
	if actions != "" {
		if ok, err := c.ShouldProcess(u.UserPrincipalName, actions); !ok || err != nil {
			return err
		}
	}
	var res tenant.LicenseResult
	if removeAll {
		res, err = st.RemoveAllLicenses(ctx, id)
	} else {
		res, err = st.SetUserLicense(ctx, id, add, remove)
	}
	if err != nil {
		return Fail(c, err, id)
	}
	for _, w := range res.Warnings {
		c.WriteWarning(w)
	}
	c.State().(*licenseRun).note(res)
	if c.Switch("PassThru") {
		return c.Write(userObject(userShape(), res.User))
	}
	return nil
}

func (run *licenseRun) note(res tenant.LicenseResult) {
	if len(res.Removed) == 0 {
		return
	}
	if run.removed == nil {
		run.removed = map[string]bool{}
	}
	for _, r := range res.Removed {
		run.removed[r.SkuID] = true
	}
	upn := res.User.UserPrincipalName
	switch {
	case res.Data.MailboxState == tenant.MailboxDisconnected:
		run.disconnected = append(run.disconnected, upn)
		if run.purgeDate.IsZero() || res.Data.MailboxPurgeDate.Before(run.purgeDate) {
			run.purgeDate = res.Data.MailboxPurgeDate
		}
	case res.Data.Shared && res.Data.MailboxPlan == "" && res.Data.LitigationHold:
		run.sharedHeld = append(run.sharedHeld, upn)
	case res.Data.Shared && res.Data.MailboxPlan == "":
		run.shared = append(run.shared, upn)
	}
}

// whose names one user's mailbox or several users' mailboxes, with the
// pronoun for them.
func whose(kind string, upns []string) (string, string) {
	if len(upns) == 1 {
		return "the " + kind + " of " + upns[0], "it"
	}
	return fmt.Sprintf("the %ses of %d users", kind, len(upns)), "them"
}

// licenseSummary tells the admin what the removals lead to: when the
// unlicensed mailboxes are purged, and which products now pay for unused
// licenses.
func licenseSummary(c cmdlet.Call, ts *Session) error {
	run, _ := c.State().(*licenseRun)
	if run == nil || len(run.removed) == 0 {
		return nil
	}
	if len(run.disconnected) > 0 {
		who, it := whose("mailbox", run.disconnected)
		c.WriteWarning(fmt.Sprintf("Exchange keeps %s until %s, then purges %s; meanwhile eDiscovery cannot search %s. Assigning a license with Exchange before then restores %s. OneDrive files are kept.",
			who, run.purgeDate.Format("2006-01-02"), it, it, it))
	}
	if len(run.shared) > 0 {
		who, _ := whose("shared mailbox", run.shared)
		c.WriteWarning(fmt.Sprintf("Exchange keeps %s active without a license, with no grace period and no purge: up to 50 GB, without an archive or litigation hold.", who))
	}
	if len(run.sharedHeld) > 0 {
		who, it := whose("shared mailbox", run.sharedHeld)
		c.WriteWarning(fmt.Sprintf("Exchange keeps %s active without a license, but litigation hold on a shared mailbox needs an Exchange Online (Plan 2) license: assign one to keep %s on hold.", who, it))
	}
	st, err := ts.Open(c)
	if err != nil {
		return err
	}
	products, err := st.Products(c.Context())
	if err != nil {
		return Fail(c, err, nil)
	}
	var unused []tenant.SeatCount
	for _, p := range products {
		if run.removed[p.SkuID] {
			unused = append(unused, tenant.SeatCount{SkuRef: p.SkuRef, Available: p.Available})
		}
	}
	return WarnUnusedSeats(c, st, unused, false)
}

// WarnUnusedSeats tells the admin which products pay for licenses nobody
// holds (each unused product's Available), with what stops it: the
// Set-Subscription command on a tenant file, the admin center on Microsoft
// 365; whatIf words it as what a dry run would leave.
func WarnUnusedSeats(c cmdlet.Call, st tenant.Directory, unused []tenant.SeatCount, whatIf bool) error {
	verb := "has"
	if whatIf {
		verb = "would have"
	}
	// Seats of a Microsoft 365 tenant are bought and given back in its
	// admin center; a tenant file's with Set-Subscription.
	file, _ := st.(*tenant.Store)
	var subs []tenant.Subscription
	for _, u := range unused {
		if u.Available <= 0 {
			continue
		}
		hint := " in the Microsoft 365 admin center (Billing, Your products)."
		if file != nil {
			if subs == nil {
				var err error
				if subs, err = file.Subscriptions(c.Context()); err != nil {
					return Fail(c, err, nil)
				}
			}
			hint = ": " + quantityHint(u, subs)
		}
		c.WriteWarning(fmt.Sprintf("%s %s %d unused licenses. To stop paying for them, lower the quantity%s", u.PartNumber, verb, u.Available, hint))
	}
	return nil
}

// quantityHint is the Set-Subscription command that frees a product's
// unused licenses, with real values when one subscription holds them all.
func quantityHint(u tenant.SeatCount, subs []tenant.Subscription) string {
	var mine []tenant.Subscription
	for _, s := range subs {
		if s.SkuID == u.SkuID && s.Status == tenant.StatusEnabled {
			mine = append(mine, s)
		}
	}
	if len(mine) == 1 && mine[0].Quantity >= u.Available {
		return fmt.Sprintf("Set-Subscription -Id %s -Quantity %d", mine[0].SubscriptionID, mine[0].Quantity-u.Available)
	}
	return "Set-Subscription -Id <SubscriptionId> -Quantity <n> (see Get-Subscription)"
}

// addLicenses reads -AddLicenses: SKU texts, or hashtables and objects with
// SkuId and DisabledPlans as Graph's Set-MgUserLicense takes them.
func addLicenses(v any, disabled []string) ([]tenant.AddLicense, error) {
	if v == nil {
		return nil, nil
	}
	items, ok := value.Enumerate(v)
	if !ok {
		items = []any{v}
	}
	var out []tenant.AddLicense
	for _, it := range items {
		switch it.(type) {
		case *value.Hashtable, *value.Object:
			sku, _ := value.GetMember(it, "SkuId")
			if sku == nil {
				return nil, interp.NewError("InvalidLicense", "InvalidArgument", it,
					"Each license to add needs a SkuId.")
			}
			plans := disabled
			if dp, _ := value.GetMember(it, "DisabledPlans"); dp != nil {
				plans = stringsOf(dp)
			}
			out = append(out, tenant.AddLicense{SkuID: value.ToString(sku), DisabledPlans: plans})
		default:
			out = append(out, tenant.AddLicense{SkuID: value.ToString(it), DisabledPlans: disabled})
		}
	}
	return out, nil
}

// stringsOf flattens a value to strings: an array's items, or the value.
func stringsOf(v any) []string {
	items, ok := value.Enumerate(v)
	if !ok {
		return []string{value.ToString(v)}
	}
	out := make([]string, len(items))
	for i, it := range items {
		out[i] = value.ToString(it)
	}
	return out
}

package graphclient

import (
	"context"
	"encoding/json"
	"errors"
	"slices"
	"strconv"
	"strings"

	"licsh/builtins/tenant"
)

// graphAudit is the part of Graph's directoryAudit an AuditEntry is made
// of.
type graphAudit struct {
	Activity    string  `json:"activityDisplayName"`
	Time        *string `json:"activityDateTime"`
	InitiatedBy struct {
		User *struct {
			UPN string `json:"userPrincipalName"`
		} `json:"user"`
		App *struct {
			DisplayName string `json:"displayName"`
		} `json:"app"`
	} `json:"initiatedBy"`
	Targets []struct {
		DisplayName *string `json:"displayName"`
		Type        string  `json:"type"`
		UPN         *string `json:"userPrincipalName"`
		Modified    []struct {
			DisplayName string  `json:"displayName"`
			OldValue    *string `json:"oldValue"`
			NewValue    *string `json:"newValue"`
		} `json:"modifiedProperties"`
	} `json:"targetResources"`
}

// AuditLog reads Entra's directory audit log (auditLogs/directoryAudits,
// which needs AuditLog.Read.All), newest first as Graph sorts it, and
// gives it oldest first as a tenant file does. An operation is sent as
// its Entra activity (tenant.EntraActivities), an actor with an @ as the
// initiating user's user principal name and any other as an application's
// display name, a target with an @ as a target's user principal name and
// any other as its display name (Graph matches any target resource, the
// tenant only the changed object, which the answers are narrowed to). No
// entry of Entra's is part of a batch:
// a filter on one selects nothing.
//
// Each entry's Operation is the tenant's name of its activity (Entra's
// own for one the tenant has not), Actor the initiating user's user
// principal name or application's display name, Target the first target
// resource's user principal name or display name, and Time Entra's. Detail
// is the group or role a member or owner was added to or removed from,
// where Entra names it as the second target resource; the details the
// tenant file writes of other changes Entra does not keep. Before and
// After are the old and new values of the one modified property the
// activity's table row names (AssignedLicense of a change of licenses),
// in Entra's words; Entra lists the other changes attribute by attribute,
// which are left out. ID and BatchID are the tenant file's own.
func (d *Directory) AuditLog(ctx context.Context, f tenant.AuditFilter) ([]tenant.AuditEntry, error) {
	if f.BatchID != 0 {
		return nil, nil
	}
	var clauses []string
	if f.Operation != "" {
		activity := f.Operation
		if a, ok := tenant.EntraActivityOf(f.Operation); ok {
			activity = a.Activity
		}
		clauses = append(clauses, "activityDisplayName eq "+literal(activity))
	}
	if f.Actor != "" {
		by := "initiatedBy/app/displayName"
		if strings.Contains(f.Actor, "@") {
			by = "initiatedBy/user/userPrincipalName"
		}
		clauses = append(clauses, by+" eq "+literal(f.Actor))
	}
	if f.Target != "" {
		by := "displayName"
		if strings.Contains(f.Target, "@") {
			by = "userPrincipalName"
		}
		clauses = append(clauses, "targetResources/any(t:t/"+by+" eq "+literal(f.Target)+")")
	}
	top := pageSize
	if f.Last > 0 && f.Last < 999 {
		top = strconv.Itoa(f.Last)
	}
	var out []tenant.AuditEntry
	err := d.each(ctx, "/auditLogs/directoryAudits"+query("$filter", strings.Join(clauses, " and "),
		"$orderby", "activityDateTime desc", "$top", top), nil, func(raw json.RawMessage) error {
		var g graphAudit
		if err := json.Unmarshal(raw, &g); err != nil {
			return err
		}
		e := auditEntry(g)
		// Graph's filter matches any target, such as the group a member
		// was added to; the tenant's Target is the changed object only.
		if f.Target != "" && !strings.EqualFold(e.Target, f.Target) {
			return nil
		}
		out = append(out, e)
		if f.Last > 0 && len(out) == f.Last {
			return errStop
		}
		return nil
	})
	if err != nil && !errors.Is(err, errStop) {
		return nil, err
	}
	slices.Reverse(out)
	return out, nil
}

// auditEntry is a directoryAudit as the tenant's audit row.
func auditEntry(g graphAudit) tenant.AuditEntry {
	e := tenant.AuditEntry{Operation: g.Activity, Time: graphTime(g.Time)}
	act, known := tenant.EntraOperation(g.Activity)
	if known {
		e.Operation = act.Operation
	}
	switch by := g.InitiatedBy; {
	case by.User != nil && by.User.UPN != "":
		e.Actor = by.User.UPN
	case by.App != nil:
		e.Actor = by.App.DisplayName
	}
	if len(g.Targets) == 0 {
		return e
	}
	first := g.Targets[0]
	if first.Type == "User" && first.UPN != nil {
		e.Target = *first.UPN
	} else if first.DisplayName != nil {
		e.Target = *first.DisplayName
	}
	if !known {
		return e
	}
	if act.Container != "" && len(g.Targets) > 1 && g.Targets[1].DisplayName != nil {
		e.Detail = *g.Targets[1].DisplayName
	}
	if act.Property != "" {
		for _, p := range first.Modified {
			if strings.EqualFold(p.DisplayName, act.Property) {
				e.Before, e.After = deref(p.OldValue), deref(p.NewValue)
			}
		}
	}
	return e
}

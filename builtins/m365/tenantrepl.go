package m365

import (
	"context"
	"fmt"
	"strings"

	"licsh/builtins/tenant"
	"licsh/shell/cmdlet"
)

// completionLimit caps the tenant values offered for one Tab.
const completionLimit = 200

// Complete returns the tenant values that start with prefix for a kind of
// parameter value: users' principal names, products' part numbers and
// names, or groups' display names, from the tenant the cmdlets work on. It
// opens the tenant file if needed and offers nothing when it cannot, nor
// for a Microsoft 365 tenant the cmdlets cannot work on.
func (ts *Session) Complete(kind cmdlet.Completion, prefix string) []string {
	ctx := context.Background()
	var st tenant.Directory
	if g := ts.Graph(); g != nil {
		if st = g.Directory; st == nil {
			return nil
		}
	} else {
		file, err := ts.Store(ctx)
		if err != nil {
			return nil
		}
		st = file
	}
	switch kind {
	case cmdlet.CompleteUser:
		users, err := st.Users(ctx, tenant.UserFilter{UPNPrefix: prefix, Top: completionLimit})
		if err != nil {
			return nil
		}
		out := make([]string, len(users))
		for i, u := range users {
			out[i] = u.UserPrincipalName
		}
		return out
	case cmdlet.CompleteSku:
		products, err := st.Products(ctx)
		if err != nil {
			return nil
		}
		var out []string
		for _, p := range products {
			for _, name := range []string{p.PartNumber, p.ProductName} {
				if hasPrefixFold(name, prefix) {
					out = append(out, name)
				}
			}
		}
		return out
	case cmdlet.CompleteGroup:
		groups, err := st.Groups(ctx, "")
		if err != nil {
			return nil
		}
		var out []string
		for _, g := range groups {
			if hasPrefixFold(g.DisplayName, prefix) {
				out = append(out, g.DisplayName)
			}
		}
		return out
	}
	return nil
}

func hasPrefixFold(s, prefix string) bool {
	return len(s) >= len(prefix) && strings.EqualFold(s[:len(prefix)], prefix)
}

// Location returns the tenant's name and the acting admin, for the prompt;
// both are "" when the tenant cannot be opened or is not set up yet. live
// is set for a Microsoft 365 tenant the session reaches through Graph,
// where changes are real.
func (ts *Session) Location() (name, admin string, live bool) {
	if g := ts.Graph(); g != nil {
		who := g.Client.Identity()
		admin = who.Account
		if admin == "" {
			admin = who.AppName
		}
		return g.Name, admin, true
	}
	ctx := context.Background()
	st, err := ts.Store(ctx)
	if err != nil {
		return "", "", false
	}
	info, err := st.Info(ctx)
	if err != nil {
		return "", "", false
	}
	return info.Name, info.ActingAdmin, false
}

// Welcome describes the tenant for the shell's first line: its name, the
// acting admin, and how many users and products it has.
func (ts *Session) Welcome() string {
	if g := ts.Graph(); g != nil {
		return GraphWelcome(g)
	}
	ctx := context.Background()
	st, err := ts.Store(ctx)
	if err != nil {
		return "No tenant: " + err.Error()
	}
	if ok, err := st.Initialized(ctx); err != nil || !ok {
		return "The tenant file " + ts.path + " is empty: set it up with Initialize-Tenant -Name <name> -DefaultDomain <domain> [-Demo]."
	}
	info, err := st.Info(ctx)
	if err != nil {
		return err.Error()
	}
	users, err := st.UserCount(ctx)
	if err != nil {
		return err.Error()
	}
	products, err := st.Products(ctx)
	if err != nil {
		return err.Error()
	}
	return fmt.Sprintf("Tenant %s (%s), acting as %s: %d users, %d products.",
		info.Name, info.DefaultDomain, info.ActingAdmin, users, len(products))
}

// GraphWelcome says which live tenant a session connected to through
// Graph acts on, and as whom.
func GraphWelcome(g *GraphTenant) string {
	who := g.Client.Identity()
	as := who.Account
	if as == "" {
		as = "the application " + who.AppName
	}
	return fmt.Sprintf("Live tenant %s (%s) through Microsoft Graph at %s, acting as %s: changes are made in Microsoft 365.",
		g.Name, g.Domain, g.Client.Env().Graph, as)
}

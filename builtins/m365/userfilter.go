package m365

import (
	"fmt"
	"regexp"
	"strings"

	"licsh/builtins/tenant"
	"licsh/shell/interp"
)

// The OData clauses Get-User -Filter understands: the ones admins use to
// pick users for licensing, each of which the tenant can run in SQL.
var (
	filterEq         = regexp.MustCompile(`(?i)^(\w+)\s+eq\s+'((?:[^']|'')*)'$`)
	filterStartsWith = regexp.MustCompile(`(?i)^startswith\(\s*(\w+)\s*,\s*'((?:[^']|'')*)'\s*\)$`)
	filterSku        = regexp.MustCompile(`(?i)^assignedLicenses/any\(\s*(\w+)\s*:\s*(\w+)/skuId\s+eq\s+([0-9a-f-]{36})\s*\)$`)
)

// parseUserFilter adds an OData filter's clauses to f. Clauses are joined
// with "and"; anything else is refused with Graph's message.
func parseUserFilter(filter string, f *tenant.UserFilter) error {
	clauses := splitAnd(filter)
	if len(clauses) == 0 {
		return invalidFilter(filter)
	}
	for _, cl := range clauses {
		if m := filterEq.FindStringSubmatch(cl); m != nil {
			v := strings.ReplaceAll(m[2], "''", "'")
			switch strings.ToLower(m[1]) {
			case "department":
				f.Department = v
			case "usagelocation":
				f.UsageLocation = v
			default:
				return unsupportedFilter(m[1], filter)
			}
			continue
		}
		if m := filterStartsWith.FindStringSubmatch(cl); m != nil {
			if !strings.EqualFold(m[1], "userPrincipalName") {
				return unsupportedFilter(m[1], filter)
			}
			f.UPNPrefix = strings.ReplaceAll(m[2], "''", "'")
			continue
		}
		if m := filterSku.FindStringSubmatch(cl); m != nil && m[1] == m[2] {
			f.SkuID = m[3]
			continue
		}
		return invalidFilter(filter)
	}
	return nil
}

// splitAnd splits a filter at the " and " that are outside quotes.
func splitAnd(s string) []string {
	var out []string
	inQuote := false
	start := 0
	for i := 0; i < len(s); i++ {
		switch {
		case s[i] == '\'':
			inQuote = !inQuote
		case !inQuote && i+5 <= len(s) && strings.EqualFold(s[i:i+5], " and "):
			out = append(out, strings.TrimSpace(s[start:i]))
			start = i + 5
			i += 4
		}
	}
	if last := strings.TrimSpace(s[start:]); last != "" {
		out = append(out, last)
	}
	return out
}

func invalidFilter(filter string) *interp.ErrorRecord {
	return interp.NewError("BadRequest", "InvalidArgument", filter, "Invalid filter clause")
}

func unsupportedFilter(prop, filter string) *interp.ErrorRecord {
	return interp.NewError("Request_UnsupportedQuery", "InvalidArgument", filter,
		fmt.Sprintf("Unsupported or invalid query filter clause specified for property '%s' of resource 'User'.", prop))
}

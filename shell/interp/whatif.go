package interp

import "licsh/shell/value"

// WhatIf reports whether the call runs under -WhatIf (or
// $WhatIfPreference), for a cmdlet that works a whole dry run out itself
// rather than asking ShouldProcess once per item.
func (c *Call) WhatIf() bool {
	if c.common.whatIf != nil {
		return *c.common.whatIf
	}
	return value.ToBool(c.scope.valueOf("WhatIfPreference"))
}

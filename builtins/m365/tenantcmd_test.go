package m365

import "testing"

func TestInitNames(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ name, domain, wantName, wantDomain string }{
		{"", "", "Contoso", "contoso.com"},
		{"Fabrikam", "", "Fabrikam", "fabrikam.onmicrosoft.com"},
		{"Wide World Importers", "", "Wide World Importers", "wideworldimporters.onmicrosoft.com"},
		{"", "tailspin.com", "tailspin", "tailspin.com"},
		{"Fabrikam", "fabrikam.com", "Fabrikam", "fabrikam.com"},
	} {
		n, d := initNames(tc.name, tc.domain)
		if n != tc.wantName || d != tc.wantDomain {
			t.Errorf("initNames(%q, %q) = %q, %q; want %q, %q", tc.name, tc.domain, n, d, tc.wantName, tc.wantDomain)
		}
	}
}

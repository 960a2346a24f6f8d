// Command gen writes the built-in SKU catalog (builtin.csv) from Microsoft's
// "Product names and service plan identifiers for licensing" CSV, keeping
// the products admins meet most often. Run it through go generate in
// builtins/catalog after downloading a newer CSV.
package main

import (
	"bytes"
	"flag"
	"fmt"
	"os"

	"licsh/builtins/tenant/catalog"
)

// partNumbers are the products built in: the suites, add-ons and free SKUs
// that appear in nearly every tenant. Every part number must exist in the
// source CSV; all GUIDs of a part number are kept.
var partNumbers = []string{
	// Microsoft 365 and Office 365 suites
	"SPE_E3", "SPE_E5", "SPE_E5_NOPSTNCONF", "SPE_F1", "M365_F1", "SPE_F5_SEC",
	"ENTERPRISEPACK", "ENTERPRISEPREMIUM", "ENTERPRISEPREMIUM_NOPSTNCONF", "STANDARDPACK", "DESKLESSPACK",
	"O365_BUSINESS_ESSENTIALS", "O365_BUSINESS_PREMIUM", "SPB", "SMB_BUSINESS", "O365_BUSINESS",
	"Microsoft_365_Copilot",
	// Identity, security and device management
	"EMS", "EMSPREMIUM", "AAD_PREMIUM", "AAD_PREMIUM_P2", "INTUNE_A", "WIN_DEF_ATP",
	"ATP_ENTERPRISE", "THREAT_INTELLIGENCE", "IDENTITY_THREAT_PROTECTION",
	"WIN10_VDA_E3", "WIN10_VDA_E5",
	// Exchange
	"EXCHANGESTANDARD", "EXCHANGEENTERPRISE", "EXCHANGEDESKLESS", "EXCHANGEARCHIVE_ADDON",
	// Teams and telephony
	"MCOEV", "MCOMEETADV", "MCOPSTN1", "MCOPSTN2", "MCOPSTN5", "PHONESYSTEM_VIRTUALUSER",
	"Microsoft_Teams_Rooms_Pro", "TEAMS_EXPLORATORY", "Microsoft_Teams_Exploratory_Dept",
	// Power Platform, Project, Visio, Stream, Dynamics
	"POWER_BI_PRO", "POWER_BI_STANDARD", "PBI_PREMIUM_PER_USER", "FLOW_FREE", "POWERAPPS_VIRAL",
	"PROJECTPREMIUM", "PROJECTPROFESSIONAL", "PROJECT_P1", "VISIOCLIENT", "VISIO_PLAN1_DEPT",
	"STREAM", "DYN365_ENTERPRISE_PLAN1",
}

func main() {
	src := flag.String("src", "", "Microsoft's product and service plan CSV")
	out := flag.String("out", "builtin.csv", "catalog file to write")
	flag.Parse()
	if err := run(*src, *out); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}

func run(src, out string) error {
	f, err := os.Open(src)
	if err != nil {
		return err
	}
	defer f.Close()
	all, err := catalog.ReadCSV(f, src)
	if err != nil {
		return err
	}
	var keep []catalog.Product
	for _, pn := range partNumbers {
		found := all.ByPartNumber(pn)
		if len(found) == 0 {
			return fmt.Errorf("%s: no product with part number %s", src, pn)
		}
		keep = append(keep, found...)
	}
	var buf bytes.Buffer
	if err := catalog.New(keep).WriteCSV(&buf); err != nil {
		return err
	}
	return os.WriteFile(out, buf.Bytes(), 0o644)
}

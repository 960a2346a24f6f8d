package catalog

import (
	"strings"
	"testing"
)

func TestBuiltin(t *testing.T) {
	t.Parallel()
	c := Builtin()
	if c != Builtin() {
		t.Error("Builtin() should parse once and return the same catalog")
	}
	if c.Len() < 50 {
		t.Errorf("Builtin().Len() = %d, want at least 50 products", c.Len())
	}
	tests := []struct {
		partNumber, skuID, name string
	}{
		{"SPE_E5", "06ebc4ee-1bb5-47dd-8120-11324bc54e06", "Microsoft 365 E5"},
		{"SPE_E3", "05e9a617-0261-4cee-bb44-138d3ef5d965", "Microsoft 365 E3"},
		{"SPE_F1", "66b55226-6b4f-492c-910c-a3b7a3c9d993", "Microsoft 365 F3"},
		{"ENTERPRISEPACK", "6fd2c87f-b296-42f0-b197-1e91e994b900", "Office 365 E3"},
		{"ENTERPRISEPREMIUM", "c7df2760-2c81-4ef7-b578-5b5392b571df", "Office 365 E5"},
		{"STANDARDPACK", "18181a46-0d4e-45cd-891e-60aabd171b4e", "Office 365 E1"},
		{"DESKLESSPACK", "4b585984-651b-448a-9e53-3b10f069cf7f", "Office 365 F3"},
		{"O365_BUSINESS_ESSENTIALS", "3b555118-da6a-4418-894f-7df1e2096870", "Microsoft 365 Business Basic"},
		{"O365_BUSINESS_PREMIUM", "f245ecc8-75af-4f8e-b61f-27d8114de5f3", "Microsoft 365 Business Standard"},
		{"SPB", "cbdc14ab-d96c-4c30-b9f4-6ada7cdc1d46", "Microsoft 365 Business Premium"},
		{"EMS", "efccb6f7-5641-4e0e-bd10-b4976e1bf68e", "Enterprise Mobility + Security E3"},
		{"EMSPREMIUM", "b05e124f-c7cc-45a0-a6aa-8cf78c946968", "Enterprise Mobility + Security E5"},
		{"AAD_PREMIUM", "078d2b04-f1bd-4111-bbd4-b4b1b354cef4", "Microsoft Entra ID P1"},
		{"AAD_PREMIUM_P2", "84a661c4-e949-4bd2-a560-ed7766fcaf2b", "Microsoft Entra ID P2"},
		{"POWER_BI_PRO", "f8a1db68-be16-40ed-86d5-cb42ce701560", "Power BI Pro"},
		{"POWER_BI_STANDARD", "a403ebcc-fae0-4ca2-8c8c-7a907fd6c235", "Microsoft Fabric (Free)"},
		{"PBI_PREMIUM_PER_USER", "c1d032e0-5619-4761-9b5c-75b6831e1711", "Power BI Premium Per User"},
		{"PROJECTPREMIUM", "09015f9f-377f-4538-bbb5-f75ceb09358a", "Project Online Premium"},
		{"PROJECTPROFESSIONAL", "53818b1b-4a27-454b-8896-0dba576410e6", "Planner and Project Plan 3"},
		{"PROJECT_P1", "beb6439c-caad-48d3-bf46-0c82871e12be", "Planner Plan 1"},
		{"VISIOCLIENT", "c5928f49-12ba-48f7-ada3-0d743a3601d5", "Visio Plan 2"},
		{"VISIO_PLAN1_DEPT", "ca7f3140-d88c-455b-9a1c-7f0679e31a76", "Visio Plan 1"},
		{"MCOEV", "e43b5b99-8dfb-405f-9987-dc307f34bcbd", "Microsoft Teams Phone Standard"},
		{"MCOMEETADV", "0c266dff-15dd-4b49-8397-2bb16070ed52", "Microsoft 365 Audio Conferencing"},
		{"MCOPSTN1", "0dab259f-bf13-4952-b7f8-7db8f131b28d", "Skype for Business PSTN Domestic Calling"},
		{"MCOPSTN2", "d3b4fe1f-9992-4930-8acb-ca6ec609365e", "Skype for Business PSTN Domestic and International Calling"},
		{"Microsoft_Teams_Rooms_Pro", "4cde982a-ede4-4409-9ae6-b003453c8ea6", "Microsoft Teams Rooms Pro"},
		{"PHONESYSTEM_VIRTUALUSER", "440eaaa8-b3e0-484b-a8be-62870b9ba70a", "Microsoft Teams Phone Resource Account"},
		{"EXCHANGESTANDARD", "4b9405b0-7788-4568-add1-99614e613b69", "Exchange Online (Plan 1)"},
		{"EXCHANGEENTERPRISE", "19ec0d23-8335-4cbd-94ac-6050e30712fa", "Exchange Online (Plan 2)"},
		{"EXCHANGEDESKLESS", "80b2d799-d2ba-4d2a-8842-fb0d0f3a4b82", "Exchange Online Kiosk"},
		{"EXCHANGEARCHIVE_ADDON", "ee02fd1b-340e-4a4b-b355-4a514e4c8943", "Exchange Online Archiving for Exchange Online"},
		{"WIN_DEF_ATP", "111046dd-295b-4d6d-9724-d52ac90bd1f2", "Microsoft Defender for Endpoint"},
		{"WIN10_VDA_E3", "6a0f6da5-0b87-4190-a6ae-9bb5a2b9546a", "Windows 10/11 Enterprise E3"},
		{"WIN10_VDA_E5", "488ba24a-39a9-4473-8ee5-19291e71b002", "Windows 10/11 Enterprise E5"},
		{"M365_F1", "44575883-256e-4a79-9da4-ebe9acabe2b2", "Microsoft 365 F1"},
		{"SPE_F5_SEC", "67ffe999-d9ca-49e1-9d2c-03fb28aa7a48", "Microsoft 365 F5 Security Add-on"},
		{"FLOW_FREE", "f30db892-07e9-47e9-837c-80727f46fd3d", "Microsoft Power Automate Free"},
		{"POWERAPPS_VIRAL", "dcb1a3ae-b33f-4487-846a-a640262fadf4", "Microsoft Power Apps Plan 2 Trial"},
		{"TEAMS_EXPLORATORY", "710779e8-3d4a-4c88-adb9-386c958d1fdf", "Microsoft Teams Exploratory"},
		{"Microsoft_Teams_Exploratory_Dept", "e0dfc8b9-9531-4ec8-94b4-9fec23b05fc8", "Microsoft Teams Exploratory Dept"},
		{"STREAM", "1f2f344a-700d-42c9-9427-5cea1d5d7ba6", "Microsoft Stream"},
		{"INTUNE_A", "061f9ace-7d42-4136-88ac-31dc755f143f", "Intune"},
		{"ATP_ENTERPRISE", "4ef96642-f096-40de-a3e9-d83fb2f90211", "Microsoft Defender for Office 365 (Plan 1)"},
		{"THREAT_INTELLIGENCE", "3dd6cf57-d688-4eed-ba52-9e40b5468c3e", "Microsoft Defender for Office 365 (Plan 2)"},
		{"IDENTITY_THREAT_PROTECTION", "26124093-3d78-432b-b5dc-48bf992543d5", "Microsoft 365 E5 Security"},
		{"Microsoft_365_Copilot", "639dec6b-bb19-468b-871c-c5c441c4b0cb", "Microsoft Copilot for Microsoft 365"},
		{"SMB_BUSINESS", "b214fe43-f5a3-4703-beeb-fa97188220fc", "Microsoft 365 Apps for Business"},
		{"O365_BUSINESS", "cdd28e44-67e3-425e-be4c-737fab2899d3", "Microsoft 365 Apps for Business"},
		{"DYN365_ENTERPRISE_PLAN1", "ea126fc5-a19e-42e2-a731-da9d437bffcf", "Dynamics 365 Customer Engagement Plan"},
	}
	for _, tt := range tests {
		p, ok := c.ByID(strings.ToUpper(tt.skuID))
		if !ok || p.PartNumber != tt.partNumber || p.Name != tt.name {
			t.Errorf("ByID(%s) = %q %q, %v; want %q %q", tt.skuID, p.PartNumber, p.Name, ok, tt.partNumber, tt.name)
			continue
		}
		if len(p.Plans) == 0 {
			t.Errorf("%s has no service plans", tt.partNumber)
		}
		if got := c.ByPartNumber(tt.partNumber); len(got) != 1 || got[0].SkuID != tt.skuID {
			t.Errorf("ByPartNumber(%s) = %v, want %s", tt.partNumber, skuIDs(got), tt.skuID)
		}
		found := false
		for _, q := range c.ByName(strings.ToLower(tt.name)) {
			found = found || q.SkuID == tt.skuID
		}
		if !found {
			t.Errorf("ByName(%q) does not return %s", strings.ToLower(tt.name), tt.partNumber)
		}
	}
	if got := c.ByPartNumber("mcopstn5"); len(got) != 2 {
		t.Errorf("ByPartNumber(mcopstn5) = %v, want both of its GUIDs", skuIDs(got))
	}
	if got := c.ByName("Microsoft 365 Apps for Business"); len(got) != 2 {
		t.Errorf("ByName(Microsoft 365 Apps for Business) = %v, want SMB_BUSINESS and O365_BUSINESS", skuIDs(got))
	}
}

func TestBuiltinPlans(t *testing.T) {
	t.Parallel()
	e5, _ := Builtin().ByID("06ebc4ee-1bb5-47dd-8120-11324bc54e06")
	tests := []Plan{
		{ID: "efb87545-963c-4e0d-99df-69c6916d9eb0", Name: "EXCHANGE_S_ENTERPRISE", FriendlyName: "Exchange Online (Plan 2)"},
		{ID: "57ff2da0-773e-42df-b2af-ffb7a2317929", Name: "TEAMS1", FriendlyName: "Microsoft Teams"},
		{ID: "5dbe027f-2339-4123-9542-606e4d348a72", Name: "SHAREPOINTENTERPRISE", FriendlyName: "SharePoint (Plan 2)"},
	}
	for _, want := range tests {
		if !hasPlan(e5, want) {
			t.Errorf("Microsoft 365 E5 lacks plan %+v", want)
		}
	}
}

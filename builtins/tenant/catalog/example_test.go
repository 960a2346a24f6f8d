package catalog_test

import (
	"fmt"
	"strings"

	"licsh/builtins/tenant/catalog"
)

func ExampleBuiltin() {
	c := catalog.Builtin()
	for _, p := range c.ByPartNumber("spe_e5") {
		fmt.Println(p.SkuID, p.Name)
	}
	p, _ := c.ByID("{C7DF2760-2C81-4EF7-B578-5B5392B571DF}")
	fmt.Println(p.PartNumber)
	// Output:
	// 06ebc4ee-1bb5-47dd-8120-11324bc54e06 Microsoft 365 E5
	// ENTERPRISEPREMIUM
}

func ExampleReadCSV() {
	const file = "\ufeffProduct_Display_Name,String_Id,GUID,Service_Plan_Name,Service_Plan_Id,Service_Plans_Included_Friendly_Names\r\n" +
		"Contoso Suite,CONTOSO_SUITE,0b9a3f7e-6b84-4b8f-9a44-6a0ea1f0c0de,EXCHANGE_S_ENTERPRISE,efb87545-963c-4e0d-99df-69c6916d9eb0,Exchange Online (Plan 2)\r\n"
	imported, err := catalog.ReadCSV(strings.NewReader(file), "contoso.csv")
	if err != nil {
		fmt.Println(err)
		return
	}
	c := catalog.Builtin().Merge(imported)
	p := c.ByName("contoso suite")[0]
	fmt.Println(p.PartNumber, p.Plans[0].FriendlyName, c.Len() == catalog.Builtin().Len()+1)

	_, err = catalog.ReadCSV(strings.NewReader("UPN,Sku\r\n"), "users.csv")
	fmt.Println(err)
	// Output:
	// CONTOSO_SUITE Exchange Online (Plan 2) true
	// users.csv, line 1: not Microsoft's product and service plan CSV: missing columns Product_Display_Name, String_Id, GUID, Service_Plan_Name, Service_Plan_Id, Service_Plans_Included_Friendly_Names; found columns "UPN", "Sku"
}

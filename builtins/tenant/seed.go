package tenant

func (tx *Tx) seedDemo(domain string) error { return nil }

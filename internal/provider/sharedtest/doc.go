// Package sharedtest is the acceptance-test harness every provider package
// uses: a sandbox per test (AccEnv), the provider served in-process
// (ProviderFactories), protocol-level calls for identity and list resources
// (ProtoEnv), the real CLI with dev_overrides (CLI), and each vendor's
// fixtures, which cross-vendor tests need too. Only tests import it; the
// tests that use it are external packages (webex_test, …) because it
// imports the provider.
package sharedtest

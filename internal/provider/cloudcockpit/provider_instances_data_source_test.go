package cloudcockpit_test

import (
	"fmt"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/partneradmin/terraform-provider-partneradmin/internal/provider"
	"github.com/partneradmin/terraform-provider-partneradmin/internal/provider/cloudcockpit"
	"github.com/partneradmin/terraform-provider-partneradmin/internal/provider/sharedtest"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/partneradmin/terraform-provider-partneradmin/internal/sandbox"
)

const (
	instancesAddr  = "data.partneradmin_cloudcockpit_provider_instances.test"
	instancesRoute = "GET /v1/Providers/Instances"
	instancesHCL   = `
data "partneradmin_cloudcockpit_provider_instances" "test" {}
`
)

// newCCCLI serves a sandbox and returns a terraform working directory with
// the provider built from source, configured for the sandbox's CloudCockpit
// API through the environment.
func newCCCLI(t *testing.T, opts sandbox.Options) (*sandbox.Server, *sharedtest.CLI) {
	t.Helper()
	sb := sandbox.New(opts)
	srv := httptest.NewServer(sb)
	t.Cleanup(srv.Close)
	cli := sharedtest.NewDevCLI(t, cloudcockpit.EnvBaseURL+"="+srv.URL+"/cloudcockpit", cloudcockpit.EnvTenant+"="+sandbox.DefaultCloudCockpitTenant,
		cloudcockpit.EnvAccessToken+"="+sandbox.DefaultCloudCockpitToken, provider.EnvMaxRetries+"=2")
	cli.Write("providers.tf", sharedtest.FullAddressBlock+`provider "partneradmin" {}`+"\n")
	return sb, cli
}

func instanceValue(id, alias, providerSideID, image string, offers, countries []string) knownvalue.Check {
	str := func(s string) knownvalue.Check {
		if s == "" {
			return knownvalue.Null()
		}
		return knownvalue.StringExact(s)
	}
	strs := func(ss []string) knownvalue.Check {
		if ss == nil {
			return knownvalue.Null()
		}
		var cs []knownvalue.Check
		for _, s := range ss {
			cs = append(cs, knownvalue.StringExact(s))
		}
		return knownvalue.ListExact(cs)
	}
	return knownvalue.ObjectExact(map[string]knownvalue.Check{
		"id": knownvalue.StringExact(id), "alias": str(alias), "instance_provider_id": str(providerSideID), "image_url": str(image),
		"offer_types": strs(offers), "supported_countries": strs(countries),
	})
}

func expectInstances(instances ...knownvalue.Check) statecheck.StateCheck {
	return statecheck.ExpectKnownValue(instancesAddr, tfjsonpath.New("provider_instances"), knownvalue.ListExact(instances))
}

// Every documented field of every provider instance reaches the data
// source (null where CloudCockpit answers null), in CloudCockpit's order;
// an instance added or removed in the portal shows at the next read.
func TestAccCloudCockpitProviderInstancesDataSource_basic(t *testing.T) {
	e := sharedtest.NewAccEnv(t, sandbox.Options{})
	e.RequireSandbox()
	cc := e.Sandbox.CloudCockpit()
	const ms, bare, later = "10000000-0000-4000-8000-000000000001", "20000000-0000-4000-8000-000000000002", "30000000-0000-4000-8000-000000000003"
	cc.AddProviderInstance(sandbox.CloudCockpitProviderInstance{ID: ms, Alias: "Microsoft CSP", InstanceProviderID: "a1b2c3d4-0000-4000-8000-00000000beef",
		ImageURL: "https://portal.example.com/ms.png", OfferTypes: []string{"license", "azure"}, SupportedCountries: []string{"PT", "ES"}})
	cc.AddProviderInstance(sandbox.CloudCockpitProviderInstance{ID: bare})
	msValue := instanceValue(ms, "Microsoft CSP", "a1b2c3d4-0000-4000-8000-00000000beef", "https://portal.example.com/ms.png",
		[]string{"license", "azure"}, []string{"PT", "ES"})
	cfg := e.Config(instancesHCL)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: sharedtest.ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config:            cfg,
				ConfigStateChecks: []statecheck.StateCheck{expectInstances(msValue, instanceValue(bare, "", "", "", nil, nil))},
			},
			{
				PreConfig: func() {
					cc.RemoveProviderInstance(bare)
					cc.AddProviderInstance(sandbox.CloudCockpitProviderInstance{ID: later, Alias: "Adobe", OfferTypes: []string{}})
				},
				Config:            cfg,
				ConfigStateChecks: []statecheck.StateCheck{expectInstances(msValue, instanceValue(later, "Adobe", "", "", nil, nil))},
			},
		},
	})
}

// A portal without provider instances reads as an empty list, not null.
func TestAccCloudCockpitProviderInstancesDataSource_empty(t *testing.T) {
	e := sharedtest.NewAccEnv(t, sandbox.Options{})
	e.RequireSandbox()
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: sharedtest.ProviderFactories,
		Steps: []resource.TestStep{{
			Config: e.Config(instancesHCL + `
output "count" {
  value = length(data.partneradmin_cloudcockpit_provider_instances.test.provider_instances)
}
`),
			ConfigStateChecks: []statecheck.StateCheck{expectInstances(), statecheck.ExpectKnownOutputValue("count", knownvalue.Int64Exact(0))},
		}},
	})
}

// The request budget is one list request per page and nothing else: with
// five instances at two per page, one `terraform plan` sends pages 1, 2 and
// 3 (each asking for the documented maximum of 2000), and every instance is
// read.
func TestAccCloudCockpitProviderInstancesDataSource_requestBudget(t *testing.T) {
	sb, cli := newCCCLI(t, sandbox.Options{PageSize: 2})
	for i := range 5 {
		sb.CloudCockpit().AddProviderInstance(sandbox.CloudCockpitProviderInstance{ID: fmt.Sprintf("00000000-0000-4000-8000-00000000000%d", i)})
	}
	cli.Write("main.tf", instancesHCL+`
output "ids" {
  value = join(",", [for i in data.partneradmin_cloudcockpit_provider_instances.test.provider_instances : substr(i.id, 35, 1)])
}
`)
	for _, cmd := range [][]string{{"plan", "-input=false"}, {"apply", "-auto-approve", "-input=false"}} {
		sb.ResetLog()
		out := cli.Run(cmd...)
		if cmd[0] == "apply" && !strings.Contains(out, `ids = "0,1,2,3,4"`) {
			t.Fatalf("terraform apply: want every instance, in order:\n%s", out)
		}
		var pages []string
		for _, entry := range sb.Log() {
			if entry.Route != instancesRoute {
				t.Fatalf("terraform %s sent %s %s, want only the provider instances list", cmd[0], entry.Method, entry.Path)
			}
			q, err := url.ParseQuery(entry.Query)
			if err != nil {
				t.Fatal(err)
			}
			pages = append(pages, q.Get("pageNumber")+"/"+q.Get("pageSize"))
		}
		if got := strings.Join(pages, ","); got != "1/2000,2/2000,3/2000" {
			t.Fatalf("terraform %s: list requests %q, want one per page: 1, 2, 3", cmd[0], pages)
		}
	}
}

// A vendor error is shown with the vendor, the status, CloudCockpit's
// message and its correlation ID, and says which credential to check.
func TestAccCloudCockpitProviderInstancesDataSource_vendorErrors(t *testing.T) {
	e := sharedtest.NewAccEnv(t, sandbox.Options{})
	e.RequireSandbox()
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: sharedtest.ProviderFactories,
		Steps: []resource.TestStep{{
			Config: fmt.Sprintf(`
provider "partneradmin" {
  cloudcockpit = { base_url = %q, tenant = %q, access_token = "expired-token" }
}
`, e.URL+"/cloudcockpit", sandbox.DefaultCloudCockpitTenant) + instancesHCL,
			ExpectError: regexp.MustCompile(`(?s)Unable\s+to\s+list\s+the\s+CloudCockpit\s+provider\s+instances.*CloudCockpit\s+answered\s+HTTP\s+401.*` +
				`Message:\s+The\s+bearer\s+token\s+is\s+missing,\s+invalid\s+or\s+expired.*Tracking\s+ID:\s+[0-9a-f-]{36}.*cloudcockpit.access_token`),
		}},
	})
}

// The timeouts block bounds the read.
func TestAccCloudCockpitProviderInstancesDataSource_readTimeout(t *testing.T) {
	e := sharedtest.NewAccEnv(t, sandbox.Options{Faults: sandbox.Faults{Latency: time.Minute}})
	e.RequireSandbox()
	var start time.Time
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: sharedtest.ProviderFactories,
		Steps: []resource.TestStep{{
			PreConfig: func() { start = time.Now() },
			Config: e.Config(`
data "partneradmin_cloudcockpit_provider_instances" "test" {
  timeouts = { read = "1s" }
}
`),
			ExpectError: regexp.MustCompile(`(?s)Unable\s+to\s+list\s+the\s+CloudCockpit\s+provider\s+instances.*deadline\s+exceeded`),
		}},
	})
	if d := time.Since(start); d > 30*time.Second {
		t.Fatalf("the read failed after %s, want about timeouts.read (1s)", d)
	}
}

// The documented example applies against the demo sandbox as written.
func TestAccCloudCockpitProviderInstancesDataSource_example(t *testing.T) {
	example := sharedtest.ExampleConfig(t, "../../../examples/data-sources/partneradmin_cloudcockpit_provider_instances/data-source.tf")
	e := sharedtest.NewAccEnv(t, sandbox.Options{})
	e.RequireSandbox()
	e.Sandbox.SeedDemo()
	e.Sandbox.CloudCockpit().AddProviderInstance(sandbox.CloudCockpitProviderInstance{ID: "40000000-0000-4000-8000-000000000004", Alias: "Adobe VIP"})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: sharedtest.ProviderFactories,
		Steps: []resource.TestStep{{
			Config: e.Config(example),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownOutputValue("microsoft_provider_instance_id", knownvalue.StringExact(sandbox.DemoCloudCockpitProviderInstanceID)),
			},
		}},
	})
}

// Command bench measures the provider against its speed targets with the
// real terraform CLI and the sandbox on loopback, and prints a table: the
// overhead beside terraform_data and the do-nothing floors, the request
// budget, an apply under a rate limit, an apply and a plan at a real API's
// latency (150 ms per request) and how their cost grows, peak RSS, and a
// large BlueXP set. It prints the machine's load average first and last.
//
//	go run ./cmd/bench [-n 200] [-rate 50] [-big 2000] [-latency 150ms] [-lat-n 200] [-scale-n 2000]
//	go run ./cmd/bench -only bluexp|latency|scale|rate|floor
//
// Ratios are measured side by side in one run, so a busy machine slows both
// sides alike. It is run by `make bench`, never by the test suite.
package main

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"log"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/partneradmin/terraform-provider-partneradmin/internal/sandbox"
)

type row struct {
	figure, ours, baseline, ratio, target string
	pass                                  bool
	info                                  bool // no target: shown for explanation
}

func main() {
	n := flag.Int("n", 200, "resources for the overhead figures")
	rate := flag.Float64("rate", 50, "sandbox rate limit (requests/s) for the throughput figure")
	rateN := flag.Int("rate-n", 300, "resources for the throughput figure")
	big := flag.Int("big", 2000, "resources for the memory figure")
	bxpUsers := flag.Int("bluexp-users", 1000, "users of the BlueXP large-set figures")
	latN := flag.Int("lat-n", 200, "assignments of the latency figures")
	latOrgs := flag.Int("lat-orgs", 10, "customers the latency figures' assignments are spread over")
	latency := flag.Duration("latency", 150*time.Millisecond, "sandbox latency per request of the latency figures")
	scaleN := flag.Int("scale-n", 2000, "assignments of the cost-growth figure (compared with -lat-n, at -latency)")
	only := flag.String("only", "", `run one scenario alone: "bluexp" (the large BlueXP set), "latency" (the latency rows), "scale" (the cost growth), "rate" (the rate limit), "floor" (the guard against the floor)`)
	flag.Parse()
	log.SetFlags(0)

	// The machine is shared: its load says how much to trust the figures.
	fmt.Printf("load average at start: %s\n", loadAverage())
	defer func() { fmt.Printf("load average at end:   %s\n", loadAverage()) }()
	b := newBench()
	defer os.RemoveAll(b.dir)
	var rows []row
	switch *only {
	case "bluexp":
		printRows(b.bluexpLargeSet(*bxpUsers))
		return
	case "latency":
		printRows(b.latencyRows(*latN, *latOrgs, *latency))
		return
	case "scale":
		printRows(b.scaleRows(*latN, *scaleN, *latOrgs, *latency))
		return
	case "floor":
		printRows(b.floorGuardRows(*n))
		return
	case "rate":
		printRows([]row{b.rateRow(*rate, *rateN)})
		return
	case "":
	default:
		log.Fatalf("bench: unknown scenario %q", *only)
	}

	// 1. Overhead: apply and refresh-plan of n resources vs n terraform_data.
	sb, url := b.sandbox(sandbox.Options{PageSize: 100, WebexPagedPartnerLists: true})
	// The same with one resource shows the fixed cost per command (terraform
	// starts the plugin three or four times; terraform_data is built in),
	// and the difference the cost per resource.
	ours1 := b.workdir("ours1", b.assignments(sb, 1, 1), url)
	base1 := b.workdir("baseline1", dataHCL(1), url)
	ours := b.workdir("ours", b.assignments(sb, *n, 10), url)
	base := b.workdir("baseline", dataHCL(*n), url)
	oursApply1, baseApply1 := b.run(ours1, "apply", "-auto-approve"), b.run(base1, "apply", "-auto-approve")
	oursApply, baseApply := b.run(ours, "apply", "-auto-approve"), b.run(base, "apply", "-auto-approve")
	rows = append(rows, infoRow("apply 1 resource (s), fixed cost", oursApply1, baseApply1))
	// Against terraform_data, for information: issue 7's 1.3x target is
	// withdrawn (a do-nothing plugin costs more than that), and the guard
	// is against the framework floor below.
	rows = append(rows, infoRow(fmt.Sprintf("apply %d resources (s)", *n), oursApply, baseApply))
	rows = append(rows, perResourceRow("apply, per further resource (ms)", oursApply-oursApply1, baseApply-baseApply1, *n-1))
	oursPlan1, basePlan1 := b.run(ours1, "plan"), b.run(base1, "plan")
	sb.ResetLog()
	oursPlan, basePlan := b.run(ours, "plan"), b.run(base, "plan")
	rows = append(rows, infoRow("no-change plan of 1 (s), fixed cost", oursPlan1, basePlan1))
	rows = append(rows, infoRow(fmt.Sprintf("no-change plan of %d (s)", *n), oursPlan, basePlan))
	rows = append(rows, perResourceRow("plan, per further resource (ms)", oursPlan-oursPlan1, basePlan-basePlan1, *n-1))
	// The floor: a do-nothing framework provider with the same schema
	// (cmd/bench/floor). What it costs over terraform_data, no provider
	// built on the framework can avoid.
	floor := b.workdir("floor", b.assignments(sb, *n, 10), url)
	floorApply := b.runWith(b.floorRC, floor, "apply", "-auto-approve")
	floorPlan := b.runWith(b.floorRC, floor, "plan")
	rows = append(rows, infoRow(fmt.Sprintf("floor: do-nothing framework plugin, apply %d (s)", *n), floorApply, baseApply))
	rows = append(rows, infoRow(fmt.Sprintf("floor: do-nothing framework plugin, plan of %d (s)", *n), floorPlan, basePlan))
	// The lower floor: the same do-nothing provider on terraform-plugin-go
	// alone (cmd/bench/rawfloor). What it costs over terraform_data is the
	// plugin protocol, which no plugin provider can avoid.
	rawFloor := b.workdir("rawfloor", b.assignments(sb, *n, 10), url)
	rawFloorApply := b.runWith(b.rawFloorRC, rawFloor, "apply", "-auto-approve")
	rawFloorPlan := b.runWith(b.rawFloorRC, rawFloor, "plan")
	rows = append(rows, infoRow(fmt.Sprintf("raw floor: do-nothing plugin-go plugin, apply %d (s)", *n), rawFloorApply, baseApply))
	rows = append(rows, infoRow(fmt.Sprintf("raw floor: do-nothing plugin-go plugin, plan of %d (s)", *n), rawFloorPlan, basePlan))
	rows = append(rows, b.floorGuardRows(*n)...)

	// 2. Request budget of that refresh: one list per customer per page.
	lists := 0
	for _, e := range sb.Log() {
		if e.Route == "GET /v1/partner/organizations/{orgId}/partnerAdmins" {
			lists++
		}
	}
	orgs := (*n + 9) / 10
	rows = append(rows, row{fmt.Sprintf("list requests, refresh of %d over %d orgs", *n, orgs), strconv.Itoa(lists), strconv.Itoa(*n) + " (one per resource)",
		fmt.Sprintf("%.2f", float64(lists)/float64(orgs)), "<= 1 per org", lists <= orgs, false})

	// 3. Throughput under a rate limit.
	rows = append(rows, b.rateRow(*rate, *rateN))

	// 4. The vendor's round trip: apply and no-change plan at a real API's
	// latency, and how their cost grows with the number of resources.
	lat := b.latencyRun(*latN, *latOrgs, *latency, true)
	rows = append(rows, latencyRowsOf(lat)...)
	rows = append(rows, scaleRowsOf(lat, b.latencyRun(*scaleN, (*scaleN)*(*latOrgs)/(*latN), *latency, false))...)

	// 5. Peak RSS of the provider during a refresh of big resources.
	msb, murl := b.sandbox(sandbox.Options{PageSize: 100, WebexPagedPartnerLists: true})
	mdir := b.workdir("memory", b.assignments(msb, *big, 10), murl)
	b.run(mdir, "apply", "-auto-approve", "-parallelism=20")
	peak := b.peakRSS(mdir, "plan")
	rows = append(rows, row{fmt.Sprintf("provider peak RSS, refresh of %d (MiB)", *big), fmt.Sprintf("%.1f", peak), "-", "-", "< 80", peak > 0 && peak < 80, false})

	// 6. One BlueXP resource with a large set of users.
	rows = append(rows, b.bluexpLargeSet(*bxpUsers)...)
	printRows(rows)
}

// floorGuardRows is the regression guard: what this provider adds over the
// do-nothing framework provider (cmd/bench/floor) is its own work, at most
// 10%. One sample of each is at the mercy of a shared machine's load, so
// the two run in turn, guardRuns times each on fresh sandboxes and
// directories, and the best of each is compared.
func (b *bench) floorGuardRows(n int) []row {
	const guardRuns = 3
	var oursApply, oursPlan, floorApply, floorPlan time.Duration
	best := func(d *time.Duration, t time.Duration) {
		if *d == 0 || t < *d {
			*d = t
		}
	}
	for i := range guardRuns {
		sb, url := b.sandbox(sandbox.Options{PageSize: 100, WebexPagedPartnerLists: true})
		ours := b.workdir(fmt.Sprintf("guard-ours-%d", i), b.assignments(sb, n, 10), url)
		floor := b.workdir(fmt.Sprintf("guard-floor-%d", i), b.assignments(sb, n, 10), url)
		best(&oursApply, b.run(ours, "apply", "-auto-approve"))
		best(&floorApply, b.runWith(b.floorRC, floor, "apply", "-auto-approve"))
		best(&oursPlan, b.run(ours, "plan"))
		best(&floorPlan, b.runWith(b.floorRC, floor, "plan"))
	}
	return []row{
		ratioRow(fmt.Sprintf("this provider vs the floor, apply %d (s), best of %d", n, guardRuns), oursApply, floorApply, 1.10),
		ratioRow(fmt.Sprintf("this provider vs the floor, plan of %d (s), best of %d", n, guardRuns), oursPlan, floorPlan, 1.10),
	}
}

// rateRow applies n assignments against a sandbox limited to rate requests
// per second: the wall time against the time the requests served need at
// that rate, and the 429s the limit answered.
func (b *bench) rateRow(rate float64, n int) row {
	rsb, rurl := b.sandbox(sandbox.Options{RateLimit: rate, PageSize: 100, WebexPagedPartnerLists: true})
	rdir := b.workdir("rate", b.assignments(rsb, n, 10), rurl)
	wall := b.run(rdir, "apply", "-auto-approve")
	st := rsb.Stats()
	served := st.Requests - st.Faults[sandbox.FaultRateLimit]
	ideal := time.Duration(float64(served) / rate * float64(time.Second))
	r := ratioRow(fmt.Sprintf("apply %d at %.0f req/s (s)", n, rate), wall, ideal, 1.2)
	r.baseline = fmt.Sprintf("%.1f ideal (%d req)", ideal.Seconds(), served)
	r.figure += fmt.Sprintf(", %d x 429", st.Faults[sandbox.FaultRateLimit])
	return r
}

// terraformParallelism is terraform's default -parallelism: the operations
// it runs at once, so the most a latency-bound apply can overlap.
const terraformParallelism = 10

// latencyRun is one apply of n assignments over orgs customers and the
// no-change plan after it, against a sandbox that adds lat to every request
// and, side by side, against one that adds none: the difference is what the
// vendor's latency adds. Both sandboxes answer partner-admin lists whole,
// as Cisco documents them.
type latencyRun struct {
	n, orgs, perOrg       int
	lat                   time.Duration
	apply0, apply         time.Duration
	plan0, plan           time.Duration
	applyStats, planStats sandbox.Stats
	// The same apply at twice terraform's default parallelism: what the
	// client's in-flight limit lets through when terraform sends more.
	apply2     time.Duration
	apply2Reqs int
}

func (b *bench) latencyRun(n, orgs int, lat time.Duration, withDouble bool) latencyRun {
	m := latencyRun{n: n, orgs: orgs, perOrg: (n + orgs - 1) / orgs, lat: lat}
	zsb, zurl := b.sandbox(sandbox.Options{})
	zdir := b.workdir(fmt.Sprintf("lat0-%d", n), b.assignments(zsb, n, m.perOrg), zurl)
	lsb, lurl := b.sandbox(sandbox.Options{Faults: sandbox.Faults{Latency: lat}})
	ldir := b.workdir(fmt.Sprintf("lat-%d", n), b.assignments(lsb, n, m.perOrg), lurl)
	m.apply0 = b.run(zdir, "apply", "-auto-approve")
	lsb.ResetLog()
	m.apply = b.run(ldir, "apply", "-auto-approve")
	m.applyStats = lsb.Stats()
	m.plan0 = b.run(zdir, "plan", "-detailed-exitcode") // exit 2 (changes) fails the bench
	lsb.ResetLog()
	m.plan = b.run(ldir, "plan", "-detailed-exitcode")
	m.planStats = lsb.Stats()
	if withDouble {
		dsb, durl := b.sandbox(sandbox.Options{Faults: sandbox.Faults{Latency: lat}})
		ddir := b.workdir(fmt.Sprintf("lat2-%d", n), b.assignments(dsb, n, m.perOrg), durl)
		m.apply2 = b.run(ddir, "apply", "-auto-approve", fmt.Sprintf("-parallelism=%d", 2*terraformParallelism))
		m.apply2Reqs = dsb.Stats().Requests
	}
	return m
}

// ideal is the least latency an apply can add: one round trip per
// resource, terraformParallelism at a time.
func (m latencyRun) ideal() time.Duration {
	return time.Duration(m.n) * m.lat / terraformParallelism
}

func (m latencyRun) added() time.Duration { return m.apply - m.apply0 }

// latencyRows: the apply and the no-change plan at latency, with the
// requests each sent; the apply's added latency against the ideal (at most
// 1.5x) and the plan's list requests (at most one per customer and page).
func (b *bench) latencyRows(n, orgs int, lat time.Duration) []row {
	return latencyRowsOf(b.latencyRun(n, orgs, lat, true))
}

// webexListRoute is the sandbox's name for a customer's partner-admins list.
const webexListRoute = "webex GET /v1/partner/organizations/{orgId}/partnerAdmins"

func latencyRowsOf(m latencyRun) []row {
	ms := m.lat.Milliseconds()
	var rows []row
	rows = append(rows, row{figure: fmt.Sprintf("apply %d over %d customers at %d ms (s), requests", m.n, m.orgs, ms),
		ours: fmt.Sprintf("%.2f", m.apply.Seconds()), baseline: fmt.Sprintf("%.2f at 0 ms", m.apply0.Seconds()),
		ratio: "-", target: fmt.Sprintf("%d req", m.applyStats.Requests), info: true})
	added, ideal := m.added().Seconds(), m.ideal().Seconds()
	rows = append(rows, row{figure: fmt.Sprintf("  latency added vs %d x %d ms / %d (s)", m.n, ms, terraformParallelism),
		ours: fmt.Sprintf("%.2f", added), baseline: fmt.Sprintf("%.2f ideal", ideal),
		ratio: fmt.Sprintf("%.2f", added/ideal), target: "<= 1.5x", pass: added <= 1.5*ideal})
	// A create waits for one round trip in series: the assign, with the
	// read that confirms it sent alongside (as soon as the assign is
	// written). The check before it is shared by the customer's creates.
	assigns := m.applyStats.Routes["webex POST /v1/partner/organizations/{orgId}/partnerAdmin/{personId}/assign"]
	reads := m.applyStats.Routes[webexListRoute]
	rows = append(rows, row{figure: "  of which assigns, list reads (per create)",
		ours: fmt.Sprintf("%d, %d", assigns, reads), baseline: "-",
		ratio: fmt.Sprintf("%.2f", float64(reads)/float64(m.n)), target: "-", info: true})
	if m.apply2 > 0 {
		p := 2 * terraformParallelism
		added2, ideal2 := (m.apply2 - m.apply0).Seconds(), ideal/2
		rows = append(rows, row{figure: fmt.Sprintf("  the same at -parallelism=%d: latency added (s), requests", p),
			ours: fmt.Sprintf("%.2f", added2), baseline: fmt.Sprintf("%.2f ideal", ideal2),
			ratio: fmt.Sprintf("%.2f", added2/ideal2), target: fmt.Sprintf("%d req", m.apply2Reqs), info: true})
	}
	rows = append(rows, row{figure: fmt.Sprintf("no-change plan of %d at %d ms (s), requests", m.n, ms),
		ours: fmt.Sprintf("%.2f", m.plan.Seconds()), baseline: fmt.Sprintf("%.2f at 0 ms", m.plan0.Seconds()),
		ratio: "-", target: fmt.Sprintf("%d req", m.planStats.Requests), info: true})
	lists := m.planStats.Routes[webexListRoute]
	pages := m.orgs * ((m.perOrg + sandbox.DefaultPageSize - 1) / sandbox.DefaultPageSize)
	rows = append(rows, row{figure: fmt.Sprintf("  list requests of that plan, %d customers", m.orgs),
		ours: strconv.Itoa(lists), baseline: fmt.Sprintf("%d (one per page)", pages),
		ratio: fmt.Sprintf("%.2f", float64(lists)/float64(pages)), target: "<= 1 per page", pass: lists <= pages})
	return rows
}

// scaleRows compares the cost per resource of small and big applies and
// plans at latency, with the same number of assignments per customer (so
// each customer's list is the same size): the latency added per resource,
// the apply's and the plan's wall time per resource.
func (b *bench) scaleRows(small, big, orgs int, lat time.Duration) []row {
	s := b.latencyRun(small, orgs, lat, false)
	l := b.latencyRun(big, big*orgs/small, lat, false)
	return scaleRowsOf(s, l)
}

func scaleRowsOf(s, l latencyRun) []row {
	ms := s.lat.Milliseconds()
	per := func(d time.Duration, n int) float64 { return d.Seconds() * 1000 / float64(n) }
	cmp := func(figure string, a, b float64) row {
		return row{figure: figure, ours: fmt.Sprintf("%.1f", b), baseline: fmt.Sprintf("%.1f at %d", a, s.n),
			ratio: fmt.Sprintf("%.2f", b/a), target: "-", info: true}
	}
	return []row{
		cmp(fmt.Sprintf("%d vs %d at 0 ms: apply per resource (ms)", l.n, s.n), per(s.apply0, s.n), per(l.apply0, l.n)),
		cmp(fmt.Sprintf("%d vs %d at %d ms: apply per resource (ms)", l.n, s.n, ms), per(s.apply, s.n), per(l.apply, l.n)),
		cmp(fmt.Sprintf("  requests per resource, %d req", l.applyStats.Requests),
			float64(s.applyStats.Requests)/float64(s.n), float64(l.applyStats.Requests)/float64(l.n)),
		cmp("  of which list reads per resource",
			float64(s.applyStats.Routes[webexListRoute])/float64(s.n), float64(l.applyStats.Routes[webexListRoute])/float64(l.n)),
		cmp(fmt.Sprintf("%d vs %d at %d ms: plan per resource (ms)", l.n, s.n, ms), per(s.plan, s.n), per(l.plan, l.n)),
	}
}

// bluexpLargeSet times validate, plan, apply, a no-change plan and destroy of
// one BlueXP resource naming n users by user_id, against the sandbox (pages
// of 100). Each must stay under 10 s.
func (b *bench) bluexpLargeSet(n int) []row {
	sb, url := b.sandbox(sandbox.Options{PageSize: 100, WebexPagedPartnerLists: true})
	st := sb.BlueXP()
	pid := st.AddPartnership("", "Large MSP")
	var hcl strings.Builder
	fmt.Fprintf(&hcl, "resource \"partneradmin_bluexp_resource_admins\" \"big\" {\n  partnership_id = %q\n  users = [\n", pid)
	for i := range n {
		fmt.Fprintf(&hcl, "    { user_id = %q },\n", st.AddUser(sandbox.BlueXPUser{Name: fmt.Sprintf("User %d", i)}))
	}
	hcl.WriteString("  ]\n}\n")
	dir := b.workdir("bluexp", hcl.String(), url)
	provider := fmt.Sprintf("provider \"partneradmin\" {\n  bluexp = { base_url = %q, token_url = %q, access_token = %q }\n}\n",
		url+sandbox.BlueXPBasePath, url+sandbox.BlueXPTokenPath, sandbox.DefaultBlueXPToken)
	main := filepath.Join(dir, "main.tf")
	data, err := os.ReadFile(main)
	if err != nil {
		log.Fatal(err)
	}
	// The bench's provider block configures Webex only: configure BlueXP instead.
	head, rest, _ := strings.Cut(string(data), "provider \"partneradmin\" {")
	_, rest, _ = strings.Cut(rest, "}\n}\n")
	if err := os.WriteFile(main, []byte(head+provider+rest), 0o600); err != nil {
		log.Fatal(err)
	}
	limit := 10 * time.Second
	timed := func(figure string, d time.Duration) row {
		return row{fmt.Sprintf("BlueXP %d users: %s (s)", n, figure), fmt.Sprintf("%.2f", d.Seconds()), "-", "-",
			fmt.Sprintf("< %.0f", limit.Seconds()), d < limit, false}
	}
	var rows []row
	rows = append(rows, timed("validate", b.run(dir, "validate")))
	rows = append(rows, timed("plan", b.run(dir, "plan")))
	rows = append(rows, timed("apply", b.run(dir, "apply", "-auto-approve")))
	if got := len(st.Members(pid)); got != n {
		log.Fatalf("bench: %d ResourceAdmins after apply, want %d", got, n)
	}
	rows = append(rows, timed("no-change plan", b.run(dir, "plan", "-detailed-exitcode")))
	rows = append(rows, timed("destroy", b.run(dir, "destroy", "-auto-approve")))
	if got := len(st.Members(pid)); got != 0 {
		log.Fatalf("bench: %d ResourceAdmins after destroy, want 0", got)
	}
	return rows
}

func printRows(rows []row) {
	fmt.Printf("\n%-56s %12s %28s %8s %14s  %s\n", "figure", "provider", "baseline", "ratio", "target", "result")
	for _, r := range rows {
		res := "FAIL"
		switch {
		case r.info:
			res = ""
		case r.pass:
			res = "pass"
		}
		fmt.Printf("%-56s %12s %28s %8s %14s  %s\n", r.figure, r.ours, r.baseline, r.ratio, r.target, res)
	}
}

func ratioRow(figure string, ours, base time.Duration, limit float64) row {
	ratio := ours.Seconds() / base.Seconds()
	return row{figure, fmt.Sprintf("%.2f", ours.Seconds()), fmt.Sprintf("%.2f", base.Seconds()), fmt.Sprintf("%.2f", ratio), fmt.Sprintf("<= %.1fx", limit), ratio <= limit, false}
}

func infoRow(figure string, ours, base time.Duration) row {
	return row{figure: figure, ours: fmt.Sprintf("%.2f", ours.Seconds()), baseline: fmt.Sprintf("%.2f", base.Seconds()),
		ratio: fmt.Sprintf("%.2f", ours.Seconds()/base.Seconds()), target: "-", info: true}
}

func perResourceRow(figure string, ours, base time.Duration, n int) row {
	o, b := ours.Seconds()*1000/float64(n), base.Seconds()*1000/float64(n)
	return row{figure: figure, ours: fmt.Sprintf("%.1f", o), baseline: fmt.Sprintf("%.1f", b), ratio: fmt.Sprintf("%.2f", o/b), target: "-", info: true}
}

func dataHCL(n int) string {
	return fmt.Sprintf("resource \"terraform_data\" \"r\" {\n  count = %d\n  input = count.index\n}\n", n)
}

type bench struct {
	dir, bin, rc, terraform string
	floorRC                 string // dev_overrides pointing at cmd/bench/floor
	rawFloorRC              string // and at cmd/bench/rawfloor
}

func newBench() *bench {
	dir, err := os.MkdirTemp("", "partneradmin-bench")
	if err != nil {
		log.Fatal(err)
	}
	tf, err := exec.LookPath("terraform")
	if err != nil {
		log.Fatal("bench: terraform is not on PATH")
	}
	b := &bench{dir: dir, bin: filepath.Join(dir, "bin"), rc: filepath.Join(dir, "terraformrc"), terraform: tf}
	floorBin, rawFloorBin := filepath.Join(dir, "floor-bin"), filepath.Join(dir, "rawfloor-bin")
	b.floorRC, b.rawFloorRC = filepath.Join(dir, "terraformrc-floor"), filepath.Join(dir, "terraformrc-rawfloor")
	for bin, pkg := range map[string]string{b.bin: ".", floorBin: "./cmd/bench/floor", rawFloorBin: "./cmd/bench/rawfloor"} {
		if out, err := exec.Command("go", "build", "-o", filepath.Join(bin, "terraform-provider-partneradmin"), pkg).CombinedOutput(); err != nil {
			log.Fatalf("go build %s: %v\n%s", pkg, err, out)
		}
	}
	for rcFile, bin := range map[string]string{b.rc: b.bin, b.floorRC: floorBin, b.rawFloorRC: rawFloorBin} {
		rc := fmt.Sprintf("provider_installation {\n  dev_overrides { \"registry.terraform.io/partneradmin/partneradmin\" = %q }\n  direct {}\n}\n", bin)
		if err := os.WriteFile(rcFile, []byte(rc), 0o600); err != nil {
			log.Fatal(err)
		}
	}
	return b
}

func (b *bench) sandbox(opts sandbox.Options) (*sandbox.Server, string) {
	sb := sandbox.New(opts)
	return sb, httptest.NewServer(sb).URL
}

// assignments seeds n assignable pairs, perOrg per customer, and returns HCL.
func (b *bench) assignments(sb *sandbox.Server, n, perOrg int) string {
	var hcl strings.Builder
	st := sb.Webex()
	var org string
	for i := range n {
		if i%perOrg == 0 {
			org = st.AddOrg(fmt.Sprintf("Customer %d", i/perOrg))
		}
		p := st.AddPerson(sandbox.Person{DisplayName: fmt.Sprintf("Admin %d", i), PartnerRole: sandbox.RolePartnerAdmin})
		fmt.Fprintf(&hcl, "resource \"partneradmin_webex_partner_admin_assignment\" \"a%d\" {\n  org_id    = %q\n  person_id = %q\n}\n", i, org, p)
	}
	return hcl.String()
}

func (b *bench) workdir(name, hcl, url string) string {
	dir := filepath.Join(b.dir, name)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		log.Fatal(err)
	}
	head := fmt.Sprintf("terraform {\n  required_providers {\n    partneradmin = { source = \"partneradmin/partneradmin\" }\n  }\n}\nprovider \"partneradmin\" {\n  webex = { base_url = %q, access_token = %q }\n}\n", url+"/webex", sandbox.DefaultWebexToken)
	if err := os.WriteFile(filepath.Join(dir, "main.tf"), []byte(head+hcl), 0o600); err != nil {
		log.Fatal(err)
	}
	return dir
}

func (b *bench) command(dir string, args ...string) *exec.Cmd {
	return b.commandWith(b.rc, dir, args...)
}

func (b *bench) commandWith(rc, dir string, args ...string) *exec.Cmd {
	extra := []string{"-input=false", "-no-color"}
	if len(args) > 0 && args[0] == "validate" { // takes no -input
		extra = extra[1:]
	}
	cmd := exec.CommandContext(context.Background(), b.terraform, append(args, extra...)...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "TF_CLI_CONFIG_FILE="+rc, "TF_IN_AUTOMATION=1", "TF_LOG=")
	return cmd
}

func (b *bench) run(dir string, args ...string) time.Duration {
	return b.runWith(b.rc, dir, args...)
}

func (b *bench) runWith(rc, dir string, args ...string) time.Duration {
	var out bytes.Buffer
	cmd := b.commandWith(rc, dir, args...)
	cmd.Stdout, cmd.Stderr = &out, &out
	start := time.Now()
	if err := cmd.Run(); err != nil {
		log.Fatalf("terraform %v in %s: %v\n%s", args, dir, err, tail(out.String()))
	}
	return time.Since(start)
}

// peakRSS runs terraform and samples the provider process's VmHWM.
func (b *bench) peakRSS(dir string, args ...string) float64 {
	cmd := b.command(dir, args...)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		log.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	var peakKiB int
	tick := time.NewTicker(20 * time.Millisecond)
	defer tick.Stop()
	for {
		select {
		case err := <-done:
			if err != nil {
				log.Fatalf("terraform %v: %v\n%s", args, err, tail(out.String()))
			}
			return float64(peakKiB) / 1024
		case <-tick.C:
			peakKiB = max(peakKiB, providerHWM())
		}
	}
}

// providerHWM returns the largest VmHWM (KiB) of running provider processes.
func providerHWM() int {
	entries, _ := os.ReadDir("/proc")
	best := 0
	for _, e := range entries {
		if _, err := strconv.Atoi(e.Name()); err != nil {
			continue
		}
		exe, err := os.Readlink(filepath.Join("/proc", e.Name(), "exe"))
		if err != nil || !strings.HasSuffix(exe, "terraform-provider-partneradmin") {
			continue
		}
		status, err := os.ReadFile(filepath.Join("/proc", e.Name(), "status"))
		if err != nil {
			continue
		}
		for _, line := range strings.Split(string(status), "\n") {
			if f := strings.Fields(line); len(f) >= 2 && f[0] == "VmHWM:" {
				if kib, err := strconv.Atoi(f[1]); err == nil {
					best = max(best, kib)
				}
			}
		}
	}
	return best
}

// loadAverage is /proc/loadavg's 1, 5 and 15 minute figures.
func loadAverage() string {
	data, err := os.ReadFile("/proc/loadavg")
	if f := strings.Fields(string(data)); err == nil && len(f) >= 3 {
		return strings.Join(f[:3], " ")
	}
	return "unknown"
}

func tail(s string) string {
	if len(s) > 3000 {
		return s[len(s)-3000:]
	}
	return s
}

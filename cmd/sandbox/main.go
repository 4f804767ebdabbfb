// Command sandbox serves the in-memory vendor API emulator
// (internal/sandbox) on a loopback address, for `make demo` and manual runs.
//
//	go run ./cmd/sandbox -demo -env-file /tmp/sandbox.env
//
// It prints `export` lines (base URLs, token, demo IDs) for the provider to
// stdout and, with -env-file, writes them atomically to that file so a script
// can wait for the file and source it. Every flag can also be set by an
// environment variable: -page-size ↔ SANDBOX_PAGE_SIZE, and so on.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"github.com/partneradmin/terraform-provider-partneradmin/internal/sandbox"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "sandbox:", err)
		os.Exit(1)
	}
}

type config struct {
	addr    string
	opts    sandbox.Options
	demo    bool
	envFile string
}

func parseFlags(args []string, stderr io.Writer) (config, error) {
	var c config
	fs := flag.NewFlagSet("sandbox", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&c.addr, "addr", "127.0.0.1:0", "listen address (loopback only)")
	fs.IntVar(&c.opts.PageSize, "page-size", sandbox.DefaultPageSize, "max items per list page")
	fs.DurationVar(&c.opts.VisibilityDelay, "visibility-delay", 0, "delay before a write is visible to reads")
	fs.Int64Var(&c.opts.Seed, "seed", 1, "seed of the fault choice (same seed, same faults on the same requests)")
	fs.Float64Var(&c.opts.RateLimit, "rate-limit", 0, "vendor requests per second (0: unlimited)")
	fs.BoolVar(&c.opts.WebexRegionalIDs, "webex-regional-ids", false, "answer with regional, padded Webex IDs")
	fs.Func("unknown-paths", "what answers a path no route matches: vendor (its error body) or bare (a gateway's 404, no body)", func(v string) error {
		m, err := sandbox.ParseUnknownPaths(v)
		c.opts.UnknownPaths = m
		return err
	})
	fs.DurationVar(&c.opts.CloudCockpitActivationDelay, "cloudcockpit-activation-delay", 0, "how long a new CloudCockpit access assignment stays pending")
	fs.DurationVar(&c.opts.CloudCockpitAdoptDelay, "cloudcockpit-adopt-delay", 0, "how long a new CloudCockpit access assignment stays out of the list")
	fs.BoolVar(&c.opts.CloudCockpitRelationshipIDAsID, "cloudcockpit-relationship-id-as-id", false, "list a customer's CloudCockpit GDAP relationships with their ID in \"id\" (the reseller page's example) instead of \"relationshipId\"")
	fs.BoolVar(&c.opts.BlueXPBareAuth0IDs, "bluexp-bare-auth0-ids", false, "answer BlueXP auth0Id without its <connection>| prefix")
	fs.BoolVar(&c.opts.BlueXPContinueInMetadata, "bluexp-continue-in-metadata", false, "put the BlueXP continue token in metadata.continue")
	fs.BoolVar(&c.opts.BlueXPConflictWhileAdding, "bluexp-conflict-while-adding", false, "answer 409 to a BlueXP add while an earlier add is in progress")
	fs.IntVar(&c.opts.WebexDuplicateAssignStatus, "webex-duplicate-assign-status", 409, "status of assigning an assigned partner admin (409, 400, or 200 for an idempotent assign)")
	fs.IntVar(&c.opts.WebexAbsentUnassignStatus, "webex-absent-unassign-status", 404, "status of unassigning a partner admin who is not assigned (404 or 400)")
	fs.BoolVar(&c.opts.WebexPagedPartnerLists, "webex-paged-partner-lists", false, "page the Webex partnerAdmins and managedBy lists by -page-size (Cisco documents no paging for them)")
	fs.BoolVar(&c.opts.RetryAfterHTTPDate, "retry-after-http-date", false, "send an injected 429's Retry-After as an HTTP-date half of the time (Cisco documents seconds)")
	fs.DurationVar(&c.opts.LateWrites.Delay, "late-write-delay", 0, "apply each write, then hold its answer this long")
	fs.IntVar(&c.opts.LateWrites.Drop, "drop-write-answers", 0, "apply the first N writes, then close the connection with no answer")
	f := &c.opts.Faults
	fs.Float64Var(&f.RateLimited, "fault-429", 0, "fraction of requests answered 429")
	fs.Float64Var(&f.Locked, "fault-423", 0, "fraction of requests answered 423")
	fs.Float64Var(&f.ServerError, "fault-5xx", 0, "fraction of requests answered 500/502/503/504")
	fs.Float64Var(&f.ResetBefore, "fault-reset-before", 0, "fraction of connections closed before acting")
	fs.Float64Var(&f.ResetAfter, "fault-reset-after", 0, "fraction of connections closed after acting")
	fs.DurationVar(&f.Latency, "fault-latency", 0, "latency added to every vendor request")
	fs.DurationVar(&f.RetryAfter, "fault-retry-after", time.Second, "Retry-After on injected 429/423")
	fs.DurationVar(&c.opts.TokenLifetime, "token-lifetime", 0, "lifetime (expires_in) of tokens the token endpoints issue (0: each vendor's documented one)")
	fs.IntVar(&c.opts.RevokeTokensAfter, "token-revoke-after", 0, "revoke the issued tokens once they authorized this many API requests of a vendor (0: never)")
	tf := &c.opts.TokenFaults
	fs.IntVar(&tf.Hang, "token-hang", 0, "the next N token requests hang until the client gives up (-1: all)")
	fs.IntVar(&tf.Reset, "token-reset", 0, "the next N token requests have their connection dropped (-1: all)")
	fs.IntVar(&tf.RateLimited, "token-429", 0, "the next N token requests are answered 429 (-1: all)")
	fs.IntVar(&tf.Unavailable, "token-503", 0, "the next N token requests are answered 503 (-1: all)")
	fs.DurationVar(&tf.RetryAfter, "token-retry-after", time.Second, "Retry-After on token endpoint 429/503")
	fs.BoolVar(&c.demo, "demo", false, "seed the demo organizations and people")
	fs.StringVar(&c.envFile, "env-file", "", "also write the export lines to this file")

	// Environment first, so explicit flags win.
	var envErr error
	fs.VisitAll(func(fl *flag.Flag) {
		name := "SANDBOX_" + strings.ToUpper(strings.ReplaceAll(fl.Name, "-", "_"))
		if v, ok := os.LookupEnv(name); ok && envErr == nil {
			if err := fl.Value.Set(v); err != nil {
				envErr = fmt.Errorf("%s=%q: %w", name, v, err)
			}
		}
	})
	if envErr != nil {
		return c, envErr
	}
	if err := fs.Parse(args); err != nil {
		return c, err
	}
	if fs.NArg() > 0 {
		return c, fmt.Errorf("unexpected arguments %q", fs.Args())
	}
	for name, v := range map[string]float64{"fault-429": f.RateLimited, "fault-423": f.Locked, "fault-5xx": f.ServerError,
		"fault-reset-before": f.ResetBefore, "fault-reset-after": f.ResetAfter} {
		if v < 0 || v > 1 {
			return c, fmt.Errorf("-%s must be within [0,1]", name)
		}
	}
	if s := c.opts.WebexDuplicateAssignStatus; s != 409 && s != 400 && s != 200 {
		return c, fmt.Errorf("-webex-duplicate-assign-status must be 409, 400 or 200, got %d", s)
	}
	if s := c.opts.WebexAbsentUnassignStatus; s != 404 && s != 400 && s != 200 {
		return c, fmt.Errorf("-webex-absent-unassign-status must be 404, 400 or 200, got %d", s)
	}
	if c.opts.LateWrites.Delay < 0 || c.opts.LateWrites.Drop < 0 {
		return c, errors.New("-late-write-delay and -drop-write-answers must not be negative")
	}
	return c, checkLoopback(c.addr)
}

// checkLoopback refuses addresses other machines could reach: the sandbox
// accepts a well-known token and has an unauthenticated admin API.
func checkLoopback(addr string) error {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return fmt.Errorf("-addr %q: %w", addr, err)
	}
	if host == "localhost" {
		return nil
	}
	if ip := net.ParseIP(host); ip == nil || !ip.IsLoopback() {
		return fmt.Errorf("-addr %q: only loopback addresses (127.0.0.1, ::1, localhost) are allowed", addr)
	}
	return nil
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	c, err := parseFlags(args, stderr)
	if err != nil {
		return err
	}
	srv := sandbox.New(c.opts)
	ln, err := net.Listen("tcp", c.addr)
	if err != nil {
		return err
	}
	base := "http://" + ln.Addr().String()
	exports := [][2]string{
		{"SANDBOX_URL", base},
		{"WEBEX_BASE_URL", base + "/webex"},
		{"WEBEX_ACCESS_TOKEN", sandbox.DefaultWebexToken},
		{"CLOUDCOCKPIT_BASE_URL", base + "/cloudcockpit"},
		{"CLOUDCOCKPIT_TENANT", sandbox.DefaultCloudCockpitTenant},
		{"CLOUDCOCKPIT_ACCESS_TOKEN", sandbox.DefaultCloudCockpitToken},
		{"BLUEXP_BASE_URL", base + sandbox.BlueXPBasePath},
		{"BLUEXP_TOKEN_URL", base + sandbox.BlueXPTokenPath},
		{"BLUEXP_CLIENT_ID", sandbox.DefaultBlueXPClientID},
		{"BLUEXP_CLIENT_SECRET", sandbox.DefaultBlueXPClientSecret},
	}
	if c.demo {
		d := srv.SeedDemo()
		exports = append(exports, [][2]string{
			{"DEMO_WEBEX_PARTNER_ORG_ID", d.PartnerOrgID},
			{"DEMO_WEBEX_ACME_ORG_ID", d.AcmeOrgID},
			{"DEMO_WEBEX_GLOBEX_ORG_ID", d.GlobexOrgID},
			{"DEMO_WEBEX_ALICE_ID", d.AliceID},
			{"DEMO_WEBEX_BOB_ID", d.BobID},
			{"DEMO_WEBEX_FIONA_ID", d.FionaID},
			{"DEMO_WEBEX_CAROL_ID", d.CarolID},
			{"DEMO_WEBEX_GINA_ID", d.GinaID},
			{"DEMO_BLUEXP_PARTNERSHIP_ID", d.BlueXPPartnershipID},
			{"DEMO_BLUEXP_DANA_ID", d.BlueXPDanaID},
			{"DEMO_BLUEXP_EVAN_EMAIL", d.BlueXPEvanEmail},
			{"DEMO_BLUEXP_FAY_AUTH0_ID", d.BlueXPFayAuth0ID},
			{"DEMO_BLUEXP_GUS_AAD_ID", d.BlueXPGusAADID},
			{"DEMO_CLOUDCOCKPIT_PROVIDER_INSTANCE_ID", d.CloudCockpitProviderInstanceID},
			{"DEMO_CLOUDCOCKPIT_RELATIONSHIP_ID", d.CloudCockpitRelationshipID},
			{"DEMO_CLOUDCOCKPIT_CUSTOMER_ID", d.CloudCockpitCustomerID},
		}...)
	}
	var lines strings.Builder
	for _, kv := range exports {
		fmt.Fprintf(&lines, "export %s='%s'\n", kv[0], kv[1]) // values never contain quotes
	}

	hs := &http.Server{Handler: srv, ReadHeaderTimeout: 10 * time.Second}
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()

	if _, err := io.WriteString(stdout, lines.String()); err != nil {
		_ = hs.Close()
		return err
	}
	if c.envFile != "" {
		if err := writeFileAtomic(c.envFile, lines.String()); err != nil {
			_ = hs.Close()
			return err
		}
	}
	fmt.Fprintf(stderr, "sandbox: serving on %s (admin API at %s/_sandbox/)\n", base, base)

	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := hs.Shutdown(shutdownCtx); err != nil {
		return err
	}
	if err := <-errc; !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// writeFileAtomic writes via a temporary file and a rename, so a reader
// polling for the file never sees it half written.
func writeFileAtomic(path, content string) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), ".sandbox-env-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name()) // no-op after a successful rename
	if _, err := tmp.WriteString(content); err != nil {
		_ = tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}

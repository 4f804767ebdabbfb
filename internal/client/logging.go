package client

import (
	"context"
	"net/http"
	"net/url"
	"slices"

	"github.com/hashicorp/go-retryablehttp"
	"github.com/hashicorp/terraform-plugin-log/tflog"
)

// logContext adds request fields and masks every secret in messages and
// field values, using tflog's own masking so nothing depends on string edits
// at each call site.
// The token is added by send once it is known (see withSecrets).
//
// tflog masks only top-level string field values, never strings nested in a
// map (headers, the request summary), so those are masked here with the
// secrets kept in the context.
func (c *Client) logContext(ctx context.Context, req Request, target *url.URL, requestID string) context.Context {
	ctx = withSecrets(ctx, c.secrets...)
	ctx = tflog.MaskFieldValuesWithFieldKeys(ctx, "authorization", "Authorization")
	return tflog.SetField(ctx, "partneradmin_request", map[string]any{
		"vendor":     c.opts.Vendor,
		"operation":  req.Operation,
		"request_id": requestID,
		"method":     req.Method,
		"url":        mask(redactURL(target), secretsFrom(ctx)),
	})
}

type secretsKey struct{}

// withSecrets adds secrets to tflog's masks and to the list kept in ctx for
// masking nested values and error texts. The list is kept longest first.
func withSecrets(ctx context.Context, secrets ...string) context.Context {
	prev := secretsFrom(ctx)
	var add []string
	for _, s := range secrets {
		if s != "" && !slices.Contains(prev, s) && !slices.Contains(add, s) {
			add = append(add, s)
		}
	}
	if len(add) == 0 {
		return ctx
	}
	all := append(slices.Clip(prev), add...)
	slices.SortStableFunc(all, func(a, b string) int { return len(b) - len(a) })
	ctx = tflog.MaskAllFieldValuesStrings(ctx, add...)
	ctx = tflog.MaskMessageStrings(ctx, add...)
	return context.WithValue(ctx, secretsKey{}, all)
}

func secretsFrom(ctx context.Context) []string {
	s, _ := ctx.Value(secretsKey{}).([]string)
	return s
}

// logAttempt is retryablehttp's request hook. attempt counts retries (0 is
// the first try); a retry says so at info level, as it is worth noticing.
func logAttempt(_ retryablehttp.Logger, req *http.Request, attempt int) {
	ctx := req.Context()
	if attempt > 0 {
		tflog.Info(ctx, "Retrying HTTP request", map[string]any{"attempt": attempt + 1})
		return
	}
	tflog.Debug(ctx, "Sending HTTP request", map[string]any{"headers": loggableHeaders(req.Header, secretsFrom(ctx))})
}

// logResponse is retryablehttp's response hook, called for every attempt.
func logResponse(_ retryablehttp.Logger, resp *http.Response) {
	ctx := resp.Request.Context()
	fields := map[string]any{"status": resp.StatusCode}
	if ra := resp.Header.Get("Retry-After"); ra != "" {
		fields["retry_after"] = mask(ra, secretsFrom(ctx))
	}
	tflog.Debug(ctx, "Received HTTP response", fields)
	tflog.Trace(ctx, "HTTP response headers", map[string]any{"headers": loggableHeaders(resp.Header, secretsFrom(ctx))})
}

// loggableHeaders drops credentials outright and masks secrets in the rest
// (a vendor may echo the token in a header).
func loggableHeaders(h http.Header, secrets []string) map[string]string {
	out := make(map[string]string, len(h))
	for k, vs := range h {
		switch http.CanonicalHeaderKey(k) {
		case "Authorization", "Cookie", "Set-Cookie", "Proxy-Authorization":
			out[k] = "(redacted)"
		default:
			if len(vs) > 0 {
				out[k] = mask(vs[0], secrets)
			}
		}
	}
	return out
}

using System.Globalization;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using NanoBanana.Sdk.Errors;
using NanoBanana.Sdk.Http;
using NanoBanana.Sdk.Pricing;
using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;
using Polly.Timeout;

namespace NanoBanana.Sdk.DependencyInjection;

/// <summary>
/// The resilience pipeline for paid image generation: retry only what cannot have been billed, honour the service's
/// retry hints, never resend a paid request after an uncertain failure, attempt timeout = the call timeout, one
/// circuit breaker per route and project.
/// </summary>
internal static class ImageGenerationResilience
{
    /// <summary>The pipeline name under the HttpClient's name (<c>NanoBanana.Official-nanobanana</c>).</summary>
    public const string PipelineName = "nanobanana";

    private static readonly ResiliencePropertyKey<TimeSpan?> HintKey = new("NanoBanana.RetryHint");

    /// <summary>Adds the pipeline to a route client's HttpClient; <paramref name="callTimeout"/> reads the route's call timeout.</summary>
    public static void Add(IHttpClientBuilder builder, Func<NanoBananaOptions, TimeSpan> callTimeout)
    {
        builder.AddResilienceHandler(PipelineName, (pipeline, context) =>
        {
            var options = context.ServiceProvider.GetRequiredService<IOptions<NanoBananaOptions>>().Value;

            // The clients' clock: backoff, retry hints and timeouts follow NanoBananaOptions.TimeProvider (tests pass a fake one).
            pipeline.TimeProvider = options.TimeProvider;
            Configure(pipeline, options.Resilience, callTimeout(options));
        })
        .SelectPipelineBy(static _ => static request =>
            NanoBananaRequestMetadata.TryGet(request, out var m) ? m.Route.ToString() + "/" + (m.ProjectId ?? "-") : "-");
    }

    /// <summary>Builds the strategies, outermost first.</summary>
    public static void Configure(ResiliencePipelineBuilder<HttpResponseMessage> pipeline, NanoBananaResilienceOptions o, TimeSpan callTimeout)
    {
        if (!o.Enabled)
        {
            return;
        }

        var attempt = o.AttemptTimeout ?? callTimeout;
        var infinite = attempt == Timeout.InfiniteTimeSpan && o.AttemptTimeout is null;
        if (!infinite)
        {
            // Above every attempt and every wait; the client's own call timeout still bounds the call.
            var total = TimeSpan.FromTicks(Math.Min(TimeSpan.FromDays(1).Ticks,
                (Max(attempt, OfficialImageClientOptions.MinimumFlexTimeout).Ticks * (o.MaxRetries + 1)) + (o.MaxRetryDelay.Ticks * o.MaxRetries)));
            pipeline.AddTimeout(new TimeoutStrategyOptions { Name = "total", Timeout = total });
        }

        if (o.MaxRetries > 0)
        {
            pipeline.AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                Name = "retry",
                MaxRetryAttempts = o.MaxRetries,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = o.BaseDelay,
                MaxDelay = o.MaxRetryDelay,
                ShouldHandle = args => ShouldRetryAsync(args.Outcome, args.Context, o),
                DelayGenerator = static args => new ValueTask<TimeSpan?>(args.Context.Properties.GetValue(HintKey, null)),
            });
        }

        pipeline.AddCircuitBreaker(new CircuitBreakerStrategyOptions<HttpResponseMessage>
        {
            Name = "circuit",
            FailureRatio = o.CircuitBreakerFailureRatio,
            MinimumThroughput = o.CircuitBreakerMinimumThroughput,
            SamplingDuration = o.CircuitBreakerSamplingDuration,
            BreakDuration = o.CircuitBreakerBreakDuration,
            ShouldHandle = static args => new ValueTask<bool>(IsRouteFailure(args.Outcome)),
        });

        // Your own per-attempt strategies, inside the retry (the per-project quota limiter is a handler after this pipeline).
        o.ConfigureAttempt?.Invoke(pipeline);

        if (!infinite)
        {
            pipeline.AddTimeout(new TimeoutStrategyOptions
            {
                Name = "attempt",
                TimeoutGenerator = args => new ValueTask<TimeSpan>(AttemptTimeout(args.Context, o.AttemptTimeout, callTimeout)),
            });
        }
    }

    /// <summary>The attempt timeout: the configured one, else the call timeout (a Flex call at least 15 minutes).</summary>
    internal static TimeSpan AttemptTimeout(ResilienceContext context, TimeSpan? configured, TimeSpan callTimeout)
    {
        if (configured is { } fixedTimeout)
        {
            return fixedTimeout;
        }

        var request = context.GetRequestMessage();
        var flex = request is not null && NanoBananaRequestMetadata.TryGet(request, out var m) && m.Lane == PriceLane.GoogleFlex;
        return flex ? Max(callTimeout, OfficialImageClientOptions.MinimumFlexTimeout) : callTimeout;
    }

    /// <summary>Whether an attempt's outcome may be resent without risk of paying twice.</summary>
    internal static async ValueTask<bool> ShouldRetryAsync(Outcome<HttpResponseMessage> outcome, ResilienceContext context, NanoBananaResilienceOptions o)
    {
        var request = context.GetRequestMessage();
        var paid = request is null || !NanoBananaRequestMetadata.TryGet(request, out var metadata) || metadata.IsPaidGeneration;
        context.Properties.Set(HintKey, null);
        if (outcome.Exception is { } exception)
        {
            return exception switch
            {
                // Never connected: nothing was sent, nothing generated.
                HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError } => true,

                // Sent, and then no answer: the image may have been generated and billed.
                TimeoutRejectedException or HttpRequestException or IOException => !paid || o.ResendPaidRequestsAfterUncertainFailure,
                _ => false,
            };
        }

        if (outcome.Result is not { } response || (int)response.StatusCode < 400)
        {
            // A 2xx is read by the client after this pipeline: a 200 without an image is never resent here.
            return false;
        }

        var status = (int)response.StatusCode;
        if (status is not (429 or 500 or 502 or 503 or 504))
        {
            return false;
        }

        var decision = ErrorDecision.Decide(status, await BufferErrorBodyAsync(response, context.CancellationToken).ConfigureAwait(false));
        var retry = decision.Kind switch
        {
            ErrorKind.QuotaExhausted => false,
            ErrorKind.RateLimited => status == 429,
            _ => status != 429,
        };
        if (!retry)
        {
            return false;
        }

        var hint = RetryAfter(response) ?? decision.RetryDelay;
        if (hint > o.MaxRetryDelay)
        {
            // Longer than we wait: the caller gets the error with its RetryAfter and decides.
            return false;
        }

        context.Properties.Set(HintKey, hint);
        return true;
    }

    /// <summary>What counts against the route's circuit: server errors and transport failures, not quota or caller errors.</summary>
    internal static bool IsRouteFailure(Outcome<HttpResponseMessage> outcome) =>
        outcome.Exception is HttpRequestException or TimeoutRejectedException or IOException
        || outcome.Result is { StatusCode: HttpStatusCode.InternalServerError or HttpStatusCode.BadGateway or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout };

    /// <summary>
    /// Buffers a small error body (capped at 64 KiB) so the predicate can read it and the client still reads it whole.
    /// </summary>
    internal static async Task<byte[]> BufferErrorBodyAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
#if NET9_0_OR_GREATER
            await response.Content.LoadIntoBufferAsync(ErrorBodyLimit, cancellationToken).ConfigureAwait(false);
#else
            await response.Content.LoadIntoBufferAsync(ErrorBodyLimit).ConfigureAwait(false);
#endif
            return await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException && !cancellationToken.IsCancellationRequested)
        {
            // Too large or cut short: classify on the status alone.
            return [];
        }
    }

    private const int ErrorBodyLimit = 64 * 1024;

    /// <summary><c>retry-after-ms</c> (wins) or <c>Retry-After</c> (seconds or a date).</summary>
    internal static TimeSpan? RetryAfter(HttpResponseMessage response)
    {
        if (response.Headers.TryGetValues("retry-after-ms", out var values)
            && double.TryParse(values.FirstOrDefault(), NumberStyles.Float, CultureInfo.InvariantCulture, out var ms) && ms >= 0)
        {
            return TimeSpan.FromMilliseconds(ms);
        }

        if (response.Headers.RetryAfter is { } retryAfter)
        {
            if (retryAfter.Delta is { } delta)
            {
                return delta;
            }

            if (retryAfter.Date is { } date)
            {
                var wait = date - DateTimeOffset.UtcNow;
                return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
            }
        }

        return null;
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;
}

using System.Net.Http;
using Polly;

namespace NanoBanana.Sdk;

/// <summary>
/// The resilience pipeline <c>AddNanoBanana</c> puts on every route client's HttpClient, made for paid image
/// generation (<c>NanoBanana:Resilience</c>). Outermost first: total timeout → retry → circuit breaker (per route and
/// project) → your per-attempt strategies (<see cref="ConfigureAttempt"/>) → attempt timeout → the per-project quota
/// limiter (<c>NanoBanana:Quota</c>, a handler after this pipeline) → the attempt-counting handler → the network.
/// </summary>
public sealed class NanoBananaResilienceOptions
{
    /// <summary>Turns the pipeline off (<c>Enabled</c>); the clients then send exactly once, as standalone. Default on.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>How many times a call may be resent (<c>MaxRetries</c>, 0–10). Default 2.</summary>
    public int MaxRetries { get; set; } = 2;

    /// <summary>The first backoff delay (<c>BaseDelay</c>), doubled per retry with jitter. Default 2 s.</summary>
    public TimeSpan BaseDelay { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// The longest wait before a retry (<c>MaxRetryDelay</c>). A <c>RetryInfo.retryDelay</c> or <c>Retry-After</c>
    /// hint longer than this is not waited for: the error goes to the caller with its <c>RetryAfter</c>. Default 60 s.
    /// </summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// The timeout of one attempt (<c>AttemptTimeout</c>). Default (unset): the route's call timeout (360 s; a Flex
    /// call at least 15 minutes). The client's own call timeout still bounds the whole call.
    /// </summary>
    public TimeSpan? AttemptTimeout { get; set; }

    /// <summary>
    /// Resends a paid image request after a failure that may have been billed: an attempt timeout or a connection
    /// lost after the request was sent (<c>ResendPaidRequestsAfterUncertainFailure</c>). Off by default: on the real
    /// service such a resend can pay twice. A 200 without an image is never resent by the pipeline (the clients read
    /// the answer after the pipeline).
    /// </summary>
    public bool ResendPaidRequestsAfterUncertainFailure { get; set; }

    /// <summary>The failure ratio that opens the circuit (<c>CircuitBreakerFailureRatio</c>, above 0, at most 1). Default 0.5.</summary>
    public double CircuitBreakerFailureRatio { get; set; } = 0.5;

    /// <summary>The calls needed in the sampling window before the circuit can open (<c>CircuitBreakerMinimumThroughput</c>, ≥ 2). Default 10.</summary>
    public int CircuitBreakerMinimumThroughput { get; set; } = 10;

    /// <summary>The window failures are counted in (<c>CircuitBreakerSamplingDuration</c>). Default 2 minutes (image calls are slow).</summary>
    public TimeSpan CircuitBreakerSamplingDuration { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>How long the circuit stays open (<c>CircuitBreakerBreakDuration</c>). Default 30 s.</summary>
    public TimeSpan CircuitBreakerBreakDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Adds strategies that run once per attempt, inside the retry and the circuit breaker and outside the attempt
    /// timeout (the SDK's own per-project limiter is configured with <c>NanoBanana:Quota</c>; a <c>RateLimiterRejectedException</c> a strategy throws
    /// is classified as <c>RejectedByClientPipeline</c>, not sent, not billed). Not bindable from configuration.
    /// </summary>
    public Action<ResiliencePipelineBuilder<HttpResponseMessage>>? ConfigureAttempt { get; set; }
}

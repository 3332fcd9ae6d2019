using System.Collections.Concurrent;
using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using NanoBanana.Sdk.Http;
using NanoBanana.Sdk.Quota;
using StackExchange.Redis;

namespace NanoBanana.Sdk;

/// <summary>
/// The per-project quota limiter: a <see cref="PartitionedRateLimiter{TResource}"/> over the requests NanoBanana
/// clients send, partitioned by Google Cloud project and model (<see cref="NanoBananaRequestMetadata"/>), with the
/// limits of <see cref="NanoBananaQuotaOptions"/>: requests, images and estimated tokens in every 60-second window and
/// requests per day (midnight Pacific). One permit is one request. In process by default; shared by every instance
/// through Redis with <see cref="CreateShared"/>. <c>AddNanoBanana</c> puts it inside the retry, so every attempt
/// takes a permit. A request without NanoBanana metadata is always admitted.
/// </summary>
public sealed partial class NanoBananaQuotaLimiter : PartitionedRateLimiter<HttpRequestMessage>
{
    private static readonly string[] FailedNames = [MetadataName.RetryAfter.Name, MetadataName.ReasonPhrase.Name, DailyLimitName];
    private readonly IQuotaStore _store;
    private readonly NanoBananaQuotaOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<string, QuotaRules> _rules = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The lease metadata name that is <see langword="true"/> when a per-day limit refused the request.</summary>
    public const string DailyLimitName = "NanoBanana.DailyLimit";

    /// <summary>Creates the in-process limiter: exact within this process, not shared with other instances.</summary>
    /// <param name="options">The limits and waits (<c>NanoBanana:Quota</c>).</param>
    /// <param name="timeProvider">The clock of the windows, the day and the waits; default <see cref="TimeProvider.System"/>.</param>
    /// <param name="logger">Receives the refusals at debug level.</param>
    public NanoBananaQuotaLimiter(NanoBananaQuotaOptions options, TimeProvider? timeProvider = null, ILogger? logger = null)
        : this(new InProcessQuotaStore(timeProvider ?? TimeProvider.System), options, timeProvider, logger)
    {
    }

    private NanoBananaQuotaLimiter(IQuotaStore store, NanoBananaQuotaOptions options, TimeProvider? timeProvider, ILogger? logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _store = store;
        _options = options;
        _time = timeProvider ?? TimeProvider.System;
        _logger = logger ?? NullLogger.Instance;
    }

    /// <summary>
    /// Creates the limiter shared by every instance that uses the same Redis: the counts, the day and the cooldown live
    /// in Redis, on its clock, one round trip per acquire. When Redis fails or is slower than
    /// <see cref="NanoBananaQuotaOptions.Timeout"/>, <see cref="NanoBananaQuotaOptions.FailureMode"/> applies.
    /// </summary>
    /// <param name="redis">The connection (configure a short timeout and a fail-fast backlog; <c>AddNanoBanana</c> does).</param>
    /// <param name="options">The limits, waits and failure mode.</param>
    /// <param name="timeProvider">The clock of the waits between acquires; default <see cref="TimeProvider.System"/>.</param>
    /// <param name="logger">Receives the failure-mode warnings.</param>
    /// <returns>The shared limiter; disposing it leaves <paramref name="redis"/> open.</returns>
    public static NanoBananaQuotaLimiter CreateShared(IConnectionMultiplexer redis, NanoBananaQuotaOptions options, TimeProvider? timeProvider = null, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(redis);
        ArgumentNullException.ThrowIfNull(options);
        var time = timeProvider ?? TimeProvider.System;
        var log = logger ?? NullLogger.Instance;
        return new NanoBananaQuotaLimiter(new RedisQuotaStore(redis, options, time, log), options, time, log);
    }

    /// <summary>Creates the shared limiter on the connection of <c>NanoBanana:Quota:Redis</c> (disposed with the container).</summary>
    internal static NanoBananaQuotaLimiter FromConnection(QuotaRedisConnection connection, NanoBananaQuotaOptions options, TimeProvider time, ILogger logger) =>
        new(new RedisQuotaStore(connection.Multiplexer, options, time, logger), options, time, logger);

    /// <summary><see langword="true"/> when the counts are shared by every instance (Redis).</summary>
    public bool IsShared => _store.IsShared;

    /// <summary><see langword="true"/> when a limit or Redis is configured; otherwise every request is admitted at no cost.</summary>
    public bool IsEnabled => _options.IsEnabled;

    /// <summary>
    /// Makes every request for the project and model of <paramref name="request"/> wait <paramref name="retryAfter"/>
    /// (in every instance when shared): what the service asked for in a 429's <c>RetryInfo</c> or <c>Retry-After</c>.
    /// </summary>
    /// <param name="request">A request a NanoBanana client sent (its metadata names the project and model).</param>
    /// <param name="retryAfter">How long to pause; capped at one day.</param>
    /// <param name="cancellationToken">Cancels the update.</param>
    /// <returns>A task that completes when the cooldown is stored.</returns>
    public ValueTask ReportCooldownAsync(HttpRequestMessage request, TimeSpan retryAfter, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (retryAfter <= TimeSpan.Zero || !TryPartition(request, 1, out var key, out _))
        {
            return default;
        }

        return _store.SetCooldownAsync(key, retryAfter > TimeSpan.FromDays(1) ? TimeSpan.FromDays(1) : retryAfter, cancellationToken);
    }

    /// <inheritdoc />
    public override RateLimiterStatistics? GetStatistics(HttpRequestMessage resource) => null;

    /// <inheritdoc />
    protected override RateLimitLease AttemptAcquireCore(HttpRequestMessage resource, int permitCount)
    {
        ArgumentNullException.ThrowIfNull(resource);
        ArgumentOutOfRangeException.ThrowIfNegative(permitCount);
        if (!_options.IsEnabled || !TryPartition(resource, permitCount, out var key, out var cost))
        {
            return QuotaLease.Acquired;
        }

        var decision = _store.TryAcquire(key, cost, RulesFor(key.Model));
        return decision.Admitted ? QuotaLease.Acquired : Refused(key, decision);
    }

    /// <inheritdoc />
    protected override async ValueTask<RateLimitLease> AcquireAsyncCore(HttpRequestMessage resource, int permitCount, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(resource);
        ArgumentOutOfRangeException.ThrowIfNegative(permitCount);
        if (!_options.IsEnabled || !TryPartition(resource, permitCount, out var key, out var cost))
        {
            return QuotaLease.Acquired;
        }

        var rules = RulesFor(key.Model);
        var started = _time.GetTimestamp();
        while (true)
        {
            var decision = await _store.TryAcquireAsync(key, cost, rules, cancellationToken).ConfigureAwait(false);
            if (decision.Admitted)
            {
                return QuotaLease.Acquired;
            }

            // Wait exactly until the refusing limit frees (no polling), within MaxWait in all; a day limit never waits.
            var left = _options.MaxWait - _time.GetElapsedTime(started);
            if (decision.IsDaily || decision.Rule == QuotaRule.StoreUnavailable || decision.RetryAfter > left)
            {
                return Refused(key, decision);
            }

            await Task.Delay(decision.RetryAfter, _time, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _store.Dispose();
        }

        base.Dispose(disposing);
    }

    /// <summary>The exception a refused lease becomes in the HttpClient pipeline (classified by the client as a RateLimitException).</summary>
    internal static QuotaPermitDeniedException ToException(RateLimitLease lease)
    {
        var retryAfter = lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : (TimeSpan?)null;
        var reason = lease.TryGetMetadata(MetadataName.ReasonPhrase, out var text) ? text : null;
        var daily = lease.TryGetMetadata(DailyLimitName, out var flag) && flag is true;
        var failure = lease is QuotaLease q ? q.Failure : null;
        return new QuotaPermitDeniedException(reason ?? "The per-project quota limiter refused the request.", daily ? null : retryAfter, daily, failure);
    }

    private QuotaRules RulesFor(string model) => _rules.GetOrAdd(model, static (m, o) => QuotaRules.For(o, m), _options);

    /// <summary>The partition and cost of a request; Batch control calls share the cooldown but count against no limit.</summary>
    private static bool TryPartition(HttpRequestMessage request, int permitCount, out QuotaKey key, out QuotaCost cost)
    {
        if (!NanoBananaRequestMetadata.TryGet(request, out var m))
        {
            key = default;
            cost = default;
            return false;
        }

        var project = string.IsNullOrWhiteSpace(m.ProjectId) ? QuotaKey.UnsetProject : m.ProjectId;
        var model = m.Model ?? "-";
        if (m.Route == ImageRoute.Batch)
        {
            key = new QuotaKey(project, "batch:" + model);
            cost = default;
            return true;
        }

        key = new QuotaKey(project, model);
        cost = new QuotaCost(
            permitCount,
            (int)Math.Min(int.MaxValue, (long)m.ImageCount * permitCount),
            (int)Math.Min(int.MaxValue, (long)m.EstimatedTokens * permitCount));
        return true;
    }

    private QuotaLease Refused(QuotaKey key, QuotaDecision decision)
    {
        var rules = RulesFor(key.Model);
        var who = $"project '{key.Project}', model '{key.Model}'";
        var scope = _store.IsShared ? "counted across every instance sharing Redis" : "counted in this process";
        var reason = decision.Rule switch
        {
            QuotaRule.RequestsPerMinute => Format($"{who}: NanoBanana:Quota RequestsPerMinute {rules.RequestsPerMinute} is used up ({scope}); a permit frees in {Seconds(decision.RetryAfter)}"),
            QuotaRule.ImagesPerMinute => Format($"{who}: NanoBanana:Quota ImagesPerMinute {rules.ImagesPerMinute} is used up ({scope}); a permit frees in {Seconds(decision.RetryAfter)}"),
            QuotaRule.TokensPerMinute => Format($"{who}: NanoBanana:Quota TokensPerMinute {rules.TokensPerMinute} is used up by the estimated tokens ({scope}); a permit frees in {Seconds(decision.RetryAfter)}"),
            QuotaRule.RequestsPerDay => Format($"{who}: NanoBanana:Quota RequestsPerDay {rules.RequestsPerDay} is used up ({scope}); the day resets at midnight Pacific time, in {Seconds(decision.RetryAfter)}"),
            QuotaRule.Cooldown => Format($"{who}: the service answered 429 with a retry hint (to this or another instance), so every caller pauses; {Seconds(decision.RetryAfter)} left"),
            _ => Format($"{who}: the shared quota store (Redis) failed or did not answer within {_options.Timeout.TotalMilliseconds} ms and NanoBanana:Quota:FailureMode is Closed ({decision.Failure?.GetType().Name}); check Redis or set FailureMode to Open"),
        };
        if (decision.Rule != QuotaRule.StoreUnavailable && decision.RetryAfter > _options.MaxWait && !decision.IsDaily)
        {
            reason += Format($", longer than NanoBanana:Quota:MaxWait {_options.MaxWait}");
        }

        PermitRefused(_logger, key.Project, key.Model, decision.Rule.ToString(), decision.RetryAfter.TotalMilliseconds);
        return new QuotaLease(false, decision.Rule == QuotaRule.StoreUnavailable ? null : decision.RetryAfter, reason + ".", decision.IsDaily) { Failure = decision.Failure };
    }

    private static string Format(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private static string Seconds(TimeSpan value) => value.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture) + " s";

    [LoggerMessage(EventId = 123, Level = LogLevel.Debug, Message = "Quota permit refused for project {Project}, model {Model} by {Rule}; frees in {RetryAfterMs} ms.")]
    private static partial void PermitRefused(ILogger logger, string project, string model, string rule, double retryAfterMs);

    /// <summary>A lease: the acquired one is shared (no allocation); a refused one carries its wait and reason.</summary>
    private sealed class QuotaLease(bool acquired, TimeSpan? retryAfter, string? reason, bool daily) : RateLimitLease
    {
        public static readonly QuotaLease Acquired = new(true, null, null, false);

        public Exception? Failure { get; init; }

        public override bool IsAcquired => acquired;

        public override IEnumerable<string> MetadataNames => acquired ? [] : FailedNames;

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            metadata = null;
            if (acquired)
            {
                return false;
            }

            if (metadataName == MetadataName.RetryAfter.Name && retryAfter is { } wait)
            {
                metadata = wait;
            }
            else if (metadataName == MetadataName.ReasonPhrase.Name)
            {
                metadata = reason;
            }
            else if (metadataName == DailyLimitName)
            {
                metadata = daily;
            }

            return metadata is not null;
        }
    }
}

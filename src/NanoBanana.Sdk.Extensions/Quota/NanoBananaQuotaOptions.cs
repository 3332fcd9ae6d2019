namespace NanoBanana.Sdk;

/// <summary>
/// The per-project quota limiter and the shared cooldown (<c>NanoBanana:Quota</c>). Google's limits belong to the
/// Cloud project (and model), not to the key: every instance of an app shares them. Without <see cref="Redis"/> the
/// limiter counts in this process only; with it, every instance that points at the same Redis shares one count, one
/// cooldown after a 429 and one daily budget. Off until a limit or <see cref="Redis"/> is set.
/// </summary>
public sealed class NanoBananaQuotaOptions : NanoBananaQuotaLimits
{
    /// <summary>The default <see cref="Timeout"/>: 250 ms.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromMilliseconds(250);

    /// <summary>The default <see cref="MaxWait"/>: 30 s.</summary>
    public static readonly TimeSpan DefaultMaxWait = TimeSpan.FromSeconds(30);

    /// <summary>
    /// A StackExchange.Redis connection string (<c>NanoBanana:Quota:Redis</c>, e.g. <c>redis.internal:6379,password=…</c>)
    /// that makes the limiter, the cooldown and the budget ledger shared by every instance. Unset: in process only.
    /// Keep the password in user secrets or a vault.
    /// </summary>
    public string? Redis { get; set; }

    /// <summary>
    /// What a call does when Redis does not answer within <see cref="Timeout"/> (<c>NanoBanana:Quota:FailureMode</c>):
    /// <see cref="QuotaFailureMode.Open"/> (default) sends it and logs a warning; <see cref="QuotaFailureMode.Closed"/>
    /// refuses it with a <see cref="Errors.RateLimitException"/>.
    /// </summary>
    public QuotaFailureMode FailureMode { get; set; } = QuotaFailureMode.Open;

    /// <summary>How long one Redis round trip may take before <see cref="FailureMode"/> applies (<c>NanoBanana:Quota:Timeout</c>). Default 250 ms.</summary>
    public TimeSpan Timeout { get; set; } = DefaultTimeout;

    /// <summary>
    /// The longest a request waits for a permit (<c>NanoBanana:Quota:MaxWait</c>) before it is refused with a
    /// <see cref="Errors.RateLimitException"/> whose <c>RetryAfter</c> says when one frees. Default 30 s; <c>00:00:00</c>
    /// refuses at once.
    /// </summary>
    public TimeSpan MaxWait { get; set; } = DefaultMaxWait;

    /// <summary>The prefix of every Redis key (<c>NanoBanana:Quota:KeyPrefix</c>); apps sharing one Redis for different projects may keep the default. Default <c>nanobanana</c>.</summary>
    public string KeyPrefix { get; set; } = "nanobanana";

    /// <summary>Limits for one model (<c>NanoBanana:Quota:Models:&lt;model id&gt;</c>); each one set there replaces the project-wide one above for that model. Keyed by catalog model id.</summary>
    public IDictionary<string, NanoBananaQuotaLimits> Models { get; } = new Dictionary<string, NanoBananaQuotaLimits>(StringComparer.OrdinalIgnoreCase);

    /// <summary><see langword="true"/> when a limit or <see cref="Redis"/> is set, so the limiter and the shared cooldown run.</summary>
    public bool IsEnabled => !string.IsNullOrWhiteSpace(Redis) || HasLimits || Models.Values.Any(m => m.HasLimits);
}

/// <summary>
/// One set of per-project limits, counted per Google Cloud project and model as Google counts them. Per-minute limits
/// hold in every 60-second window; the day resets at midnight Pacific time (<see cref="GoogleQuotaDay"/>). Unset: not limited.
/// </summary>
public class NanoBananaQuotaLimits
{
    /// <summary>Requests per minute (<c>RequestsPerMinute</c>, RPM).</summary>
    public int? RequestsPerMinute { get; set; }

    /// <summary>Images per minute (<c>ImagesPerMinute</c>, IPM).</summary>
    public int? ImagesPerMinute { get; set; }

    /// <summary>Tokens per minute (<c>TokensPerMinute</c>, TPM), counted on the estimate made before sending (prompt, input images, output image tokens).</summary>
    public int? TokensPerMinute { get; set; }

    /// <summary>Requests per day (<c>RequestsPerDay</c>, RPD); the day starts at midnight Pacific time.</summary>
    public int? RequestsPerDay { get; set; }

    /// <summary><see langword="true"/> when any limit is set.</summary>
    public bool HasLimits => RequestsPerMinute is not null || ImagesPerMinute is not null || TokensPerMinute is not null || RequestsPerDay is not null;
}

/// <summary>What a call does when the shared quota store (Redis) cannot be reached in time.</summary>
public enum QuotaFailureMode
{
    /// <summary>Send the call without a permit and log a warning (availability first; the service's own 429s still apply).</summary>
    Open = 0,

    /// <summary>Refuse the call with a classified <see cref="Errors.RateLimitException"/> (the project's limits first).</summary>
    Closed = 1,
}

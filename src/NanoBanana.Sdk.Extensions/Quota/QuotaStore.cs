namespace NanoBanana.Sdk.Quota;

/// <summary>The partition every limit, count and cooldown is kept under: one Google Cloud project and one model.</summary>
internal readonly record struct QuotaKey(string Project, string Model)
{
    /// <summary>The project label when none is configured: all instances without a project id share it.</summary>
    public const string UnsetProject = "-";
}

/// <summary>What one acquire counts: requests, images and estimated tokens.</summary>
internal readonly record struct QuotaCost(int Requests, int Images, int Tokens);

/// <summary>Which limit decided a refusal.</summary>
internal enum QuotaRule
{
    None = 0,
    RequestsPerMinute = 1,
    ImagesPerMinute = 2,
    TokensPerMinute = 3,
    RequestsPerDay = 4,
    Cooldown = 5,

    /// <summary>The shared store did not answer in time and the failure mode is <see cref="QuotaFailureMode.Closed"/>.</summary>
    StoreUnavailable = 6,
}

/// <summary>The answer of one acquire: admitted, or refused with the wait until the refusing limit frees.</summary>
internal readonly record struct QuotaDecision(bool Admitted, TimeSpan RetryAfter, QuotaRule Rule)
{
    public static QuotaDecision Admit => new(true, TimeSpan.Zero, QuotaRule.None);

    public bool IsDaily => Rule == QuotaRule.RequestsPerDay;

    /// <summary>Why the store failed, for <see cref="QuotaRule.StoreUnavailable"/>.</summary>
    public Exception? Failure { get; init; }
}

/// <summary>The effective limits of one model (per-model overrides over the project-wide ones); 0 means not limited.</summary>
internal sealed class QuotaRules
{
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    public required int RequestsPerMinute { get; init; }

    public required int ImagesPerMinute { get; init; }

    public required int TokensPerMinute { get; init; }

    public required int RequestsPerDay { get; init; }

    public bool HasLimits => RequestsPerMinute > 0 || ImagesPerMinute > 0 || TokensPerMinute > 0 || RequestsPerDay > 0;

    public static QuotaRules For(NanoBananaQuotaOptions options, string model)
    {
        options.Models.TryGetValue(model, out var m);
        return new QuotaRules
        {
            RequestsPerMinute = m?.RequestsPerMinute ?? options.RequestsPerMinute ?? 0,
            ImagesPerMinute = m?.ImagesPerMinute ?? options.ImagesPerMinute ?? 0,
            TokensPerMinute = m?.TokensPerMinute ?? options.TokensPerMinute ?? 0,
            RequestsPerDay = m?.RequestsPerDay ?? options.RequestsPerDay ?? 0,
        };
    }

    /// <summary>The limit and cost of the per-minute rule <paramref name="index"/> (0 requests, 1 images, 2 tokens).</summary>
    public (int Limit, int Cost) Minute(int index, in QuotaCost cost) => index switch
    {
        0 => (RequestsPerMinute, cost.Requests),
        1 => (ImagesPerMinute, cost.Images),
        _ => (TokensPerMinute, cost.Tokens),
    };
}

/// <summary>
/// Where counts and cooldowns live: this process (<see cref="InProcessQuotaStore"/>) or Redis
/// (<see cref="RedisQuotaStore"/>). An acquire checks every limit of the partition and records the cost on all of
/// them, or on none.
/// </summary>
internal interface IQuotaStore : IDisposable
{
    /// <summary><see langword="true"/> when the counts are shared by every instance that uses the same store.</summary>
    bool IsShared { get; }

    /// <summary>Checks and records one acquire without waiting (a blocking round trip for a remote store).</summary>
    QuotaDecision TryAcquire(QuotaKey key, QuotaCost cost, QuotaRules rules);

    /// <summary>Checks and records one acquire without waiting for a permit.</summary>
    ValueTask<QuotaDecision> TryAcquireAsync(QuotaKey key, QuotaCost cost, QuotaRules rules, CancellationToken cancellationToken);

    /// <summary>Makes every acquire of the partition wait until <paramref name="duration"/> from now (never shortens a longer cooldown).</summary>
    ValueTask SetCooldownAsync(QuotaKey key, TimeSpan duration, CancellationToken cancellationToken);
}

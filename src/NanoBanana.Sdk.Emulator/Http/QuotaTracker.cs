namespace NanoBanana.Sdk.Emulator.Http;

/// <summary>A request refused by a quota.</summary>
internal sealed record QuotaViolation(bool PerDay, string Model, long Limit, TimeSpan RetryAfter)
{
    public string QuotaMetric => PerDay
        ? "generativelanguage.googleapis.com/generate_requests_per_model_per_day"
        : "generativelanguage.googleapis.com/generate_requests_per_model_per_minute";

    public string QuotaId => PerDay ? "GenerateRequestsPerDayPerProjectPerModel" : "GenerateRequestsPerMinutePerProjectPerModel";

    /// <summary>Whole seconds, rounded up, in the <c>google.protobuf.Duration</c> JSON form (<c>"37s"</c>).</summary>
    public string RetryDelay => $"{Math.Max(1, (long)Math.Ceiling(RetryAfter.TotalSeconds))}s";
}

/// <summary>
/// Counts requests per (project, model) in sliding windows on the injected clock. The real per-day quota
/// resets at midnight Pacific time; a sliding 24-hour window is used instead so tests need no time zone data.
/// </summary>
internal sealed class QuotaTracker(IReadOnlyList<QuotaLimit> limits, TimeProvider time)
{
    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan Day = TimeSpan.FromDays(1);
    private readonly Dictionary<(string Project, string Model), Queue<DateTimeOffset>> _requests = [];
    private readonly Lock _gate = new();

    /// <summary>Counts a request, or returns the violated quota without counting it.</summary>
    public QuotaViolation? TryAcquire(string project, string model)
    {
        int? perMinute = null, perDay = null;
        foreach (var limit in limits)
        {
            if (string.Equals(limit.Project, project, StringComparison.Ordinal)
                && (limit.Model == QuotaLimit.AnyModel || string.Equals(limit.Model, model, StringComparison.Ordinal)))
            {
                perMinute = Min(perMinute, limit.RequestsPerMinute);
                perDay = Min(perDay, limit.RequestsPerDay);
            }
        }

        if (perMinute is null && perDay is null)
        {
            return null;
        }

        var now = time.GetUtcNow();
        lock (_gate)
        {
            if (!_requests.TryGetValue((project, model), out var times))
            {
                times = new Queue<DateTimeOffset>();
                _requests[(project, model)] = times;
            }

            while (times.Count > 0 && now - times.Peek() >= Day)
            {
                times.Dequeue();
            }

            if (perMinute is { } rpm)
            {
                var inMinute = times.Where(t => now - t < Minute).ToList();
                if (inMinute.Count >= rpm)
                {
                    var frees = rpm == 0 ? Minute : inMinute[inMinute.Count - rpm] + Minute - now;
                    return new QuotaViolation(false, model, rpm, frees);
                }
            }

            if (perDay is { } rpd && times.Count >= rpd)
            {
                var frees = rpd == 0 ? Day : times.ElementAt(times.Count - rpd) + Day - now;
                return new QuotaViolation(true, model, rpd, frees);
            }

            times.Enqueue(now);
            return null;
        }
    }

    private static int? Min(int? a, int? b) => a is null ? b : b is null ? a : Math.Min(a.Value, b.Value);
}

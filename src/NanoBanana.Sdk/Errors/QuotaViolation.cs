namespace NanoBanana.Sdk.Errors;

/// <summary>
/// One limit the service says was exceeded (Google <c>google.rpc.QuotaFailure.violations[]</c>). Limits
/// belong to the Google Cloud project, not to the key.
/// </summary>
public sealed record QuotaViolation
{
    /// <summary>The metric, e.g. <c>generativelanguage.googleapis.com/generate_requests_per_model_per_day</c>.</summary>
    public string? QuotaMetric { get; init; }

    /// <summary>The limit's id, e.g. <c>GenerateRequestsPerDayPerProjectPerModel</c>.</summary>
    public string? QuotaId { get; init; }

    /// <summary>The dimensions the limit applies to, e.g. <c>model</c> → <c>gemini-3-pro-image</c>.</summary>
    public IReadOnlyDictionary<string, string> Dimensions { get; init; } = new Dictionary<string, string>();

    /// <summary>The limit's value as the service sent it, e.g. <c>250</c>; <c>0</c> means the project has no quota for it.</summary>
    public string? QuotaValue { get; init; }

    /// <summary>
    /// <see langword="true"/> when the limit is a daily one (requests per day, RPD): waiting seconds and
    /// retrying will not clear it.
    /// </summary>
    public bool IsDaily =>
        Mentions(QuotaId, "PerDay") || Mentions(QuotaMetric, "per_day") || Mentions(QuotaMetric, "PerDay") || Mentions(QuotaId, "per_day");

    /// <summary><see langword="true"/> when the limit's value is zero: the project's tier has no quota for this model at all.</summary>
    public bool IsZeroLimit => string.Equals(QuotaValue?.Trim(), "0", StringComparison.Ordinal);

    /// <summary>A short description for messages, e.g. <c>GenerateRequestsPerDayPerProjectPerModel (model=gemini-3-pro-image, limit 250)</c>.</summary>
    /// <returns>The description.</returns>
    public override string ToString()
    {
        var name = QuotaId ?? QuotaMetric ?? "unnamed limit";
        var parts = Dimensions.Select(d => $"{d.Key}={d.Value}").ToList();
        if (QuotaValue is not null)
        {
            parts.Add($"limit {QuotaValue}");
        }

        return parts.Count == 0 ? name : $"{name} ({string.Join(", ", parts)})";
    }

    private static bool Mentions(string? text, string part) => text?.Contains(part, StringComparison.OrdinalIgnoreCase) ?? false;
}

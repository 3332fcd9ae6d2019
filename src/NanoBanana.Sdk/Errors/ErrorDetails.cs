using NanoBanana.Sdk.Pricing;

namespace NanoBanana.Sdk.Errors;

/// <summary>Everything a classified exception carries, already redacted; built by <see cref="ErrorClassifier"/>.</summary>
internal sealed record ErrorDetails
{
    public required string Message { get; init; }

    public ErrorKind Kind { get; init; }

    public string? ResponseId { get; init; }

    public int? StatusCode { get; init; }

    public string? ServiceStatus { get; init; }

    public string? ErrorCode { get; init; }

    public string? ErrorType { get; init; }

    public string? ServiceMessage { get; init; }

    public string? RequestId { get; init; }

    public required ImageRoute Route { get; init; }

    public bool IsTransient { get; init; }

    public TimeSpan? RetryAfter { get; init; }

    public required ErrorOwner LikelyOwner { get; init; }

    public required string NextMove { get; init; }

    public required ReproPacket Packet { get; init; }

    public CostRecord? Cost { get; init; }

    public string? ResponseBody { get; init; }

    public IReadOnlyList<QuotaViolation> QuotaViolations { get; init; } = [];
}

namespace NanoBanana.Sdk.Pricing;

/// <summary>
/// What a finished call cost, and how we know: attached to every result and every failure that may have
/// been billed. A provider price is always marked <see cref="PriceLane.Provider"/> and never as Google's.
/// </summary>
public sealed record CostRecord
{
    /// <summary>The route that carried the call.</summary>
    public required ImageRoute Route { get; init; }

    /// <summary>The price lane the call is billed on.</summary>
    public required PriceLane Lane { get; init; }

    /// <summary>The provider name when <see cref="Lane"/> is <see cref="PriceLane.Provider"/>; otherwise <see langword="null"/>.</summary>
    public string? Provider { get; init; }

    /// <summary>The catalog model id the price was looked up for (aliases resolved).</summary>
    public required string ModelId { get; init; }

    /// <summary>The model string as the caller gave it (an alias such as <c>gemini-3-pro-image-preview</c> is kept), when known.</summary>
    public string? RequestedModel { get; init; }

    /// <summary>The image size priced.</summary>
    public required ImageSize Size { get; init; }

    /// <summary>Generate or edit.</summary>
    public required ImageOperation Operation { get; init; }

    /// <summary>Number of images billed by this record.</summary>
    public int ImageCount { get; init; } = 1;

    /// <summary>The unit price in USD per image, or <see langword="null"/> when no price row matched (see <see cref="PriceStatus"/>).
    /// When <see cref="PriceUnit"/> is <see cref="Pricing.PriceUnit.PerMillionOutputImageTokens"/> it is the price per million output image tokens.</summary>
    public decimal? UnitPriceUsd { get; init; }

    /// <summary>What <see cref="UnitPriceUsd"/> is charged per: per image, or per million output image tokens when the call was priced from its reported tokens.</summary>
    public PriceUnit PriceUnit { get; init; } = PriceUnit.PerImage;

    /// <summary>Where the unit price comes from (a URL or a note), or <see langword="null"/> when no row matched.</summary>
    public string? PriceSource { get; init; }

    /// <summary>The date the price row was last checked, or <see langword="null"/> when no row matched.</summary>
    public DateOnly? PriceCheckedOn { get; init; }

    /// <summary>Whether a price row was found, missing, or found but older than the configured maximum age.</summary>
    public required PriceStatus PriceStatus { get; init; }

    /// <summary>Why the price status is what it is: the row used, how old a stale row is, or which row to add.</summary>
    public string? PriceNote { get; init; }

    /// <summary>How the call ended.</summary>
    public BillingOutcome Outcome { get; init; }

    /// <summary>The SDK's estimate in USD for this call (unit price × images + grounding), or <see langword="null"/> without a price row.</summary>
    public decimal? EstimatedCostUsd { get; init; }

    /// <summary>The cost the service itself reported (e.g. a gateway's <c>usage.cost</c>), when it did.</summary>
    public decimal? ReportedCostUsd { get; init; }

    /// <summary>Whether the call is believed billable (a failed call may or may not be, per the route's failed-call rule).</summary>
    public required bool Billable { get; init; }

    /// <summary>Why the call is or is not billable, in one line (e.g. the provider's failed-call rule that applied).</summary>
    public string? BillingNote { get; init; }

    /// <summary>Retries the caller's pipeline made before this outcome (each may have been billed).</summary>
    public int Retries { get; init; }

    /// <summary>Search grounding queries charged on top of the image price.</summary>
    public int GroundingQueries { get; init; }

    /// <summary>
    /// Set when the bill may be higher than <see cref="EstimatedCostUsd"/>: the service reported more, a billable
    /// call has no price, or earlier attempts may also have been billed. <see langword="null"/> when nothing says so.
    /// </summary>
    public CostAlert? Alert { get; init; }

    /// <summary>
    /// The reported tokens priced at the lane's $/1M rates (image, text with thinking, input), beside the per-image
    /// estimate; <see langword="null"/> when the service reported no usage or the call is not on a Google lane.
    /// </summary>
    public UsageCost? UsageCost { get; init; }

    /// <summary>
    /// The cost to report: the service's own figure when present, else the reported tokens priced
    /// (<see cref="UsageCost"/>) when complete, else the estimate (zero when not billable).
    /// </summary>
    public decimal? EffectiveCostUsd => !Billable ? 0m : ReportedCostUsd ?? UsageCost?.TotalUsd ?? EstimatedCostUsd;

    /// <summary>
    /// One line for logs and consoles, e.g. <c>$0.1344 estimated, billable (Success) · gemini-3-pro-image 1K on
    /// GoogleStandard · price checked 2026-10-08</c>, or <c>not billed (ClientError) · …</c>. The full detail stays in
    /// <see cref="BillingNote"/> and <see cref="PriceNote"/>.
    /// </summary>
    /// <returns>The summary.</returns>
    public override string ToString()
    {
        var amount = !Billable
            ? $"not billed ({Outcome})"
            : ReportedCostUsd is { } reported
                ? string.Create(System.Globalization.CultureInfo.InvariantCulture, $"${reported:0.####} reported, billable ({Outcome})")
                : EffectiveCostUsd is { } effective
                    ? string.Create(System.Globalization.CultureInfo.InvariantCulture, $"${effective:0.####} estimated, billable ({Outcome})")
                    : $"unknown cost (no price row), billable ({Outcome})";
        var where = Provider is null ? Lane.ToString() : $"{Lane} {Provider}";
        var retries = Retries > 0 ? $" · {Retries} retr{(Retries == 1 ? "y" : "ies")}" : string.Empty;
        var checkedOn = PriceCheckedOn is { } date ? $" · price checked {date:yyyy-MM-dd}" : string.Empty;
        var alert = Alert is not null ? " · ALERT: the bill may exceed the estimate" : string.Empty;
        return $"{amount} · {ModelId} {Size} on {where}{retries}{checkedOn}{alert}";
    }
}

/// <summary>The outcome of a price lookup. A missing row is never a silent zero.</summary>
public enum PriceStatus
{
    /// <summary>A current price row matched.</summary>
    Found = 0,

    /// <summary>A row matched but it is older than the configured maximum price age.</summary>
    Stale = 1,

    /// <summary>No row matched (unknown model, size, lane or provider): the cost is unknown, not zero.</summary>
    Missing = 2,
}

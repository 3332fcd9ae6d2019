
namespace NanoBanana.Sdk.Pricing;

/// <summary>What a call is, for pricing: its route and lane, the resolved model, size, operation and image count.</summary>
public sealed record CostQuery
{
    /// <summary>The route that carries the call.</summary>
    public required ImageRoute Route { get; init; }

    /// <summary>The lane it is billed on; <see cref="PriceLane.Provider"/> exactly when <see cref="Route"/> is <see cref="ImageRoute.Provider"/>.</summary>
    public required PriceLane Lane { get; init; }

    /// <summary>The resolved model; prices are looked up by <see cref="ModelResolution.ModelId"/> (aliases resolved).</summary>
    public required ModelResolution Model { get; init; }

    /// <summary>The image size.</summary>
    public required ImageSize Size { get; init; }

    /// <summary>Generate or edit.</summary>
    public required ImageOperation Operation { get; init; }

    /// <summary>Images requested (at least 1). Default 1.</summary>
    public int ImageCount { get; init; } = 1;

    /// <summary>The provider name on the provider route; <see langword="null"/> on Google routes.</summary>
    public string? Provider { get; init; }
}

/// <summary>What happened on a finished call, for its <see cref="CostRecord"/>.</summary>
public sealed record CallBilling
{
    /// <summary>How the call ended.</summary>
    public required BillingOutcome Outcome { get; init; }

    /// <summary>Token usage the service reported, if any (prices the image by tokens when the lane has a token row).</summary>
    public TokenUsage? Usage { get; init; }

    /// <summary>The cost the service reported itself (e.g. a gateway's <c>usage.cost</c>), if any.</summary>
    public decimal? ReportedCostUsd { get; init; }

    /// <summary>Retries made before this outcome.</summary>
    public int Retries { get; init; }

    /// <summary>Search grounding queries the call ran.</summary>
    public int GroundingQueries { get; init; }

    /// <summary>The failed-call rule to apply; <see langword="null"/> uses the lane's default (<see cref="PricingCatalog.GetFailedCallRule"/>).</summary>
    public FailedCallRule? Rule { get; init; }
}

/// <summary>
/// What a call is expected to cost before it is made: the image row, grounding queries and expected retries,
/// each priced separately so an estimate never counts only the image. When a needed row is missing the total is
/// <see langword="null"/> and <see cref="Notes"/> says which row to add — never a silent zero.
/// </summary>
public sealed record CostEstimate
{
    /// <summary>The route.</summary>
    public required ImageRoute Route { get; init; }

    /// <summary>The lane.</summary>
    public required PriceLane Lane { get; init; }

    /// <summary>The provider on the provider lane; otherwise <see langword="null"/>.</summary>
    public string? Provider { get; init; }

    /// <summary>The catalog model id priced (aliases resolved).</summary>
    public required string ModelId { get; init; }

    /// <summary>The image size priced.</summary>
    public required ImageSize Size { get; init; }

    /// <summary>Generate or edit.</summary>
    public required ImageOperation Operation { get; init; }

    /// <summary>Images requested.</summary>
    public required int ImageCount { get; init; }

    /// <summary>The per-image price, or <see langword="null"/> when no row matched.</summary>
    public decimal? UnitPriceUsd { get; init; }

    /// <summary>Where the per-image price comes from.</summary>
    public string? PriceSource { get; init; }

    /// <summary>When the per-image price was last checked.</summary>
    public DateOnly? PriceCheckedOn { get; init; }

    /// <summary>Unit price × images, or <see langword="null"/> when no row matched.</summary>
    public decimal? ImageCostUsd { get; init; }

    /// <summary>Grounding queries expected.</summary>
    public int GroundingQueries { get; init; }

    /// <summary>The per-query grounding price, or <see langword="null"/> when none is configured.</summary>
    public decimal? GroundingUnitPriceUsd { get; init; }

    /// <summary>Grounding cost (zero without queries), or <see langword="null"/> when queries are expected but no grounding row exists.</summary>
    public decimal? GroundingCostUsd { get; init; }

    /// <summary>Retries expected; each may be billed as a full image call.</summary>
    public int ExpectedRetries { get; init; }

    /// <summary>Expected retries × image cost, or <see langword="null"/> when the image price is missing.</summary>
    public decimal? RetryCostUsd { get; init; }

    /// <summary>Image + grounding + retries, or <see langword="null"/> when any needed row is missing.</summary>
    public decimal? TotalUsd { get; init; }

    /// <summary>The worst status of the rows used: <see cref="PriceStatus.Missing"/> beats <see cref="PriceStatus.Stale"/> beats <see cref="PriceStatus.Found"/>.</summary>
    public required PriceStatus PriceStatus { get; init; }

    /// <summary>What the estimate rests on and what it leaves out, one line each.</summary>
    public required IReadOnlyList<string> Notes { get; init; }
}


namespace NanoBanana.Sdk.Pricing;

/// <summary>What to look a price up for.</summary>
/// <param name="ModelId">The catalog model id (aliases already resolved: pass <see cref="ModelResolution.ModelId"/>).</param>
/// <param name="Lane">The lane. Google lanes search only the Google table; <see cref="PriceLane.Provider"/> only that provider's table.</param>
/// <param name="Size">The image size.</param>
/// <param name="Operation">Generate or edit.</param>
/// <param name="Provider">The provider name; required on <see cref="PriceLane.Provider"/>, and must be <see langword="null"/> on Google lanes.</param>
/// <param name="Unit">What the price is charged per; per image unless asking for a token or grounding price.</param>
public sealed record PriceQuery(
    string ModelId,
    PriceLane Lane,
    ImageSize Size,
    ImageOperation Operation,
    string? Provider = null,
    PriceUnit Unit = PriceUnit.PerImage)
{
    /// <summary>
    /// Output image tokens of one image at <see cref="Size"/>: a per-image Google price with no per-image row is derived
    /// as these tokens × the lane's image-token rate. <see langword="null"/> takes them from <see cref="ModelCatalog.Default"/>.
    /// </summary>
    public int? ImageTokens { get; init; }
}

/// <summary>
/// The outcome of a price lookup: a current row, a stale row, or a visible miss with the reason and the fix.
/// A missing row is never a silent zero.
/// </summary>
public sealed record PriceLookup
{
    /// <summary>Found, stale (older than <see cref="PricingCatalog.MaxPriceAge"/>) or missing.</summary>
    public required PriceStatus Status { get; init; }

    /// <summary>The matching row (also for <see cref="PriceStatus.Stale"/>), or <see langword="null"/> when missing.</summary>
    public PriceRow? Row { get; init; }

    /// <summary>Why: what matched and from where, how old a stale row is, or what row to add.</summary>
    public required string Message { get; init; }

    /// <summary>The query that was looked up.</summary>
    public required PriceQuery Query { get; init; }

    /// <summary>
    /// Set when a per-image price was derived from a token row: the output image tokens of one image. Then
    /// <see cref="Row"/> is the $/1M image-token row and <see cref="UnitPriceUsd"/> is tokens × rate / 1,000,000.
    /// </summary>
    public int? DerivedFromTokens { get; init; }

    /// <summary>The price in the query's unit (per image when derived from tokens), or <see langword="null"/> when missing.</summary>
    public decimal? UnitPriceUsd => Row is null ? null
        : DerivedFromTokens is { } tokens ? tokens * Row.UnitPriceUsd / 1_000_000m
        : Row.UnitPriceUsd;
}


namespace NanoBanana.Sdk.Pricing;

/// <summary>What to look a price up for.</summary>
public sealed record PriceQuery
{
    /// <summary>The catalog model id (aliases already resolved: pass <see cref="ModelResolution.ModelId"/>).</summary>
    public required string ModelId { get; init; }

    /// <summary>The lane. Google lanes search only the Google table; <see cref="PriceLane.Provider"/> only that provider's table.</summary>
    public required PriceLane Lane { get; init; }

    /// <summary>The image size.</summary>
    public required ImageSize Size { get; init; }

    /// <summary>Generate or edit.</summary>
    public required ImageOperation Operation { get; init; }

    /// <summary>The provider name; required on <see cref="PriceLane.Provider"/>, and must be <see langword="null"/> on Google lanes.</summary>
    public string? Provider { get; init; }

    /// <summary>What the price is charged per; per image (the default) unless asking for a token or grounding price.</summary>
    public PriceUnit Unit { get; init; } = PriceUnit.PerImage;

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

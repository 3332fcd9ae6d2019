using System.Globalization;

namespace NanoBanana.Sdk.Pricing;

/// <summary>
/// One dated price: a model on a lane (and, for <see cref="PriceLane.Provider"/>, a named provider), optionally
/// narrowed to one size and one operation, with where the price comes from and when it was last checked.
/// Rows are data: the SDK ships seed rows (<see cref="PricingCatalog.Default"/>) and users override or add rows.
/// </summary>
public sealed record PriceRow
{
    private readonly string _modelId = string.Empty;
    private readonly string? _provider;
    private readonly decimal _unitPriceUsd;
    private readonly string _source = string.Empty;

    /// <summary>The catalog model id the price is for (aliases resolved), e.g. <c>gemini-3-pro-image</c>. Matched case-insensitively.</summary>
    /// <exception cref="ArgumentException">The id is empty.</exception>
    public required string ModelId
    {
        get => _modelId;
        init
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(value, nameof(ModelId));
            _modelId = value.Trim();
        }
    }

    /// <summary>The lane the price applies to. <see cref="PriceLane.Provider"/> exactly when <see cref="Provider"/> is set.</summary>
    public required PriceLane Lane { get; init; }

    /// <summary>The provider name (e.g. <c>laozhang.ai</c>) for a provider row; <see langword="null"/> for a Google row.</summary>
    public string? Provider
    {
        get => _provider;
        init => _provider = string.IsNullOrWhiteSpace(value) ? null : value.Trim();
    }

    /// <summary>The image size the price is for, or <see langword="null"/> for every size. An exact size beats <see langword="null"/>.</summary>
    public ImageSize? Size { get; init; }

    /// <summary>The operation the price is for, or <see langword="null"/> for both. An exact operation beats <see langword="null"/>.</summary>
    public ImageOperation? Operation { get; init; }

    /// <summary>What the price is charged per. Defaults to <see cref="PriceUnit.PerImage"/>.</summary>
    public PriceUnit Unit { get; init; } = PriceUnit.PerImage;

    /// <summary>The price in USD per <see cref="Unit"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The price is negative.</exception>
    public required decimal UnitPriceUsd
    {
        get => _unitPriceUsd;
        init
        {
            ArgumentOutOfRangeException.ThrowIfNegative(value, nameof(UnitPriceUsd));
            _unitPriceUsd = value;
        }
    }

    /// <summary>Where the price comes from: a URL, a document and section, or a note. Never empty.</summary>
    /// <exception cref="ArgumentException">The source is empty.</exception>
    public required string Source
    {
        get => _source;
        init
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(value, nameof(Source));
            _source = value;
        }
    }

    /// <summary>The date the price was last checked against <see cref="Source"/>.</summary>
    public required DateOnly CheckedOn { get; init; }

    /// <summary>
    /// The owner of the price as people read it: <c>Google Standard</c>, <c>Google Batch</c>, … or
    /// <c>provider laozhang.ai</c>. A provider row never reads as a Google price.
    /// </summary>
    public string LaneDisplayName => DescribeLane(Lane, Provider);

    /// <summary>The row's price as text, e.g. <c>$0.134 per image</c>.</summary>
    /// <returns>The price and unit.</returns>
    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"{LaneDisplayName} {ModelId} {Size?.Value ?? "any size"} {Operation?.ToString() ?? "generate/edit"}: {FormatPrice(UnitPriceUsd, Unit)} (source: {Source}; checked {CheckedOn:yyyy-MM-dd})");

    internal RowKey Key => new(ModelId.ToUpperInvariant(), Lane, Provider?.ToUpperInvariant(), Size, Operation, Unit);

    internal static string DescribeLane(PriceLane lane, string? provider) => lane switch
    {
        PriceLane.GoogleStandard => "Google Standard",
        PriceLane.GooglePriority => "Google Priority",
        PriceLane.GoogleBatch => "Google Batch",
        PriceLane.GoogleFlex => "Google Flex",
        PriceLane.Provider => $"provider {provider ?? "(unnamed)"}",
        _ => lane.ToString(),
    };

    internal static string FormatPrice(decimal price, PriceUnit unit) =>
        string.Create(CultureInfo.InvariantCulture, $"${price:0.######} {UnitText(unit)}");

    internal static string UnitText(PriceUnit unit) => unit switch
    {
        PriceUnit.PerMillionOutputImageTokens => "per million output image tokens",
        PriceUnit.PerGroundingQuery => "per grounding query",
        PriceUnit.PerMillionInputTokens => "per million input tokens",
        PriceUnit.PerMillionOutputTextTokens => "per million output text and thinking tokens",
        _ => "per image",
    };

    /// <summary>Checks the rule that spans two fields, which <c>init</c> accessors cannot check alone.</summary>
    internal void EnsureConsistent(string parameterName)
    {
        if (Lane == PriceLane.Provider && Provider is null)
        {
            throw new ArgumentException(
                $"Price row for '{ModelId}' is on the Provider lane but names no provider: set Provider (e.g. 'laozhang.ai').", parameterName);
        }

        if (Lane != PriceLane.Provider && Provider is not null)
        {
            throw new ArgumentException(
                $"Price row for '{ModelId}' names provider '{Provider}' but is on lane {Lane}: provider prices use Lane = Provider; Google lanes ({string.Join(", ", GoogleLanes)}) never carry a provider.",
                parameterName);
        }

        if (!Enum.IsDefined(Lane))
        {
            throw new ArgumentException($"Price row for '{ModelId}' has lane {Lane}, which is not defined. Allowed values: {string.Join(", ", Enum.GetNames<PriceLane>())}.", parameterName);
        }

        if (!Enum.IsDefined(Unit))
        {
            throw new ArgumentException($"Price row for '{ModelId}' has unit {Unit}, which is not defined. Allowed values: {string.Join(", ", Enum.GetNames<PriceUnit>())}.", parameterName);
        }

        if (Operation is { } operation && !Enum.IsDefined(operation))
        {
            throw new ArgumentException($"Price row for '{ModelId}' has operation {operation}, which is not defined. Allowed values: {string.Join(", ", Enum.GetNames<ImageOperation>())}.", parameterName);
        }
    }

    internal static readonly PriceLane[] GoogleLanes = [PriceLane.GoogleStandard, PriceLane.GooglePriority, PriceLane.GoogleBatch, PriceLane.GoogleFlex];

    /// <summary>Identifies a row within the catalog: a row with the same key replaces the earlier one.</summary>
    internal readonly record struct RowKey(string ModelId, PriceLane Lane, string? Provider, ImageSize? Size, ImageOperation? Operation, PriceUnit Unit);
}

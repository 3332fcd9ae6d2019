namespace NanoBanana.Sdk.Pricing;

/// <summary>
/// What the tokens a service reported cost at Google's $/1M rates (MODELS.md §5a): image output, text output with
/// thinking, and input (prompt text and input images), each priced on the lane that served the call. A count with no
/// rate row leaves <see cref="TotalUsd"/> unknown rather than counting it as $0.
/// </summary>
public sealed record UsageCost
{
    /// <summary>The lane the tokens were priced on (the tier that served the call when the service reported it).</summary>
    public required PriceLane Lane { get; init; }

    /// <summary>Reported output image tokens.</summary>
    public int ImageTokens { get; init; }

    /// <summary>Image tokens × the image-output rate, or <see langword="null"/> when tokens were reported but no rate exists.</summary>
    public decimal? ImageCostUsd { get; init; }

    /// <summary>Reported text output tokens plus thinking tokens (billed at the text-output rate).</summary>
    public int TextTokens { get; init; }

    /// <summary>Text and thinking tokens × the text-output rate, or <see langword="null"/> when tokens were reported but no rate exists.</summary>
    public decimal? TextCostUsd { get; init; }

    /// <summary>Reported input tokens (prompt text and input images).</summary>
    public int InputTokens { get; init; }

    /// <summary>Input tokens × the input rate, or <see langword="null"/> when tokens were reported but no rate exists.</summary>
    public decimal? InputCostUsd { get; init; }

    /// <summary>The sum, or <see langword="null"/> when any reported count has no rate.</summary>
    public decimal? TotalUsd => ImageCostUsd + TextCostUsd + InputCostUsd;

    /// <summary>How each part was priced, with the rows' sources, or which row is missing.</summary>
    public required string Note { get; init; }
}

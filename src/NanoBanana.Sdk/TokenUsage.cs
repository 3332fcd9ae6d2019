namespace NanoBanana.Sdk;

/// <summary>
/// Token counts a service reported for one call (<c>usageMetadata</c> on generateContent, <c>usage</c> on
/// Interactions and gateways). Google prices images as output tokens, so these back the cost record.
/// Any count the service did not send is <see langword="null"/>, never a guessed zero.
/// </summary>
public sealed record TokenUsage
{
    /// <summary>Input (prompt) tokens, text and images together.</summary>
    public int? InputTokens { get; init; }

    /// <summary>Output tokens of every modality (candidates), excluding thoughts.</summary>
    public int? OutputTokens { get; init; }

    /// <summary>Output tokens of the IMAGE modality (e.g. 1,120 for a Pro 1K/2K image, 2,000 for 4K).</summary>
    public int? OutputImageTokens { get; init; }

    /// <summary>Output tokens of the TEXT modality.</summary>
    public int? OutputTextTokens { get; init; }

    /// <summary>Thinking tokens, billed as output on thinking models.</summary>
    public int? ThoughtTokens { get; init; }

    /// <summary>The total the service reported.</summary>
    public int? TotalTokens { get; init; }

    /// <summary>
    /// The tier that served the call as the service reported it (<c>usageMetadata.serviceTier</c>), e.g. <c>flex</c>;
    /// it, not the tier asked for, prices the call. <see langword="null"/> when not reported.
    /// </summary>
    public string? ServiceTier { get; init; }
}

namespace NanoBanana.Sdk.Pricing;

/// <summary>What a price row's <see cref="PriceRow.UnitPriceUsd"/> is charged per.</summary>
public enum PriceUnit
{
    /// <summary>Per output image (per call on gateways that bill flat per call).</summary>
    PerImage = 0,

    /// <summary>Per million output image tokens (Google bills images as output tokens).</summary>
    PerMillionOutputImageTokens = 1,

    /// <summary>Per search grounding query, charged on top of the image.</summary>
    PerGroundingQuery = 2,

    /// <summary>Per million input tokens (prompt text and input images).</summary>
    PerMillionInputTokens = 3,

    /// <summary>Per million text output tokens, thinking tokens included (Google bills thoughts at the text rate).</summary>
    PerMillionOutputTextTokens = 4,
}

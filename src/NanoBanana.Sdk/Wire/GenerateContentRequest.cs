using System.Text.Json.Serialization;

namespace NanoBanana.Sdk.Wire;

// generateContent request body (camelCase), as the @google/genai 3.1.0 generateContentParametersToMldev converter
// writes it: serviceTier, tools and labels sit at the top level next to contents, not inside generationConfig.

/// <summary><c>POST /{version}/models/{model}:generateContent</c> body.</summary>
internal sealed class GenerateContentRequest
{
    [JsonPropertyName("contents")]
    public required IReadOnlyList<GenerateContentRequestContent> Contents { get; init; }

    [JsonPropertyName("generationConfig")]
    public required GenerateContentRequestGenerationConfig GenerationConfig { get; init; }

    [JsonPropertyName("serviceTier")]
    public string? ServiceTier { get; init; }

    [JsonPropertyName("tools")]
    public IReadOnlyList<GenerateContentRequestTool>? Tools { get; init; }

    [JsonPropertyName("labels")]
    public IReadOnlyDictionary<string, string>? Labels { get; init; }
}

/// <summary>One turn: <c>{role, parts}</c>.</summary>
internal sealed class GenerateContentRequestContent
{
    [JsonPropertyName("role")]
    public required string Role { get; init; }

    [JsonPropertyName("parts")]
    public required IReadOnlyList<GenerateContentRequestPart> Parts { get; init; }
}

/// <summary>A part: either <c>text</c> or <c>inlineData</c>.</summary>
internal sealed class GenerateContentRequestPart
{
    [JsonPropertyName("text")]
    public string? Text { get; init; }

    [JsonPropertyName("inlineData")]
    public GenerateContentRequestBlob? InlineData { get; init; }
}

/// <summary><c>inlineData {mimeType, data}</c>; the bytes serialize as base64.</summary>
internal sealed class GenerateContentRequestBlob
{
    [JsonPropertyName("mimeType")]
    public required string MimeType { get; init; }

    [JsonPropertyName("data")]
    public required ReadOnlyMemory<byte> Data { get; init; }
}

/// <summary><c>generationConfig</c>.</summary>
internal sealed class GenerateContentRequestGenerationConfig
{
    [JsonPropertyName("responseModalities")]
    public required IReadOnlyList<string> ResponseModalities { get; init; }

    [JsonPropertyName("imageConfig")]
    public GenerateContentRequestImageConfig? ImageConfig { get; init; }
}

/// <summary><c>imageConfig {aspectRatio, imageSize}</c>.</summary>
internal sealed class GenerateContentRequestImageConfig
{
    [JsonPropertyName("aspectRatio")]
    public string? AspectRatio { get; init; }

    [JsonPropertyName("imageSize")]
    public string? ImageSize { get; init; }
}

/// <summary>A tool; only Google Search grounding (<c>{"googleSearch":{}}</c>) is used.</summary>
internal sealed class GenerateContentRequestTool
{
    [JsonPropertyName("googleSearch")]
    public GenerateContentRequestGoogleSearch? GoogleSearch { get; init; }
}

/// <summary>The empty <c>googleSearch</c> object.</summary>
internal sealed class GenerateContentRequestGoogleSearch;

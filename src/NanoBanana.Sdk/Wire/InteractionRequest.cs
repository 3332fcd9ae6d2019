using System.Text.Json.Serialization;

namespace NanoBanana.Sdk.Wire;

// Interactions request body (snake_case), checked against CreateModelInteraction in @google/genai 3.1.0: image
// settings go in response_format {type:"image", aspect_ratio, image_size} (generation_config.image_config and
// response_modalities are deprecated there); search grounding is tools [{type:"google_search"}]; store is left
// to the service default (true) so previous_interaction_id keeps working.

/// <summary><c>POST /{version}/interactions</c> body.</summary>
internal sealed class InteractionRequest
{
    [JsonPropertyName("model")]
    public required string Model { get; init; }

    [JsonPropertyName("input")]
    public required IReadOnlyList<InteractionRequestContent> Input { get; init; }

    [JsonPropertyName("response_format")]
    public required InteractionRequestImageFormat ResponseFormat { get; init; }

    [JsonPropertyName("previous_interaction_id")]
    public string? PreviousInteractionId { get; init; }

    [JsonPropertyName("service_tier")]
    public string? ServiceTier { get; init; }

    [JsonPropertyName("tools")]
    public IReadOnlyList<InteractionRequestTool>? Tools { get; init; }

    [JsonPropertyName("labels")]
    public IReadOnlyDictionary<string, string>? Labels { get; init; }
}

/// <summary>An input content block: <c>{type:"text", text}</c> or <c>{type:"image", data, mime_type}</c>.</summary>
internal sealed class InteractionRequestContent
{
    [JsonPropertyName("type")]
    public required string Type { get; init; }

    [JsonPropertyName("text")]
    public string? Text { get; init; }

    [JsonPropertyName("data")]
    public ReadOnlyMemory<byte>? Data { get; init; }

    [JsonPropertyName("mime_type")]
    public string? MimeType { get; init; }

    public static InteractionRequestContent FromText(string text) => new() { Type = "text", Text = text };

    public static InteractionRequestContent FromImage(ReadOnlyMemory<byte> data, string mimeType) =>
        new() { Type = "image", Data = data, MimeType = mimeType };
}

/// <summary><c>response_format</c> for images: <c>{type:"image", aspect_ratio?, image_size?}</c>.</summary>
internal sealed class InteractionRequestImageFormat
{
    [JsonPropertyName("type")]
    public string Type { get; } = "image";

    [JsonPropertyName("aspect_ratio")]
    public string? AspectRatio { get; init; }

    [JsonPropertyName("image_size")]
    public string? ImageSize { get; init; }

    [JsonPropertyName("mime_type")]
    public string? MimeType { get; init; }
}

/// <summary>A tool declaration, e.g. <c>{type:"google_search"}</c>.</summary>
internal sealed class InteractionRequestTool
{
    [JsonPropertyName("type")]
    public required string Type { get; init; }
}

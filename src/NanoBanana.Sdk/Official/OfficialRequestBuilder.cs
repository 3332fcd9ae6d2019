using System.Text.Json;
using NanoBanana.Sdk.Images;
using NanoBanana.Sdk.Models;
using NanoBanana.Sdk.Wire;

namespace NanoBanana.Sdk.Official;

/// <summary>A request that passed validation: everything the client needs to send it, price it and explain its errors.</summary>
internal sealed record OfficialCall(
    ImageGenerationRequest Request,
    ModelResolution Model,
    ServiceTier Tier,
    OfficialTransport Transport,
    Uri Uri,
    string Endpoint,
    byte[] Body,
    IReadOnlyList<string> Warnings)
{
    public ImageSize PricedSize => Request.Size ?? Model.Model?.DefaultSize ?? ImageSize.OneK;
}

/// <summary>Validates an <see cref="ImageGenerationRequest"/> and turns it into the wire body of either transport.</summary>
internal static class OfficialRequestBuilder
{
    private const int MaxLabelLength = 63;

    private static readonly string[] ResponseModalities = ["TEXT", "IMAGE"];

    /// <summary>Kept on a grounded call's result only when the answer reported no search queries to count.</summary>
    internal const string UncountedGroundingWarning =
        "Google Search grounding is on: search queries are charged on top of the image and are not in this cost record's estimate.";

    /// <summary>Validates the request (before any network call) and serializes the body for the configured transport.</summary>
    public static OfficialCall Build(ImageGenerationRequest request, OfficialSettings settings)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (string.IsNullOrWhiteSpace(request.Prompt))
        {
            throw new ArgumentException("ImageGenerationRequest.Prompt is required: describe the image to generate or the edit to make.", nameof(request));
        }

        var model = settings.Catalog.Resolve(request.Model ?? settings.DefaultModel);
        var tier = request.ServiceTier ?? settings.Tier;
        ModelCatalog.EnsureSupported(model, request.Size, request.AspectRatio, tier.Lane);
        var deprecation = ModelCatalog.EnsureServed(model, settings.Time.GetUtcNow());
        ValidateInputs(request.InputImages);
        ValidateLabels(request.Labels);
        if (request.PreviousInteractionId is { } previous)
        {
            if (string.IsNullOrWhiteSpace(previous))
            {
                throw new ArgumentException("ImageGenerationRequest.PreviousInteractionId is blank: pass the ResponseId of an earlier Interactions result, or null.", nameof(request));
            }

            if (settings.Transport != OfficialTransport.Interactions)
            {
                throw new ArgumentException(
                    "ImageGenerationRequest.PreviousInteractionId needs OfficialImageClientOptions.Transport = Interactions: generateContent keeps no conversation on the server. Send the earlier image as an input image instead.",
                    nameof(request));
            }
        }

        var warnings = new List<string>();
        if (deprecation is not null && settings.FirstLifecycleWarning(model.Requested))
        {
            warnings.Add(deprecation);
        }

        if (model.Warning is { } modelWarning)
        {
            warnings.Add(modelWarning);
        }

        if (request.UseGoogleSearch)
        {
            warnings.Add(UncountedGroundingWarning);
        }

        var version = settings.ApiVersion;
        return settings.Transport == OfficialTransport.Interactions
            ? new OfficialCall(request, model, tier, settings.Transport, settings.Resolve($"{version}/interactions"),
                $"POST /{version}/interactions", JsonSerializer.SerializeToUtf8Bytes(ToInteraction(request, model, tier), WireJsonContext.Default.InteractionRequest), warnings)
            : new OfficialCall(request, model, tier, settings.Transport,
                settings.Resolve($"{version}/models/{Uri.EscapeDataString(model.GoogleWireId)}:generateContent"),
                $"POST /{version}/models/{model.GoogleWireId}:generateContent",
                JsonSerializer.SerializeToUtf8Bytes(ToGenerateContent(request, tier), WireJsonContext.Default.GenerateContentRequest), warnings);
    }

    internal static InteractionRequest ToInteraction(ImageGenerationRequest request, ModelResolution model, ServiceTier tier)
    {
        var input = new List<InteractionRequestContent>(1 + request.InputImages.Count) { InteractionRequestContent.FromText(request.Prompt) };
        foreach (var image in request.InputImages)
        {
            input.Add(InteractionRequestContent.FromImage(image.Data, image.MimeType));
        }

        return new InteractionRequest
        {
            Model = model.GoogleWireId,
            Input = input,
            ResponseFormat = new InteractionRequestImageFormat { AspectRatio = request.AspectRatio?.Value, ImageSize = request.Size?.Value },
            PreviousInteractionId = request.PreviousInteractionId,
            ServiceTier = WireTier(tier),
            Tools = request.UseGoogleSearch ? [new InteractionRequestTool { Type = "google_search" }] : null,
            Labels = request.Labels is { Count: > 0 } labels ? labels : null,
        };
    }

    internal static GenerateContentRequest ToGenerateContent(ImageGenerationRequest request, ServiceTier tier)
    {
        var parts = new List<GenerateContentRequestPart>(1 + request.InputImages.Count) { new() { Text = request.Prompt } };
        foreach (var image in request.InputImages)
        {
            parts.Add(new GenerateContentRequestPart { InlineData = new GenerateContentRequestBlob { MimeType = image.MimeType, Data = image.Data } });
        }

        return new GenerateContentRequest
        {
            Contents = [new GenerateContentRequestContent { Role = "user", Parts = parts }],
            GenerationConfig = new GenerateContentRequestGenerationConfig
            {
                ResponseModalities = ResponseModalities,
                ImageConfig = request.Size is null && request.AspectRatio is null
                    ? null
                    : new GenerateContentRequestImageConfig { AspectRatio = request.AspectRatio?.Value, ImageSize = request.Size?.Value },
            },
            ServiceTier = WireTier(tier),
            Tools = request.UseGoogleSearch ? [new GenerateContentRequestTool { GoogleSearch = new GenerateContentRequestGoogleSearch() }] : null,
            Labels = request.Labels is { Count: > 0 } labels ? labels : null,
        };
    }

    // Standard is the service default; leaving it out keeps the body identical to what existing integrations send.
    private static string? WireTier(ServiceTier tier) => tier == ServiceTier.Standard ? null : tier.Value;

    private static void ValidateInputs(IReadOnlyList<ImageInput>? images)
    {
        if (images is null)
        {
            throw new ArgumentException("ImageGenerationRequest.InputImages must not be null; use an empty list for text-to-image.", "request");
        }

        for (var i = 0; i < images.Count; i++)
        {
            if (images[i] is null)
            {
                throw new ArgumentException($"ImageGenerationRequest.InputImages[{i}] is null; create inputs with ImageInput.FromBytes or ImageInput.FromStreamAsync.", "request");
            }
        }
    }

    private static void ValidateLabels(IReadOnlyDictionary<string, string>? labels)
    {
        if (labels is null)
        {
            return;
        }

        foreach (var (key, value) in labels)
        {
            if (!IsLabelKey(key))
            {
                throw new ArgumentException(
                    $"Label key '{key}' is not valid: use 1-{MaxLabelLength} lowercase letters, digits, '_' or '-', starting with a letter.", "request");
            }

            if (value is null || value.Length > MaxLabelLength || !value.All(IsLabelChar))
            {
                throw new ArgumentException(
                    $"Label '{key}' has a value that is not valid: use up to {MaxLabelLength} lowercase letters, digits, '_' or '-'.", "request");
            }
        }
    }

    private static bool IsLabelKey(string key) =>
        key is { Length: > 0 and <= MaxLabelLength } && char.IsLetter(key[0]) && !char.IsUpper(key[0]) && key.All(IsLabelChar);

    // Google allows international lowercase letters; only uppercase and punctuation other than '_' and '-' are refused.
    private static bool IsLabelChar(char c) => c is '_' or '-' || char.IsDigit(c) || (char.IsLetter(c) && !char.IsUpper(c));
}

using System.Text.Json;
using NanoBanana.Sdk.Wire;

namespace NanoBanana.Sdk;

/// <summary>A request that passed validation: everything the client needs to send it, price it and explain its errors.</summary>
internal sealed record OfficialCall(
    ImageRequest Request,
    ModelResolution Model,
    ServiceTier Tier,
    OfficialTransport Transport,
    Uri Uri,
    string Endpoint,
    byte[] Body,
    TimeSpan Timeout,
    IReadOnlyList<string> Warnings)
{
    public ImageSize PricedSize => Request.Size ?? Model.Model?.DefaultSize ?? ImageSize.OneK;
}

/// <summary>Validates an <see cref="ImageRequest"/> for the official route and turns it into the wire body of either transport.</summary>
internal static class OfficialRequestBuilder
{
    private const int MaxLabelLength = 63;

    private static readonly string[] ResponseModalities = ["TEXT", "IMAGE"];

    /// <summary>Kept on a grounded call's result only when the answer reported no search queries to count.</summary>
    internal const string UncountedGroundingWarning =
        "Google Search grounding is on: search queries are charged on top of the image and are not in this cost record's estimate.";

    /// <summary>Validates the request (before any network call) and serializes the body for the configured transport.</summary>
    public static OfficialCall Build(ImageRequest request, OfficialSettings settings)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (string.IsNullOrWhiteSpace(request.Prompt))
        {
            throw new ArgumentException("ImageRequest.Prompt is required: describe the image to generate or the edit to make.", nameof(request));
        }

        var google = request.Google;
        var model = settings.Catalog.Resolve(request.Model ?? settings.DefaultModel);
        var tier = google?.ServiceTier ?? settings.Tier;
        ModelCatalog.EnsureSupported(model, request.Size, request.AspectRatio, tier.Lane);
        var deprecation = ModelCatalog.EnsureServed(model, settings.Time.GetUtcNow());
        ValidateInputs(request.InputImages);
        ValidateLabels(google?.Labels);
        if (request.ImageCount != 1)
        {
            throw new ArgumentException(
                $"ImageRequest.ImageCount is {request.ImageCount}, but the official route makes one image per call (Google's image models return one). Allowed value: 1. Send several requests, or submit a Batch job.",
                nameof(request));
        }

        if (request.OutputMimeType is { } mime)
        {
            if (settings.Transport != OfficialTransport.Interactions)
            {
                throw new ArgumentException(
                    $"ImageRequest.OutputMimeType '{mime}' needs OfficialImageClientOptions.Transport = Interactions: generateContent has no output MIME type field. Leave it null, or switch transport.",
                    nameof(request));
            }

            if (!string.Equals(mime, "image/jpeg", StringComparison.OrdinalIgnoreCase))
            {
                throw new ArgumentException(
                    $"ImageRequest.OutputMimeType '{mime}' is not accepted by the Interactions API. Allowed values: image/jpeg (or null for the service default).",
                    nameof(request));
            }
        }

        if (google?.PreviousInteractionId is { } previous)
        {
            if (string.IsNullOrWhiteSpace(previous))
            {
                throw new ArgumentException("ImageRequest.Google.PreviousInteractionId is blank: pass the ResponseId of an earlier Interactions result, or null.", nameof(request));
            }

            if (settings.Transport != OfficialTransport.Interactions)
            {
                throw new ArgumentException(
                    "ImageRequest.Google.PreviousInteractionId needs OfficialImageClientOptions.Transport = Interactions: generateContent keeps no conversation on the server. Send the earlier image as an input image instead.",
                    nameof(request));
            }
        }

        // Most calls have no warning: the list is created only for the first one.
        List<string>? warnings = null;
        if (deprecation is not null && settings.FirstLifecycleWarning(model.Requested))
        {
            (warnings ??= []).Add(deprecation);
        }

        if (model.Warning is { } modelWarning)
        {
            (warnings ??= []).Add(modelWarning);
        }

        if (google?.UseGoogleSearch == true)
        {
            (warnings ??= []).Add(UncountedGroundingWarning);
        }

        IReadOnlyList<string> callWarnings = warnings is null ? [] : warnings;

        // Flex targets 1-15 minutes and may queue: a shorter timeout would abandon calls Google will still serve and bill.
        var timeout = tier == ServiceTier.Flex && settings.Timeout != System.Threading.Timeout.InfiniteTimeSpan && settings.Timeout < OfficialImageClientOptions.MinimumFlexTimeout
            ? OfficialImageClientOptions.MinimumFlexTimeout
            : settings.Timeout;
        var (uri, endpoint) = settings.EndpointFor(settings.Transport, model.GoogleWireId);
        return settings.Transport == OfficialTransport.Interactions
            ? new OfficialCall(request, model, tier, settings.Transport, uri, endpoint,
                JsonSerializer.SerializeToUtf8Bytes(ToInteraction(request, model, tier), WireJsonContext.Default.InteractionRequest), timeout, callWarnings)
            : new OfficialCall(request, model, tier, settings.Transport, uri, endpoint,
                JsonSerializer.SerializeToUtf8Bytes(ToGenerateContent(request, tier), WireJsonContext.Default.GenerateContentRequest), timeout, callWarnings);
    }

    internal static InteractionRequest ToInteraction(ImageRequest request, ModelResolution model, ServiceTier tier)
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
            ResponseFormat = new InteractionRequestImageFormat { AspectRatio = request.AspectRatio?.Value, ImageSize = request.Size?.Value, MimeType = request.OutputMimeType },
            PreviousInteractionId = request.Google?.PreviousInteractionId,
            ServiceTier = WireTier(tier),
            Tools = request.Google?.UseGoogleSearch == true ? [new InteractionRequestTool { Type = "google_search" }] : null,
            Labels = request.Google?.Labels is { Count: > 0 } labels ? labels : null,
        };
    }

    internal static GenerateContentRequest ToGenerateContent(ImageRequest request, ServiceTier tier)
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
            Tools = request.Google?.UseGoogleSearch == true ? [new GenerateContentRequestTool { GoogleSearch = new GenerateContentRequestGoogleSearch() }] : null,
            Labels = request.Google?.Labels is { Count: > 0 } labels ? labels : null,
        };
    }

    // Standard is the service default; leaving it out keeps the body identical to what existing integrations send.
    private static string? WireTier(ServiceTier tier) => tier == ServiceTier.Standard ? null : tier.Value;

    internal static void ValidateInputs(IReadOnlyList<ImageInput>? images)
    {
        if (images is null)
        {
            throw new ArgumentException("ImageRequest.InputImages must not be null; use an empty list for text-to-image.", "request");
        }

        for (var i = 0; i < images.Count; i++)
        {
            if (images[i] is null)
            {
                throw new ArgumentException($"ImageRequest.InputImages[{i}] is null; create inputs with ImageInput.FromBytes or ImageInput.FromStreamAsync.", "request");
            }
        }
    }

    internal static void ValidateLabels(IReadOnlyDictionary<string, string>? labels)
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

using System.Diagnostics.CodeAnalysis;

namespace NanoBanana.Sdk;

/// <summary>
/// One image request, the same on every route: a prompt, optional input images (an edit), the model, size, aspect
/// ratio, image count and output MIME type, and a client request id for your own reconciliation. Settings only
/// Google's routes understand (tier, labels, search grounding, a previous interaction) sit in <see cref="Google"/>.
/// Everything is validated before any network call; a route that cannot honour a setting refuses it by name.
/// </summary>
/// <remarks>
/// Named <c>ImageRequest</c> (not <c>ImageRequest</c>) so it never clashes with
/// <c>Microsoft.Extensions.AI.ImageRequest</c> in a file that imports both.
/// </remarks>
public sealed class ImageRequest
{
    /// <summary>Creates a request with only a prompt; set the other properties with an object initializer.</summary>
    /// <param name="prompt">What to generate, or how to edit the input images.</param>
    [SetsRequiredMembers]
    public ImageRequest(string prompt) => Prompt = prompt;

    /// <summary>Creates an empty request; <see cref="Prompt"/> must be set.</summary>
    public ImageRequest()
    {
    }

    /// <summary>What to generate, or how to edit the input images. Required, not blank.</summary>
    public required string Prompt { get; init; }

    /// <summary>The model string sent on the wire; <see langword="null"/> uses the client's configured model.</summary>
    public string? Model { get; init; }

    /// <summary>The output size (<c>512</c>, <c>1K</c>, <c>2K</c>, <c>4K</c> where the model has it); <see langword="null"/> sends none (the service default, 1K).</summary>
    public ImageSize? Size { get; init; }

    /// <summary>The output aspect ratio; <see langword="null"/> lets the model choose (for edits: the input's ratio).</summary>
    public AspectRatio? AspectRatio { get; init; }

    /// <summary>Input images for an edit (any number, in order). Empty for text-to-image.</summary>
    public IReadOnlyList<ImageInput> InputImages { get; init; } = [];

    /// <summary>
    /// How many images to make. Default 1. Google's image models return one image per call, so Google's routes
    /// refuse more than 1 (send several requests, or a Batch job); a provider's Images API dialect sends it as <c>n</c>.
    /// </summary>
    public int ImageCount { get; init; } = 1;

    /// <summary>
    /// The output MIME type to ask for, or <see langword="null"/> for the service default. The Interactions API
    /// accepts only <c>image/jpeg</c> (<c>response_format.mime_type</c>); generateContent has no such field and refuses it.
    /// </summary>
    public string? OutputMimeType { get; init; }

    /// <summary>
    /// Your own id for this request (an order or job id), kept on the result, the cost record's log line and every
    /// reproduction packet so a bill can be reconciled with your records. Not sent to the service.
    /// </summary>
    public string? ClientRequestId { get; init; }

    /// <summary>Settings only Google's routes understand; <see langword="null"/> uses the client's defaults.</summary>
    public GoogleImageOptions? Google { get; init; }

    /// <summary>
    /// What the image needs, for the route-selecting <see cref="INanoBananaClient"/> (urgency, quality, budget, allowed
    /// routes, preferred provider); <see langword="null"/> uses its options. The route clients ignore it.
    /// </summary>
    public RoutingPreferences? Routing { get; init; }

    /// <summary>Whether this request edits images (input images or a previous interaction) rather than generating.</summary>
    public ImageOperation Operation =>
        InputImages.Count > 0 || Google?.PreviousInteractionId is not null ? ImageOperation.Edit : ImageOperation.Generate;
}

/// <summary>
/// The part of an <see cref="ImageRequest"/> only Google's routes (official and Batch) understand. A provider
/// route refuses a request that sets any of these, naming the setting, rather than drop it silently.
/// </summary>
public sealed class GoogleImageOptions
{
    /// <summary>
    /// The service tier; <see langword="null"/> uses the client's configured tier. <c>flex</c> is a synchronous call
    /// priced on the Batch row, offered only for models whose lanes include Flex.
    /// </summary>
    public ServiceTier? ServiceTier { get; init; }

    /// <summary>
    /// Labels for billing reports (keys: lowercase letters, digits, <c>_</c> and <c>-</c>, starting with a letter,
    /// up to 63 characters; values up to 63 characters).
    /// </summary>
    public IReadOnlyDictionary<string, string>? Labels { get; init; }

    /// <summary>Grounds the image on Google Search results. Search queries are charged on top of the image.</summary>
    public bool UseGoogleSearch { get; init; }

    /// <summary>
    /// Continues an edit conversation: the id of an earlier interaction (<see cref="ImageGenerationResult.ResponseId"/>).
    /// Official route, Interactions transport only; the earlier interaction must have been stored (the service default).
    /// </summary>
    public string? PreviousInteractionId { get; init; }

    /// <summary>Whether any setting differs from its default (a provider route refuses the request when so).</summary>
    internal bool IsSet => ServiceTier is not null || Labels is { Count: > 0 } || UseGoogleSearch || PreviousInteractionId is not null;
}

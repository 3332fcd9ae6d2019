using NanoBanana.Sdk.Pricing;

namespace NanoBanana.Sdk;

/// <summary>
/// Everything one successful image call returned and what it cost: the images, any text, the requested and
/// returned model, route and lane, ids, usage, latency, the cost record and warnings. A call without an
/// image never produces a result; it throws <c>NoImageException</c>.
/// </summary>
public sealed class ImageGenerationResult
{
    // Placeholders for a result built by hand with members left out; the SDK and NanoBananaModelFactory always set both.
    private static readonly ModelResolution NoModel = new() { Requested = "unknown", ModelId = "unknown" };

    private static readonly CostRecord NoCost = new()
    {
        Route = ImageRoute.Official,
        Lane = PriceLane.GoogleStandard,
        ModelId = "unknown",
        Size = ImageSize.OneK,
        Operation = ImageOperation.Generate,
        PriceStatus = PriceStatus.Missing,
        Billable = false,
    };

    /// <summary>The images in answer order (at least one; thought images are not included).</summary>
    public IReadOnlyList<GeneratedImage> Images { get; init; } = [];

    /// <summary>The first image; most calls return exactly one.</summary>
    public GeneratedImage Image => Images[0];

    /// <summary>Text the model returned alongside the image, or <see langword="null"/>.</summary>
    public string? Text { get; init; }

    /// <summary>The model string as requested and sent on the wire (e.g. <c>gemini-3-pro-image-preview</c>).</summary>
    public string RequestedModel => Model.Requested;

    /// <summary>How the requested model resolved in the catalog (current id, alias, legacy).</summary>
    public ModelResolution Model { get; init; } = NoModel;

    /// <summary>The model the service says answered (<c>modelVersion</c> / <c>model</c>), when it said.</summary>
    public string? ReturnedModel { get; init; }

    /// <summary>
    /// <see langword="true"/> when the service says another model answered than the one intended (a provider's alias
    /// map or routing sent the call elsewhere); the cost record still prices the intended model.
    /// </summary>
    public bool ModelMismatch { get; init; }

    /// <summary>The answer's id: the interaction id (Interactions) or <c>responseId</c> (generateContent).</summary>
    public string? ResponseId { get; init; }

    /// <summary>The request id from the response headers, when the service sent one.</summary>
    public string? RequestId { get; init; }

    /// <summary>The finish reason as sent (<c>STOP</c>, …) or the interaction status, when the answer had one.</summary>
    public string? FinishReason { get; init; }

    /// <summary>How the answer finished, normalized across transports and dialects.</summary>
    public FinishKind FinishKind { get; init; }

    /// <summary>The HTTP facts of the answer (status, request id, rate-limit and cost headers), or <see langword="null"/> (a Batch item).</summary>
    public ResponseInfo? Response { get; init; }

    /// <summary>
    /// The route-specific object this result was made from, for adapters and diagnostics (never the body: a 4K
    /// answer is not kept), or <see langword="null"/>.
    /// </summary>
    public object? RawRepresentation { get; init; }

    /// <summary>Your own id for the request (<see cref="ImageRequest.ClientRequestId"/>), when set.</summary>
    public string? ClientRequestId { get; init; }

    /// <summary>Token usage the service reported, or <see langword="null"/>.</summary>
    public TokenUsage? Usage { get; init; }

    /// <summary>The image size requested, or <see langword="null"/> when the service default (1K) applied.</summary>
    public ImageSize? Size { get; init; }

    /// <summary>The aspect ratio requested, or <see langword="null"/> when the model chose.</summary>
    public AspectRatio? AspectRatio { get; init; }

    /// <summary>Time from sending the request to the end of the answer; <see langword="null"/> where there is none (a Batch item).</summary>
    public TimeSpan? Latency { get; init; }

    /// <summary>How many times the request was sent: 1, plus any retries made by handlers in the HttpClient pipeline.</summary>
    public int Attempts { get; init; } = 1;

    /// <summary>The route that carried the call.</summary>
    public ImageRoute Route { get; init; }

    /// <summary>The price lane the call is billed on.</summary>
    public PriceLane Lane { get; init; }

    /// <summary>The HTTP method and path called, e.g. <c>POST /v1beta/interactions</c> (no host, no query).</summary>
    public string? Endpoint { get; init; }

    /// <summary>What the call cost and how that is known.</summary>
    public CostRecord Cost { get; init; } = NoCost;

    /// <summary>Notes worth a look: alias or legacy models, grounding charges not in the estimate, and similar.</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];
}

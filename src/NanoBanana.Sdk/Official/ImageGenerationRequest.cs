using System.Diagnostics.CodeAnalysis;
using NanoBanana.Sdk.Images;
using NanoBanana.Sdk.Models;

namespace NanoBanana.Sdk.Official;

/// <summary>
/// One image request on the official route: a prompt, optional input images (an edit), and the model, size,
/// ratio, tier, labels and grounding to use. Everything is validated before any network call.
/// </summary>
public sealed class ImageGenerationRequest
{
    /// <summary>Creates a request with only a prompt; set the other properties with an object initializer.</summary>
    /// <param name="prompt">What to generate, or how to edit the input images.</param>
    [SetsRequiredMembers]
    public ImageGenerationRequest(string prompt) => Prompt = prompt;

    /// <summary>Creates an empty request; <see cref="Prompt"/> must be set.</summary>
    public ImageGenerationRequest()
    {
    }

    /// <summary>What to generate, or how to edit the input images. Required, not blank.</summary>
    public required string Prompt { get; init; }

    /// <summary>The model string sent on the wire; <see langword="null"/> uses <see cref="OfficialImageClientOptions.Model"/>.</summary>
    public string? Model { get; init; }

    /// <summary>The output size (<c>512</c>, <c>1K</c>, <c>2K</c>, <c>4K</c>); <see langword="null"/> sends none (the service default, 1K).</summary>
    public ImageSize? Size { get; init; }

    /// <summary>The output aspect ratio; <see langword="null"/> lets the model choose (for edits: the input's ratio).</summary>
    public AspectRatio? AspectRatio { get; init; }

    /// <summary>The service tier; <see langword="null"/> uses <see cref="OfficialImageClientOptions.ServiceTier"/>. <c>flex</c> is priced on the Flex lane.</summary>
    public ServiceTier? ServiceTier { get; init; }

    /// <summary>Input images for an edit (any number, in order). Empty for text-to-image.</summary>
    public IReadOnlyList<ImageInput> InputImages { get; init; } = [];

    /// <summary>
    /// Continues an edit conversation: the id of an earlier interaction (<see cref="ImageGenerationResult.ResponseId"/>).
    /// Interactions transport only; the earlier interaction must have been stored (the service default).
    /// </summary>
    public string? PreviousInteractionId { get; init; }

    /// <summary>
    /// Labels for billing reports (keys: lowercase letters, digits, <c>_</c> and <c>-</c>, starting with a letter,
    /// up to 63 characters; values up to 63 characters).
    /// </summary>
    public IReadOnlyDictionary<string, string>? Labels { get; init; }

    /// <summary>Grounds the image on Google Search results. Search queries are charged on top of the image.</summary>
    public bool UseGoogleSearch { get; init; }

    /// <summary>Whether this request edits images (input images or a previous interaction) rather than generating.</summary>
    public ImageOperation Operation => InputImages.Count > 0 || PreviousInteractionId is not null ? ImageOperation.Edit : ImageOperation.Generate;
}

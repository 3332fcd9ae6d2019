
namespace NanoBanana.Sdk;

#pragma warning disable RS0026 // The prompt overload and the request overload both take an optional token, as in every .NET client SDK.

/// <summary>
/// The official route: Google Standard real-time image calls (Interactions API or generateContent) with the
/// caller's own Gemini API key. Failures throw <c>NanoBananaException</c> subtypes; a call without an image
/// throws <c>NoImageException</c>, never an empty result. Nothing is retried inside the client.
/// </summary>
public interface IOfficialImageClient
{
    /// <summary>Generates (or, with input images, edits) images.</summary>
    /// <param name="request">The request.</param>
    /// <param name="cancellationToken">Cancels the call; cancellation surfaces as <see cref="OperationCanceledException"/>.</param>
    /// <returns>The images, text, model, usage, latency and cost record.</returns>
    Task<ImageGenerationResult> GenerateAsync(ImageRequest request, CancellationToken cancellationToken = default);

    /// <summary>Generates an image from a prompt with the configured model, size and tier.</summary>
    /// <param name="prompt">What to generate.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The images, text, model, usage, latency and cost record.</returns>
    Task<ImageGenerationResult> GenerateAsync(string prompt, CancellationToken cancellationToken = default);

    /// <summary>Edits one or more input images as the prompt says.</summary>
    /// <param name="prompt">How to edit the images.</param>
    /// <param name="images">The input images, in order; at least one.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The edited images, text, model, usage, latency and cost record.</returns>
    Task<ImageGenerationResult> EditAsync(string prompt, IReadOnlyList<ImageInput> images, CancellationToken cancellationToken = default);
}

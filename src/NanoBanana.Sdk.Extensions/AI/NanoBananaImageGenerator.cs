using System.Diagnostics.CodeAnalysis;
using System.Drawing;
using System.Globalization;
using Microsoft.Extensions.AI;

namespace NanoBanana.Sdk;

#pragma warning disable MEAI001 // IImageGenerator is experimental in Microsoft.Extensions.AI 10.11; this type carries the same marker.

/// <summary>
/// A <c>Microsoft.Extensions.AI</c> <see cref="IImageGenerator"/> over the route-selecting <see cref="INanoBananaClient"/>:
/// the request is planned (route, model, size, budget, fallback ladder) exactly as a direct call would be.
/// Create it with <see cref="NanoBananaImageGeneratorExtensions.AsIImageGenerator"/>.
/// </summary>
/// <remarks>
/// <para>Mapping: <see cref="ImageGenerationOptions.ModelId"/> → <see cref="ImageRequest.Model"/>;
/// <see cref="ImageGenerationOptions.ImageSize"/> (pixels) → the size tier and aspect ratio of the planned model's pixel table
/// (exact match, else the nearest ratio and the smallest tier at least as large); <see cref="ImageGenerationOptions.Count"/> →
/// <see cref="ImageRequest.ImageCount"/>; <see cref="ImageGenerationOptions.MediaType"/> → <see cref="ImageRequest.OutputMimeType"/>;
/// <see cref="ImageGenerationRequest.OriginalImages"/> (<see cref="DataContent"/> only) → input images (an edit).
/// A <see cref="ImageGenerationOptions.RawRepresentationFactory"/> that returns an <see cref="ImageRequest"/> supplies the
/// whole request instead (routing preferences, Google options); its prompt is used.</para>
/// <para>Results: one <see cref="DataContent"/> per image with its MIME type; <see cref="UsageDetails"/> with input, output,
/// total and reasoning (thinking) tokens and the image tokens under <see cref="OutputImageTokenCountKey"/> in
/// <see cref="UsageDetails.AdditionalCounts"/>; <see cref="ImageGenerationResponse.RawRepresentation"/> is the
/// <see cref="NanoBananaResult"/> (its plan, ladder and each attempt's cost record).</para>
/// <para>Offline requests become Batch jobs, which an image generator cannot return: such a plan throws
/// <see cref="InvalidOperationException"/> naming the job; call <see cref="INanoBananaClient"/> directly for Batch work.</para>
/// </remarks>
[Experimental("MEAI001")]
public sealed class NanoBananaImageGenerator : IImageGenerator
{
    /// <summary>The <see cref="UsageDetails.AdditionalCounts"/> key of the output image tokens.</summary>
    public const string OutputImageTokenCountKey = "OutputImageTokenCount";

    /// <summary>The OpenTelemetry GenAI provider name of Google's Gemini API (<c>gen_ai.provider.name</c>).</summary>
    public const string GoogleProviderName = "gcp.gemini";

    private readonly INanoBananaClient _client;
    private readonly ModelCatalog _catalog;
    private readonly ImageGeneratorMetadata _metadata;

    /// <summary>Creates the adapter.</summary>
    /// <param name="client">The route-selecting client.</param>
    /// <param name="providerUri">The service address reported in <see cref="ImageGeneratorMetadata.ProviderUri"/>; <see langword="null"/> for Google's.</param>
    /// <param name="modelCatalog">The catalog whose pixel tables map sizes; <see langword="null"/> for <see cref="ModelCatalog.Default"/>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="client"/> is <see langword="null"/>.</exception>
    public NanoBananaImageGenerator(INanoBananaClient client, Uri? providerUri = null, ModelCatalog? modelCatalog = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        _client = client;
        _catalog = modelCatalog ?? ModelCatalog.Default;
        var defaultModel = client.Plan(new ImageRequest("metadata")).ModelId;
        _metadata = new ImageGeneratorMetadata(GoogleProviderName, providerUri ?? new Uri("https://generativelanguage.googleapis.com/"), defaultModel);
    }

    /// <inheritdoc />
    public async Task<ImageGenerationResponse> GenerateAsync(ImageGenerationRequest request, ImageGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var imageRequest = ToImageRequest(request, options);
        var result = await _client.GenerateAsync(imageRequest, cancellationToken).ConfigureAwait(false);
        var image = result.EnsureImage();

        var contents = new List<AIContent>(image.Images.Count);
        foreach (var generated in image.Images)
        {
            contents.Add(new DataContent(generated.Data, generated.MimeType));
        }

        return new ImageGenerationResponse(contents)
        {
            RawRepresentation = result,
            Usage = ToUsage(image.Usage),
        };
    }

    /// <inheritdoc />
    public object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        if (serviceKey is not null)
        {
            return null;
        }

        if (serviceType == typeof(ImageGeneratorMetadata))
        {
            return _metadata;
        }

        if (serviceType.IsInstanceOfType(this))
        {
            return this;
        }

        return serviceType.IsInstanceOfType(_client) ? _client : null;
    }

    /// <summary>Does nothing: the client belongs to whoever created it (usually the DI container).</summary>
    public void Dispose()
    {
    }

    /// <summary>
    /// The size tier and aspect ratio in <paramref name="model"/>'s pixel table for <paramref name="pixels"/>: the exact
    /// entry, else the nearest aspect ratio and the smallest tier whose longer side is at least the requested one
    /// (the largest tier when none is).
    /// </summary>
    /// <param name="model">The model whose pixel table is used.</param>
    /// <param name="pixels">The requested width and height.</param>
    /// <returns>The tier and ratio, and whether the match was exact.</returns>
    /// <exception cref="ArgumentException">The size is not positive, or the model has no pixel table.</exception>
    public static (ImageSize Size, AspectRatio AspectRatio, bool Exact) MapPixels(ImageModel model, Size pixels)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (pixels.Width <= 0 || pixels.Height <= 0)
        {
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"ImageGenerationOptions.ImageSize must be positive; got {pixels.Width}x{pixels.Height}."),
                nameof(pixels));
        }

        var wanted = Math.Log((double)pixels.Width / pixels.Height);
        var longSide = Math.Max(pixels.Width, pixels.Height);
        (ImageSize Size, AspectRatio Ratio, int Long, double Distance)? best = null;
        foreach (var (size, ratios) in model.Pixels)
        {
            foreach (var (ratio, (width, height)) in ratios)
            {
                if (width == pixels.Width && height == pixels.Height)
                {
                    return (size, ratio, true);
                }

                var candidate = (size, ratio, Math.Max(width, height), Math.Abs(Math.Log((double)width / height) - wanted));
                if (best is null || Better(candidate, best.Value, longSide))
                {
                    best = candidate;
                }
            }
        }

        return best is { } found
            ? (found.Size, found.Ratio, false)
            : throw new ArgumentException($"Model '{model.Id}' has no pixel table to map ImageGenerationOptions.ImageSize onto; set ImageSize to null and choose the size with a RawRepresentationFactory returning an ImageRequest.", nameof(model));
    }

    private static bool Better((ImageSize, AspectRatio, int Long, double Distance) candidate, (ImageSize, AspectRatio, int Long, double Distance) best, int longSide)
    {
        // Nearest ratio first (ratios of the same tier differ by far more than rounding), then the smallest tier that covers
        // the requested longer side, else the largest.
        if (Math.Abs(candidate.Distance - best.Distance) > 1e-3)
        {
            return candidate.Distance < best.Distance;
        }

        var candidateCovers = candidate.Long >= longSide;
        var bestCovers = best.Long >= longSide;
        if (candidateCovers != bestCovers)
        {
            return candidateCovers;
        }

        return candidateCovers ? candidate.Long < best.Long : candidate.Long > best.Long;
    }

    private ImageRequest ToImageRequest(ImageGenerationRequest request, ImageGenerationOptions? options)
    {
        if (options?.RawRepresentationFactory?.Invoke(this) is ImageRequest raw)
        {
            return raw;
        }

        if (string.IsNullOrWhiteSpace(request.Prompt))
        {
            throw new ArgumentException("ImageGenerationRequest.Prompt is required: describe the image to generate or the edit to make.", nameof(request));
        }

        if (options?.ResponseFormat is { } format && format != ImageGenerationResponseFormat.Data)
        {
            throw new NotSupportedException($"ImageGenerationOptions.ResponseFormat {format} is not supported: Gemini image models return image data. Use ImageGenerationResponseFormat.Data or leave it null.");
        }

        var inputs = new List<ImageInput>();
        foreach (var content in request.OriginalImages ?? [])
        {
            inputs.Add(content switch
            {
                DataContent data => ImageInput.FromBytes(data.Data, data.MediaType),
                _ => throw new ArgumentException(
                    $"ImageGenerationRequest.OriginalImages holds a {content.GetType().Name}; only DataContent (image bytes with a media type) is supported — download a UriContent first.",
                    nameof(request)),
            });
        }

        ImageSize? size = null;
        AspectRatio? ratio = null;
        if (options?.ImageSize is { } pixels)
        {
            var modelId = _client.Plan(new ImageRequest(request.Prompt) { Model = options.ModelId }).ModelId;
            var model = _catalog.Find(modelId)
                ?? throw new ArgumentException($"Model '{modelId}' is not in the model catalog, so ImageGenerationOptions.ImageSize cannot be mapped to its size tiers.", nameof(options));
            (size, ratio, _) = MapPixels(model, pixels);
        }

        return new ImageRequest(request.Prompt)
        {
            Model = options?.ModelId,
            Size = size,
            AspectRatio = ratio,
            ImageCount = options?.Count ?? 1,
            OutputMimeType = options?.MediaType,
            InputImages = inputs,
        };
    }

    private static UsageDetails? ToUsage(TokenUsage? usage)
    {
        if (usage is null)
        {
            return null;
        }

        var details = new UsageDetails
        {
            InputTokenCount = usage.InputTokens,
            OutputTokenCount = usage.OutputTokens,
            TotalTokenCount = usage.TotalTokens,
            ReasoningTokenCount = usage.ThoughtTokens,
            OutputTextTokenCount = usage.OutputTextTokens,
        };
        if (usage.OutputImageTokens is { } imageTokens)
        {
            details.AdditionalCounts = new AdditionalPropertiesDictionary<long> { [OutputImageTokenCountKey] = imageTokens };
        }

        return details;
    }
}

/// <summary>Adapts the NanoBanana clients to <c>Microsoft.Extensions.AI</c>.</summary>
public static class NanoBananaImageGeneratorExtensions
{
    /// <summary>
    /// Wraps <paramref name="client"/> as a <c>Microsoft.Extensions.AI</c> <see cref="IImageGenerator"/> (experimental there:
    /// suppress <c>MEAI001</c> where you use it), so it composes with <c>AsBuilder().UseLogging().UseOpenTelemetry()</c>.
    /// </summary>
    /// <param name="client">The route-selecting client.</param>
    /// <param name="providerUri">The service address for <see cref="ImageGeneratorMetadata.ProviderUri"/>; <see langword="null"/> for Google's.</param>
    /// <returns>The image generator.</returns>
    [Experimental("MEAI001")]
    public static IImageGenerator AsIImageGenerator(this INanoBananaClient client, Uri? providerUri = null) =>
        new NanoBananaImageGenerator(client, providerUri);
}

using System.Buffers;
using System.Buffers.Text;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;
using NanoBanana.Sdk.Wire;

namespace NanoBanana.Sdk;

/// <summary>A provider request that passed validation: what to send, to where, and how to price and explain it.</summary>
internal sealed record ProviderCall(
    ImageRequest Request,
    ModelResolution Intended,
    ModelResolution Model,
    Uri Uri,
    string Endpoint,
    Func<HttpContent> Content,
    TimeSpan Timeout,
    IReadOnlyList<string> Warnings)
{
    /// <summary>The exact model string sent to the provider.</summary>
    public string WireModel => Model.Requested;

    public ImageSize PricedSize => Request.Size ?? Intended.Model?.DefaultSize ?? ImageSize.OneK;

    public int ImageCount => Math.Max(1, Request.ImageCount);
}

/// <summary>Validates an <see cref="ImageRequest"/> for a provider and writes the body of the profile's dialect.</summary>
internal static class ProviderRequestBuilder
{
    private static readonly MediaTypeHeaderValue JsonContentType = new("application/json") { CharSet = "utf-8" };

    public static ProviderCall Build(ImageRequest request, ProviderSettings settings)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (string.IsNullOrWhiteSpace(request.Prompt))
        {
            throw new ArgumentException("ImageRequest.Prompt is required: describe the image to generate or the edit to make.", nameof(request));
        }

        RefuseGoogleSettings(request);
        if (request.InputImages is null || request.InputImages.Any(i => i is null))
        {
            throw new ArgumentException("ImageRequest.InputImages must not be null or hold null images; use an empty list for text-to-image.", nameof(request));
        }

        var profile = settings.Profile;
        var dialect = profile.Dialect;
        if (dialect == ProviderDialect.ImagesApi ? request.ImageCount is < 1 or > 10 : request.ImageCount != 1)
        {
            throw new ArgumentException(
                dialect == ProviderDialect.ImagesApi
                    ? $"ImageRequest.ImageCount is {request.ImageCount}; the Images API dialect sends it as n. Allowed values: 1 to 10."
                    : $"ImageRequest.ImageCount is {request.ImageCount}, but the {dialect} dialect makes one image per call. Allowed value: 1 (use the ImagesApi dialect for n > 1, or send several requests).",
                nameof(request));
        }

        string? outputFormat = null;
        if (request.OutputMimeType is { } mime)
        {
            outputFormat = dialect != ProviderDialect.ImagesApi ? null
                : string.Equals(mime, "image/png", StringComparison.OrdinalIgnoreCase) ? "png"
                : string.Equals(mime, "image/jpeg", StringComparison.OrdinalIgnoreCase) ? "jpeg"
                : null;
            if (outputFormat is null)
            {
                throw new ArgumentException(
                    $"ImageRequest.OutputMimeType '{mime}' is not accepted by the {dialect} dialect. Allowed values: image/png or image/jpeg on the ImagesApi dialect (sent as output_format); null elsewhere.",
                    nameof(request));
            }
        }

        var ours = request.Model ?? settings.DefaultModel;
        var intended = settings.Catalog.Resolve(ours);
        ModelCatalog.EnsureSupported(intended, request.Size, request.AspectRatio, PriceLane.Provider);
        var wire = profile.Models.TryGetValue(ours, out var mapped) || profile.Models.TryGetValue(intended.ModelId, out mapped) ? mapped : ours;
        var model = new ModelResolution
        {
            Requested = wire,
            ModelId = intended.ModelId,
            Model = intended.Model,
            IsAlias = !string.Equals(wire, intended.ModelId, StringComparison.Ordinal),
            Lifecycle = intended.Lifecycle,
        };

        var warnings = new List<string>();
        if (!intended.IsKnown)
        {
            warnings.Add($"Model '{ours}' is not in the catalog: no size rules apply and the provider price must name it exactly.");
        }
        else if (model.IsAlias)
        {
            warnings.Add($"Model '{wire}' is sent to provider {profile.Name} for '{intended.ModelId}'; priced and checked as '{intended.ModelId}'.");
        }

        var timeout = settings.TimeoutFor(request.Size);
        return dialect switch
        {
            ProviderDialect.ChatCompletions => Json(request, intended, model, settings, "v1/chat/completions", ChatBody(request, wire), timeout, warnings),
            ProviderDialect.GeminiPassThrough => Json(
                request, intended, model, settings, $"v1beta/models/{Uri.EscapeDataString(wire)}:generateContent",
                JsonSerializer.SerializeToUtf8Bytes(OfficialRequestBuilder.ToGenerateContent(request, ServiceTier.Standard), WireJsonContext.Default.GenerateContentRequest),
                timeout, warnings),
            _ when request.InputImages.Count > 0 => new ProviderCall(
                request, intended, model, settings.Resolve("v1/images/edits"), "POST /v1/images/edits",
                () => EditsBody(request, wire, PixelSize(request, intended), outputFormat), timeout, warnings),
            _ => Json(request, intended, model, settings, "v1/images/generations", GenerationsBody(request, wire, PixelSize(request, intended), outputFormat), timeout, warnings),
        };
    }

    private static ProviderCall Json(
        ImageRequest request, ModelResolution intended, ModelResolution model, ProviderSettings settings, string path, byte[] body, TimeSpan timeout, List<string> warnings) =>
        new(request, intended, model, settings.Resolve(path), "POST /" + path, () => new ByteArrayContent(body) { Headers = { ContentType = JsonContentType } }, timeout, warnings);

    private static void RefuseGoogleSettings(ImageRequest request)
    {
        if (request.Google is not { IsSet: true } google)
        {
            return;
        }

        var set = new List<string>();
        if (google.ServiceTier is not null)
        {
            set.Add("ImageRequest.Google.ServiceTier");
        }

        if (google.Labels is { Count: > 0 })
        {
            set.Add("ImageRequest.Google.Labels");
        }

        if (google.UseGoogleSearch)
        {
            set.Add("ImageRequest.Google.UseGoogleSearch");
        }

        if (google.PreviousInteractionId is not null)
        {
            set.Add("ImageRequest.Google.PreviousInteractionId");
        }

        throw new ArgumentException(
            $"{string.Join(", ", set)} {(set.Count == 1 ? "is a setting" : "are settings")} only Google's routes understand; the provider route does not drop {(set.Count == 1 ? "it" : "them")} silently. Clear {(set.Count == 1 ? "it" : "them")}, or send the request on the official route.",
            nameof(request));
    }

    /// <summary>The Images API <c>size</c>: the catalog's pixel size for the size and ratio (1:1 when only a size is asked), else the size name.</summary>
    internal static string? PixelSize(ImageRequest request, ModelResolution intended)
    {
        if (request.Size is null && request.AspectRatio is null)
        {
            return null;
        }

        var size = request.Size ?? intended.Model?.DefaultSize ?? ImageSize.OneK;
        var ratio = request.AspectRatio ?? AspectRatio.Square;
        return intended.Model?.PixelsFor(size, ratio) is { } pixels
            ? string.Create(CultureInfo.InvariantCulture, $"{pixels.Width}x{pixels.Height}")
            : size.Value;
    }

    private static byte[] ChatBody(ImageRequest request, string wire)
    {
        var buffer = new ArrayBufferWriter<byte>(1024 + request.InputImages.Sum(i => (i.Data.Length / 3 * 4) + 64));
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("model", wire);
            writer.WriteStartArray("messages");
            writer.WriteStartObject();
            writer.WriteString("role", "user");
            if (request.InputImages.Count == 0)
            {
                writer.WriteString("content", request.Prompt);
            }
            else
            {
                writer.WriteStartArray("content");
                writer.WriteStartObject();
                writer.WriteString("type", "text");
                writer.WriteString("text", request.Prompt);
                writer.WriteEndObject();
                foreach (var image in request.InputImages)
                {
                    writer.WriteStartObject();
                    writer.WriteString("type", "image_url");
                    writer.WriteStartObject("image_url");
                    writer.WritePropertyName("url");
                    WriteDataUrl(writer, image);
                    writer.WriteEndObject();
                    writer.WriteEndObject();
                }

                writer.WriteEndArray();
            }

            writer.WriteEndObject();
            writer.WriteEndArray();
            writer.WriteStartArray("modalities");
            writer.WriteStringValue("image");
            writer.WriteStringValue("text");
            writer.WriteEndArray();
            if (request.Size is not null || request.AspectRatio is not null)
            {
                writer.WriteStartObject("image_config");
                if (request.AspectRatio is { } ratio)
                {
                    writer.WriteString("aspect_ratio", ratio.Value);
                }

                if (request.Size is { } size)
                {
                    writer.WriteString("image_size", size.Value);
                }

                writer.WriteEndObject();
            }

            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    // The data URL is written as one raw JSON string, base64-encoded once straight into the body (base64 needs no escaping).
    private static void WriteDataUrl(Utf8JsonWriter writer, ImageInput image)
    {
        var prefix = System.Text.Encoding.UTF8.GetBytes($"\"data:{image.MimeType};base64,");
        var length = prefix.Length + Base64.GetMaxEncodedToUtf8Length(image.Data.Length) + 1;
        var rented = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            prefix.CopyTo(rented, 0);
            Base64.EncodeToUtf8(image.Data.Span, rented.AsSpan(prefix.Length), out _, out var written);
            rented[prefix.Length + written] = (byte)'"';
            writer.WriteRawValue(rented.AsSpan(0, prefix.Length + written + 1), skipInputValidation: true);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    private static byte[] GenerationsBody(ImageRequest request, string wire, string? size, string? outputFormat)
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("model", wire);
            writer.WriteString("prompt", request.Prompt);
            writer.WriteNumber("n", request.ImageCount);
            if (size is not null)
            {
                writer.WriteString("size", size);
            }

            writer.WriteString("response_format", "b64_json");
            if (outputFormat is not null)
            {
                writer.WriteString("output_format", outputFormat);
            }

            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    // Shared and never changed, as the JSON content type above: a header value object per image part is not needed.
    private static readonly MediaTypeHeaderValue PngType = new("image/png");

    private static readonly MediaTypeHeaderValue JpegType = new("image/jpeg");

    private static readonly ReadOnlyMemory<byte> One = "1"u8.ToArray();

    private static readonly ReadOnlyMemory<byte> B64Json = "b64_json"u8.ToArray();

    private static ByteArrayContent FormField(string value) => new(System.Text.Encoding.UTF8.GetBytes(value));

    // Streamed: each image part wraps the caller's memory (ReadOnlyMemoryContent), so no image is copied or concatenated.
    private static MultipartFormDataContent EditsBody(ImageRequest request, string wire, string? size, string? outputFormat)
    {
        // Text fields as plain form fields (RFC 7578: no Content-Type means text/plain), without a header object each.
        var content = new MultipartFormDataContent
        {
            { FormField(wire), "model" },
            { FormField(request.Prompt), "prompt" },
            { request.ImageCount == 1 ? new ReadOnlyMemoryContent(One) : FormField(request.ImageCount.ToString(CultureInfo.InvariantCulture)), "n" },
            { new ReadOnlyMemoryContent(B64Json), "response_format" },
        };
        if (size is not null)
        {
            content.Add(FormField(size), "size");
        }

        if (outputFormat is not null)
        {
            content.Add(FormField(outputFormat), "output_format");
        }

        for (var i = 0; i < request.InputImages.Count; i++)
        {
            var image = request.InputImages[i];
            var part = new ReadOnlyMemoryContent(image.Data);
            part.Headers.ContentType = image.MimeType switch
            {
                "image/png" => PngType,
                "image/jpeg" => JpegType,
                _ => new MediaTypeHeaderValue(image.MimeType),
            };
            content.Add(part, "image[]", string.Create(CultureInfo.InvariantCulture, $"image-{i + 1}{ImageMimeTypes.FileExtension(image.MimeType)}"));
        }

        return content;
    }
}

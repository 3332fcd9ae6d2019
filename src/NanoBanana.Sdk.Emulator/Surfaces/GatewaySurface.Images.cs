using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Net.Http.Headers;
using NanoBanana.Sdk.Emulator.Http;
using NanoBanana.Sdk.Emulator.Imaging;

namespace NanoBanana.Sdk.Emulator.Surfaces;

/// <summary><c>POST {gateway}/v1/images/generations</c> (JSON) and <c>/v1/images/edits</c> (multipart), and the files answered as <c>url</c>.</summary>
internal static partial class GatewaySurface
{
    /// <summary>The parameters of <c>/v1/images/generations</c> and <c>/v1/images/edits</c>, however they were sent.</summary>
    private sealed record ImageRequest(ImageJob Job, int Count, bool AsUrl);

    private static async Task GenerationsAsync(HttpContext context, EmulatorState state, Call call)
    {
        if (await ReadJsonAsync(context).ConfigureAwait(false) is not { } document)
        {
            return;
        }

        using (document)
        {
            var root = document.RootElement;
            await ImagesAsync(context, state, call, name => Text(root, name), [], FaultRequest.ImageGenerations).ConfigureAwait(false);
        }
    }

    private static async Task EditsAsync(HttpContext context, EmulatorState state, Call call)
    {
        if (!MediaTypeHeaderValue.TryParse(context.Request.ContentType, out var contentType)
            || !contentType.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase)
            || HeaderUtilities.RemoveQuotes(contentType.Boundary).Value is not { Length: > 0 } boundary)
        {
            await OpenAIErrors.InvalidAsync(context, null,
                $"Invalid Content-Type header ({context.Request.ContentType}), expected multipart/form-data (with a boundary).", code: null).ConfigureAwait(false);
            return;
        }

        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        var images = new List<byte[]>();
        var limit = call.Gateway.MaxEditBodyBytes;
        if (context.Request.ContentLength > limit)
        {
            await OpenAIErrors.InvalidAsync(context, null, $"Request body too large: at most {limit} bytes.", code: null).ConfigureAwait(false);
            return;
        }

        try
        {
            // Read straight from the connection, one part at a time: only the parts themselves are held, each once.
            var reader = new MultipartReader(boundary, context.Request.Body) { BodyLengthLimit = limit };
            long total = 0;
            while (await reader.ReadNextSectionAsync(context.RequestAborted).ConfigureAwait(false) is { } section)
            {
                var disposition = section.GetContentDispositionHeader();
                var name = disposition is null ? string.Empty : HeaderUtilities.RemoveQuotes(disposition.Name).Value ?? string.Empty;
                var data = await ReadPartAsync(section.Body, limit - total, context.RequestAborted).ConfigureAwait(false);
                if (data is null)
                {
                    await OpenAIErrors.InvalidAsync(context, null, $"Request body too large: at most {limit} bytes.", code: null).ConfigureAwait(false);
                    return;
                }

                total += data.Length;
                if (name is "image" or "image[]")
                {
                    images.Add(data);
                }
                else if (disposition?.IsFileDisposition() != true)
                {
                    fields[name] = Encoding.UTF8.GetString(data);
                }
            }
        }
        catch (Exception ex) when (ex is IOException or InvalidDataException && !context.RequestAborted.IsCancellationRequested)
        {
            await OpenAIErrors.InvalidAsync(context, null, $"Could not parse multipart form: {ex.Message}", code: null).ConfigureAwait(false);
            return;
        }

        if (images.Count == 0)
        {
            await OpenAIErrors.InvalidAsync(context, "image", "Missing required parameter: 'image'.", "missing_required_parameter").ConfigureAwait(false);
            return;
        }

        await ImagesAsync(context, state, call, fields.GetValueOrDefault, images, FaultRequest.ImageEdits).ConfigureAwait(false);
    }

    /// <summary>
    /// One multipart part as an array of its exact size, or null when it is over <paramref name="limit"/>. Grows by
    /// doubling from 64 KiB, so a part costs at most twice its size while read, and once after.
    /// </summary>
    private static async Task<byte[]?> ReadPartAsync(Stream part, long limit, CancellationToken cancellationToken)
    {
        var buffer = new byte[64 * 1024];
        var length = 0;
        while (true)
        {
            if (length == buffer.Length)
            {
                if (buffer.Length >= limit)
                {
                    // Full at the limit: one more byte means the part is too large.
                    var probe = new byte[1];
                    if (await part.ReadAsync(probe, cancellationToken).ConfigureAwait(false) > 0)
                    {
                        return null;
                    }

                    break;
                }

                Array.Resize(ref buffer, (int)Math.Min(Math.Min(Array.MaxLength, limit), (long)buffer.Length * 2));
            }

            var read = await part.ReadAsync(buffer.AsMemory(length), cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                break;
            }

            length += read;
        }

        if (length > limit)
        {
            return null;
        }

        Array.Resize(ref buffer, length);
        return buffer;
    }

    private static async Task ImagesAsync(HttpContext context, EmulatorState state, Call call, Func<string, string?> field, List<byte[]> inputs, string surface)
    {
        if (!await ResolveModelAsync(context, call, field("model")).ConfigureAwait(false))
        {
            return;
        }

        if (string.IsNullOrEmpty(field("prompt")))
        {
            await OpenAIErrors.InvalidAsync(context, "prompt", "Missing required parameter: 'prompt'.", "missing_required_parameter").ConfigureAwait(false);
            return;
        }

        ImageRequest request;
        try
        {
            request = ParseImages(field, call.Spec!, call.Gateway.Answered(call.Model!), inputs, state.ImageMimeType);
        }
        catch (RequestException ex)
        {
            await OpenAIErrors.InvalidAsync(context, ex.Field, ex.Message).ConfigureAwait(false);
            return;
        }

        call.Requested = request.Count;
        var fault = TakeFault(context, state, call, surface);
        if (await BeforeAnswerAsync(context, state, call, fault).ConfigureAwait(false))
        {
            return;
        }

        // Each image is its own generation (seed + index), so n images differ from one another.
        var answers = Enumerable.Range(0, request.Count)
            .Select(i => ImageAnswer.Create(i == 0 ? request.Job : request.Job with { Seed = (request.Job.Seed ?? 0) + i }, state.Images, fault))
            .ToList();
        call.ReturnedModel = answers[0].ModelVersion;
        call.Images = answers.Count(a => a.Image is not null);
        call.Tokens = answers[0].PromptTokens + answers.Sum(a => (long)a.CandidateTokens + a.ThoughtTokens);
        var cost = CostOf(call, call.Images);
        var baseUrl = $"{context.Request.Scheme}://{context.Request.Host}/gateway/files/";
        request = call.Gateway.AnswersImagesAsUrl ? request with { AsUrl = true } : request;
        using var body = JsonOut.Render(w => WriteImages(w, state, request, answers, cost, baseUrl));
        await SendAsync(context, body, fault).ConfigureAwait(false);
    }

    /// <summary>Reads the images parameters (the prompt is already checked); throws <see cref="RequestException"/> naming a bad one.</summary>
    private static ImageRequest ParseImages(Func<string, string?> field, ModelSpec spec, string answeredModel, List<byte[]> inputs, string defaultMimeType)
    {
        var prompt = field("prompt")!;
        var count = 1;
        if (field("n") is { } n && (!int.TryParse(n, NumberStyles.None, CultureInfo.InvariantCulture, out count) || count is < 1 or > 10))
        {
            throw new RequestException("n", $"Invalid 'n': {n}. Expected an integer from 1 to 10.");
        }

        var (size, ratio) = SizeOf(spec, field("size"));
        var sizeField = field("image_size") is null ? "size" : "image_size";
        size = field("image_size") ?? size;
        ratio = field("aspect_ratio") ?? ratio;
        if (ImageJob.Validate(spec, size, ratio, sizeField, "aspect_ratio") is { } error)
        {
            throw new RequestException(error.Field, error.Message);
        }

        var asUrl = field("response_format") switch
        {
            null or "b64_json" => false,
            "url" => true,
            var other => throw new RequestException("response_format", $"Invalid value: '{other}'. Supported values are: 'b64_json' and 'url'."),
        };
        var mimeType = field("output_format") switch
        {
            null => defaultMimeType,
            "png" => ImageGenerator.Png,
            "jpeg" or "jpg" => ImageGenerator.Jpeg,
            var other => throw new RequestException("output_format", $"Invalid value: '{other}'. Supported values are: 'png' and 'jpeg'."),
        };
        long? seed = field("seed") is { } s
            ? long.TryParse(s, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var parsed) ? parsed : throw new RequestException("seed", $"Invalid 'seed': {s}.")
            : null;
        return new ImageRequest(new ImageJob(spec, answeredModel, size, ratio, prompt, seed, inputs, WantImage: true, WantText: false, mimeType), count, asUrl);
    }

    /// <summary>
    /// Reads <c>size</c>: a Gemini size (<c>1K</c>…), <c>auto</c>, or OpenAI-style <c>WxH</c>, which maps to the exact
    /// Gemini pixel size when one matches, else to the nearest ratio and the size whose long side is closest.
    /// </summary>
    private static (string Size, string Ratio) SizeOf(ModelSpec spec, string? size)
    {
        if (size is null or "auto")
        {
            return (ModelSpec.DefaultSize, ModelSpec.DefaultRatio);
        }

        var x = size.IndexOf('x', StringComparison.OrdinalIgnoreCase);
        if (x < 0)
        {
            return (size, ModelSpec.DefaultRatio);
        }

        if (!int.TryParse(size.AsSpan(0, x), NumberStyles.None, CultureInfo.InvariantCulture, out var width)
            || !int.TryParse(size.AsSpan(x + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var height) || width == 0 || height == 0)
        {
            throw new RequestException("size", $"Invalid value: '{size}'. Use WIDTHxHEIGHT (e.g. 1024x1024), auto, or one of {string.Join(", ", spec.Sizes)}.");
        }

        var ratio = spec.Ratios.MinBy(r => Math.Abs(Math.Log((double)width / height) - Math.Log(RatioValue(r))))!;
        var best = spec.Sizes.MinBy(s => Math.Abs(Math.Max(spec.Pixels(s, ratio).Width, spec.Pixels(s, ratio).Height) - Math.Max(width, height)))!;
        return (best, ratio);
    }

    private static double RatioValue(string ratio)
    {
        var colon = ratio.IndexOf(':', StringComparison.Ordinal);
        return double.Parse(ratio.AsSpan(0, colon), CultureInfo.InvariantCulture) / double.Parse(ratio.AsSpan(colon + 1), CultureInfo.InvariantCulture);
    }

    private static void WriteImages(Utf8JsonWriter w, EmulatorState state, ImageRequest request, List<ImageAnswer> answers, decimal? cost, string baseUrl)
    {
        var first = answers[0];
        w.WriteStartObject();
        w.WriteNumber("created", state.Time.GetUtcNow().ToUnixTimeSeconds());
        w.WriteStartArray("data");
        foreach (var image in answers.Select(a => a.Image).OfType<GeneratedImage>())
        {
            w.WriteStartObject();
            if (request.AsUrl)
            {
                w.WriteString("url", baseUrl + state.Gateways.AddFile(image));
            }
            else
            {
                w.WriteBase64String("b64_json", image.Bytes);
            }

            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteString("model", first.ModelVersion);
        w.WriteString("output_format", first.Image?.MimeType == ImageGenerator.Jpeg ? "jpeg" : "png");
        if (first.Image is { } sized)
        {
            w.WriteString("size", $"{sized.Width}x{sized.Height}");
        }

        w.WriteStartObject("usage");
        var output = answers.Sum(a => a.CandidateTokens + a.ThoughtTokens);
        w.WriteNumber("input_tokens", first.PromptTokens);
        w.WriteNumber("output_tokens", output);
        w.WriteNumber("total_tokens", first.PromptTokens + output);
        w.WriteStartObject("input_tokens_details");
        w.WriteNumber("text_tokens", first.PromptTextTokens);
        w.WriteNumber("image_tokens", first.PromptImageTokens);
        w.WriteEndObject();
        w.WriteStartObject("output_tokens_details");
        w.WriteNumber("image_tokens", answers.Sum(a => a.OutputImageTokens));
        w.WriteNumber("text_tokens", answers.Sum(a => a.OutputTextTokens));
        w.WriteNumber("reasoning_tokens", answers.Sum(a => a.ThoughtTokens));
        w.WriteEndObject();
        WriteCost(w, cost);
        w.WriteEndObject();
        w.WriteEndObject();
    }

    private static async Task FileAsync(HttpContext context, string id)
    {
        var state = context.RequestServices.GetRequiredService<EmulatorState>();
        if (state.Gateways.Files.TryGetValue(id, out var image))
        {
            await JsonOut.SendAsync(context, 200, image.Bytes, image.MimeType, context.RequestAborted).ConfigureAwait(false);
            return;
        }

        await OpenAIErrors.WriteAsync(context, 404, $"No image file '{id}' (files are kept for the emulator's lifetime, at most a few hundred).",
            "invalid_request_error", code: "not_found").ConfigureAwait(false);
    }
}

using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Net.Http.Headers;
using NanoBanana.Sdk.Emulator.Http;
using NanoBanana.Sdk.Emulator.Imaging;

namespace NanoBanana.Sdk.Emulator.Surfaces;

/// <summary>
/// OpenAI-compatible provider gateways (laozhang.ai, OpenRouter and the like) under <c>/gateway/{provider}/</c>, the
/// first one also at the root: <c>v1/chat/completions</c>, <c>v1/images/generations</c>, <c>v1/images/edits</c>
/// (multipart) and the Gemini pass-through <c>v1beta/models/{model}:generateContent</c>, all with Bearer keys and
/// OpenAI error envelopes. Every call lands in the billing ledger under the provider's failed-call rule.
/// </summary>
internal static class GatewaySurface
{
    private const string Prefix = "/gateway/{provider}";

    public static void Map(IEndpointRouteBuilder app)
    {
        foreach (var prefix in new[] { Prefix, string.Empty })
        {
            app.MapPost(prefix + "/v1/chat/completions", context => RunAsync(context, "v1/chat/completions", ChatAsync));
            app.MapPost(prefix + "/v1/images/generations", context => RunAsync(context, "v1/images/generations", GenerationsAsync));
            app.MapPost(prefix + "/v1/images/edits", context => RunAsync(context, "v1/images/edits", EditsAsync));
        }

        ModelsRoute.Map(app, new Dictionary<string, ModelMethodHandler>(StringComparer.Ordinal)
        {
            ["generateContent"] = (context, model) => RunAsync(context, $"v1beta/models/{model}:generateContent", (c, s, call) => PassThroughAsync(c, s, call, model, stream: false)),
            ["streamGenerateContent"] = (context, model) => RunAsync(context, $"v1beta/models/{model}:streamGenerateContent", (c, s, call) => PassThroughAsync(c, s, call, model, stream: true)),
        }, Prefix);
        app.MapGet("/gateway/files/{id}", FileAsync);
    }

    /// <summary>What the ledger needs to know about a call; filled in as the handler learns it.</summary>
    private sealed class Call(Gateway gateway, string requestId, string endpoint, DateTimeOffset timestamp)
    {
        public Gateway Gateway { get; } = gateway;

        public string RequestId { get; } = requestId;

        public string Endpoint { get; } = endpoint;

        public DateTimeOffset Timestamp { get; } = timestamp;

        public string? Model { get; set; }

        public ModelSpec? Spec { get; set; }

        public string? ReturnedModel { get; set; }

        public int Requested { get; set; } = 1;

        public int Images { get; set; }

        public bool PassThrough { get; set; }

        public bool Recorded { get; set; }
    }

    private delegate Task CallHandler(HttpContext context, EmulatorState state, Call call);

    private static async Task RunAsync(HttpContext context, string endpoint, CallHandler handler)
    {
        var state = context.RequestServices.GetRequiredService<EmulatorState>();
        var name = context.GetRouteValue("provider") as string;
        var gateway = name is null ? state.Gateways.Default : state.Gateways.Find(name);
        if (gateway is null)
        {
            await OpenAIErrors.WriteAsync(context, 404, $"Unknown gateway '{name}'. Configured: {string.Join(", ", state.Gateways.Names)}.",
                "invalid_request_error", code: "not_found").ConfigureAwait(false);
            return;
        }

        var call = new Call(gateway, "req_" + Guid.NewGuid().ToString("N"), endpoint, state.Time.GetUtcNow());
        context.Response.Headers["x-request-id"] = call.RequestId;
        // Recorded as the answer starts, so the entry exists before the client has read a byte of it.
        context.Response.OnStarting(() =>
        {
            Record(context, state, call, context.Response.StatusCode);
            return Task.CompletedTask;
        });
        try
        {
            if (await AuthenticateAsync(context, gateway).ConfigureAwait(false))
            {
                await handler(context, state, call).ConfigureAwait(false);
            }
        }
        catch (Exception) when (!context.Response.HasStarted && !context.RequestAborted.IsCancellationRequested && !state.Stopping.IsCancellationRequested)
        {
            Record(context, state, call, 500);
            throw;
        }
        finally
        {
            // Nothing was sent: the client went away first (its timeout) or the emulator stopped.
            Record(context, state, call, 0);
        }
    }

    private static void Record(HttpContext context, EmulatorState state, Call call, int status)
    {
        if (call.Recorded)
        {
            return;
        }

        call.Recorded = true;
        var images = call.PassThrough ? (context.Features.Get<ImageAnswer>()?.Image is null ? 0 : 1) : call.Images;
        var outcome = Outcome(status, images);
        var amount = call.Gateway.Charge(outcome, call.Model, call.Spec, images, call.Requested);
        state.Gateways.Ledger.Add(new GatewayLedgerEntry(call.RequestId, call.Gateway.Name, call.Endpoint, call.Model, call.Spec?.Id,
            call.ReturnedModel ?? (call.PassThrough && status == 200 ? context.Features.Get<ImageAnswer>()?.ModelVersion : null),
            status, outcome, images, call.Gateway.Bills(outcome), amount, call.Timestamp));
    }

    private static GatewayCallOutcome Outcome(int status, int images) => status switch
    {
        0 => GatewayCallOutcome.Timeout,
        >= 200 and < 300 => images > 0 ? GatewayCallOutcome.Success : GatewayCallOutcome.NoImage,
        429 => GatewayCallOutcome.RateLimited,
        >= 500 => GatewayCallOutcome.ServerError,
        _ => GatewayCallOutcome.ClientError,
    };

    /// <summary>Bearer auth as OpenAI answers it: a missing key and an unknown key are both 401.</summary>
    private static async Task<bool> AuthenticateAsync(HttpContext context, Gateway gateway)
    {
        var header = context.Request.Headers.Authorization.ToString();
        var key = header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header["Bearer ".Length..].Trim() : string.Empty;
        if (key.Length == 0)
        {
            await OpenAIErrors.WriteAsync(context, 401,
                "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY).",
                "invalid_request_error").ConfigureAwait(false);
            return false;
        }

        if (!gateway.Accepts(key))
        {
            // The real message echoes part of the key; the emulator never repeats a credential.
            await OpenAIErrors.WriteAsync(context, 401, "Incorrect API key provided. You can find your API key in the provider's console.",
                "invalid_request_error", code: "invalid_api_key").ConfigureAwait(false);
            return false;
        }

        return true;
    }

    /// <summary>Resolves the model through the provider's aliases, or writes 404 <c>model_not_found</c>.</summary>
    private static async Task<bool> ResolveModelAsync(HttpContext context, Call call, string? model)
    {
        if (string.IsNullOrEmpty(model))
        {
            await OpenAIErrors.WriteAsync(context, 400, "you must provide a model parameter", "invalid_request_error").ConfigureAwait(false);
            return false;
        }

        call.Model = model;
        call.Spec = call.Gateway.Resolve(model);
        if (call.Spec is null)
        {
            await OpenAIErrors.WriteAsync(context, 404, $"The model '{model}' does not exist or you do not have access to it.",
                "invalid_request_error", code: "model_not_found").ConfigureAwait(false);
            return false;
        }

        return true;
    }

    /// <summary>Plays the part of a fault that replaces the answer (OpenAI envelope, proxy page) or delays it; true when answered.</summary>
    private static async Task<bool> BeforeAnswerAsync(HttpContext context, EmulatorState state, Fault? fault)
    {
        switch (fault?.Kind)
        {
            case FaultKind.HttpError:
                await OpenAIErrors.WriteFaultAsync(context, fault).ConfigureAwait(false);
                return true;
            case FaultKind.ProxyHtml:
                await FaultEffects.WriteProxyHtmlAsync(context, fault.StatusCode).ConfigureAwait(false);
                return true;
            case FaultKind.Delay:
                await FaultEffects.DelayAsync(context, state, fault.Duration).ConfigureAwait(false);
                return false;
            default:
                return false;
        }
    }

    private static Fault? TakeFault(HttpContext context, EmulatorState state, Call call, string surface) =>
        state.Faults.TryTake(new FaultRequest(context.Request.Method, context.Request.Path.Value ?? string.Empty, call.Model, surface));

    /// <summary>Sends a rendered answer, damaged as a body fault says.</summary>
    private static Task SendAsync(HttpContext context, PooledBuffer body, Fault? fault) =>
        fault?.Kind == FaultKind.MalformedJson
            ? JsonOut.SendAsync(context, 200, Sse.MalformedJson, JsonOut.JsonContentType, context.RequestAborted)
            : FaultEffects.SendBodyAsync(context, 200, body.WrittenMemory, JsonOut.JsonContentType, fault);

    // ---- chat completions -------------------------------------------------------------------------------

    private static async Task ChatAsync(HttpContext context, EmulatorState state, Call call)
    {
        if (await ReadJsonAsync(context) is not { } document)
        {
            return;
        }

        using (document)
        {
            var root = document.RootElement;
            if (!await ResolveModelAsync(context, call, Text(root, "model")).ConfigureAwait(false))
            {
                return;
            }

            ImageJob job;
            try
            {
                job = ParseChat(root, call.Spec!, call.Gateway.Answered(call.Model!), state.ImageMimeType);
            }
            catch (RequestException ex)
            {
                await OpenAIErrors.InvalidAsync(context, ex.Field, ex.Message).ConfigureAwait(false);
                return;
            }

            var fault = TakeFault(context, state, call, FaultRequest.ChatCompletions);
            if (await BeforeAnswerAsync(context, state, fault).ConfigureAwait(false))
            {
                return;
            }

            var answer = ImageAnswer.Create(job, state.Images, fault);
            call.ReturnedModel = answer.ModelVersion;
            call.Images = answer.Image is null ? 0 : 1;
            var cost = CostOf(call, call.Images);
            using var body = JsonOut.Render(w => WriteChat(w, state, call, answer, cost));
            await SendAsync(context, body, fault).ConfigureAwait(false);
        }
    }

    private static ImageJob ParseChat(JsonElement root, ModelSpec spec, string answeredModel, string mimeType)
    {
        if (JsonRead.Prop(root, "stream") is { ValueKind: JsonValueKind.True })
        {
            throw new RequestException("stream", "The emulator does not stream chat completions; send stream: false.");
        }

        var messages = JsonRead.Prop(root, "messages");
        if (messages is not { ValueKind: JsonValueKind.Array } list || list.GetArrayLength() == 0)
        {
            throw new RequestException("messages", "[] is too short - 'messages'");
        }

        var prompt = new StringBuilder();
        var inputs = new List<byte[]>();
        var m = 0;
        foreach (var message in list.EnumerateArray())
        {
            var fromUser = JsonRead.String(message, $"messages[{m}].role", "role") is "user" or "system" or "developer";
            var content = JsonRead.Prop(message, "content");
            if (content is { ValueKind: JsonValueKind.String } text && fromUser)
            {
                Append(prompt, text.GetString());
            }
            else if (content is { ValueKind: JsonValueKind.Array } parts)
            {
                var p = 0;
                foreach (var part in parts.EnumerateArray())
                {
                    var field = $"messages[{m}].content[{p}]";
                    switch (JsonRead.String(part, field + ".type", "type"))
                    {
                        case "text" when fromUser:
                            Append(prompt, JsonRead.String(part, field + ".text", "text"));
                            break;
                        case "image_url":
                            var imageUrl = JsonRead.Prop(part, "image_url");
                            var url = imageUrl is { ValueKind: JsonValueKind.String } direct ? direct.GetString() : JsonRead.String(imageUrl ?? default, field + ".image_url.url", "url");
                            inputs.Add(DataUrl(url, field + ".image_url.url"));
                            break;
                    }

                    p++;
                }
            }

            m++;
        }

        var config = JsonRead.Prop(root, "image_config") ?? default;
        var size = JsonRead.String(config, "image_config.image_size", "image_size") ?? ModelSpec.DefaultSize;
        var ratio = JsonRead.String(config, "image_config.aspect_ratio", "aspect_ratio") ?? ModelSpec.DefaultRatio;
        if (ImageJob.Validate(spec, size, ratio, "image_config.image_size", "image_config.aspect_ratio") is { } error)
        {
            throw new RequestException(error.Field, error.Message);
        }

        var (wantText, wantImage) = GenerateContentSurface.Modalities(JsonRead.Prop(root, "modalities"), "modalities");
        var seed = JsonRead.Int64(root, "seed", "seed");
        return new ImageJob(spec, answeredModel, size, ratio, prompt.ToString(), seed, inputs, wantImage, wantText, mimeType);
    }

    private static void WriteChat(Utf8JsonWriter w, EmulatorState state, Call call, ImageAnswer answer, decimal? cost)
    {
        var text = string.Join("\n", answer.Output.Where(p => p.Text is not null).Select(p => p.Text));
        var image = answer.Image;
        var url = image is null ? null : $"data:{image.MimeType};base64,{Convert.ToBase64String(image.Bytes)}";
        var placement = call.Gateway.Placement;
        w.WriteStartObject();
        w.WriteString("id", "chatcmpl-" + answer.ResponseId);
        w.WriteString("object", "chat.completion");
        w.WriteNumber("created", state.Time.GetUtcNow().ToUnixTimeSeconds());
        w.WriteString("model", answer.ModelVersion);
        w.WriteStartArray("choices");
        w.WriteStartObject();
        w.WriteNumber("index", 0);
        w.WriteStartObject("message");
        w.WriteString("role", "assistant");
        if (placement == GatewayImagePlacement.ContentParts && url is not null)
        {
            w.WriteStartArray("content");
            if (text.Length > 0)
            {
                w.WriteStartObject();
                w.WriteString("type", "text");
                w.WriteString("text", text);
                w.WriteEndObject();
            }

            WriteImageUrl(w, url);
            w.WriteEndArray();
        }
        else if (placement == GatewayImagePlacement.MarkdownDataUri && url is not null)
        {
            w.WriteString("content", (text.Length > 0 ? text + "\n\n" : string.Empty) + $"![image]({url})");
        }
        else if (text.Length > 0)
        {
            w.WriteString("content", text);
        }
        else
        {
            w.WriteNull("content");
        }

        if (placement == GatewayImagePlacement.MessageImages && url is not null)
        {
            w.WriteStartArray("images");
            WriteImageUrl(w, url);
            w.WriteEndArray();
        }

        w.WriteEndObject();
        w.WriteNull("logprobs");
        // A safety stop or blocked prompt is a content filter to OpenAI clients; the Gemini reason stays visible.
        w.WriteString("finish_reason", answer.FinishReason == "STOP" ? "stop" : "content_filter");
        w.WriteString("native_finish_reason", answer.FinishReason ?? answer.BlockReason);
        w.WriteEndObject();
        w.WriteEndArray();
        w.WriteStartObject("usage");
        w.WriteNumber("prompt_tokens", answer.PromptTokens);
        w.WriteNumber("completion_tokens", answer.CandidateTokens + answer.ThoughtTokens);
        w.WriteNumber("total_tokens", answer.TotalTokens);
        w.WriteStartObject("prompt_tokens_details");
        w.WriteNumber("cached_tokens", 0);
        w.WriteNumber("image_tokens", answer.PromptImageTokens);
        w.WriteEndObject();
        w.WriteStartObject("completion_tokens_details");
        w.WriteNumber("reasoning_tokens", answer.ThoughtTokens);
        w.WriteNumber("image_tokens", answer.OutputImageTokens);
        w.WriteEndObject();
        WriteCost(w, cost);
        w.WriteEndObject();
        w.WriteEndObject();
    }

    private static void WriteImageUrl(Utf8JsonWriter w, string url)
    {
        w.WriteStartObject();
        w.WriteString("type", "image_url");
        w.WriteStartObject("image_url");
        w.WriteString("url", url);
        w.WriteEndObject();
        w.WriteEndObject();
    }

    // ---- images API ---------------------------------------------------------------------------------------

    /// <summary>The parameters of <c>/v1/images/generations</c> and <c>/v1/images/edits</c>, however they were sent.</summary>
    private sealed record ImageRequest(ImageJob Job, int Count, bool AsUrl);

    private static async Task GenerationsAsync(HttpContext context, EmulatorState state, Call call)
    {
        if (await ReadJsonAsync(context) is not { } document)
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
        try
        {
            var body = MemoryMarshal.TryGetArray(EmulatorMiddleware.Body(context), out var segment) ? segment : new ArraySegment<byte>([]);
            var reader = new MultipartReader(boundary, new MemoryStream(body.Array!, body.Offset, body.Count, writable: false));
            while (await reader.ReadNextSectionAsync(context.RequestAborted).ConfigureAwait(false) is { } section)
            {
                var disposition = section.GetContentDispositionHeader();
                var name = disposition is null ? string.Empty : HeaderUtilities.RemoveQuotes(disposition.Name).Value ?? string.Empty;
                using var data = new MemoryStream();
                await section.Body.CopyToAsync(data, context.RequestAborted).ConfigureAwait(false);
                if (name is "image" or "image[]")
                {
                    images.Add(data.ToArray());
                }
                else if (disposition?.IsFileDisposition() != true)
                {
                    fields[name] = Encoding.UTF8.GetString(data.ToArray());
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

    private static async Task ImagesAsync(HttpContext context, EmulatorState state, Call call, Func<string, string?> field, List<byte[]> inputs, string surface)
    {
        if (!await ResolveModelAsync(context, call, field("model")).ConfigureAwait(false))
        {
            return;
        }

        ImageRequest request;
        try
        {
            request = ParseImages(field, call.Spec!, call.Gateway.Answered(call.Model!), inputs, state.ImageMimeType);
        }
        catch (RequestException ex)
        {
            await OpenAIErrors.InvalidAsync(context, ex.Field, ex.Message, ex.Message.StartsWith("Missing", StringComparison.Ordinal) ? "missing_required_parameter" : "invalid_value")
                .ConfigureAwait(false);
            return;
        }

        call.Requested = request.Count;
        var fault = TakeFault(context, state, call, surface);
        if (await BeforeAnswerAsync(context, state, fault).ConfigureAwait(false))
        {
            return;
        }

        // Each image is its own generation (seed + index), so n images differ from one another.
        var answers = Enumerable.Range(0, request.Count)
            .Select(i => ImageAnswer.Create(i == 0 ? request.Job : request.Job with { Seed = (request.Job.Seed ?? 0) + i }, state.Images, fault))
            .ToList();
        call.ReturnedModel = answers[0].ModelVersion;
        call.Images = answers.Count(a => a.Image is not null);
        var cost = CostOf(call, call.Images);
        var baseUrl = $"{context.Request.Scheme}://{context.Request.Host}/gateway/files/";
        using var body = JsonOut.Render(w => WriteImages(w, state, request, answers, cost, baseUrl));
        await SendAsync(context, body, fault).ConfigureAwait(false);
    }

    private static ImageRequest ParseImages(Func<string, string?> field, ModelSpec spec, string answeredModel, List<byte[]> inputs, string defaultMimeType)
    {
        var prompt = field("prompt");
        if (string.IsNullOrEmpty(prompt))
        {
            throw new RequestException("prompt", "Missing required parameter: 'prompt'.");
        }

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

    // ---- Gemini pass-through ------------------------------------------------------------------------------

    private static Task PassThroughAsync(HttpContext context, EmulatorState state, Call call, string model, bool stream)
    {
        call.PassThrough = true;
        call.Model = model;
        call.Spec = call.Gateway.Resolve(model);
        // Quota counts per gateway, as a gateway's own rate limits would; configure it with Project "gateway/{name}".
        return GenerateContentSurface.AnswerAsync(context, state, "gateway/" + call.Gateway.Name, call.Spec?.Id ?? model, call.Gateway.Answered(model), stream);
    }

    // ---- shared -------------------------------------------------------------------------------------------

    /// <summary>The price <c>usage.cost</c> reports for a 200 answer, or null when the provider does not report cost.</summary>
    private static decimal? CostOf(Call call, int images) => call.Gateway.ReportsCost
        ? call.Gateway.Charge(images > 0 ? GatewayCallOutcome.Success : GatewayCallOutcome.NoImage, call.Model, call.Spec, images, call.Requested)
        : null;

    private static void WriteCost(Utf8JsonWriter w, decimal? cost)
    {
        if (cost is { } value)
        {
            w.WriteNumber("cost", value);
        }
    }

    private static async Task<JsonDocument?> ReadJsonAsync(HttpContext context)
    {
        try
        {
            var document = JsonDocument.Parse(EmulatorMiddleware.Body(context));
            if (document.RootElement.ValueKind == JsonValueKind.Object)
            {
                return document;
            }

            document.Dispose();
        }
        catch (JsonException)
        {
        }

        await OpenAIErrors.InvalidAsync(context, null,
            "We could not parse the JSON body of your request. (HINT: This likely means you aren't using your HTTP library correctly. The OpenAI API expects a JSON payload, but what was sent was not valid JSON.)",
            code: null).ConfigureAwait(false);
        return null;
    }

    /// <summary>A JSON property as text: strings as they are, numbers and booleans as written.</summary>
    private static string? Text(JsonElement root, string name) => JsonRead.Prop(root, name) switch
    {
        { ValueKind: JsonValueKind.String } s => s.GetString(),
        { ValueKind: JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False } v => v.GetRawText(),
        _ => null,
    };

    private static void Append(StringBuilder prompt, string? text)
    {
        if (!string.IsNullOrEmpty(text))
        {
            prompt.Append(prompt.Length == 0 ? string.Empty : "\n").Append(text);
        }
    }

    /// <summary>Decodes a <c>data:{mime};base64,{data}</c> URL; the emulator cannot fetch http(s) images.</summary>
    private static byte[] DataUrl(string? url, string field)
    {
        const string Marker = ";base64,";
        var at = url?.IndexOf(Marker, StringComparison.Ordinal) ?? -1;
        if (url is null || !url.StartsWith("data:", StringComparison.Ordinal) || at < 0)
        {
            throw new RequestException(field, $"Invalid image URL at '{field}': the emulator accepts only data:image/...;base64,... URLs.");
        }

        try
        {
            return Convert.FromBase64String(url[(at + Marker.Length)..]);
        }
        catch (FormatException)
        {
            throw new RequestException(field, $"Invalid image URL at '{field}': the base64 data does not decode.");
        }
    }
}

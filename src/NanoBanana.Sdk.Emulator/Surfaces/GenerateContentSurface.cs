using System.Buffers;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using NanoBanana.Sdk.Emulator.Http;
using NanoBanana.Sdk.Emulator.Imaging;

namespace NanoBanana.Sdk.Emulator.Surfaces;

/// <summary>
/// <c>POST /v1beta/models/{model}:generateContent</c> and <c>:streamGenerateContent</c> (SSE with
/// <c>alt=sse</c>, otherwise a streamed JSON array), camelCase as the real API; snake_case request names accepted.
/// </summary>
internal static class GenerateContentSurface
{
    private static readonly string[] ServiceTiers = ["standard", "flex", "priority"];

    public static Task GenerateAsync(HttpContext context, string model) => HandleAsync(context, model, stream: false);

    public static Task StreamAsync(HttpContext context, string model) => HandleAsync(context, model, stream: true);

    private static async Task HandleAsync(HttpContext context, string model, bool stream)
    {
        var state = context.RequestServices.GetRequiredService<EmulatorState>();
        var rpc = stream ? "GenerativeService.StreamGenerateContent" : "GenerativeService.GenerateContent";
        var project = await GoogleAuth.AuthenticateAsync(context, state, rpc).ConfigureAwait(false);
        if (project is not null)
        {
            await AnswerAsync(context, state, project, model, model, stream).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Everything after authentication: model lookup, validation, faults, quota and the answer. The gateway's
    /// Gemini pass-through enters here after its own Bearer auth. The answer is left in the request's features
    /// (<see cref="ImageAnswer"/>) before it is written, for the gateway's billing ledger.
    /// </summary>
    /// <param name="context">The request.</param>
    /// <param name="state">The emulator state.</param>
    /// <param name="project">The caller's project (quota).</param>
    /// <param name="model">The model to serve (a Google id, <c>-preview</c> or <c>models/</c> allowed).</param>
    /// <param name="answeredModel">The model name the answer reports as <c>modelVersion</c>.</param>
    /// <param name="stream">Whether this is <c>streamGenerateContent</c>.</param>
    internal static async Task AnswerAsync(HttpContext context, EmulatorState state, string project, string model, string answeredModel, bool stream)
    {
        var spec = ModelSpecs.FindServed(model);
        if (spec is null)
        {
            var method = stream ? "streamGenerateContent" : "generateContent";
            await GoogleErrors.WriteAsync(context, 404,
                $"models/{model} is not found for API version v1beta, or is not supported for {method}. Call ListModels to see the list of available models and their supported methods.",
                cancellationToken: context.RequestAborted).ConfigureAwait(false);
            return;
        }

        ImageJob job;
        try
        {
            job = Parse(EmulatorMiddleware.Body(context), spec, answeredModel, state.ImageMimeType);
        }
        catch (RequestException ex)
        {
            await GoogleErrors.InvalidArgumentAsync(context, ex.Field, ex.Message, context.RequestAborted).ConfigureAwait(false);
            return;
        }

        var surface = stream ? FaultRequest.StreamGenerateContent : FaultRequest.GenerateContent;
        var fault = state.Faults.TryTake(new FaultRequest { Method = context.Request.Method, Path = context.Request.Path.Value ?? string.Empty, Model = model, Surface = surface });
        if (await GoogleFaults.BeforeAnswerAsync(context, state, fault, spec.Id).ConfigureAwait(false)
            || !await GoogleAuth.AdmitAsync(context, state, project, spec.Id).ConfigureAwait(false))
        {
            return;
        }

        var answer = ImageAnswer.Create(job, state.Images, fault);
        context.Features.Set(answer);
        if (stream)
        {
            await StreamAnswerAsync(context, answer, fault).ConfigureAwait(false);
            return;
        }

        if (fault?.Kind == FaultKind.MalformedJson)
        {
            await JsonOut.SendAsync(context, 200, Sse.MalformedJson, JsonOut.JsonContentType, context.RequestAborted).ConfigureAwait(false);
            return;
        }

        using var body = JsonOut.Render(w => WriteResponse(w, answer, [.. answer.Thoughts, .. answer.Output], final: true));
        await FaultEffects.SendBodyAsync(context, 200, body.WrittenMemory, JsonOut.JsonContentType, fault).ConfigureAwait(false);
    }

    /// <summary>Reads a GenerateContentRequest; throws <see cref="RequestException"/> where the real API answers 400.</summary>
    /// <param name="body">The request body.</param>
    /// <param name="spec">The model.</param>
    /// <param name="requestedModel">The model as sent.</param>
    /// <param name="mimeType">The image format to answer with (the Gemini API has no request field for it).</param>
    internal static ImageJob Parse(ReadOnlyMemory<byte> body, ModelSpec spec, string requestedModel, string mimeType)
    {
        using var document = ParseDocument(body);
        return Parse(document.RootElement, spec, requestedModel, mimeType);
    }

    /// <summary>Reads a GenerateContentRequest object (also the <c>request</c> of a batch line).</summary>
    internal static ImageJob Parse(JsonElement root, ModelSpec spec, string requestedModel, string mimeType)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new RequestException(string.Empty, "Invalid JSON payload received. Expected an object.");
        }

        var contents = JsonRead.Prop(root, "contents");
        if (contents is not { ValueKind: JsonValueKind.Array } || contents.Value.GetArrayLength() == 0)
        {
            throw new RequestException("contents", "* GenerateContentRequest.contents: contents is not specified");
        }

        var prompt = new StringBuilder();
        var inputs = new List<byte[]>();
        var c = 0;
        foreach (var content in contents.Value.EnumerateArray())
        {
            var parts = JsonRead.Prop(content, "parts");
            if (parts is not { ValueKind: JsonValueKind.Array } || parts.Value.GetArrayLength() == 0)
            {
                throw new RequestException($"contents[{c}].parts", $"* GenerateContentRequest.contents[{c}].parts: contents.parts must not be empty.");
            }

            var p = 0;
            foreach (var part in parts.Value.EnumerateArray())
            {
                if (JsonRead.String(part, $"contents[{c}].parts[{p}].text", "text") is { } text)
                {
                    prompt.Append(prompt.Length == 0 ? string.Empty : "\n").Append(text);
                }

                if (JsonRead.Prop(part, "inlineData", "inline_data") is { } inline)
                {
                    var field = $"contents[{c}].parts[{p}].inline_data.data";
                    var data = JsonRead.Prop(inline, "data") ?? throw new RequestException(field, $"* GenerateContentRequest.{field}: inline_data.data is empty.");
                    inputs.Add(JsonRead.Base64(data, field));
                }

                p++;
            }

            c++;
        }

        var config = JsonRead.Prop(root, "generationConfig", "generation_config") ?? default;
        var imageConfig = JsonRead.Prop(config, "imageConfig", "image_config") ?? default;
        var sentSize = JsonRead.String(imageConfig, "generation_config.image_config.image_size", "imageSize", "image_size");
        var size = sentSize ?? ModelSpec.DefaultSize;
        var ratio = JsonRead.String(imageConfig, "generation_config.image_config.aspect_ratio", "aspectRatio", "aspect_ratio") ?? ModelSpec.DefaultRatio;
        if (ImageJob.Validate(spec, size, ratio, "generation_config.image_config.image_size", "generation_config.image_config.aspect_ratio") is { } error)
        {
            throw new RequestException(error.Field, error.Message);
        }

        var tier = JsonRead.String(root, "service_tier", "serviceTier", "service_tier");
        if (tier is not null && !ServiceTiers.Contains(tier))
        {
            throw new RequestException("service_tier", $"Invalid value at 'service_tier' (type.googleapis.com/google.ai.generativelanguage.v1beta.ServiceTier), \"{tier}\"");
        }

        if (ImageJob.ValidateModelOptions(spec, sentSize, tier, "generation_config.image_config.image_size", "service_tier") is { } modelError)
        {
            throw new RequestException(modelError.Field, modelError.Message);
        }

        var (wantText, wantImage) = Modalities(JsonRead.Prop(config, "responseModalities", "response_modalities"), "generation_config.response_modalities");
        var seed = JsonRead.Int64(config, "generation_config.seed", "seed");
        return new ImageJob(spec, requestedModel, size, ratio, prompt.ToString(), seed, inputs, wantImage, wantText, mimeType) { ServiceTier = tier ?? "standard" };
    }

    internal static JsonDocument ParseDocument(ReadOnlyMemory<byte> body)
    {
        try
        {
            return JsonDocument.Parse(body);
        }
        catch (JsonException ex)
        {
            throw new RequestException(string.Empty, $"Invalid JSON payload received. {ex.Message}");
        }
    }

    /// <summary>Which outputs were asked for; absent means text and image, as the image models default to.</summary>
    internal static (bool Text, bool Image) Modalities(JsonElement? modalities, string field)
    {
        if (modalities is not { ValueKind: JsonValueKind.Array } list || list.GetArrayLength() == 0)
        {
            return (true, true);
        }

        bool text = false, image = false;
        var i = 0;
        foreach (var item in list.EnumerateArray())
        {
            var value = item.ValueKind == JsonValueKind.String ? item.GetString()?.ToUpperInvariant() : null;
            switch (value)
            {
                case "TEXT":
                    text = true;
                    break;
                case "IMAGE":
                    image = true;
                    break;
                case "AUDIO" or "VIDEO" or "DOCUMENT" or "MODALITY_UNSPECIFIED":
                    break;
                default:
                    throw new RequestException($"{field}[{i}]", $"Invalid value at '{field}[{i}]' (type.googleapis.com/google.ai.generativelanguage.v1beta.GenerationConfig.Modality), {item.GetRawText()}");
            }

            i++;
        }

        return (text, image);
    }

    /// <summary>Writes a GenerateContentResponse holding <paramref name="parts"/>; the final one carries finish reason and usage.</summary>
    internal static void WriteResponse(Utf8JsonWriter w, ImageAnswer answer, IReadOnlyList<AnswerPart> parts, bool final)
    {
        w.WriteStartObject();
        if (answer.BlockReason is not null)
        {
            w.WriteStartObject("promptFeedback");
            w.WriteString("blockReason", answer.BlockReason);
            w.WriteEndObject();
        }
        else
        {
            w.WriteStartArray("candidates");
            w.WriteStartObject();
            if (parts.Count > 0)
            {
                w.WriteStartObject("content");
                w.WriteStartArray("parts");
                foreach (var part in parts)
                {
                    WritePart(w, part);
                }

                w.WriteEndArray();
                w.WriteString("role", "model");
                w.WriteEndObject();
            }

            if (final)
            {
                w.WriteString("finishReason", answer.FinishReason);
                if (answer.FinishReason != "STOP")
                {
                    w.WriteString("finishMessage", $"Unable to show the generated image: it was stopped for {answer.FinishReason}.");
                }
            }

            w.WriteNumber("index", 0);
            w.WriteEndObject();
            w.WriteEndArray();
        }

        if (final)
        {
            WriteUsage(w, answer);
        }

        w.WriteString("modelVersion", answer.ModelVersion);
        w.WriteString("responseId", answer.ResponseId);
        w.WriteEndObject();
    }

    private static void WritePart(Utf8JsonWriter w, AnswerPart part)
    {
        w.WriteStartObject();
        if (part.Text is not null)
        {
            w.WriteString("text", part.Text);
        }

        if (part.Image is { } image)
        {
            w.WriteStartObject("inlineData");
            w.WriteString("mimeType", image.MimeType);
            w.WriteBase64String("data", image.Bytes);
            w.WriteEndObject();
        }

        if (part.Thought)
        {
            w.WriteBoolean("thought", true);
        }

        if (part.ThoughtSignature is not null)
        {
            w.WriteString("thoughtSignature", part.ThoughtSignature);
        }

        w.WriteEndObject();
    }

    private static void WriteUsage(Utf8JsonWriter w, ImageAnswer answer)
    {
        w.WriteStartObject("usageMetadata");
        w.WriteNumber("promptTokenCount", answer.PromptTokens);
        if (answer.CandidateTokens > 0)
        {
            w.WriteNumber("candidatesTokenCount", answer.CandidateTokens);
        }

        w.WriteNumber("totalTokenCount", answer.TotalTokens);
        w.WriteString("serviceTier", answer.ServiceTier);
        if (answer.ThoughtTokens > 0)
        {
            w.WriteNumber("thoughtsTokenCount", answer.ThoughtTokens);
        }

        WriteDetails(w, "promptTokensDetails", answer.PromptTextTokens, answer.PromptImageTokens);
        if (answer.CandidateTokens > 0)
        {
            WriteDetails(w, "candidatesTokensDetails", answer.OutputTextTokens, answer.OutputImageTokens);
        }

        w.WriteEndObject();
    }

    private static void WriteDetails(Utf8JsonWriter w, string name, int text, int image)
    {
        w.WriteStartArray(name);
        if (text > 0)
        {
            w.WriteStartObject();
            w.WriteString("modality", "TEXT");
            w.WriteNumber("tokenCount", text);
            w.WriteEndObject();
        }

        if (image > 0)
        {
            w.WriteStartObject();
            w.WriteString("modality", "IMAGE");
            w.WriteNumber("tokenCount", image);
            w.WriteEndObject();
        }

        w.WriteEndArray();
    }

    /// <summary>
    /// One chunk per part (the image whole in one chunk), finish reason and usage in the last. With <c>alt=sse</c>
    /// each chunk is <c>data: {json}\r\n\r\n</c>; without it the chunks form a JSON array, as the real API streams.
    /// </summary>
    private static async Task StreamAnswerAsync(HttpContext context, ImageAnswer answer, Fault? fault)
    {
        var parts = answer.Thoughts.Concat(answer.Output).ToList();
        var chunks = parts.Count == 0
            ? [new SseEvent(null, JsonOut.Render(w => WriteResponse(w, answer, [], final: true)))]
            : parts.Select((part, i) => new SseEvent(null, JsonOut.Render(w => WriteResponse(w, answer, [part], final: i == parts.Count - 1)))).ToList();
        try
        {
            if (string.Equals(context.Request.Query["alt"].ToString(), "sse", StringComparison.OrdinalIgnoreCase))
            {
                await Sse.SendAsync(context, chunks, fault).ConfigureAwait(false);
                return;
            }

            // Without alt=sse the real API streams one JSON array; faults then damage it as a whole.
            using var array = new PooledBuffer();
            array.Write("["u8);
            for (var i = 0; i < chunks.Count; i++)
            {
                array.Write(chunks[i].Data.WrittenMemory.Span);
                array.Write(i == chunks.Count - 1 ? "]"u8 : "\r\n,"u8);
            }

            var body = fault?.Kind == FaultKind.MalformedJson ? Sse.MalformedJson : array.WrittenMemory;
            await FaultEffects.SendBodyAsync(context, 200, body, JsonOut.JsonContentType, fault).ConfigureAwait(false);
        }
        finally
        {
            foreach (var chunk in chunks)
            {
                chunk.Data.Dispose();
            }
        }
    }
}

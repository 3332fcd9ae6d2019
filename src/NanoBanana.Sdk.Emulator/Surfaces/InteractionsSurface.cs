using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using NanoBanana.Sdk.Emulator.Http;
using NanoBanana.Sdk.Emulator.Imaging;

namespace NanoBanana.Sdk.Emulator.Surfaces;

/// <summary>
/// The Interactions API, snake_case, shaped after <c>@google/genai</c> 3.1.0's <c>Interaction</c> type:
/// <c>POST /v1beta/interactions</c>, <c>GET</c> and <c>DELETE /v1beta/interactions/{id}</c>. Output lives in
/// <c>steps[]</c> (<c>thought</c> steps with a <c>summary</c>, then a <c>model_output</c> step with <c>content</c>),
/// usage in <c>usage</c> (<c>total_input_tokens</c>, <c>output_tokens_by_modality[{modality,tokens}]</c>…).
/// </summary>
internal static class InteractionsSurface
{
    private static readonly string[] ServiceTiers = ["standard", "flex", "priority"];

    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapPost("/v1beta/interactions", CreateAsync);
        app.MapGet("/v1beta/interactions/{id}", GetAsync);
        app.MapDelete("/v1beta/interactions/{id}", DeleteAsync);
    }

    private sealed record Request(ImageJob Job, string? PreviousId, string? ServiceTier, bool Store, bool Background, bool Stream, IReadOnlyDictionary<string, string> Labels);

    private static async Task CreateAsync(HttpContext context)
    {
        var state = context.RequestServices.GetRequiredService<EmulatorState>();
        var project = await GoogleAuth.AuthenticateAsync(context, state, "InteractionsService.CreateInteraction").ConfigureAwait(false);
        if (project is null)
        {
            return;
        }

        Request request;
        try
        {
            request = Parse(EmulatorMiddleware.Body(context), state);
        }
        catch (RequestException ex)
        {
            await GoogleErrors.InvalidArgumentAsync(context, ex.Field, ex.Message, context.RequestAborted).ConfigureAwait(false);
            return;
        }
        catch (KeyNotFoundException ex)
        {
            await GoogleErrors.WriteAsync(context, 404, ex.Message, cancellationToken: context.RequestAborted).ConfigureAwait(false);
            return;
        }

        var job = request.Job;
        var fault = state.Faults.TryTake(new FaultRequest { Method = context.Request.Method, Path = context.Request.Path.Value ?? string.Empty, Model = job.RequestedModel, Surface = FaultRequest.Interactions });
        if (await GoogleFaults.BeforeAnswerAsync(context, state, fault, job.Spec.Id).ConfigureAwait(false)
            || !await GoogleAuth.AdmitAsync(context, state, project, job.Spec.Id).ConfigureAwait(false))
        {
            return;
        }

        if (fault?.Kind == FaultKind.MalformedJson)
        {
            await JsonOut.SendAsync(context, 200, Sse.MalformedJson, JsonOut.JsonContentType, context.RequestAborted).ConfigureAwait(false);
            return;
        }

        var answer = ImageAnswer.Create(job, state.Images, fault);
        var id = EmulatorState.NewId();
        var now = state.Time.GetUtcNow();
        using var body = JsonOut.Render(w => WriteInteraction(w, id, now, request, answer, completed: true));
        if (request.Store)
        {
            state.Interactions[id] = new StoredInteraction(body.WrittenMemory.ToArray(), answer.Image?.Bytes);
        }

        if (request.Stream)
        {
            await StreamAsync(context, id, now, request, answer, fault).ConfigureAwait(false);
            return;
        }

        if (request.Background)
        {
            // A background interaction answers at once and finishes "later"; the next GET sees it completed.
            using var pending = JsonOut.Render(w => WriteInteraction(w, id, now, request, answer, completed: false));
            await FaultEffects.SendBodyAsync(context, 200, pending.WrittenMemory, JsonOut.JsonContentType, fault).ConfigureAwait(false);
            return;
        }

        await FaultEffects.SendBodyAsync(context, 200, body.WrittenMemory, JsonOut.JsonContentType, fault).ConfigureAwait(false);
    }

    private static async Task GetAsync(HttpContext context, string id)
    {
        var state = context.RequestServices.GetRequiredService<EmulatorState>();
        if (await GoogleAuth.AuthenticateAsync(context, state, "InteractionsService.GetInteraction").ConfigureAwait(false) is null)
        {
            return;
        }

        var fault = state.Faults.TryTake(new FaultRequest { Method = context.Request.Method, Path = context.Request.Path.Value ?? string.Empty, Model = null, Surface = FaultRequest.Interactions });
        if (await GoogleFaults.BeforeAnswerAsync(context, state, fault, null).ConfigureAwait(false))
        {
            return;
        }

        if (!state.Interactions.TryGetValue(id, out var stored))
        {
            await GoogleErrors.WriteAsync(context, 404, NotFound(id), cancellationToken: context.RequestAborted).ConfigureAwait(false);
            return;
        }

        if (fault?.Kind == FaultKind.MalformedJson)
        {
            await JsonOut.SendAsync(context, 200, Sse.MalformedJson, JsonOut.JsonContentType, context.RequestAborted).ConfigureAwait(false);
            return;
        }

        await FaultEffects.SendBodyAsync(context, 200, stored.Json, JsonOut.JsonContentType, fault).ConfigureAwait(false);
    }

    private static async Task DeleteAsync(HttpContext context, string id)
    {
        var state = context.RequestServices.GetRequiredService<EmulatorState>();
        if (await GoogleAuth.AuthenticateAsync(context, state, "InteractionsService.DeleteInteraction").ConfigureAwait(false) is null)
        {
            return;
        }

        if (!state.Interactions.TryRemove(id, out _))
        {
            await GoogleErrors.WriteAsync(context, 404, NotFound(id), cancellationToken: context.RequestAborted).ConfigureAwait(false);
            return;
        }

        await JsonOut.WriteAsync(context, 200, w =>
        {
            w.WriteStartObject();
            w.WriteEndObject();
        }, context.RequestAborted).ConfigureAwait(false);
    }

    private static string NotFound(string id) => $"Interaction '{id}' was not found.";

    /// <summary>Reads a create request; <see cref="RequestException"/> means 400, <see cref="KeyNotFoundException"/> 404.</summary>
    private static Request Parse(ReadOnlyMemory<byte> body, EmulatorState state)
    {
        using var document = GenerateContentSurface.ParseDocument(body);
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new RequestException(string.Empty, "Invalid JSON payload received. Expected an object.");
        }

        var model = JsonRead.String(root, "model", "model");
        if (string.IsNullOrEmpty(model))
        {
            throw new RequestException("model", "* CreateInteractionRequest.model: model is required.");
        }

        var spec = ModelSpecs.FindServed(model) ?? throw new KeyNotFoundException(
            $"models/{(model.StartsWith("models/", StringComparison.Ordinal) ? model["models/".Length..] : model)} is not found for API version v1beta, or is not supported for interactions.");

        var input = JsonRead.Prop(root, "input") ?? throw new RequestException("input", "* CreateInteractionRequest.input: input is required.");
        var prompt = new StringBuilder();
        var inputs = new List<byte[]>();
        ReadInput(input, "input", prompt, inputs);

        var previousId = JsonRead.String(root, "previous_interaction_id", "previous_interaction_id");
        if (previousId is not null)
        {
            if (!state.Interactions.TryGetValue(previousId, out var previous))
            {
                throw new KeyNotFoundException(NotFound(previousId));
            }

            if (previous.OutputImage is { } image)
            {
                inputs.Insert(0, image);
            }
        }

        var format = ImageFormat(JsonRead.Prop(root, "response_format"));
        var config = JsonRead.Prop(root, "generation_config") ?? default;
        var legacyConfig = JsonRead.Prop(config, "image_config") ?? default;
        var sentSize = JsonRead.String(format, "response_format.image_size", "image_size")
            ?? JsonRead.String(legacyConfig, "generation_config.image_config.image_size", "image_size");
        var size = sentSize ?? ModelSpec.DefaultSize;
        var ratio = JsonRead.String(format, "response_format.aspect_ratio", "aspect_ratio")
            ?? JsonRead.String(legacyConfig, "generation_config.image_config.aspect_ratio", "aspect_ratio") ?? ModelSpec.DefaultRatio;
        if (ImageJob.Validate(spec, size, ratio, "response_format.image_size", "response_format.aspect_ratio") is { } error)
        {
            throw new RequestException(error.Field, error.Message);
        }

        var tier = JsonRead.String(root, "service_tier", "service_tier");
        if (tier is not null && !ServiceTiers.Contains(tier))
        {
            throw new RequestException("service_tier", $"* CreateInteractionRequest.service_tier: Invalid service tier '{tier}'. Supported values: standard, flex, priority.");
        }

        if (ImageJob.ValidateModelOptions(spec, sentSize, tier, "response_format.image_size", "service_tier") is { } modelError)
        {
            throw new RequestException(modelError.Field, modelError.Message);
        }

        var store = JsonRead.Prop(root, "store") is not { ValueKind: JsonValueKind.False };
        var background = JsonRead.Prop(root, "background") is { ValueKind: JsonValueKind.True };
        var stream = JsonRead.Prop(root, "stream") is { ValueKind: JsonValueKind.True };
        if (background && !store)
        {
            throw new RequestException("store", "* CreateInteractionRequest.store: background interactions must be stored (store=true).");
        }

        var (wantText, wantImage) = Modalities(root);
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        if (JsonRead.Prop(root, "labels") is { ValueKind: JsonValueKind.Object } labelObject)
        {
            foreach (var label in labelObject.EnumerateObject())
            {
                labels[label.Name] = label.Value.ValueKind == JsonValueKind.String ? label.Value.GetString() ?? string.Empty : label.Value.GetRawText();
            }
        }

        // genai lists only image/jpeg for response_format.mime_type; PNG is honoured too, anything else gets the default.
        var mimeType = JsonRead.String(format, "response_format.mime_type", "mime_type") switch
        {
            ImageGenerator.Jpeg => ImageGenerator.Jpeg,
            ImageGenerator.Png => ImageGenerator.Png,
            _ => state.ImageMimeType,
        };
        var seed = JsonRead.Int64(config, "generation_config.seed", "seed");
        var job = new ImageJob(spec, model, size, ratio, prompt.ToString(), seed, inputs, wantImage, wantText, mimeType) { ServiceTier = tier ?? "standard" };
        return new Request(job, previousId, tier, store, background, stream, labels);
    }

    /// <summary>Reads <c>input</c>: a string, a content block, a list of blocks, or a list of steps holding <c>content</c>.</summary>
    private static void ReadInput(JsonElement input, string field, StringBuilder prompt, List<byte[]> images)
    {
        switch (input.ValueKind)
        {
            case JsonValueKind.String:
                Append(prompt, input.GetString());
                return;
            case JsonValueKind.Array:
                var i = 0;
                foreach (var item in input.EnumerateArray())
                {
                    ReadInput(item, $"{field}[{i++}]", prompt, images);
                }

                return;
            case JsonValueKind.Object:
                if (JsonRead.Prop(input, "content") is { } content)
                {
                    ReadInput(content, field + ".content", prompt, images);
                    return;
                }

                var type = JsonRead.String(input, field + ".type", "type");
                if (type == "text")
                {
                    Append(prompt, JsonRead.String(input, field + ".text", "text"));
                }
                else if (type == "image")
                {
                    if (JsonRead.Prop(input, "data") is { } data)
                    {
                        images.Add(JsonRead.Base64(data, field + ".data"));
                    }
                    else
                    {
                        throw new RequestException(field + ".data", $"* {field}: the emulator accepts inline image data only (no uri).");
                    }
                }

                return;
            default:
                throw new RequestException(field, $"Invalid value at '{field}': expected a string, a content block or a list.");
        }
    }

    private static void Append(StringBuilder prompt, string? text)
    {
        if (!string.IsNullOrEmpty(text))
        {
            prompt.Append(prompt.Length == 0 ? string.Empty : "\n").Append(text);
        }
    }

    /// <summary>The <c>{"type":"image",...}</c> entry of <c>response_format</c> (an object or a list), or an empty element.</summary>
    private static JsonElement ImageFormat(JsonElement? format)
    {
        if (format is { ValueKind: JsonValueKind.Array } list)
        {
            foreach (var item in list.EnumerateArray())
            {
                if (JsonRead.Prop(item, "type") is { ValueKind: JsonValueKind.String } t && t.GetString() == "image")
                {
                    return item;
                }
            }
        }

        return format is { ValueKind: JsonValueKind.Object } single && JsonRead.Prop(single, "type")?.GetString() is "image" or null ? single : default;
    }

    /// <summary>Requested outputs: from the <c>response_format</c> types, else the deprecated <c>response_modalities</c>, else text and image.</summary>
    private static (bool Text, bool Image) Modalities(JsonElement root)
    {
        var format = JsonRead.Prop(root, "response_format");
        if (format is { } f)
        {
            var types = (f.ValueKind == JsonValueKind.Array ? f.EnumerateArray().ToList() : [f])
                .Select(e => JsonRead.Prop(e, "type")?.GetString()).ToList();
            if (types.Contains("image") || types.Contains("text"))
            {
                return (types.Contains("text") || !types.Contains("image"), types.Contains("image"));
            }
        }

        return GenerateContentSurface.Modalities(JsonRead.Prop(root, "response_modalities"), "response_modalities");
    }

    private static void WriteInteraction(Utf8JsonWriter w, string id, DateTimeOffset now, Request request, ImageAnswer answer, bool completed)
    {
        var failed = answer.BlockReason is not null || answer.FinishReason is not ("STOP" or null);
        var time = now.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        w.WriteStartObject();
        w.WriteString("id", id);
        w.WriteString("model", answer.ModelVersion);
        w.WriteString("status", !completed ? "in_progress" : failed ? "failed" : "completed");
        w.WriteString("created", time);
        w.WriteString("updated", time);
        if (request.PreviousId is not null)
        {
            w.WriteString("previous_interaction_id", request.PreviousId);
        }

        if (request.ServiceTier is not null)
        {
            w.WriteString("service_tier", request.ServiceTier);
        }

        if (request.Labels.Count > 0)
        {
            w.WriteStartObject("labels");
            foreach (var (key, value) in request.Labels)
            {
                w.WriteString(key, value);
            }

            w.WriteEndObject();
        }

        if (!completed)
        {
            w.WriteEndObject();
            return;
        }

        var reason = answer.BlockReason ?? answer.FinishReason;
        var message = answer.BlockReason is not null
            ? $"The prompt was blocked ({reason})."
            : $"No image was generated: the output was blocked ({reason}).";
        w.WriteStartArray("steps");
        if (answer.Thoughts.Count > 0)
        {
            w.WriteStartObject();
            w.WriteString("type", "thought");
            w.WriteString("signature", Convert.ToBase64String(Encoding.UTF8.GetBytes(answer.ResponseId)));
            w.WriteStartArray("summary");
            foreach (var part in answer.Thoughts)
            {
                WriteBlock(w, part);
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        if (answer.BlockReason is null)
        {
            w.WriteStartObject();
            w.WriteString("type", "model_output");
            w.WriteStartArray("content");
            foreach (var part in answer.Output)
            {
                WriteBlock(w, part);
            }

            w.WriteEndArray();
            if (failed)
            {
                w.WriteStartObject("error");
                w.WriteNumber("code", 3);
                w.WriteString("message", message);
                w.WriteEndObject();
            }

            w.WriteEndObject();
        }

        w.WriteEndArray();
        if (failed)
        {
            w.WriteStartArray("errors");
            w.WriteStartObject();
            w.WriteString("code", reason);
            w.WriteString("message", message);
            w.WriteEndObject();
            w.WriteEndArray();
        }

        WriteUsage(w, answer);
        w.WriteEndObject();
    }

    /// <summary>
    /// <c>stream: true</c>: <c>interaction.created</c>, then per step <c>step.start</c>, <c>step.delta</c>s (thought
    /// summaries and signature; output text and the whole image) and <c>step.stop</c>, then
    /// <c>interaction.completed</c> with status and usage — the event types of genai's <c>InteractionSSEEvent</c>.
    /// </summary>
    private static async Task StreamAsync(HttpContext context, string id, DateTimeOffset now, Request request, ImageAnswer answer, Fault? fault)
    {
        var events = new List<SseEvent>();
        void Add(string type, Action<Utf8JsonWriter> body) => events.Add(new SseEvent(type, JsonOut.Render(w =>
        {
            w.WriteStartObject();
            w.WriteString("event_type", type);
            w.WriteString("event_id", (events.Count + 1).ToString(CultureInfo.InvariantCulture));
            body(w);
            w.WriteEndObject();
        })));
        void Summary(Utf8JsonWriter w, string status, bool usage)
        {
            w.WriteStartObject("interaction");
            w.WriteString("id", id);
            w.WriteString("object", "interaction");
            w.WriteString("model", answer.ModelVersion);
            w.WriteString("status", status);
            var time = now.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
            w.WriteString("created", time);
            w.WriteString("updated", time);
            if (request.ServiceTier is not null)
            {
                w.WriteString("service_tier", request.ServiceTier);
            }

            if (usage)
            {
                WriteUsage(w, answer);
            }

            w.WriteEndObject();
        }

        Add("interaction.created", w => Summary(w, "in_progress", usage: false));
        var index = 0;
        if (answer.Thoughts.Count > 0)
        {
            var thought = index++;
            Add("step.start", w => StepStart(w, thought, "thought"));
            foreach (var part in answer.Thoughts)
            {
                Add("step.delta", w => StepDelta(w, thought, d =>
                {
                    d.WriteString("type", "thought_summary");
                    d.WritePropertyName("content");
                    WriteBlock(d, part);
                }));
            }

            Add("step.delta", w => StepDelta(w, thought, d =>
            {
                d.WriteString("type", "thought_signature");
                d.WriteString("signature", Convert.ToBase64String(Encoding.UTF8.GetBytes(answer.ResponseId)));
            }));
            Add("step.stop", w => w.WriteNumber("index", thought));
        }

        if (answer.BlockReason is null)
        {
            var output = index;
            Add("step.start", w => StepStart(w, output, "model_output"));
            foreach (var part in answer.Output)
            {
                Add("step.delta", w => StepDelta(w, output, d => WriteBlockFields(d, part)));
            }

            Add("step.stop", w => w.WriteNumber("index", output));
        }

        var failed = answer.BlockReason is not null || answer.FinishReason is not ("STOP" or null);
        Add("interaction.completed", w => Summary(w, failed ? "failed" : "completed", usage: true));
        try
        {
            await Sse.SendAsync(context, events, fault).ConfigureAwait(false);
        }
        finally
        {
            foreach (var e in events)
            {
                e.Data.Dispose();
            }
        }
    }

    private static void StepStart(Utf8JsonWriter w, int index, string type)
    {
        w.WriteNumber("index", index);
        w.WriteStartObject("step");
        w.WriteString("type", type);
        w.WriteEndObject();
    }

    private static void StepDelta(Utf8JsonWriter w, int index, Action<Utf8JsonWriter> delta)
    {
        w.WriteNumber("index", index);
        w.WriteStartObject("delta");
        delta(w);
        w.WriteEndObject();
    }

    private static void WriteBlock(Utf8JsonWriter w, AnswerPart part)
    {
        w.WriteStartObject();
        WriteBlockFields(w, part);
        w.WriteEndObject();
    }

    private static void WriteBlockFields(Utf8JsonWriter w, AnswerPart part)
    {
        if (part.Image is { } image)
        {
            w.WriteString("type", "image");
            w.WriteBase64String("data", image.Bytes);
            w.WriteString("mime_type", image.MimeType);
        }
        else
        {
            w.WriteString("type", "text");
            w.WriteString("text", part.Text);
        }
    }

    private static void WriteUsage(Utf8JsonWriter w, ImageAnswer answer)
    {
        w.WriteStartObject("usage");
        w.WriteNumber("total_input_tokens", answer.PromptTokens);
        WriteByModality(w, "input_tokens_by_modality", answer.PromptTextTokens, answer.PromptImageTokens);
        w.WriteNumber("total_output_tokens", answer.CandidateTokens);
        WriteByModality(w, "output_tokens_by_modality", answer.OutputTextTokens, answer.OutputImageTokens);
        w.WriteNumber("total_thought_tokens", answer.ThoughtTokens);
        w.WriteNumber("total_tokens", answer.TotalTokens);
        w.WriteEndObject();
    }

    private static void WriteByModality(Utf8JsonWriter w, string name, int text, int image)
    {
        w.WriteStartArray(name);
        if (text > 0)
        {
            w.WriteStartObject();
            w.WriteString("modality", "text");
            w.WriteNumber("tokens", text);
            w.WriteEndObject();
        }

        if (image > 0)
        {
            w.WriteStartObject();
            w.WriteString("modality", "image");
            w.WriteNumber("tokens", image);
            w.WriteEndObject();
        }

        w.WriteEndArray();
    }
}

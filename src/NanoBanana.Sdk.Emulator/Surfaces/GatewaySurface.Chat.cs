using System.Buffers;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using NanoBanana.Sdk.Emulator.Http;
using NanoBanana.Sdk.Emulator.Imaging;

namespace NanoBanana.Sdk.Emulator.Surfaces;

/// <summary><c>POST {gateway}/v1/chat/completions</c>: the image in the provider's placement.</summary>
internal static partial class GatewaySurface
{
    private static async Task ChatAsync(HttpContext context, EmulatorState state, Call call)
    {
        if (await ReadJsonAsync(context).ConfigureAwait(false) is not { } document)
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

            ChatRequest request;
            try
            {
                request = ParseChat(root, call.Spec!, call.Gateway.Answered(call.Model!), state.ImageMimeType);
            }
            catch (RequestException ex)
            {
                await OpenAIErrors.InvalidAsync(context, ex.Field, ex.Message).ConfigureAwait(false);
                return;
            }

            var fault = TakeFault(context, state, call, FaultRequest.ChatCompletions);
            if (await BeforeAnswerAsync(context, state, call, fault).ConfigureAwait(false))
            {
                return;
            }

            var answer = ImageAnswer.Create(request.Job, state.Images, fault);
            call.ReturnedModel = answer.ModelVersion;
            call.Images = answer.Image is null ? 0 : 1;
            call.Tokens = answer.TotalTokens;
            var cost = CostOf(call, call.Images);
            if (request.Stream)
            {
                await StreamChatAsync(context, state, call, answer, cost, fault, request.IncludeUsage).ConfigureAwait(false);
                return;
            }

            using var body = JsonOut.Render(w => WriteChat(w, state, call, answer, cost));
            await SendAsync(context, body, fault).ConfigureAwait(false);
        }
    }

    /// <param name="Job">The image job.</param>
    /// <param name="Stream">Whether <c>stream: true</c> asked for server-sent chunks.</param>
    /// <param name="IncludeUsage">Whether <c>stream_options.include_usage</c> asked for a final usage chunk.</param>
    private sealed record ChatRequest(ImageJob Job, bool Stream, bool IncludeUsage);

    private static ChatRequest ParseChat(JsonElement root, ModelSpec spec, string answeredModel, string mimeType)
    {
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
        var stream = JsonRead.Prop(root, "stream") is { ValueKind: JsonValueKind.True };
        var includeUsage = JsonRead.Prop(JsonRead.Prop(root, "stream_options") ?? default, "include_usage") is { ValueKind: JsonValueKind.True };
        return new ChatRequest(new ImageJob(spec, answeredModel, size, ratio, prompt.ToString(), seed, inputs, wantImage, wantText, mimeType), stream, includeUsage);
    }

    private static void WriteChat(Utf8JsonWriter w, EmulatorState state, Call call, ImageAnswer answer, decimal? cost)
    {
        var text = TextOf(answer);
        var url = DataUrlOf(answer);
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
        WriteFinish(w, answer);
        w.WriteEndObject();
        w.WriteEndArray();
        WriteUsage(w, answer, cost);
        w.WriteEndObject();
    }

    private static string TextOf(ImageAnswer answer) => string.Join("\n", answer.Output.Where(p => p.Text is not null).Select(p => p.Text));

    private static string? DataUrlOf(ImageAnswer answer) =>
        answer.Image is { } image ? $"data:{image.MimeType};base64,{Convert.ToBase64String(image.Bytes)}" : null;

    private static void WriteFinish(Utf8JsonWriter w, ImageAnswer answer)
    {
        // A safety stop or blocked prompt is a content filter to OpenAI clients; the Gemini reason stays visible.
        w.WriteString("finish_reason", answer.FinishReason == "STOP" ? "stop" : "content_filter");
        w.WriteString("native_finish_reason", answer.FinishReason ?? answer.BlockReason);
    }

    private static void WriteUsage(Utf8JsonWriter w, ImageAnswer answer, decimal? cost)
    {
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
    }

    /// <summary>
    /// <c>stream: true</c>: server-sent <c>chat.completion.chunk</c>s — the role, the text, the image (one chunk, in the
    /// provider's placement), the finish reason, with <c>stream_options.include_usage</c> a usage chunk with no choices,
    /// then <c>[DONE]</c>. Body faults damage the last JSON chunk (and drop <c>[DONE]</c>) or cut the stream.
    /// </summary>
    private static async Task StreamChatAsync(HttpContext context, EmulatorState state, Call call, ImageAnswer answer, decimal? cost, Fault? fault, bool includeUsage)
    {
        var text = TextOf(answer);
        var url = DataUrlOf(answer);
        var created = state.Time.GetUtcNow().ToUnixTimeSeconds();
        var chunks = new List<Action<Utf8JsonWriter>>
        {
            w => Chunk(w, answer, created, d => d.WriteString("role", "assistant"), final: false),
        };
        if (text.Length > 0)
        {
            chunks.Add(w => Chunk(w, answer, created, d => d.WriteString("content", text), final: false));
        }

        if (url is not null)
        {
            chunks.Add(w => Chunk(w, answer, created, d =>
            {
                switch (call.Gateway.Placement)
                {
                    case GatewayImagePlacement.MessageImages:
                        d.WriteStartArray("images");
                        WriteImageUrl(d, url);
                        d.WriteEndArray();
                        break;
                    case GatewayImagePlacement.ContentParts:
                        d.WriteStartArray("content");
                        WriteImageUrl(d, url);
                        d.WriteEndArray();
                        break;
                    default:
                        d.WriteString("content", (text.Length > 0 ? "\n\n" : string.Empty) + $"![image]({url})");
                        break;
                }
            }, final: false));
        }

        chunks.Add(w => Chunk(w, answer, created, null, final: true));
        if (includeUsage)
        {
            chunks.Add(w =>
            {
                w.WriteStartObject();
                WriteChunkHeader(w, answer, created);
                w.WriteStartArray("choices");
                w.WriteEndArray();
                WriteUsage(w, answer, cost);
                w.WriteEndObject();
            });
        }

        var events = chunks.Select(write => new SseEvent(null, JsonOut.Render(write))).ToList();
        if (fault?.Kind is not (FaultKind.TruncatedJson or FaultKind.MalformedJson))
        {
            var done = new PooledBuffer(16);
            done.Write("[DONE]"u8);
            events.Add(new SseEvent(null, done));
        }

        try
        {
            await Sse.SendAsync(context, events, fault).ConfigureAwait(false);
        }
        finally
        {
            foreach (var sseEvent in events)
            {
                sseEvent.Data.Dispose();
            }
        }
    }

    private static void WriteChunkHeader(Utf8JsonWriter w, ImageAnswer answer, long created)
    {
        w.WriteString("id", "chatcmpl-" + answer.ResponseId);
        w.WriteString("object", "chat.completion.chunk");
        w.WriteNumber("created", created);
        w.WriteString("model", answer.ModelVersion);
    }

    private static void Chunk(Utf8JsonWriter w, ImageAnswer answer, long created, Action<Utf8JsonWriter>? delta, bool final)
    {
        w.WriteStartObject();
        WriteChunkHeader(w, answer, created);
        w.WriteStartArray("choices");
        w.WriteStartObject();
        w.WriteNumber("index", 0);
        w.WriteStartObject("delta");
        delta?.Invoke(w);
        w.WriteEndObject();
        if (final)
        {
            WriteFinish(w, answer);
        }
        else
        {
            w.WriteNull("finish_reason");
        }

        w.WriteEndObject();
        w.WriteEndArray();
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

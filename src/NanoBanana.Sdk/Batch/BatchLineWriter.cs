using System.Buffers;
using System.Text.Json;
using NanoBanana.Sdk.Wire;

namespace NanoBanana.Sdk;

/// <summary>
/// Validates Batch items (before any of their bytes are sent) and writes them as JSONL input lines or inline request
/// entries, reusing the official generateContent body builder: one mapper for both routes.
/// </summary>
internal sealed class BatchLineWriter(BatchSettings settings, ModelResolution model)
{
    private readonly HashSet<string> _keys = new(StringComparer.Ordinal);
    private readonly ArrayBufferWriter<byte> _line = new(4096);

    public long Count { get; private set; }

    /// <summary>Writes <c>{"key": "...", "request": {...}}\n</c> and returns the line's bytes (valid until the next call).</summary>
    public ReadOnlyMemory<byte> FileLine(BatchImageItem item)
    {
        var body = Validate(item);
        _line.Clear();
        using (var writer = new Utf8JsonWriter(_line))
        {
            writer.WriteStartObject();
            writer.WriteString("key", item.Key);
            writer.WritePropertyName("request");
            JsonSerializer.Serialize(writer, body, WireJsonContext.Default.GenerateContentRequest);
            writer.WriteEndObject();
        }

        _line.Write("\n"u8);
        return _line.WrittenMemory;
    }

    /// <summary>Writes <c>{"request": {...}, "metadata": {"key": "..."}}</c> into an inline request list.</summary>
    public void Inline(BatchImageItem item, Utf8JsonWriter writer)
    {
        var body = Validate(item);
        writer.WriteStartObject();
        writer.WritePropertyName("request");
        JsonSerializer.Serialize(writer, body, WireJsonContext.Default.GenerateContentRequest);
        writer.WriteStartObject("metadata");
        writer.WriteString("key", item.Key);
        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    private GenerateContentRequest Validate(BatchImageItem item)
    {
        if (item is null)
        {
            throw new ArgumentException($"Batch item {Count + 1} is null.", "items");
        }

        if (string.IsNullOrWhiteSpace(item.Key))
        {
            throw new ArgumentException($"Batch item {Count + 1} has a blank key: give every item a unique key (e.g. a SKU) to match its result.", "items");
        }

        if (!_keys.Add(item.Key))
        {
            throw new ArgumentException($"Batch key '{item.Key}' is used twice: results are matched by key, so keys must be unique within a job.", "items");
        }

        var request = item.Request ?? throw new ArgumentException($"Batch item '{item.Key}' has no request.", "items");
        var where = $"Batch item '{item.Key}'";
        if (string.IsNullOrWhiteSpace(request.Prompt))
        {
            throw new ArgumentException($"{where}: ImageRequest.Prompt is required.", "items");
        }

        if (request.Model is { } named && !string.Equals(settings.Catalog.Resolve(named).ModelId, model.ModelId, StringComparison.Ordinal))
        {
            throw new ArgumentException(
                $"{where} asks for model '{named}', but the job runs on '{model.Requested}' ({model.ModelId}): a Batch job has one model. Leave ImageRequest.Model null, or submit a job per model.",
                "items");
        }

        if (request.ImageCount != 1)
        {
            throw new ArgumentException($"{where}: ImageRequest.ImageCount is {request.ImageCount}; each Batch request makes one image. Allowed value: 1.", "items");
        }

        if (request.OutputMimeType is not null)
        {
            throw new ArgumentException($"{where}: ImageRequest.OutputMimeType is not available in Batch (generateContent has no output MIME type field). Leave it null.", "items");
        }

        if (request.Google?.PreviousInteractionId is not null)
        {
            throw new ArgumentException($"{where}: ImageRequest.Google.PreviousInteractionId is an Interactions feature; Batch uses generateContent. Send the earlier image as an input image.", "items");
        }

        if (request.Google?.ServiceTier is { } tier && tier != ServiceTier.Standard)
        {
            throw new ArgumentException($"{where}: ImageRequest.Google.ServiceTier '{tier}' does not apply to a Batch job, which is billed on the Batch lane. Leave it null.", "items");
        }

        try
        {
            ModelCatalog.EnsureSupported(model, request.Size, request.AspectRatio, PriceLane.GoogleBatch);
            OfficialRequestBuilder.ValidateInputs(request.InputImages);
            OfficialRequestBuilder.ValidateLabels(request.Google?.Labels);
        }
        catch (ArgumentException ex)
        {
            throw new ArgumentException($"{where}: {ex.Message}", "items", ex);
        }

        Count++;
        return OfficialRequestBuilder.ToGenerateContent(request, ServiceTier.Standard);
    }
}

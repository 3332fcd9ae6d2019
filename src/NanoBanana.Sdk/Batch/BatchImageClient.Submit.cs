using System.Buffers;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;
using NanoBanana.Sdk.Errors;
using NanoBanana.Sdk.Http;
using NanoBanana.Sdk.Pricing;

namespace NanoBanana.Sdk;

public sealed partial class BatchImageClient
{
    private const int MaxChunkAttempts = 4;
    private static readonly MediaTypeHeaderValue JsonlContentType = new("application/jsonl");

    /// <summary>What an upload call answered: the session's status, the bytes the server holds, and the file once final.</summary>
    private readonly record struct UploadStatus(string Status, long? Received, string? FileName);

    private async Task<ImageBatchJob> SubmitInlineAsync(
        IAsyncEnumerable<BatchImageItem> items, BatchLineWriter lines, ModelResolution model, string displayName, CancellationToken cancellationToken)
    {
        var buffer = new ArrayBufferWriter<byte>(64 * 1024);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteStartObject("batch");
            writer.WriteString("displayName", displayName);
            writer.WriteStartObject("inputConfig");
            writer.WriteStartObject("requests");
            writer.WriteStartArray("requests");
            await foreach (var item in items.WithCancellation(cancellationToken).ConfigureAwait(false))
            {
                lines.Inline(item, writer);
                if (writer.BytesCommitted + writer.BytesPending > _settings.InlineLimitBytes)
                {
                    throw new ArgumentException(
                        $"The inline Batch request passed BatchImageClientOptions.InlineLimitBytes ({_settings.InlineLimitBytes} bytes) at item '{item.Key}' ({lines.Count} items): submit with BatchSubmitOptions.Mode = File (the default), which has no such limit.",
                        nameof(items));
                }
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
            writer.WriteEndObject();
            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        EnsureItems(lines);
        return await CreateAsync(buffer.WrittenMemory.ToArray(), model, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Streams the JSONL input into the Files API's resumable upload, one chunk at a time: lines are written into a
    /// chunk buffer and each full chunk is uploaded before more items are read, so only one chunk (plus one line) is held.
    /// The total length is not known up front, so the start call leaves out <c>X-Goog-Upload-Header-Content-Length</c>:
    /// the resumable protocol takes the size from the finalizing chunk (the emulator's FilesSurface accepts this; the
    /// header is only checked when sent). Should Google ever require it, spool to a temporary file first.
    /// </summary>
    private async Task<ImageBatchJob> SubmitFileAsync(
        IAsyncEnumerable<BatchImageItem> items, BatchLineWriter lines, ModelResolution model, string displayName, CancellationToken cancellationToken)
    {
        var chunk = _settings.UploadChunkBytes;
        var buffer = new byte[chunk + 64 * 1024];
        var length = 0;
        long offset = 0;
        Uri? uploadUrl = null;
        await foreach (var item in items.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            var line = lines.FileLine(item);
            if (length + line.Length > buffer.Length)
            {
                Array.Resize(ref buffer, Math.Max(buffer.Length * 2, length + line.Length));
            }

            line.Span.CopyTo(buffer.AsSpan(length));
            length += line.Length;
            while (length > chunk)
            {
                // Only a full chunk goes out before the end: the service asks for chunks in multiples of its granularity.
                uploadUrl ??= await StartUploadAsync(displayName, model, cancellationToken).ConfigureAwait(false);
                await UploadChunkAsync(uploadUrl, buffer, chunk, offset, final: false, model, cancellationToken).ConfigureAwait(false);
                offset += chunk;
                Buffer.BlockCopy(buffer, chunk, buffer, 0, length - chunk);
                length -= chunk;
            }
        }

        EnsureItems(lines);
        uploadUrl ??= await StartUploadAsync(displayName, model, cancellationToken).ConfigureAwait(false);
        var file = await UploadChunkAsync(uploadUrl, buffer, length, offset, final: true, model, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException("The Files API finalized the upload without naming the file.");
        var body = JsonSerializer.SerializeToUtf8Bytes(new BatchCreateFileBody(displayName, file), BatchJsonContext.Default.BatchCreateFileBody);
        return await CreateAsync(body, model, cancellationToken).ConfigureAwait(false);
    }

    private static void EnsureItems(BatchLineWriter lines)
    {
        if (lines.Count == 0)
        {
            throw new ArgumentException("A Batch job needs at least one item.", "items");
        }
    }

    private async Task<ImageBatchJob> CreateAsync(byte[] body, ModelResolution model, CancellationToken cancellationToken)
    {
        var version = _settings.ApiVersion;
        var operation = await SendJsonAsync(HttpMethod.Post, $"{version}/models/{Uri.EscapeDataString(model.GoogleWireId)}:batchGenerateContent",
            $"POST /{version}/models/{model.GoogleWireId}:batchGenerateContent", body, model, root => BatchOperation.Read(root, _settings.ApiKey), cancellationToken)
            .ConfigureAwait(false);
        return new ImageBatchJob(this, operation);
    }

    private Task<Uri> StartUploadAsync(string displayName, ModelResolution model, CancellationToken cancellationToken)
    {
        var version = _settings.ApiVersion;
        var body = JsonSerializer.SerializeToUtf8Bytes(new BatchUploadStartBody(new BatchUploadFile(displayName, "application/jsonl")), BatchJsonContext.Default.BatchUploadStartBody);
        var endpoint = $"POST /upload/{version}/files";
        return SendAsync(
            HttpMethod.Post,
            _settings.Resolve($"upload/{version}/files"),
            endpoint,
            () => new ByteArrayContent(body) { Headers = { ContentType = JsonContentType } },
            [new("X-Goog-Upload-Protocol", "resumable"), new("X-Goog-Upload-Command", "start"), new("X-Goog-Upload-Header-Content-Type", "application/jsonl")],
            model,
            (response, answer, _) =>
            {
                var url = response.Headers.TryGetValues("X-Goog-Upload-URL", out var values) ? values.FirstOrDefault() : null;
                if (url is null || !Uri.TryCreate(url, UriKind.Absolute, out var uri))
                {
                    throw ErrorClassifier.Malformed(answer.Request.Context, answer.Status, answer.RequestId,
                        "the upload start answer has no valid X-Goog-Upload-URL header", null, BatchSettings.ControlCall(model, BillingOutcome.Unreadable));
                }

                // The key goes with every chunk (as Google's SDKs send it): never to another origin than the configured one.
                if (!string.Equals(Origin(uri), Origin(_settings.Connection.BaseUrl), StringComparison.OrdinalIgnoreCase))
                {
                    throw ErrorClassifier.Malformed(answer.Request.Context, answer.Status, answer.RequestId,
                        $"the upload URL points at {Origin(uri)}, not the configured endpoint {Origin(_settings.Connection.BaseUrl)}: refused so the API key is not sent there",
                        null, BatchSettings.ControlCall(model, BillingOutcome.ClientError));
                }

                return Task.FromResult(uri);
            },
            cancellationToken);
    }

    private static string Origin(Uri uri) => uri.GetComponents(UriComponents.SchemeAndServer, UriFormat.UriEscaped);

    /// <summary>
    /// Uploads <paramref name="count"/> bytes of <paramref name="buffer"/> at <paramref name="offset"/>. When the
    /// connection drops (or the server answers a transient error), asks the server with <c>query</c> how many bytes it
    /// holds and sends the rest of the chunk from there.
    /// </summary>
    /// <returns>The file name once the upload is final; otherwise <see langword="null"/>.</returns>
    private async Task<string?> UploadChunkAsync(Uri url, byte[] buffer, int count, long offset, bool final, ModelResolution model, CancellationToken cancellationToken)
    {
        var from = 0;
        for (var attempt = 1; ; attempt++)
        {
            UploadStatus status;
            try
            {
                status = await SendUploadAsync(url, buffer, from, count - from, offset + from, final ? "upload, finalize" : "upload", model, cancellationToken)
                    .ConfigureAwait(false);
            }
            catch (NanoBananaException ex) when (attempt < MaxChunkAttempts && (ex.IsTransient || ex.Kind is ErrorKind.ConnectionLost or ErrorKind.ClientTimeout))
            {
                BatchLog.UploadResume(_logger, offset + from, ex.Kind, attempt);
                status = await SendUploadAsync(url, null, 0, 0, null, "query", model, cancellationToken).ConfigureAwait(false);
                if (string.Equals(status.Status, "final", StringComparison.OrdinalIgnoreCase))
                {
                    return status.FileName ?? throw UploadBroken(ex, "the upload is final but its answer names no file");
                }

                var held = (status.Received ?? throw UploadBroken(ex, "the server did not say how many bytes it holds")) - offset;
                if (held < 0 || held > count)
                {
                    throw UploadBroken(ex, $"the server holds {status.Received} bytes, outside the chunk at {offset}..{offset + count}");
                }

                from = (int)held;
                continue;
            }

            if (final)
            {
                if (!string.Equals(status.Status, "final", StringComparison.OrdinalIgnoreCase) || status.FileName is null)
                {
                    throw new InvalidOperationException($"The Files API did not finalize the upload (status '{status.Status}').");
                }

                return status.FileName;
            }

            return null;
        }
    }

    private static InvalidOperationException UploadBroken(NanoBananaException cause, string why) =>
        new($"The input upload could not be resumed: {why}. Submit the job again.", cause);

    private Task<UploadStatus> SendUploadAsync(Uri url, byte[]? buffer, int start, int count, long? offset, string command, ModelResolution model, CancellationToken cancellationToken)
    {
        var headers = new List<KeyValuePair<string, string>> { new("X-Goog-Upload-Command", command) };
        if (offset is { } at)
        {
            headers.Add(new("X-Goog-Upload-Offset", at.ToString(CultureInfo.InvariantCulture)));
        }

        // The upload id in the URL is a credential: logs and packets name the endpoint without it.
        var endpoint = $"POST /upload/{_settings.ApiVersion}/files ({command})";
        return SendAsync(
            HttpMethod.Post,
            url,
            endpoint,
            buffer is null ? null : () => new ByteArrayContent(buffer, start, count) { Headers = { ContentType = JsonlContentType } },
            headers,
            model,
            async (response, answer, ct) =>
            {
                var status = response.Headers.TryGetValues("X-Goog-Upload-Status", out var values) ? values.FirstOrDefault() ?? "active" : "active";
                long? received = response.Headers.TryGetValues("X-Goog-Upload-Size-Received", out var sizes)
                    && long.TryParse(sizes.FirstOrDefault(), NumberStyles.None, CultureInfo.InvariantCulture, out var size) ? size : null;
                string? file = null;
                if (string.Equals(status, "final", StringComparison.OrdinalIgnoreCase))
                {
                    var bytes = await response.Content.ReadAsByteArrayAsync(ct).ConfigureAwait(false);
                    try
                    {
                        using var document = JsonDocument.Parse(bytes);
                        var root = document.RootElement;
                        var resource = BatchOperation.Prop(root, "file") is { ValueKind: JsonValueKind.Object } f ? f : root;
                        file = BatchOperation.Str(resource, "name");
                    }
                    catch (JsonException ex)
                    {
                        throw ErrorClassifier.Malformed(answer.Request.Context, answer.Status, answer.RequestId, $"the final upload answer could not be read: {ex.Message}", ex,
                            BatchSettings.ControlCall(model, BillingOutcome.Unreadable));
                    }
                }

                return new UploadStatus(status, received, file);
            },
            cancellationToken);
    }
}

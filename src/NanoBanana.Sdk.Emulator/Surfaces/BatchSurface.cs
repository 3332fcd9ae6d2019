using System.Buffers;
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
/// The Batch API of the Gemini Developer API, camelCase (snake_case accepted): <c>POST
/// /v1beta/models/{model}:batchGenerateContent</c>, <c>GET /v1beta/batches[/{id}]</c>, <c>POST
/// /v1beta/batches/{id}:cancel</c>, <c>DELETE /v1beta/batches/{id}</c>. A batch is a long-running operation
/// <c>{name, metadata: GenerateContentBatch, done, response | error}</c>; results are inline
/// (<c>inlinedResponses.inlinedResponses[]</c>) or a JSONL results file <c>files/batch-{id}</c>.
/// </summary>
internal static class BatchSurface
{
    private const string BatchType = "type.googleapis.com/google.ai.generativelanguage.v1main.GenerateContentBatch";
    private const string OutputType = "type.googleapis.com/google.ai.generativelanguage.v1main.GenerateContentBatchOutput";
    private const string CancelSuffix = ":cancel";

    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/v1beta/batches", ListAsync);
        app.MapGet("/v1beta/batches/{id}", GetAsync);
        app.MapPost("/v1beta/batches/{id}", CancelAsync);
        app.MapDelete("/v1beta/batches/{id}", DeleteAsync);
    }

    /// <summary>What a create request asks for, before its items are admitted; it owns the parsed body its inline requests point into.</summary>
    private sealed record CreateRequest(JsonDocument Document, string DisplayName, string? FileName, IReadOnlyList<(JsonElement Request, string? Metadata, string? Key)> Inline)
        : IDisposable
    {
        public void Dispose() => Document.Dispose();
    }

    /// <summary><c>POST /v1beta/models/{model}:batchGenerateContent</c>.</summary>
    public static async Task CreateAsync(HttpContext context, string model)
    {
        var state = context.RequestServices.GetRequiredService<EmulatorState>();
        var batches = context.RequestServices.GetRequiredService<BatchStore>();
        var files = context.RequestServices.GetRequiredService<FileStore>();
        var cancellationToken = context.RequestAborted;
        var project = await GoogleAuth.AuthenticateAsync(context, state, "GenerativeService.BatchGenerateContent").ConfigureAwait(false);
        if (project is null)
        {
            return;
        }

        var spec = ModelSpecs.FindServed(model);
        if (spec is null)
        {
            await GoogleErrors.WriteAsync(context, 404,
                $"models/{model} is not found for API version v1beta, or is not supported for batchGenerateContent. Call ListModels to see the list of available models and their supported methods.",
                cancellationToken: cancellationToken).ConfigureAwait(false);
            return;
        }

        CreateRequest request;
        try
        {
            request = Parse(EmulatorMiddleware.Body(context));
        }
        catch (RequestException ex)
        {
            await GoogleErrors.InvalidArgumentAsync(context, ex.Field, ex.Message, cancellationToken).ConfigureAwait(false);
            return;
        }

        using var owner = request;

        StoredFile? input = null;
        if (request.FileName is not null && (input = files.Find(request.FileName, project)) is null)
        {
            await GoogleErrors.WriteAsync(context, 403, FileStore.NoAccess(FileStore.Bare(request.FileName)), cancellationToken: cancellationToken).ConfigureAwait(false);
            return;
        }

        var path = context.Request.Path.Value ?? string.Empty;
        var fault = state.Faults.TryTake(new FaultRequest { Method = context.Request.Method, Path = path, Model = model, Surface = FaultRequest.BatchGenerateContent });
        // A batch outcome (failed, expired) shapes the batch; the create call itself answers normally.
        Fault? outcome = null;
        if (fault?.Kind is FaultKind.BatchFailed or FaultKind.BatchExpired)
        {
            (outcome, fault) = (fault, null);
        }

        if (await GoogleFaults.BeforeAnswerAsync(context, state, fault, spec.Id).ConfigureAwait(false)
            || !await GoogleAuth.AdmitAsync(context, state, project, spec.Id).ConfigureAwait(false))
        {
            return;
        }

        BatchItem Admit(JsonElement itemRequest, string? metadata, string? key)
        {
            ImageJob job;
            try
            {
                job = GenerateContentSurface.Parse(itemRequest, spec, model, state.ImageMimeType);
            }
            catch (RequestException ex)
            {
                return new BatchItem(key, metadata, null, null, 400, ex.Message);
            }

            var itemFault = state.Faults.TryTake(new FaultRequest { Method = context.Request.Method, Path = path, Model = model, Surface = FaultRequest.BatchItem, Key = key });
            switch (itemFault?.Kind)
            {
                case null:
                    return new BatchItem(key, metadata, job, null, 0, null);
                case FaultKind.TextOnly or FaultKind.FinishReason or FaultKind.PromptBlocked or FaultKind.ReturnedModel:
                    return new BatchItem(key, metadata, job, itemFault, 0, null);
                // An error fault (a batch outcome too: failed with its status, expired as 504) is the item's error line.
                case FaultKind.HttpError or FaultKind.ProxyHtml or FaultKind.BatchFailed or FaultKind.BatchExpired:
                    return new BatchItem(key, metadata, null, null, itemFault.StatusCode, itemFault.Message ?? GoogleErrors.DefaultMessage(itemFault.StatusCode));
                // Transport faults (delay, reset, damaged JSON) have no meaning inside a batch: the item fails as an internal error.
                case FaultKind.Delay or FaultKind.ConnectionReset or FaultKind.TruncatedJson or FaultKind.MalformedJson:
                    return new BatchItem(key, metadata, null, null, 500, GoogleErrors.DefaultMessage(500));
                default:
                    throw new InvalidOperationException($"Unhandled fault kind {itemFault.Kind}.");
            }
        }

        var items = new List<BatchItem>();
        string? inputError = null;
        var requestCount = request.Inline.Count;
        if (input is null)
        {
            items.AddRange(request.Inline.Select(i => Admit(i.Request, i.Metadata, i.Key)));
        }
        else
        {
            List<JsonDocument> lines;
            (lines, requestCount, inputError) = ReadInputFile(input);
            try
            {
                // A batch whose file cannot be read fails as a whole: its items take no scripted faults.
                if (inputError is null)
                {
                    items.AddRange(lines.Select(line => Admit(line.RootElement.GetProperty("request"),
                        null, JsonRead.Prop(line.RootElement, "key") is { ValueKind: JsonValueKind.String } key ? key.GetString() : null)));
                }
            }
            finally
            {
                lines.ForEach(line => line.Dispose());
            }
        }

        var batch = new BatchJob
        {
            Id = FileStore.NewId(36),
            Project = project,
            Model = model,
            DisplayName = request.DisplayName,
            InputFile = input is null ? null : "files/" + input.Id,
            InputError = inputError,
            Outcome = outcome,
            RequestCount = requestCount,
            Items = items,
            Created = state.Time.GetUtcNow(),
            Timings = batches.Timings,
            Sequence = batches.NextSequence(),
        };
        batches.Jobs[batch.Id] = batch;
        await SendOperationAsync(context, state, files, batch, fault).ConfigureAwait(false);
    }

    /// <summary>Reads a BatchGenerateContentRequest; <see cref="RequestException"/> where the real API answers 400.</summary>
    private static CreateRequest Parse(ReadOnlyMemory<byte> body)
    {
        var document = GenerateContentSurface.ParseDocument(body);
        try
        {
            return Parse(document);
        }
        catch
        {
            document.Dispose();
            throw;
        }
    }

    private static CreateRequest Parse(JsonDocument document)
    {
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new RequestException(string.Empty, "Invalid JSON payload received. Expected an object.");
        }

        var batch = JsonRead.Prop(root, "batch")
            ?? throw new RequestException("batch", "* BatchGenerateContentRequest.batch: Required field is not set.");
        var displayName = JsonRead.String(batch, "batch.display_name", "displayName", "display_name");
        if (string.IsNullOrEmpty(displayName))
        {
            // Google's wording for an unset required field (seen for batch display_name: "Required field is not set.").
            throw new RequestException("batch.display_name", "* BatchGenerateContentRequest.batch.display_name: Required field is not set.");
        }

        var input = JsonRead.Prop(batch, "inputConfig", "input_config")
            ?? throw new RequestException("batch.input_config", "* BatchGenerateContentRequest.batch.input_config: Required field is not set.");
        var fileName = JsonRead.String(input, "batch.input_config.file_name", "fileName", "file_name");
        var requests = JsonRead.Prop(JsonRead.Prop(input, "requests") ?? default, "requests");
        if (fileName is not null && requests is not null)
        {
            throw new RequestException("batch.input_config", "* BatchGenerateContentRequest.batch.input_config: only one of file_name and requests may be set.");
        }

        if (fileName is not null)
        {
            return new CreateRequest(document, displayName, fileName, []);
        }

        if (requests is not { ValueKind: JsonValueKind.Array } list || list.GetArrayLength() == 0)
        {
            throw new RequestException("batch.input_config.requests.requests",
                "* BatchGenerateContentRequest.batch.input_config: set file_name or a non-empty requests.requests list.");
        }

        var inline = new List<(JsonElement, string?, string?)>();
        var i = 0;
        foreach (var item in list.EnumerateArray())
        {
            var field = $"batch.input_config.requests.requests[{i}].request";
            if (JsonRead.Prop(item, "request") is not { ValueKind: JsonValueKind.Object } itemRequest)
            {
                throw new RequestException(field, $"* BatchGenerateContentRequest.{field}: Required field is not set.");
            }

            var metadata = JsonRead.Prop(item, "metadata");
            var key = metadata is { ValueKind: JsonValueKind.Object } m && JsonRead.Prop(m, "key") is { ValueKind: JsonValueKind.String } k ? k.GetString() : null;
            inline.Add((itemRequest, metadata?.GetRawText(), key));
            i++;
        }

        return new CreateRequest(document, displayName, null, inline);
    }

    /// <summary>
    /// Reads a JSONL input file of <c>{"key", "request"}</c> lines (blank lines skipped). Returns the parsed lines
    /// (the caller disposes them), the request count and, when a line is not such an object, why the batch will fail.
    /// </summary>
    private static (List<JsonDocument> Lines, int Count, string? Error) ReadInputFile(StoredFile file)
    {
        var parsed = new List<JsonDocument>();
        string? error = null;
        var count = 0;
        var lines = Encoding.UTF8.GetString(file.Content is BytesContent stored ? stored.Bytes : file.Content.ReadAll()).Split('\n');
        for (var n = 0; n < lines.Length; n++)
        {
            if (string.IsNullOrWhiteSpace(lines[n]))
            {
                continue;
            }

            count++;
            if (error is not null)
            {
                continue;
            }

            try
            {
                var line = JsonDocument.Parse(lines[n]);
                parsed.Add(line);
                if (JsonRead.Prop(line.RootElement, "request") is not { ValueKind: JsonValueKind.Object })
                {
                    error = $"Invalid input file files/{file.Id}: line {n + 1} has no \"request\" object.";
                }
            }
            catch (JsonException ex)
            {
                error = $"Invalid input file files/{file.Id}: line {n + 1} is not JSON ({ex.Message}).";
            }
        }

        return (parsed, count, count == 0 ? $"Invalid input file files/{file.Id}: it holds no requests." : error);
    }

    private static async Task<(EmulatorState State, string Project, Fault? Fault)?> AdmitAsync(HttpContext context, string rpcMethod)
    {
        var state = context.RequestServices.GetRequiredService<EmulatorState>();
        var project = await GoogleAuth.AuthenticateAsync(context, state, rpcMethod).ConfigureAwait(false);
        if (project is null)
        {
            return null;
        }

        var fault = state.Faults.TryTake(new FaultRequest { Method = context.Request.Method, Path = context.Request.Path.Value ?? string.Empty, Model = null, Surface = FaultRequest.Batches });
        return await GoogleFaults.BeforeAnswerAsync(context, state, fault, null).ConfigureAwait(false) ? null : (state, project, fault);
    }

    private static Task NotFoundAsync(HttpContext context) =>
        GoogleErrors.WriteAsync(context, 404, GoogleErrors.DefaultMessage(404), cancellationToken: context.RequestAborted);

    private static async Task GetAsync(HttpContext context, string id)
    {
        if (await AdmitAsync(context, "BatchService.GetGenerateContentBatch").ConfigureAwait(false) is not { } admitted)
        {
            return;
        }

        if (context.RequestServices.GetRequiredService<BatchStore>().Find(id, admitted.Project) is not { } batch)
        {
            await NotFoundAsync(context).ConfigureAwait(false);
            return;
        }

        await SendOperationAsync(context, admitted.State, context.RequestServices.GetRequiredService<FileStore>(), batch, admitted.Fault).ConfigureAwait(false);
    }

    private static async Task ListAsync(HttpContext context)
    {
        if (await AdmitAsync(context, "BatchService.ListGenerateContentBatches").ConfigureAwait(false) is not { } admitted)
        {
            return;
        }

        var files = context.RequestServices.GetRequiredService<FileStore>();
        List<BatchJob> page;
        string? next;
        try
        {
            (page, next) = Paging.Slice(context.RequestServices.GetRequiredService<BatchStore>().List(admitted.Project), b => b.Sequence, context.Request, 10, 100);
        }
        catch (RequestException ex)
        {
            await GoogleErrors.InvalidArgumentAsync(context, ex.Field, ex.Message, context.RequestAborted).ConfigureAwait(false);
            return;
        }

        var now = admitted.State.Time.GetUtcNow();
        var views = page.Select(batch => View(context, admitted.State, files, batch, now)).ToList();
        using var body = JsonOut.Render(w =>
        {
            w.WriteStartObject();
            if (views.Count > 0)
            {
                w.WriteStartArray("operations");
                foreach (var view in views)
                {
                    WriteOperation(w, view);
                }

                w.WriteEndArray();
            }

            if (next is not null)
            {
                w.WriteString("nextPageToken", next);
            }

            w.WriteEndObject();
        });
        await FilesSurface.SendJsonAsync(context, body.WrittenMemory, admitted.Fault).ConfigureAwait(false);
    }

    /// <summary><c>POST /v1beta/batches/{id}:cancel</c>: <c>{}</c>; a batch that has already ended is left as it is.</summary>
    private static async Task CancelAsync(HttpContext context, string id)
    {
        if (!id.EndsWith(CancelSuffix, StringComparison.Ordinal))
        {
            await GoogleErrors.WriteAsync(context, 404, $"Method not found: batches/{id}", cancellationToken: context.RequestAborted).ConfigureAwait(false);
            return;
        }

        if (await AdmitAsync(context, "BatchService.CancelGenerateContentBatch").ConfigureAwait(false) is not { } admitted)
        {
            return;
        }

        if (context.RequestServices.GetRequiredService<BatchStore>().Find(id[..^CancelSuffix.Length], admitted.Project) is not { } batch)
        {
            await NotFoundAsync(context).ConfigureAwait(false);
            return;
        }

        batch.Cancel(admitted.State.Time.GetUtcNow());
        await FilesSurface.SendJsonAsync(context, "{}"u8.ToArray(), admitted.Fault).ConfigureAwait(false);
    }

    /// <summary><c>DELETE /v1beta/batches/{id}</c>: forgets the batch (it does not cancel it, and its results file stays).</summary>
    private static async Task DeleteAsync(HttpContext context, string id)
    {
        if (await AdmitAsync(context, "BatchService.DeleteGenerateContentBatch").ConfigureAwait(false) is not { } admitted)
        {
            return;
        }

        var batches = context.RequestServices.GetRequiredService<BatchStore>();
        if (batches.Find(id, admitted.Project) is not { } batch || !batches.Jobs.TryRemove(batch.Id, out _))
        {
            await NotFoundAsync(context).ConfigureAwait(false);
            return;
        }

        await FilesSurface.SendJsonAsync(context, "{}"u8.ToArray(), admitted.Fault).ConfigureAwait(false);
    }

    /// <summary>A batch as seen now, with the item results once it has succeeded.</summary>
    private sealed record BatchView(BatchJob Batch, BatchSnapshot Snapshot, IReadOnlyList<byte[]>? Responses);

    private static async Task SendOperationAsync(HttpContext context, EmulatorState state, FileStore files, BatchJob batch, Fault? fault)
    {
        var view = View(context, state, files, batch, state.Time.GetUtcNow());
        using var body = JsonOut.Render(w => WriteOperation(w, view));
        await FilesSurface.SendJsonAsync(context, body.WrittenMemory, fault).ConfigureAwait(false);
    }

    /// <summary>
    /// Observes a batch. Once it has results (succeeded, or expired by a fault with partial results), an inline batch
    /// gets its answers rendered (once) and a file-based one its results file (created once, its lines rendered when read).
    /// </summary>
    private static BatchView View(HttpContext context, EmulatorState state, FileStore files, BatchJob batch, DateTimeOffset now)
    {
        var snapshot = batch.Observe(now);
        if (!snapshot.HasResults)
        {
            return new BatchView(batch, snapshot, null);
        }

        if (batch.InputFile is null)
        {
            return new BatchView(batch, snapshot, batch.Responses(snapshot.Completed, (i, item) => RenderResponse(state, batch, i, item)));
        }

        lock (batch.Gate)
        {
            if (!batch.ResultsFileCreated)
            {
                var completed = snapshot.Completed;
                files.Add(batch.Project, "application/jsonl", new GeneratedContent(() => ResultsLines(state, batch, completed)), FileStore.Generated,
                    id: batch.ResultsFileId, created: snapshot.Ended);
                batch.ResultsFileCreated = true;
            }
        }

        return new BatchView(batch, snapshot, []);
    }

    /// <summary>An item's GenerateContentResponse; the same bytes on every call (fixed response id, seeded image).</summary>
    private static byte[] RenderResponse(EmulatorState state, BatchJob batch, int index, BatchItem item)
    {
        var answer = ImageAnswer.Create(item.Job!, state.Images, item.Fault, responseId: $"{batch.Id[..12]}-{index.ToString(System.Globalization.CultureInfo.InvariantCulture)}");
        using var rendered = JsonOut.Render(w => GenerateContentSurface.WriteResponse(w, answer, [.. answer.Thoughts, .. answer.Output], final: true));
        return rendered.WrittenMemory.ToArray();
    }

    /// <summary>
    /// The results file, rendered a line at a time: one <c>{"key", "response"}</c> or <c>{"key", "error"}</c> line per
    /// finished request, in input order. Only one line is in memory at once.
    /// </summary>
    private static IEnumerable<ReadOnlyMemory<byte>> ResultsLines(EmulatorState state, BatchJob batch, int completed)
    {
        for (var i = 0; i < completed; i++)
        {
            var item = batch.Items[i];
            var response = item.Failed ? [] : RenderResponse(state, batch, i, item);
            using var buffer = new PooledBuffer(response.Length + 256);
            using (var w = new Utf8JsonWriter(buffer, JsonOut.WriterOptions))
            {
                w.WriteStartObject();
                if (item.Key is not null)
                {
                    w.WriteString("key", item.Key);
                }

                WriteResult(w, item, response);
                w.WriteEndObject();
            }

            buffer.Write("\n"u8);
            yield return buffer.WrittenMemory;
        }
    }

    /// <summary>The <c>response</c> or <c>error</c> (a google.rpc.Status with the gRPC code) of one item.</summary>
    private static void WriteResult(Utf8JsonWriter w, BatchItem item, byte[] response)
    {
        if (item.Failed)
        {
            WriteStatus(w, "error", RpcCode(item.ErrorStatus), item.ErrorMessage!);
            return;
        }

        w.WritePropertyName("response");
        w.WriteRawValue(response, skipInputValidation: true);
    }

    private static void WriteStatus(Utf8JsonWriter w, string name, int code, string message)
    {
        w.WriteStartObject(name);
        w.WriteNumber("code", code);
        w.WriteString("message", message);
        w.WriteEndObject();
    }

    /// <summary>The operation: <c>{name, metadata, done?, response | error}</c>, zero counts left out as proto3 JSON does.</summary>
    private static void WriteOperation(Utf8JsonWriter w, BatchView view)
    {
        var (batch, snapshot, responses) = view;
        w.WriteStartObject();
        w.WriteString("name", batch.Name);
        w.WriteStartObject("metadata");
        w.WriteString("@type", BatchType);
        w.WriteString("model", "models/" + batch.Model);
        w.WriteString("displayName", batch.DisplayName);
        if (batch.InputFile is not null)
        {
            w.WriteStartObject("inputConfig");
            w.WriteString("fileName", batch.InputFile);
            w.WriteEndObject();
        }

        if (responses is not null)
        {
            w.WriteStartObject("output");
            WriteOutput(w, batch, responses);
            w.WriteEndObject();
        }

        w.WriteString("createTime", Timestamps.Format(batch.Created));
        w.WriteString("updateTime", Timestamps.Format(snapshot.Updated));
        if (snapshot.Ended is { } ended)
        {
            w.WriteString("endTime", Timestamps.Format(ended));
        }

        WriteStats(w, batch, snapshot);
        w.WriteString("state", snapshot.State);
        w.WriteString("name", batch.Name);
        w.WriteEndObject();
        if (snapshot.Done)
        {
            w.WriteBoolean("done", true);
        }

        if (responses is not null)
        {
            w.WriteStartObject("response");
            w.WriteString("@type", OutputType);
            WriteOutput(w, batch, responses);
            w.WriteEndObject();
        }
        else if (snapshot.State == BatchStates.Failed)
        {
            var (status, message) = batch.Failure;
            WriteStatus(w, "error", RpcCode(status), message);
        }
        else if (snapshot.State == BatchStates.Cancelled)
        {
            WriteStatus(w, "error", RpcCode(499), "The batch was cancelled.");
        }
        else if (snapshot.State == BatchStates.Expired)
        {
            WriteStatus(w, "error", RpcCode(504), "The batch expired before it completed.");
        }

        w.WriteEndObject();
    }

    /// <summary>The fields of a GenerateContentBatchOutput: <c>responsesFile</c> or <c>inlinedResponses.inlinedResponses[]</c>.</summary>
    private static void WriteOutput(Utf8JsonWriter w, BatchJob batch, IReadOnlyList<byte[]> responses)
    {
        if (batch.InputFile is not null)
        {
            w.WriteString("responsesFile", "files/" + batch.ResultsFileId);
            return;
        }

        w.WriteStartObject("inlinedResponses");
        w.WriteStartArray("inlinedResponses");
        for (var i = 0; i < responses.Count; i++)
        {
            var item = batch.Items[i];
            w.WriteStartObject();
            WriteResult(w, item, responses[i]);
            if (item.Metadata is not null)
            {
                w.WritePropertyName("metadata");
                w.WriteRawValue(item.Metadata, skipInputValidation: true);
            }

            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }

    /// <summary><c>batchStats</c>; int64 counts as strings, zero counts omitted.</summary>
    private static void WriteStats(Utf8JsonWriter w, BatchJob batch, BatchSnapshot snapshot)
    {
        var done = batch.Items.Take(snapshot.Completed).ToList();
        var failed = done.Count(i => i.Failed);
        var pending = snapshot.State is BatchStates.Succeeded or BatchStates.Failed ? 0 : batch.RequestCount - snapshot.Completed;
        w.WriteStartObject("batchStats");
        Count("requestCount", batch.RequestCount);
        Count("successfulRequestCount", done.Count - failed);
        Count("failedRequestCount", failed);
        Count("pendingRequestCount", pending);
        w.WriteEndObject();

        void Count(string name, long value)
        {
            if (value != 0)
            {
                w.WriteString(name, value.ToString(System.Globalization.CultureInfo.InvariantCulture));
            }
        }
    }

    /// <summary>The google.rpc.Code for an HTTP status, as a Status inside an operation carries it.</summary>
    private static int RpcCode(int httpStatus) => httpStatus switch
    {
        400 => 3,
        401 => 16,
        403 => 7,
        404 => 5,
        409 => 10,
        412 => 9,
        429 => 8,
        499 => 1,
        500 => 13,
        501 => 12,
        502 or 503 => 14,
        504 => 4,
        _ => 2,
    };
}

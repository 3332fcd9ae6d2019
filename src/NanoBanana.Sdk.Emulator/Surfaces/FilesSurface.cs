using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using NanoBanana.Sdk.Emulator.Http;

namespace NanoBanana.Sdk.Emulator.Surfaces;

/// <summary>
/// The Files API: the resumable upload protocol on <c>POST /upload/v1beta/files</c> (a <c>start</c> answered with
/// <c>X-Goog-Upload-URL</c>, then <c>upload</c>/<c>upload, finalize</c> chunks at <c>X-Goog-Upload-Offset</c> to that
/// URL, answered with <c>X-Goog-Upload-Status</c> and finally <c>{"file": {...}}</c>), <c>GET</c>/<c>DELETE
/// /v1beta/files/{id}</c>, <c>GET /v1beta/files</c>, and the bytes at <c>GET
/// /download/v1beta/files/{id}:download?alt=media</c> (also <c>/v1beta/files/{id}:download</c>, which
/// <c>@google/genai</c> calls).
/// </summary>
internal static class FilesSurface
{
    private const string DownloadSuffix = ":download";

    /// <summary>The chunk size the real service asks for (<c>X-Goog-Upload-Chunk-Granularity</c>).</summary>
    private const int ChunkGranularity = 8 * 1024 * 1024;

    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapPost("/upload/v1beta/files", UploadAsync);
        app.MapGet("/v1beta/files", ListAsync);
        app.MapGet("/v1beta/files/{id}", GetAsync);
        app.MapDelete("/v1beta/files/{id}", DeleteAsync);
        app.MapGet("/download/v1beta/files/{id}", DownloadAsync);
    }

    /// <summary><c>http://host:port/</c> of this request, for the <c>uri</c> fields and the upload URL.</summary>
    internal static string Origin(HttpRequest request) => $"{request.Scheme}://{request.Host}/";

    /// <summary>Authenticates and plays the fault plan for a Files request; null when the request is already answered.</summary>
    private static async Task<(string Project, Fault? Fault)?> AdmitAsync(HttpContext context, EmulatorState state, string rpcMethod)
    {
        var project = await GoogleAuth.AuthenticateAsync(context, state, rpcMethod).ConfigureAwait(false);
        if (project is null)
        {
            return null;
        }

        var fault = TakeFault(context, state);
        return await GoogleFaults.BeforeAnswerAsync(context, state, fault, null).ConfigureAwait(false) ? null : (project, fault);
    }

    private static Fault? TakeFault(HttpContext context, EmulatorState state) =>
        state.Faults.TryTake(new FaultRequest { Method = context.Request.Method, Path = context.Request.Path.Value ?? string.Empty, Model = null, Surface = FaultRequest.Files });

    private static async Task UploadAsync(HttpContext context)
    {
        if (context.Request.Query.TryGetValue("upload_id", out var uploadId))
        {
            await ChunkAsync(context, uploadId.ToString()).ConfigureAwait(false);
            return;
        }

        var state = context.RequestServices.GetRequiredService<EmulatorState>();
        var files = context.RequestServices.GetRequiredService<FileStore>();
        if (await AdmitAsync(context, state, "FileService.CreateFile").ConfigureAwait(false) is not { } admitted)
        {
            return;
        }

        var cancellationToken = context.RequestAborted;
        var headers = context.Request.Headers;
        if (!string.Equals(headers["X-Goog-Upload-Protocol"].ToString(), "resumable", StringComparison.OrdinalIgnoreCase)
            || !string.Equals(headers["X-Goog-Upload-Command"].ToString().Trim(), "start", StringComparison.OrdinalIgnoreCase))
        {
            // The real endpoint also takes multipart and raw media uploads; the emulator speaks only the resumable protocol.
            await GoogleErrors.WriteAsync(context, 400,
                "The emulator supports only resumable uploads: send X-Goog-Upload-Protocol: resumable and X-Goog-Upload-Command: start.",
                cancellationToken: cancellationToken).ConfigureAwait(false);
            return;
        }

        long? declared = null;
        var lengthHeader = headers["X-Goog-Upload-Header-Content-Length"].ToString();
        if (lengthHeader.Length > 0)
        {
            if (!long.TryParse(lengthHeader, NumberStyles.None, CultureInfo.InvariantCulture, out var length))
            {
                await GoogleErrors.WriteAsync(context, 400, $"Invalid X-Goog-Upload-Header-Content-Length: {lengthHeader}",
                    cancellationToken: cancellationToken).ConfigureAwait(false);
                return;
            }

            declared = length;
        }

        string? displayName, mimeType;
        try
        {
            (displayName, mimeType) = ReadStartBody(EmulatorMiddleware.Body(context));
        }
        catch (RequestException ex)
        {
            await GoogleErrors.InvalidArgumentAsync(context, ex.Field, ex.Message, cancellationToken).ConfigureAwait(false);
            return;
        }

        var headerType = headers["X-Goog-Upload-Header-Content-Type"].ToString();
        var session = new UploadSession
        {
            Project = admitted.Project,
            DisplayName = displayName,
            MimeType = headerType.Length > 0 ? headerType : mimeType ?? "application/octet-stream",
            DeclaredLength = declared,
        };
        var id = FileStore.NewId(32);
        files.Uploads[id] = session;

        var url = $"{Origin(context.Request)}upload/v1beta/files?upload_id={id}&upload_protocol=resumable";
        context.Response.Headers["X-Goog-Upload-URL"] = url;
        context.Response.Headers["X-Goog-Upload-Control-URL"] = url;
        context.Response.Headers["X-Goog-Upload-Status"] = "active";
        context.Response.Headers["X-Goog-Upload-Chunk-Granularity"] = ChunkGranularity.ToString(CultureInfo.InvariantCulture);
        await FaultEffects.SendBodyAsync(context, 200, ReadOnlyMemory<byte>.Empty, "text/plain; charset=utf-8", admitted.Fault).ConfigureAwait(false);
    }

    /// <summary>The optional <c>{"file": {"displayName", "mimeType"}}</c> of a start request.</summary>
    private static (string? DisplayName, string? MimeType) ReadStartBody(ReadOnlyMemory<byte> body)
    {
        if (body.Span.Trim(" \r\n\t"u8).IsEmpty)
        {
            return (null, null);
        }

        using var document = GenerateContentSurface.ParseDocument(body);
        var file = JsonRead.Prop(document.RootElement, "file") ?? default;
        return (JsonRead.String(file, "file.display_name", "displayName", "display_name"),
                JsonRead.String(file, "file.mime_type", "mimeType", "mime_type"));
    }

    /// <summary>
    /// A request to an upload URL. The <c>upload_id</c> is the credential here (the real upload URL works without
    /// the API key), so no key is checked; commands are <c>upload</c>, <c>finalize</c>, <c>query</c>, <c>cancel</c>.
    /// </summary>
    private static async Task ChunkAsync(HttpContext context, string uploadId)
    {
        var state = context.RequestServices.GetRequiredService<EmulatorState>();
        var files = context.RequestServices.GetRequiredService<FileStore>();
        var cancellationToken = context.RequestAborted;
        var fault = TakeFault(context, state);
        if (await GoogleFaults.BeforeAnswerAsync(context, state, fault, null).ConfigureAwait(false))
        {
            return;
        }

        if (!files.Uploads.TryGetValue(uploadId, out var session))
        {
            await GoogleErrors.WriteAsync(context, 404, "Upload session not found or already finished.", cancellationToken: cancellationToken).ConfigureAwait(false);
            return;
        }

        var commands = context.Request.Headers["X-Goog-Upload-Command"].ToString()
            .Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Select(c => c.ToLowerInvariant())
            .ToHashSet();
        if (commands.Contains("cancel"))
        {
            files.Uploads.TryRemove(uploadId, out _);
            await SendStatusAsync(context, "cancelled", null, fault).ConfigureAwait(false);
            return;
        }

        string? error = null;
        StoredFile? file = null;
        long received;
        // A connection dropped part-way through a chunk: the bytes that arrived are kept, nothing is answered.
        var cutAt = fault is { Kind: FaultKind.ConnectionReset, ResetAfterBytes: { } after } && commands.Contains("upload") ? after : (long?)null;
        lock (session)
        {
            if (session.Final is { } final)
            {
                // After finalize only a query is answered (final, with the file, as a client that lost the finalize
                // answer needs); anything else is a finished session.
                received = final.Content.Length;
                file = commands.SetEquals(["query"]) ? final : null;
                error = file is null ? string.Empty : null;
            }
            else
            {
                received = session.Received.Length;
            }

            if (session.Final is null && commands.Contains("upload"))
            {
                var offsetHeader = context.Request.Headers["X-Goog-Upload-Offset"].ToString();
                var body = EmulatorMiddleware.Body(context).Span;
                if (cutAt is { } cut)
                {
                    body = body[..(int)Math.Min(cut, body.Length)];
                }

                if (!long.TryParse(offsetHeader, NumberStyles.None, CultureInfo.InvariantCulture, out var offset) || offset != received)
                {
                    error = $"Invalid X-Goog-Upload-Offset '{offsetHeader}': {received} bytes were received so far.";
                }
                else if (received + body.Length > session.DeclaredLength)
                {
                    error = $"The upload exceeds the announced X-Goog-Upload-Header-Content-Length of {session.DeclaredLength} bytes.";
                }
                else
                {
                    session.Received.Write(body);
                    received = session.Received.Length;
                }
            }
            else if (session.Final is null && !commands.Contains("query") && !commands.Contains("finalize"))
            {
                error = "X-Goog-Upload-Command must be 'upload', 'upload, finalize', 'finalize', 'query' or 'cancel'.";
            }

            if (error is null && cutAt is null && session.Final is null && commands.Contains("finalize"))
            {
                if (session.DeclaredLength is { } declared && declared != received)
                {
                    error = $"The upload is {received} bytes but X-Goog-Upload-Header-Content-Length announced {declared}.";
                }
                else
                {
                    file = files.Add(session.Project, session.MimeType, session.Received.ToArray(), FileStore.Uploaded, session.DisplayName);
                    session.Final = file;
                    session.Received.SetLength(0);
                    session.Received.Capacity = 0;
                }
            }
        }

        if (cutAt is not null)
        {
            context.Abort();
            return;
        }

        if (error is { Length: 0 })
        {
            await GoogleErrors.WriteAsync(context, 404, "Upload session not found or already finished.", cancellationToken: cancellationToken).ConfigureAwait(false);
            return;
        }

        if (error is not null)
        {
            await GoogleErrors.WriteAsync(context, 400, error, cancellationToken: cancellationToken).ConfigureAwait(false);
            return;
        }

        context.Response.Headers["X-Goog-Upload-Size-Received"] = received.ToString(CultureInfo.InvariantCulture);
        await SendStatusAsync(context, file is null ? "active" : "final", file, fault).ConfigureAwait(false);
    }

    private static async Task SendStatusAsync(HttpContext context, string status, StoredFile? file, Fault? fault)
    {
        context.Response.Headers["X-Goog-Upload-Status"] = status;
        if (file is null)
        {
            await FaultEffects.SendBodyAsync(context, 200, ReadOnlyMemory<byte>.Empty, "text/plain; charset=utf-8", fault).ConfigureAwait(false);
            return;
        }

        var origin = Origin(context.Request);
        using var body = JsonOut.Render(w =>
        {
            w.WriteStartObject();
            w.WritePropertyName("file");
            file.Write(w, origin);
            w.WriteEndObject();
        });
        await SendJsonAsync(context, body.WrittenMemory, fault).ConfigureAwait(false);
    }

    private static async Task GetAsync(HttpContext context, string id)
    {
        if (id.EndsWith(DownloadSuffix, StringComparison.Ordinal))
        {
            await DownloadAsync(context, id).ConfigureAwait(false);
            return;
        }

        var state = context.RequestServices.GetRequiredService<EmulatorState>();
        var files = context.RequestServices.GetRequiredService<FileStore>();
        if (await AdmitAsync(context, state, "FileService.GetFile").ConfigureAwait(false) is not { } admitted)
        {
            return;
        }

        if (files.Find(id, admitted.Project) is not { } file)
        {
            await GoogleErrors.WriteAsync(context, 403, FileStore.NoAccess(id), cancellationToken: context.RequestAborted).ConfigureAwait(false);
            return;
        }

        var origin = Origin(context.Request);
        using var body = JsonOut.Render(w => file.Write(w, origin));
        await SendJsonAsync(context, body.WrittenMemory, admitted.Fault).ConfigureAwait(false);
    }

    private static async Task ListAsync(HttpContext context)
    {
        var state = context.RequestServices.GetRequiredService<EmulatorState>();
        var files = context.RequestServices.GetRequiredService<FileStore>();
        if (await AdmitAsync(context, state, "FileService.ListFiles").ConfigureAwait(false) is not { } admitted)
        {
            return;
        }

        List<StoredFile> page;
        string? next;
        try
        {
            // The real defaults: 10 per page, at most 100.
            (page, next) = Paging.Slice(files.List(admitted.Project), f => f.Sequence, context.Request, 10, 100);
        }
        catch (RequestException ex)
        {
            await GoogleErrors.InvalidArgumentAsync(context, ex.Field, ex.Message, context.RequestAborted).ConfigureAwait(false);
            return;
        }

        var origin = Origin(context.Request);
        using var body = JsonOut.Render(w =>
        {
            w.WriteStartObject();
            if (page.Count > 0)
            {
                w.WriteStartArray("files");
                foreach (var file in page)
                {
                    file.Write(w, origin);
                }

                w.WriteEndArray();
            }

            if (next is not null)
            {
                w.WriteString("nextPageToken", next);
            }

            w.WriteEndObject();
        });
        await SendJsonAsync(context, body.WrittenMemory, admitted.Fault).ConfigureAwait(false);
    }

    private static async Task DeleteAsync(HttpContext context, string id)
    {
        var state = context.RequestServices.GetRequiredService<EmulatorState>();
        var files = context.RequestServices.GetRequiredService<FileStore>();
        if (await AdmitAsync(context, state, "FileService.DeleteFile").ConfigureAwait(false) is not { } admitted)
        {
            return;
        }

        if (!files.Remove(id, admitted.Project))
        {
            await GoogleErrors.WriteAsync(context, 403, FileStore.NoAccess(id), cancellationToken: context.RequestAborted).ConfigureAwait(false);
            return;
        }

        await SendJsonAsync(context, "{}"u8.ToArray(), admitted.Fault).ConfigureAwait(false);
    }

    /// <summary><c>GET …/files/{id}:download?alt=media</c>: the stored bytes with the file's MIME type.</summary>
    private static async Task DownloadAsync(HttpContext context, string id)
    {
        var state = context.RequestServices.GetRequiredService<EmulatorState>();
        var files = context.RequestServices.GetRequiredService<FileStore>();
        if (!id.EndsWith(DownloadSuffix, StringComparison.Ordinal))
        {
            await GoogleErrors.WriteAsync(context, 404, $"Method not found: files/{id}", cancellationToken: context.RequestAborted).ConfigureAwait(false);
            return;
        }

        if (await AdmitAsync(context, state, "FileService.DownloadFile").ConfigureAwait(false) is not { } admitted)
        {
            return;
        }

        id = id[..^DownloadSuffix.Length];
        if (!string.Equals(context.Request.Query["alt"].ToString(), "media", StringComparison.Ordinal))
        {
            await GoogleErrors.InvalidArgumentAsync(context, "alt", "Downloads need the query parameter alt=media.", context.RequestAborted).ConfigureAwait(false);
            return;
        }

        if (files.Find(id, admitted.Project) is not { } file)
        {
            await GoogleErrors.WriteAsync(context, 403, FileStore.NoAccess(id), cancellationToken: context.RequestAborted).ConfigureAwait(false);
            return;
        }

        await SendContentAsync(context, file, admitted.Fault).ConfigureAwait(false);
    }

    /// <summary>
    /// Sends a file's bytes with their Content-Length. Stored bytes go through the usual body faults; generated ones
    /// (results files) are written a line at a time, and a reset cuts them after its byte count (default half).
    /// </summary>
    private static async Task SendContentAsync(HttpContext context, StoredFile file, Fault? fault)
    {
        switch (file.Content)
        {
            case BytesContent stored:
                await FaultEffects.SendBodyAsync(context, 200, fault?.Kind == FaultKind.MalformedJson ? Sse.MalformedJson : stored.Bytes, file.MimeType, fault)
                    .ConfigureAwait(false);
                return;
            case var generated when fault?.Kind is FaultKind.TruncatedJson or FaultKind.MalformedJson:
                // Damaged whole bodies are rare test cases: materialize the file for them.
                await FaultEffects.SendBodyAsync(context, 200, fault.Kind == FaultKind.MalformedJson ? Sse.MalformedJson : generated.ReadAll(), file.MimeType, fault)
                    .ConfigureAwait(false);
                return;
            case var generated:
                var cancellationToken = context.RequestAborted;
                var length = generated.Length;
                long? cut = fault?.Kind == FaultKind.ConnectionReset ? FaultEffects.ResetPoint(fault, length) : null;
                context.Response.StatusCode = 200;
                context.Response.ContentType = file.MimeType;
                context.Response.ContentLength = length;
                long sent = 0;
                foreach (var chunk in generated.Chunks())
                {
                    var piece = cut is { } limit && sent + chunk.Length > limit ? chunk[..(int)(limit - sent)] : chunk;
                    await context.Response.Body.WriteAsync(piece, cancellationToken).ConfigureAwait(false);
                    sent += piece.Length;
                    if (cut is { } stop && sent >= stop)
                    {
                        await FaultEffects.AbortAsync(context, fault!).ConfigureAwait(false);
                        return;
                    }
                }

                return;
        }
    }

    /// <summary>Sends JSON, damaged as a body fault says.</summary>
    internal static Task SendJsonAsync(HttpContext context, ReadOnlyMemory<byte> json, Fault? fault) =>
        FaultEffects.SendBodyAsync(context, 200, fault?.Kind == FaultKind.MalformedJson ? Sse.MalformedJson : json, JsonOut.JsonContentType, fault);
}

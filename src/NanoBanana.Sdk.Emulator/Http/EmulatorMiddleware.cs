using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace NanoBanana.Sdk.Emulator.Http;

/// <summary>
/// Wraps every request: reads the body once (bounded), journals it with credentials redacted, logs one line,
/// and turns unexpected exceptions into the service's 500 envelope.
/// </summary>
internal static partial class EmulatorMiddleware
{
    private static readonly object BodyKey = new();
    private static readonly HashSet<string> SecretHeaders = new(StringComparer.OrdinalIgnoreCase)
    {
        "x-goog-api-key", "authorization", "x-api-key", "api-key", "proxy-authorization",
    };

    /// <summary>The request body the middleware read (empty when none).</summary>
    public static ReadOnlyMemory<byte> Body(HttpContext context) =>
        context.Items.TryGetValue(BodyKey, out var body) && body is byte[] bytes ? bytes : ReadOnlyMemory<byte>.Empty;

    public static async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        var state = context.RequestServices.GetRequiredService<EmulatorState>();
        var timestamp = state.Time.GetUtcNow();
        var started = Stopwatch.GetTimestamp();
        // Taken now: later middleware (the v1 alias) may rewrite the path while the answer starts.
        var path = RedactedPath(context.Request);
        byte[]? body = [];
        var journaled = 0;
        void Journal(int status)
        {
            if (Interlocked.Exchange(ref journaled, 1) == 0)
            {
                state.Journal.Add(new JournalEntry { Method = context.Request.Method, Path = path, Headers = RedactedHeaders(context.Request.Headers), Body = body is null ? string.Empty : Encoding.UTF8.GetString(body), Status = status, Timestamp = timestamp, Duration = Stopwatch.GetElapsedTime(started) });
            }
        }

        // Journaled as the answer starts, not after it ends: a client that has read the whole answer must find its
        // request in the journal (the end of the pipeline can run after the client already has every byte).
        context.Response.OnStarting(() =>
        {
            Journal(context.Response.StatusCode);
            return Task.CompletedTask;
        });
        try
        {
            // Gateway image edits are multipart with multi-megabyte image parts: their handler streams the body itself
            // (with the gateway's own limit), and the journal records no body for them.
            body = IsStreamedUpload(context.Request) ? [] : await ReadBodyAsync(context, state.MaxRequestBodyBytes).ConfigureAwait(false);
            if (body is null)
            {
                await GoogleErrors.WriteAsync(context, 400, $"Request payload size exceeds the limit: {state.MaxRequestBodyBytes} bytes.",
                    cancellationToken: context.RequestAborted).ConfigureAwait(false);
            }
            else
            {
                context.Items[BodyKey] = body;
                await next(context).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is IOException or BadHttpRequestException
            || (ex is OperationCanceledException && (context.RequestAborted.IsCancellationRequested || state.Stopping.IsCancellationRequested)))
        {
            // The client went away (or sent a broken body) or the emulator is stopping: nobody is left to answer.
            context.Abort();
        }
        catch (Exception ex) when (!context.Response.HasStarted && ex is not OperationCanceledException)
        {
            await GoogleErrors.WriteAsync(context, 500, GoogleErrors.DefaultMessage(500), cancellationToken: CancellationToken.None).ConfigureAwait(false);
        }
        finally
        {
            var elapsed = Stopwatch.GetElapsedTime(started);
            // A request abandoned before any answer (client timeout, emulator stop) never got a status.
            var status = !context.Response.HasStarted && context.RequestAborted.IsCancellationRequested ? 0 : context.Response.StatusCode;
            Journal(status);
            state.RequestLog?.Invoke($"{context.Request.Method} {path} {status} {elapsed.TotalMilliseconds:0}ms");
        }
    }

    /// <summary>Whether the handler reads the request body as a stream: a multipart <c>/v1/images/edits</c> call.</summary>
    internal static bool IsStreamedUpload(HttpRequest request) =>
        HttpMethods.IsPost(request.Method)
        && (request.Path.Value ?? string.Empty).EndsWith("/v1/images/edits", StringComparison.Ordinal)
        && request.ContentType?.StartsWith("multipart/form-data", StringComparison.OrdinalIgnoreCase) == true;

    /// <summary>The body, or null when it is larger than <paramref name="limit"/>.</summary>
    private static async Task<byte[]?> ReadBodyAsync(HttpContext context, long limit)
    {
        if (context.Request.ContentLength > limit)
        {
            return null;
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await context.Request.Body.ReadAsync(chunk, context.RequestAborted).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > limit)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    internal static string RedactedPath(HttpRequest request)
    {
        var query = request.QueryString.Value;
        return string.IsNullOrEmpty(query) ? request.Path.Value ?? "/" : request.Path.Value + KeyParameter().Replace(query, "$1***");
    }

    private static Dictionary<string, string> RedactedHeaders(IHeaderDictionary headers)
    {
        var result = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, value) in headers)
        {
            result[name] = SecretHeaders.Contains(name) ? "***" : value.ToString();
        }

        return result;
    }

    [GeneratedRegex("([?&](?:key|api_key|api-key)=)[^&]*", RegexOptions.IgnoreCase)]
    private static partial Regex KeyParameter();
}

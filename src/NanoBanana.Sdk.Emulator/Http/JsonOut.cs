using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace NanoBanana.Sdk.Emulator.Http;

/// <summary>
/// Writes JSON answers the way Google's servers do: raw base64 (no <c>\u002B</c> escapes) and, for
/// non-streaming answers, an exact Content-Length (the body is rendered to a pooled buffer first).
/// </summary>
internal static class JsonOut
{
    public static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public const string JsonContentType = "application/json; charset=UTF-8";

    /// <summary>Renders JSON into a pooled buffer the caller disposes.</summary>
    public static PooledBuffer Render(Action<Utf8JsonWriter> write)
    {
        var buffer = new PooledBuffer();
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            write(writer);
        }

        return buffer;
    }

    /// <summary>Sends a complete body with its Content-Length.</summary>
    public static async Task SendAsync(HttpContext context, int status, ReadOnlyMemory<byte> body, string contentType, CancellationToken cancellationToken)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = contentType;
        context.Response.ContentLength = body.Length;
        await context.Response.Body.WriteAsync(body, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Renders and sends a JSON body.</summary>
    public static async Task WriteAsync(HttpContext context, int status, Action<Utf8JsonWriter> write, CancellationToken cancellationToken)
    {
        using var buffer = Render(write);
        await SendAsync(context, status, buffer.WrittenMemory, JsonContentType, cancellationToken).ConfigureAwait(false);
    }
}

using System.Text;
using Microsoft.AspNetCore.Http;

namespace NanoBanana.Sdk.Emulator.Http;

/// <summary>The transport-level halves of faults, the same on every surface (each surface renders its own error bodies).</summary>
internal static class FaultEffects
{
    /// <summary>
    /// Waits on the real clock — a client timeout is a real-time thing — and ends early (throwing
    /// <see cref="OperationCanceledException"/>) when the client disconnects or the emulator stops.
    /// </summary>
    public static async Task DelayAsync(HttpContext context, EmulatorState state, TimeSpan duration)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, state.Stopping);
        await Task.Delay(duration, linked.Token).ConfigureAwait(false);
    }

    /// <summary>
    /// Plays the part of a fault that comes before (or instead of) the answer: an HTTP error in the surface's own
    /// envelope (<paramref name="writeError"/>), a proxy page, or a delay. True when the request is fully answered.
    /// </summary>
    public static async Task<bool> BeforeAnswerAsync(HttpContext context, EmulatorState state, Fault? fault, Func<HttpContext, Fault, Task> writeError)
    {
        switch (fault?.Kind)
        {
            case null:
                return false;
            // Batch outcomes shape a batch created by the batch surface (which handles them before this); anywhere
            // else the request fails with their status (BatchFailed's, 504 for BatchExpired).
            case FaultKind.HttpError or FaultKind.BatchFailed or FaultKind.BatchExpired:
                await writeError(context, fault).ConfigureAwait(false);
                return true;
            case FaultKind.ProxyHtml:
                await WriteProxyHtmlAsync(context, fault.StatusCode).ConfigureAwait(false);
                return true;
            case FaultKind.Delay:
                await DelayAsync(context, state, fault.Duration).ConfigureAwait(false);
                return false;
            case FaultKind.ConnectionReset or FaultKind.TruncatedJson or FaultKind.MalformedJson:
            case FaultKind.TextOnly or FaultKind.FinishReason or FaultKind.PromptBlocked or FaultKind.ReturnedModel:
                // Body and content faults shape the answer itself.
                return false;
            default:
                throw new InvalidOperationException($"Unhandled fault kind {fault.Kind}.");
        }
    }

    /// <summary>An HTML error page like Google's front end (or any proxy) serves.</summary>
    public static Task WriteProxyHtmlAsync(HttpContext context, int status)
    {
        var reason = status switch
        {
            502 => "Server Error",
            503 => "Service Unavailable",
            504 => "Gateway Timeout",
            _ => "Error",
        };
        var html = $"""
            <!DOCTYPE html>
            <html lang=en>
            <meta charset=utf-8>
            <title>Error {status} ({reason})!!1</title>
            <p><b>{status}.</b> <ins>That’s an error.</ins>
            <p>The server encountered a temporary error and could not complete your request.<p>Please try again in 30 seconds.  <ins>That’s all we know.</ins>
            """;
        return JsonOut.SendAsync(context, status, Encoding.UTF8.GetBytes(html), "text/html; charset=UTF-8", context.RequestAborted);
    }

    /// <summary>Sends a finished body, damaged as <paramref name="fault"/> says (reset, truncation), or whole.</summary>
    public static async Task SendBodyAsync(HttpContext context, int status, ReadOnlyMemory<byte> body, string contentType, Fault? fault)
    {
        var cancellationToken = context.RequestAborted;
        switch (fault?.Kind)
        {
            case FaultKind.ConnectionReset:
                context.Response.StatusCode = status;
                context.Response.ContentType = contentType;
                context.Response.ContentLength = body.Length;
                await context.Response.Body.WriteAsync(body[..(int)ResetPoint(fault, body.Length)], cancellationToken).ConfigureAwait(false);
                await AbortAsync(context, fault).ConfigureAwait(false);
                return;
            case FaultKind.TruncatedJson:
                await JsonOut.SendAsync(context, status, body[..(body.Length / 2)], contentType, cancellationToken).ConfigureAwait(false);
                return;
            default:
                await JsonOut.SendAsync(context, status, body, contentType, cancellationToken).ConfigureAwait(false);
                return;
        }
    }

    /// <summary>
    /// Flushes what was written, then aborts the connection. For <see cref="Fault.ConnectionResetAfter"/>, which promises
    /// that exactly that many bytes arrive, it first waits a moment (real clock) so the transport has sent them: an abort
    /// drops bytes still queued in Kestrel's output pipe.
    /// </summary>
    public static async Task AbortAsync(HttpContext context, Fault fault)
    {
        await context.Response.Body.FlushAsync(context.RequestAborted).ConfigureAwait(false);
        if (fault.ResetAfterBytes is not null)
        {
            try
            {
                await Task.Delay(SendGrace, context.RequestAborted).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // The client left first: nothing more to cut.
            }
        }

        context.Abort();
    }

    /// <summary>How long a precise reset waits for its bytes to leave before aborting.</summary>
    private static readonly TimeSpan SendGrace = TimeSpan.FromMilliseconds(250);

    /// <summary>How many bytes of a <paramref name="length"/>-byte body a reset lets through: its <see cref="Fault.ResetAfterBytes"/>, or half.</summary>
    public static long ResetPoint(Fault fault, long length) => Math.Min(fault.ResetAfterBytes ?? length / 2, length);

    /// <summary>Sets the <c>Retry-After</c> header a fault asks for.</summary>
    public static void ApplyRetryAfter(HttpContext context, Fault fault)
    {
        if (fault.RetryAfter is { } retryAfter)
        {
            context.Response.Headers.RetryAfter = retryAfter;
        }
    }
}

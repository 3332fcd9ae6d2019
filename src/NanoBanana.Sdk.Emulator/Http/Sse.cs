using System.Text;
using Microsoft.AspNetCore.Http;

namespace NanoBanana.Sdk.Emulator.Http;

/// <summary>One server-sent event: an optional <c>event:</c> name and a rendered JSON <c>data:</c> payload.</summary>
internal sealed record SseEvent(string? Name, PooledBuffer Data);

/// <summary>
/// Writes server-sent events (<c>[event: name\r\n]data: json\r\n\r\n</c>, flushed one by one) and plays the
/// body faults on them: a reset cuts the stream mid-event, truncation and malformed JSON damage the last event.
/// </summary>
internal static class Sse
{
    public static async Task SendAsync(HttpContext context, IReadOnlyList<SseEvent> events, Fault? fault)
    {
        var cancellationToken = context.RequestAborted;
        context.Response.StatusCode = 200;
        context.Response.ContentType = "text/event-stream";
        context.Response.Headers.CacheControl = "no-cache";
        var output = context.Response.Body;
        for (var i = 0; i < events.Count; i++)
        {
            var data = events[i].Data.WrittenMemory;
            var last = i == events.Count - 1;
            var header = Encoding.UTF8.GetBytes((events[i].Name is { } name ? $"event: {name}\r\n" : string.Empty) + "data: ");
            if (fault?.Kind == FaultKind.ConnectionReset && i >= events.Count / 2)
            {
                await output.WriteAsync(header, cancellationToken).ConfigureAwait(false);
                await output.WriteAsync(data[..(int)FaultEffects.ResetPoint(fault, data.Length)], cancellationToken).ConfigureAwait(false);
                await FaultEffects.AbortAsync(context, fault).ConfigureAwait(false);
                return;
            }

            if (last && fault?.Kind == FaultKind.TruncatedJson)
            {
                data = data[..(data.Length / 2)];
            }
            else if (last && fault?.Kind == FaultKind.MalformedJson)
            {
                data = MalformedJson;
            }

            await output.WriteAsync(header, cancellationToken).ConfigureAwait(false);
            await output.WriteAsync(data, cancellationToken).ConfigureAwait(false);
            await output.WriteAsync("\r\n\r\n"u8.ToArray(), cancellationToken).ConfigureAwait(false);
            await output.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>What a <see cref="FaultKind.MalformedJson"/> fault sends: it looks like JSON, it is not.</summary>
    public static ReadOnlyMemory<byte> MalformedJson { get; } = "{\"candidates\": [{\"content\": {'role': model, \"parts\": [{\"text\": \"Here is"u8.ToArray();
}

using System.Buffers;
using NanoBanana.Sdk.Errors;

namespace NanoBanana.Sdk.Http;

/// <summary>
/// Reads the body of a failed answer for the error classifier: at most <see cref="MaxBytes"/> bytes, into one
/// rented buffer, with the caller's cancellation honoured between reads. A body cut short by the connection only
/// loses detail (the status still classifies the error), but cancellation is never turned into a classified error.
/// </summary>
internal static class ErrorBodyReader
{
    /// <summary>The cap on an error body, shared with <see cref="ErrorClassifier"/>.</summary>
    public const int MaxBytes = ErrorClassifier.MaxErrorBodyBytes;

    /// <summary>Reads up to <paramref name="maxBytes"/> bytes of <paramref name="response"/>'s body.</summary>
    /// <param name="response">The failed response; its content stream is disposed when done.</param>
    /// <param name="maxBytes">How many bytes to keep at most (use <see cref="MaxBytes"/>).</param>
    /// <param name="cancellationToken">The caller's token.</param>
    /// <returns>The bytes read (possibly fewer than the body when it was cut or longer than the cap).</returns>
    /// <exception cref="OperationCanceledException">The token was cancelled, also when the stream reported it as an <see cref="IOException"/>.</exception>
    public static async Task<byte[]> ReadAsync(HttpResponseMessage response, int maxBytes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(response);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxBytes);
        cancellationToken.ThrowIfCancellationRequested();

        // A declared length smaller than the cap sizes the buffer exactly (one extra byte proves the body ended).
        var declared = response.Content.Headers.ContentLength;
        var size = declared is long length && length < maxBytes ? (int)length + 1 : maxBytes;
        var buffer = ArrayPool<byte>.Shared.Rent(size);
        var filled = 0;
        try
        {
            try
            {
                var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
                await using (stream.ConfigureAwait(false))
                {
                    while (filled < maxBytes)
                    {
                        cancellationToken.ThrowIfCancellationRequested();
                        if (filled == buffer.Length)
                        {
                            // The declared length was wrong: grow once to the cap.
                            var larger = ArrayPool<byte>.Shared.Rent(maxBytes);
                            buffer.AsSpan(0, filled).CopyTo(larger);
                            ArrayPool<byte>.Shared.Return(buffer);
                            buffer = larger;
                        }

                        var read = await stream.ReadAsync(buffer.AsMemory(filled, Math.Min(buffer.Length, maxBytes) - filled), cancellationToken).ConfigureAwait(false);
                        if (read == 0)
                        {
                            break;
                        }

                        filled += read;
                    }
                }
            }
            catch (Exception ex) when (ex is IOException or HttpRequestException or ObjectDisposedException)
            {
                // A stream may report cancellation as one of these; the caller must still see it as cancellation.
                cancellationToken.ThrowIfCancellationRequested();

                // Otherwise the body was cut short: the status still classifies the error, only detail is lost.
            }

            cancellationToken.ThrowIfCancellationRequested();
            return buffer.AsSpan(0, filled).ToArray();
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}

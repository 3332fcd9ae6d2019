namespace NanoBanana.Sdk.Http;

/// <summary>Reads the start of an error answer's body: capped, and cancellable between reads.</summary>
internal static class ErrorBodyReader
{
    /// <summary>How much of an error answer's body is read and classified (the rest is left unread): 64 KiB.</summary>
    public const int MaxBytes = 64 * 1024;

    /// <summary>Reads up to <see cref="MaxBytes"/> of the body. A body cut short only loses detail; a cancelled read throws.</summary>
    public static async Task<byte[]> ReadAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var buffer = new byte[MaxBytes];
        var filled = 0;
        try
        {
            var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            await using (stream.ConfigureAwait(false))
            {
                int read;
                while (filled < buffer.Length && (read = await stream.ReadAsync(buffer.AsMemory(filled), cancellationToken).ConfigureAwait(false)) > 0)
                {
                    filled += read;
                    cancellationToken.ThrowIfCancellationRequested();
                }
            }
        }
        catch (Exception ex) when (ex is IOException or HttpRequestException && !cancellationToken.IsCancellationRequested)
        {
            // The status already classifies the error; a body cut short only loses detail.
        }

        cancellationToken.ThrowIfCancellationRequested();
        return buffer.AsSpan(0, filled).ToArray();
    }
}

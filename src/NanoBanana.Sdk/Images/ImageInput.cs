namespace NanoBanana.Sdk.Images;

/// <summary>
/// An input image for an edit: its bytes and MIME type, validated when created (before any network call).
/// Immutable; the bytes are not copied, so do not change a buffer you passed in while a request uses it.
/// </summary>
public sealed class ImageInput
{
    private ImageInput(ReadOnlyMemory<byte> data, string mimeType)
    {
        Data = data;
        MimeType = mimeType;
    }

    /// <summary>The image bytes.</summary>
    public ReadOnlyMemory<byte> Data { get; }

    /// <summary>The canonical MIME type, one of <see cref="ImageMimeTypes.SupportedInputTypes"/>.</summary>
    public string MimeType { get; }

    /// <summary>Wraps image bytes.</summary>
    /// <param name="data">The encoded image (PNG, JPEG, WebP, HEIC or HEIF); must not be empty.</param>
    /// <param name="mimeType">Its MIME type: <c>image/png</c>, <c>image/jpeg</c>, <c>image/webp</c>, <c>image/heic</c> or <c>image/heif</c>.</param>
    /// <returns>The input image.</returns>
    /// <exception cref="ArgumentException"><paramref name="data"/> is empty or <paramref name="mimeType"/> is not supported.</exception>
    public static ImageInput FromBytes(ReadOnlyMemory<byte> data, string mimeType)
    {
        var normalized = ImageMimeTypes.NormalizeInput(mimeType, nameof(mimeType));
        if (data.IsEmpty)
        {
            throw new ArgumentException("An input image must not be empty.", nameof(data));
        }

        return new ImageInput(data, normalized);
    }

    /// <summary>Reads an image from a stream (to its end) into memory.</summary>
    /// <param name="stream">The stream to read; it is not disposed.</param>
    /// <param name="mimeType">Its MIME type: <c>image/png</c>, <c>image/jpeg</c>, <c>image/webp</c>, <c>image/heic</c> or <c>image/heif</c>.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The input image.</returns>
    /// <exception cref="ArgumentException">The stream is empty or <paramref name="mimeType"/> is not supported.</exception>
    public static async Task<ImageInput> FromStreamAsync(Stream stream, string mimeType, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var normalized = ImageMimeTypes.NormalizeInput(mimeType, nameof(mimeType));
        using var buffer = stream.CanSeek ? new MemoryStream(checked((int)Math.Max(0, stream.Length - stream.Position))) : new MemoryStream();
        await stream.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
        if (buffer.Length == 0)
        {
            throw new ArgumentException("An input image must not be empty; the stream had no bytes.", nameof(stream));
        }

        return new ImageInput(buffer.GetBuffer().AsMemory(0, (int)buffer.Length), normalized);
    }
}

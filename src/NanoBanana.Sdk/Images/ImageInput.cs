namespace NanoBanana.Sdk;

/// <summary>
/// An input image for an edit: its bytes and MIME type, validated when created (before any network call). The
/// format is read from the bytes' signature: a declared MIME type that contradicts them is refused, and without a
/// declared type the sniffed one is used. Immutable; the bytes are not copied, so do not change a buffer you passed
/// in while a request uses it.
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
    /// <param name="mimeType">
    /// Its MIME type: <c>image/png</c>, <c>image/jpeg</c>, <c>image/webp</c>, <c>image/heic</c> or <c>image/heif</c>;
    /// <see langword="null"/> to take it from the bytes' signature.
    /// </param>
    /// <returns>The input image.</returns>
    /// <exception cref="ArgumentException">
    /// <paramref name="data"/> is empty or not a supported image, or <paramref name="mimeType"/> is not supported or contradicts the bytes.
    /// </exception>
    public static ImageInput FromBytes(ReadOnlyMemory<byte> data, string? mimeType = null)
    {
        var normalized = mimeType is null ? null : ImageMimeTypes.NormalizeInput(mimeType, nameof(mimeType));
        if (data.IsEmpty)
        {
            throw new ArgumentException("An input image must not be empty.", nameof(data));
        }

        return new ImageInput(data, Verify(data.Span, normalized, mimeType, nameof(data), nameof(mimeType)));
    }

    /// <summary>Reads an image from a stream (to its end) into memory.</summary>
    /// <param name="stream">The stream to read; it is not disposed.</param>
    /// <param name="mimeType">
    /// Its MIME type: <c>image/png</c>, <c>image/jpeg</c>, <c>image/webp</c>, <c>image/heic</c> or <c>image/heif</c>;
    /// <see langword="null"/> to take it from the bytes' signature.
    /// </param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The input image.</returns>
    /// <exception cref="ArgumentException">
    /// The stream is empty or not a supported image, or <paramref name="mimeType"/> is not supported or contradicts the bytes.
    /// </exception>
    public static async Task<ImageInput> FromStreamAsync(Stream stream, string? mimeType = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var normalized = mimeType is null ? null : ImageMimeTypes.NormalizeInput(mimeType, nameof(mimeType));
        using var buffer = stream.CanSeek ? new MemoryStream(checked((int)Math.Max(0, stream.Length - stream.Position))) : new MemoryStream();
        await stream.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
        if (buffer.Length == 0)
        {
            throw new ArgumentException("An input image must not be empty; the stream had no bytes.", nameof(stream));
        }

        var data = buffer.GetBuffer().AsMemory(0, (int)buffer.Length);
        return new ImageInput(data, Verify(data.Span, normalized, mimeType, nameof(stream), nameof(mimeType)));
    }

    /// <summary>Reads an image file into memory.</summary>
    /// <param name="path">The file to read.</param>
    /// <param name="mimeType">
    /// Its MIME type: <c>image/png</c>, <c>image/jpeg</c>, <c>image/webp</c>, <c>image/heic</c> or <c>image/heif</c>;
    /// <see langword="null"/> to take it from the file's signature (the file name's extension is not trusted).
    /// </param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The input image.</returns>
    /// <exception cref="ArgumentException">
    /// <paramref name="path"/> is blank, the file is empty or not a supported image, or <paramref name="mimeType"/> is not supported or contradicts the bytes.
    /// </exception>
    /// <exception cref="IOException">The file cannot be read (e.g. <see cref="FileNotFoundException"/>).</exception>
    public static async Task<ImageInput> FromFileAsync(string path, string? mimeType = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var normalized = mimeType is null ? null : ImageMimeTypes.NormalizeInput(mimeType, nameof(mimeType));
        var data = await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false);
        if (data.Length == 0)
        {
            throw new ArgumentException($"An input image must not be empty; the file '{path}' has no bytes.", nameof(path));
        }

        return new ImageInput(data, Verify(data, normalized, mimeType, nameof(path), nameof(mimeType)));
    }

    private static string Verify(ReadOnlySpan<byte> data, string? declared, string? asGiven, string dataParameter, string mimeParameter)
    {
        var sniffed = ImageMimeTypes.Sniff(data);
        var supported = ImageMimeTypes.SupportedInputTypes.Contains(sniffed);
        if (declared is null)
        {
            return supported
                ? sniffed
                : throw new ArgumentException(
                    $"The input image's format could not be recognised from its bytes (found {Describe(sniffed)}); pass a PNG, JPEG, WebP, HEIC or HEIF image, or name its MIME type. Allowed values: {ImageMimeTypes.AllowedValues}.",
                    dataParameter);
        }

        if (!supported || !ImageMimeTypes.Agree(declared, sniffed))
        {
            throw new ArgumentException(
                $"The input image was declared '{asGiven}' but its bytes are {Describe(sniffed)}; pass the MIME type that matches the bytes (or null to detect it). Allowed values: {ImageMimeTypes.AllowedValues}.",
                mimeParameter);
        }

        return declared;
    }

    private static string Describe(string sniffed) =>
        sniffed == "application/octet-stream" ? "not a known image format" : $"'{sniffed}'";
}

using System.Buffers.Binary;

namespace NanoBanana.Sdk;

/// <summary>One image a model returned: its bytes, MIME type and helpers to save it or read its pixel size.</summary>
public sealed class GeneratedImage
{
    /// <summary>Creates an image result (also for test doubles of the clients).</summary>
    /// <param name="data">The encoded image bytes.</param>
    /// <param name="mimeType">The MIME type the service declared, e.g. <c>image/png</c>.</param>
    /// <exception cref="ArgumentException"><paramref name="mimeType"/> is empty.</exception>
    public GeneratedImage(ReadOnlyMemory<byte> data, string mimeType)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(mimeType);
        Data = data;
        MimeType = mimeType;
    }

    /// <summary>The encoded image bytes, as the service sent them (often JPEG, not only PNG).</summary>
    public ReadOnlyMemory<byte> Data { get; }

    /// <summary>The MIME type the service declared.</summary>
    public string MimeType { get; }

    /// <summary>The file extension matching <see cref="MimeType"/>, with the dot (e.g. <c>.jpg</c>).</summary>
    public string FileExtension => ImageMimeTypes.FileExtension(MimeType);

    /// <summary>Writes the image to a file, replacing it if it exists.</summary>
    /// <param name="path">The file path; consider <see cref="FileExtension"/> for its extension.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task that completes when the file is written.</returns>
    public async Task SaveAsync(string path, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, bufferSize: 1, useAsync: true);
        await using (file.ConfigureAwait(false))
        {
            await file.WriteAsync(Data, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Writes the image bytes to a stream.</summary>
    /// <param name="destination">The stream to write to; it is not disposed.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task that completes when the bytes are written.</returns>
    public async Task CopyToAsync(Stream destination, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(destination);
        await destination.WriteAsync(Data, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Reads the pixel size from the image header (PNG <c>IHDR</c>, JPEG <c>SOF</c>) without decoding the image.
    /// </summary>
    /// <returns>The width and height, or <see langword="null"/> when the format is not PNG or JPEG or the header is unreadable.</returns>
    public (int Width, int Height)? TryGetDimensions() => ImageHeader.TryReadDimensions(Data.Span);
}

/// <summary>Reads pixel dimensions from PNG and JPEG headers.</summary>
internal static class ImageHeader
{
    public static (int Width, int Height)? TryReadDimensions(ReadOnlySpan<byte> data) => ImageMimeTypes.Sniff(data) switch
    {
        ImageMimeTypes.Png => TryReadPng(data),
        ImageMimeTypes.Jpeg => TryReadJpeg(data),
        _ => null,
    };

    private static (int Width, int Height)? TryReadPng(ReadOnlySpan<byte> data)
    {
        // Signature (8), chunk length (4), "IHDR" (4), width (4), height (4): IHDR must be the first chunk.
        if (data.Length < 24 || !data.Slice(12, 4).SequenceEqual("IHDR"u8))
        {
            return null;
        }

        var width = BinaryPrimitives.ReadInt32BigEndian(data.Slice(16, 4));
        var height = BinaryPrimitives.ReadInt32BigEndian(data.Slice(20, 4));
        return width > 0 && height > 0 ? (width, height) : null;
    }

    private static (int Width, int Height)? TryReadJpeg(ReadOnlySpan<byte> data)
    {
        var i = 2;
        while (i + 1 < data.Length)
        {
            if (data[i] != 0xFF)
            {
                return null;
            }

            var marker = data[i + 1];
            if (marker == 0xFF)
            {
                i++; // fill byte before a marker
                continue;
            }

            i += 2;
            if (marker is 0x01 or (>= 0xD0 and <= 0xD8))
            {
                continue; // standalone markers carry no length
            }

            if (marker is 0xD9 or 0xDA || i + 2 > data.Length)
            {
                return null; // end of image or start of scan before any frame header
            }

            var length = BinaryPrimitives.ReadUInt16BigEndian(data.Slice(i, 2));
            if (length < 2)
            {
                return null;
            }

            // SOF0..SOF15 carry the frame size; C4 (DHT), C8 (JPG) and CC (DAC) share the range but are not frames.
            if (marker is >= 0xC0 and <= 0xCF and not 0xC4 and not 0xC8 and not 0xCC)
            {
                if (i + 7 > data.Length)
                {
                    return null;
                }

                int height = BinaryPrimitives.ReadUInt16BigEndian(data.Slice(i + 3, 2));
                int width = BinaryPrimitives.ReadUInt16BigEndian(data.Slice(i + 5, 2));
                return width > 0 && height > 0 ? (width, height) : null;
            }

            i += length;
        }

        return null;
    }
}

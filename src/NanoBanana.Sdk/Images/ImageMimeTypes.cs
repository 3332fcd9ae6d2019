namespace NanoBanana.Sdk;

/// <summary>The image MIME types the Gemini image models accept as input, and their file extensions.</summary>
public static class ImageMimeTypes
{
    /// <summary><c>image/png</c>.</summary>
    public const string Png = "image/png";

    /// <summary><c>image/jpeg</c>.</summary>
    public const string Jpeg = "image/jpeg";

    /// <summary><c>image/webp</c>.</summary>
    public const string Webp = "image/webp";

    /// <summary><c>image/heic</c>.</summary>
    public const string Heic = "image/heic";

    /// <summary><c>image/heif</c>.</summary>
    public const string Heif = "image/heif";

    /// <summary>Every MIME type accepted for input images.</summary>
    public static IReadOnlyList<string> SupportedInputTypes { get; } = [Png, Jpeg, Webp, Heic, Heif];

    /// <summary>The allowed values, for error messages and help text.</summary>
    public static string AllowedValues { get; } = string.Join(", ", SupportedInputTypes);

    /// <summary>Returns the canonical (lowercase) spelling of a supported input MIME type.</summary>
    /// <param name="mimeType">The MIME type, case-insensitive (<c>image/jpg</c> is accepted as <c>image/jpeg</c>).</param>
    /// <param name="parameterName">The caller's parameter name, used in the exception.</param>
    /// <returns>The canonical MIME type.</returns>
    /// <exception cref="ArgumentException">The type is not supported; the message lists the allowed values.</exception>
    public static string NormalizeInput(string? mimeType, string parameterName = "mimeType")
    {
        var trimmed = mimeType?.Trim();
        if (string.Equals(trimmed, "image/jpg", StringComparison.OrdinalIgnoreCase))
        {
            return Jpeg;
        }

        foreach (var supported in SupportedInputTypes)
        {
            if (string.Equals(supported, trimmed, StringComparison.OrdinalIgnoreCase))
            {
                return supported;
            }
        }

        throw new ArgumentException($"Image MIME type '{mimeType}' is not supported for input. Allowed values: {AllowedValues}.", parameterName);
    }

    /// <summary>The usual file extension (with the dot) for an image MIME type.</summary>
    /// <param name="mimeType">The MIME type, e.g. <c>image/jpeg</c>.</param>
    /// <returns>The extension, e.g. <c>.jpg</c>; <c>.bin</c> for a type this SDK does not know.</returns>
    public static string FileExtension(string? mimeType) => mimeType?.Trim().ToLowerInvariant() switch
    {
        Png => ".png",
        Jpeg or "image/jpg" => ".jpg",
        Webp => ".webp",
        Heic => ".heic",
        Heif => ".heif",
        "image/gif" => ".gif",
        "image/bmp" => ".bmp",
        "image/tiff" => ".tiff",
        _ => ".bin",
    };

    /// <summary>The image format from its first bytes (the one place the SDK recognises formats by signature).</summary>
    /// <param name="image">The start of the image.</param>
    /// <returns>The MIME type, or <c>application/octet-stream</c> when the signature is not a known image format.</returns>
    internal static string Sniff(ReadOnlySpan<byte> image) =>
        image.StartsWith((ReadOnlySpan<byte>)[0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A]) ? Png
        : image.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF]) ? Jpeg
        : image.StartsWith("GIF8"u8) ? "image/gif"
        : image.StartsWith("RIFF"u8) && image.Length >= 12 && image.Slice(8, 4).SequenceEqual("WEBP"u8) ? Webp
        : SniffHeif(image) ?? "application/octet-stream";

    /// <summary>Whether a declared input type and a sniffed one name the same format (HEIC is a HEIF brand, and HEIC files often carry <c>mif1</c>).</summary>
    /// <param name="declared">The canonical declared type.</param>
    /// <param name="sniffed">The type <see cref="Sniff"/> found.</param>
    /// <returns><see langword="true"/> when the bytes agree with the declaration.</returns>
    internal static bool Agree(string declared, string sniffed) =>
        string.Equals(declared, sniffed, StringComparison.Ordinal)
        || (declared is Heic or Heif && sniffed is Heic or Heif);

    // ISO base media file: a box size (4 bytes), "ftyp", then the major brand.
    private static string? SniffHeif(ReadOnlySpan<byte> image)
    {
        if (image.Length < 12 || !image.Slice(4, 4).SequenceEqual("ftyp"u8))
        {
            return null;
        }

        var brand = image.Slice(8, 4);
        return brand.SequenceEqual("heic"u8) || brand.SequenceEqual("heix"u8) || brand.SequenceEqual("hevc"u8) || brand.SequenceEqual("hevx"u8)
            || brand.SequenceEqual("heim"u8) || brand.SequenceEqual("heis"u8)
            ? Heic
            : brand.SequenceEqual("mif1"u8) || brand.SequenceEqual("msf1"u8) || brand.SequenceEqual("heif"u8)
                ? Heif
                : null;
    }
}

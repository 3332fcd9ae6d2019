using System.Diagnostics.CodeAnalysis;

namespace NanoBanana.Sdk;

/// <summary>
/// An output image size as the Gemini API spells it: <c>512</c>, <c>1K</c>, <c>2K</c> or <c>4K</c>
/// (uppercase <c>K</c>; the service rejects <c>1k</c>, so this type does too, before any network call).
/// </summary>
public readonly struct ImageSize : IEquatable<ImageSize>
{
    private static readonly string[] Known = ["512", "1K", "2K", "4K"];

    private readonly string? _value;

    private ImageSize(string value) => _value = value;

    /// <summary>The 512-pixel class (only on models that support it, e.g. <c>gemini-3.1-flash-image</c>).</summary>
    public static ImageSize Size512 { get; } = new("512");

    /// <summary>1K (about 1024 pixels on the long side of a square image). The default.</summary>
    public static ImageSize OneK { get; } = new("1K");

    /// <summary>2K (about 2048 pixels).</summary>
    public static ImageSize TwoK { get; } = new("2K");

    /// <summary>4K (about 4096 pixels); priced higher on models that price by size.</summary>
    public static ImageSize FourK { get; } = new("4K");

    /// <summary>Every size the API defines, in ascending order.</summary>
    public static IReadOnlyList<ImageSize> All { get; } = [Size512, OneK, TwoK, FourK];

    /// <summary>The allowed spellings, for error messages and help text: <c>512, 1K, 2K, 4K</c>.</summary>
    public static string AllowedValues { get; } = string.Join(", ", Known);

    /// <summary>The exact wire value, e.g. <c>2K</c>. A <c>default</c> instance reads as <c>1K</c>.</summary>
    public string Value => _value ?? "1K";

    /// <summary>Parses a size, exactly as the wire spells it.</summary>
    /// <param name="value">One of <c>512</c>, <c>1K</c>, <c>2K</c>, <c>4K</c>.</param>
    /// <returns>The size.</returns>
    /// <exception cref="ArgumentException"><paramref name="value"/> is not one of the allowed values; the message lists them.</exception>
    public static ImageSize Parse(string value) => Parse(value, nameof(value));

    /// <summary>Parses a size and names <paramref name="parameterName"/> in the error when it is invalid.</summary>
    /// <param name="value">One of <c>512</c>, <c>1K</c>, <c>2K</c>, <c>4K</c>.</param>
    /// <param name="parameterName">The caller's parameter or option name, used in the exception.</param>
    /// <returns>The size.</returns>
    /// <exception cref="ArgumentException"><paramref name="value"/> is not one of the allowed values.</exception>
    public static ImageSize Parse(string? value, string parameterName)
    {
        if (TryParse(value, out var size))
        {
            return size;
        }

        var hint = value is not null && Array.Exists(Known, k => string.Equals(k, value.Trim(), StringComparison.OrdinalIgnoreCase))
            ? $" Sizes use an uppercase K: '{value.Trim().ToUpperInvariant()}'."
            : string.Empty;
        throw new ArgumentException(
            $"Image size '{value}' is not valid. Allowed values: {AllowedValues}.{hint}", parameterName);
    }

    /// <summary>Tries to parse a size; the match is exact (case-sensitive), as on the wire.</summary>
    /// <param name="value">The text to parse.</param>
    /// <param name="size">The size when the text is valid.</param>
    /// <returns><see langword="true"/> when <paramref name="value"/> is an allowed size.</returns>
    public static bool TryParse([NotNullWhen(true)] string? value, out ImageSize size)
    {
        foreach (var known in Known)
        {
            if (string.Equals(known, value, StringComparison.Ordinal))
            {
                size = new ImageSize(known);
                return true;
            }
        }

        size = default;
        return false;
    }

    /// <inheritdoc />
    public bool Equals(ImageSize other) => string.Equals(Value, other.Value, StringComparison.Ordinal);

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is ImageSize other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Value);

    /// <summary>The wire value.</summary>
    /// <returns>The wire value, e.g. <c>4K</c>.</returns>
    public override string ToString() => Value;

    /// <summary>Compares two sizes.</summary>
    /// <param name="left">The first size.</param>
    /// <param name="right">The second size.</param>
    /// <returns><see langword="true"/> when both have the same wire value.</returns>
    public static bool operator ==(ImageSize left, ImageSize right) => left.Equals(right);

    /// <summary>Compares two sizes.</summary>
    /// <param name="left">The first size.</param>
    /// <param name="right">The second size.</param>
    /// <returns><see langword="true"/> when the wire values differ.</returns>
    public static bool operator !=(ImageSize left, ImageSize right) => !left.Equals(right);
}

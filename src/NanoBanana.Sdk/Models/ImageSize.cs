using System.Diagnostics.CodeAnalysis;

namespace NanoBanana.Sdk;

/// <summary>
/// An output image size as the Gemini API spells it: <c>512</c>, <c>1K</c>, <c>2K</c> or <c>4K</c>
/// (uppercase <c>K</c>; the service rejects <c>1k</c>, so this type does too, before any network call).
/// </summary>
[System.ComponentModel.TypeConverter(typeof(ImageSizeTypeConverter))]
[System.Text.Json.Serialization.JsonConverter(typeof(ImageSizeJsonConverter))]
public readonly struct ImageSize : IEquatable<ImageSize>
{
    private static readonly string[] Known = ["512", "1K", "2K", "4K"];

    private readonly string? _value;

    /// <summary>
    /// Creates a size the SDK does not know yet (an open value, for a catalog row that adds a size): digits with an
    /// uppercase <c>K</c> (<c>8K</c>) or plain pixel digits (<c>256</c>). Whether a model accepts it is the catalog's
    /// call. For user input use <see cref="Parse(string)"/>, which accepts only the sizes the API defines today.
    /// </summary>
    /// <param name="value">The wire value.</param>
    /// <exception cref="ArgumentException">The value is not of that form (e.g. <c>1k</c>, <c>0.5K</c>, <c>512px</c>).</exception>
    public ImageSize(string value)
    {
        if (!IsWellFormed(value))
        {
            throw new ArgumentException(
                $"Image size '{value}' is not of the wire form: digits followed by an uppercase K (e.g. 2K), or pixel digits (e.g. 512). Known values: {AllowedValues}.",
                nameof(value));
        }

        _value = value;
    }

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
                size = All[Array.IndexOf(Known, known)];
                return true;
            }
        }

        size = default;
        return false;
    }

    /// <summary>Whether <paramref name="value"/> has the wire form of a size: <c>[1-9][0-9]*K</c> or <c>[1-9][0-9]*</c>.</summary>
    /// <param name="value">The text to check.</param>
    /// <returns><see langword="true"/> when well formed.</returns>
    public static bool IsWellFormed([NotNullWhen(true)] string? value)
    {
        if (string.IsNullOrEmpty(value) || value[0] is < '1' or > '9')
        {
            return false;
        }

        var digits = value.EndsWith('K') ? value.AsSpan(0, value.Length - 1) : value.AsSpan();
        foreach (var c in digits)
        {
            if (c is < '0' or > '9')
            {
                return false;
            }
        }

        return digits.Length > 0;
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

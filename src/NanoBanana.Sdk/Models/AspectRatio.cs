using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;

namespace NanoBanana.Sdk;

/// <summary>
/// An output aspect ratio as the Gemini API spells it (<c>W:H</c>, e.g. <c>16:9</c>). Which model
/// accepts which ratio is catalog data (<see cref="ImageModel.SupportedAspectRatios"/>).
/// </summary>
[System.ComponentModel.TypeConverter(typeof(AspectRatioTypeConverter))]
[System.Text.Json.Serialization.JsonConverter(typeof(AspectRatioJsonConverter))]
public readonly struct AspectRatio : IEquatable<AspectRatio>
{
    private readonly string? _value;

    /// <summary>
    /// Creates a ratio the SDK does not know yet (an open value, for a catalog row that adds a ratio): two positive
    /// integers separated by a colon, e.g. <c>2:1</c>. Whether a model accepts it is the catalog's call. For user
    /// input use <see cref="Parse(string)"/>, which accepts only the ratios the API defines today.
    /// </summary>
    /// <param name="value">The wire value.</param>
    /// <exception cref="ArgumentException">The value is not of that form.</exception>
    public AspectRatio(string value)
    {
        if (!IsWellFormed(value))
        {
            throw new ArgumentException($"Aspect ratio '{value}' is not of the wire form W:H with positive integers (e.g. 16:9). Known values: {AllowedValues}.", nameof(value));
        }

        _value = value;
    }

    // The ratios the API defines: known to be well formed, so no check.
    private AspectRatio(string value, bool known)
    {
        Debug.Assert(known && IsWellFormed(value), value);
        _value = value;
    }

    /// <summary>1:1 (square). The default.</summary>
    public static AspectRatio Square { get; } = new("1:1", known: true);

    /// <summary>2:3 portrait.</summary>
    public static AspectRatio Portrait2x3 { get; } = new("2:3", known: true);

    /// <summary>3:2 landscape.</summary>
    public static AspectRatio Landscape3x2 { get; } = new("3:2", known: true);

    /// <summary>3:4 portrait.</summary>
    public static AspectRatio Portrait3x4 { get; } = new("3:4", known: true);

    /// <summary>4:3 landscape.</summary>
    public static AspectRatio Landscape4x3 { get; } = new("4:3", known: true);

    /// <summary>4:5 portrait.</summary>
    public static AspectRatio Portrait4x5 { get; } = new("4:5", known: true);

    /// <summary>5:4 landscape.</summary>
    public static AspectRatio Landscape5x4 { get; } = new("5:4", known: true);

    /// <summary>9:16 portrait (phone screen).</summary>
    public static AspectRatio Portrait9x16 { get; } = new("9:16", known: true);

    /// <summary>16:9 landscape (widescreen).</summary>
    public static AspectRatio Landscape16x9 { get; } = new("16:9", known: true);

    /// <summary>21:9 ultra-wide.</summary>
    public static AspectRatio Landscape21x9 { get; } = new("21:9", known: true);

    /// <summary>1:4 tall strip (only on models that support the extended ratios).</summary>
    public static AspectRatio Portrait1x4 { get; } = new("1:4", known: true);

    /// <summary>4:1 wide strip (extended ratio).</summary>
    public static AspectRatio Landscape4x1 { get; } = new("4:1", known: true);

    /// <summary>1:8 very tall strip (extended ratio).</summary>
    public static AspectRatio Portrait1x8 { get; } = new("1:8", known: true);

    /// <summary>8:1 very wide strip (extended ratio).</summary>
    public static AspectRatio Landscape8x1 { get; } = new("8:1", known: true);

    /// <summary>The ten ratios every current Nano Banana model accepts.</summary>
    public static IReadOnlyList<AspectRatio> Standard { get; } =
    [
        Square, Portrait2x3, Landscape3x2, Portrait3x4, Landscape4x3,
        Portrait4x5, Landscape5x4, Portrait9x16, Landscape16x9, Landscape21x9,
    ];

    /// <summary>The four extended strip ratios some models add (<c>1:4 4:1 1:8 8:1</c>).</summary>
    public static IReadOnlyList<AspectRatio> Extended { get; } = [Portrait1x4, Landscape4x1, Portrait1x8, Landscape8x1];

    /// <summary>Every ratio the API defines.</summary>
    public static IReadOnlyList<AspectRatio> All { get; } = [.. Standard, .. Extended];

    /// <summary>The allowed spellings, for error messages and help text.</summary>
    public static string AllowedValues { get; } = string.Join(", ", All.Select(r => r.Value));

    /// <summary>The exact wire value, e.g. <c>16:9</c>. A <c>default</c> instance reads as <c>1:1</c>.</summary>
    public string Value => _value ?? "1:1";

    /// <summary>The width term of the ratio (16 for <c>16:9</c>).</summary>
    public int Width => int.Parse(Value.AsSpan(0, Value.IndexOf(':', StringComparison.Ordinal)), provider: System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The height term of the ratio (9 for <c>16:9</c>).</summary>
    public int Height => int.Parse(Value.AsSpan(Value.IndexOf(':', StringComparison.Ordinal) + 1), provider: System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Parses a ratio such as <c>16:9</c>.</summary>
    /// <param name="value">One of the ratios in <see cref="All"/>.</param>
    /// <returns>The ratio.</returns>
    /// <exception cref="ArgumentException"><paramref name="value"/> is not an allowed ratio; the message lists them.</exception>
    public static AspectRatio Parse(string value) => Parse(value, nameof(value));

    /// <summary>Parses a ratio and names <paramref name="parameterName"/> in the error when it is invalid.</summary>
    /// <param name="value">One of the ratios in <see cref="All"/>.</param>
    /// <param name="parameterName">The caller's parameter or option name, used in the exception.</param>
    /// <returns>The ratio.</returns>
    /// <exception cref="ArgumentException"><paramref name="value"/> is not an allowed ratio.</exception>
    public static AspectRatio Parse(string? value, string parameterName) =>
        TryParse(value, out var ratio)
            ? ratio
            : throw new ArgumentException($"Aspect ratio '{value}' is not valid. Allowed values: {AllowedValues}.", parameterName);

    /// <summary>Tries to parse a ratio; the match is exact, as on the wire.</summary>
    /// <param name="value">The text to parse.</param>
    /// <param name="ratio">The ratio when the text is valid.</param>
    /// <returns><see langword="true"/> when <paramref name="value"/> is an allowed ratio.</returns>
    public static bool TryParse([NotNullWhen(true)] string? value, out AspectRatio ratio)
    {
        foreach (var known in All)
        {
            if (string.Equals(known.Value, value, StringComparison.Ordinal))
            {
                ratio = known;
                return true;
            }
        }

        ratio = default;
        return false;
    }

    /// <summary>Whether <paramref name="value"/> has the wire form <c>W:H</c> with positive integers.</summary>
    /// <param name="value">The text to check.</param>
    /// <returns><see langword="true"/> when well formed.</returns>
    public static bool IsWellFormed([NotNullWhen(true)] string? value)
    {
        var colon = value?.IndexOf(':', StringComparison.Ordinal) ?? -1;
        return colon > 0
            && int.TryParse(value.AsSpan(0, colon), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var w) && w > 0
            && int.TryParse(value.AsSpan(colon + 1), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var h) && h > 0;
    }

    /// <inheritdoc />
    public bool Equals(AspectRatio other) => string.Equals(Value, other.Value, StringComparison.Ordinal);

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is AspectRatio other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Value);

    /// <summary>The wire value.</summary>
    /// <returns>The wire value, e.g. <c>16:9</c>.</returns>
    public override string ToString() => Value;

    /// <summary>Compares two ratios.</summary>
    /// <param name="left">The first ratio.</param>
    /// <param name="right">The second ratio.</param>
    /// <returns><see langword="true"/> when both have the same wire value.</returns>
    public static bool operator ==(AspectRatio left, AspectRatio right) => left.Equals(right);

    /// <summary>Compares two ratios.</summary>
    /// <param name="left">The first ratio.</param>
    /// <param name="right">The second ratio.</param>
    /// <returns><see langword="true"/> when the wire values differ.</returns>
    public static bool operator !=(AspectRatio left, AspectRatio right) => !left.Equals(right);
}

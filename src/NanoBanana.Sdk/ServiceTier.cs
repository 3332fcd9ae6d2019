using System.Diagnostics.CodeAnalysis;

namespace NanoBanana.Sdk;

/// <summary>
/// The Gemini API service tier (<c>serviceTier</c> / <c>service_tier</c> on the wire): <c>standard</c>,
/// <c>flex</c> or <c>priority</c>. Extensible: an unknown tier string is kept as given.
/// </summary>
[System.ComponentModel.TypeConverter(typeof(ServiceTierTypeConverter))]
[System.Text.Json.Serialization.JsonConverter(typeof(ServiceTierJsonConverter))]
public readonly struct ServiceTier : IEquatable<ServiceTier>
{
    private readonly string? _value;

    /// <summary>Creates a tier from its wire value (lowercase).</summary>
    /// <param name="value">The wire value, e.g. <c>flex</c>.</param>
    /// <exception cref="ArgumentException"><paramref name="value"/> is empty.</exception>
    public ServiceTier(string value)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(value);
        _value = value;
    }

    /// <summary>The standard real-time tier (the default).</summary>
    public static ServiceTier Standard { get; } = new("standard");

    /// <summary>The Flex tier: synchronous, cheaper, may queue or be shed under load. Priced on the Batch/Flex lane.</summary>
    public static ServiceTier Flex { get; } = new("flex");

    /// <summary>The Priority tier: real-time with priority capacity.</summary>
    public static ServiceTier Priority { get; } = new("priority");

    /// <summary>The allowed spellings, for error messages and help text.</summary>
    public static string AllowedValues => "standard, flex, priority";

    /// <summary>The wire value. A <c>default</c> instance reads as <c>standard</c>.</summary>
    public string Value => _value ?? "standard";

    /// <summary>The price lane this tier is billed on.</summary>
    public PriceLane Lane => Value switch
    {
        "flex" => PriceLane.GoogleFlex,
        "priority" => PriceLane.GooglePriority,
        _ => PriceLane.GoogleStandard,
    };

    /// <summary>Parses one of <c>standard</c>, <c>flex</c>, <c>priority</c> (case-insensitive).</summary>
    /// <param name="value">The text to parse.</param>
    /// <param name="parameterName">The caller's parameter or option name, used in the exception.</param>
    /// <returns>The tier.</returns>
    /// <exception cref="ArgumentException">The value is not a known tier; the message lists them.</exception>
    public static ServiceTier Parse(string? value, string parameterName = "value") =>
        TryParse(value, out var tier)
            ? tier
            : throw new ArgumentException($"Service tier '{value}' is not valid. Allowed values: {AllowedValues}.", parameterName);

    /// <summary>Tries to parse a known tier (case-insensitive).</summary>
    /// <param name="value">The text to parse.</param>
    /// <param name="tier">The tier when the text is valid.</param>
    /// <returns><see langword="true"/> when <paramref name="value"/> is a known tier.</returns>
    public static bool TryParse([NotNullWhen(true)] string? value, out ServiceTier tier)
    {
        foreach (var known in (ReadOnlySpan<ServiceTier>)[Standard, Flex, Priority])
        {
            if (string.Equals(known.Value, value, StringComparison.OrdinalIgnoreCase))
            {
                tier = known;
                return true;
            }
        }

        tier = default;
        return false;
    }

    /// <inheritdoc />
    public bool Equals(ServiceTier other) => string.Equals(Value, other.Value, StringComparison.Ordinal);

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is ServiceTier other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Value);

    /// <summary>The wire value.</summary>
    /// <returns>The wire value, e.g. <c>flex</c>.</returns>
    public override string ToString() => Value;

    /// <summary>Compares two tiers.</summary>
    /// <param name="left">The first tier.</param>
    /// <param name="right">The second tier.</param>
    /// <returns><see langword="true"/> when both have the same wire value.</returns>
    public static bool operator ==(ServiceTier left, ServiceTier right) => left.Equals(right);

    /// <summary>Compares two tiers.</summary>
    /// <param name="left">The first tier.</param>
    /// <param name="right">The second tier.</param>
    /// <returns><see langword="true"/> when the wire values differ.</returns>
    public static bool operator !=(ServiceTier left, ServiceTier right) => !left.Equals(right);
}

using System.ComponentModel;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace NanoBanana.Sdk;

/// <summary>
/// Converts a string-valued type from configuration (<c>IConfiguration</c> binding goes through
/// <see cref="TypeConverter"/>) so that <c>"ServiceTier": "flex"</c> binds as Flex, and an unknown value fails
/// binding with the allowed values instead of silently leaving the default.
/// </summary>
/// <typeparam name="T">The value type.</typeparam>
internal abstract class StringValueTypeConverter<T> : TypeConverter
{
    public override bool CanConvertFrom(ITypeDescriptorContext? context, Type sourceType) =>
        sourceType == typeof(string) || base.CanConvertFrom(context, sourceType);

    public override bool CanConvertTo(ITypeDescriptorContext? context, Type? destinationType) =>
        destinationType == typeof(string) || base.CanConvertTo(context, destinationType);

    public override object? ConvertFrom(ITypeDescriptorContext? context, CultureInfo? culture, object value) =>
        value is string text ? Parse(text.Trim()) : base.ConvertFrom(context, culture, value);

    public override object? ConvertTo(ITypeDescriptorContext? context, CultureInfo? culture, object? value, Type destinationType) =>
        destinationType == typeof(string) && value is T typed ? Format(typed) : base.ConvertTo(context, culture, value, destinationType);

    protected abstract T Parse(string text);

    protected abstract string Format(T value);
}

/// <summary>Writes a string-valued type as its wire string and reads it back, validating on read.</summary>
/// <typeparam name="T">The value type.</typeparam>
internal abstract class StringValueJsonConverter<T> : JsonConverter<T>
{
    public override T Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            throw new JsonException($"Expected a string for {typeof(T).Name}, got {reader.TokenType}.");
        }

        try
        {
            return Parse(reader.GetString()!);
        }
        catch (ArgumentException ex)
        {
            throw new JsonException(ex.Message, ex);
        }
    }

    public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStringValue(Format(value));
    }

    protected abstract T Parse(string text);

    protected abstract string Format(T value);
}

/// <summary>Binds <see cref="ServiceTier"/> from configuration text (<c>standard</c>, <c>flex</c>, <c>priority</c>).</summary>
internal sealed class ServiceTierTypeConverter : StringValueTypeConverter<ServiceTier>
{
    protected override ServiceTier Parse(string text) => ServiceTier.Parse(text, "ServiceTier");

    protected override string Format(ServiceTier value) => value.Value;
}

/// <summary>Reads and writes <see cref="ServiceTier"/> as its wire string.</summary>
internal sealed class ServiceTierJsonConverter : StringValueJsonConverter<ServiceTier>
{
    protected override ServiceTier Parse(string text) => ServiceTier.Parse(text, "ServiceTier");

    protected override string Format(ServiceTier value) => value.Value;
}

/// <summary>Binds <see cref="ImageSize"/> from configuration text: a known size, or a well-formed new one (<c>8K</c>).</summary>
internal sealed class ImageSizeTypeConverter : StringValueTypeConverter<ImageSize>
{
    protected override ImageSize Parse(string text) => ImageSize.TryParse(text, out var known) ? known : ImageSize.IsWellFormed(text) ? new ImageSize(text) : ImageSize.Parse(text, "ImageSize");

    protected override string Format(ImageSize value) => value.Value;
}

/// <summary>Reads and writes <see cref="ImageSize"/> as its wire string.</summary>
internal sealed class ImageSizeJsonConverter : StringValueJsonConverter<ImageSize>
{
    protected override ImageSize Parse(string text) => ImageSize.TryParse(text, out var known) ? known : ImageSize.IsWellFormed(text) ? new ImageSize(text) : ImageSize.Parse(text, "ImageSize");

    protected override string Format(ImageSize value) => value.Value;
}

/// <summary>Binds <see cref="AspectRatio"/> from configuration text: a known ratio, or a well-formed new one (<c>2:1</c>).</summary>
internal sealed class AspectRatioTypeConverter : StringValueTypeConverter<AspectRatio>
{
    protected override AspectRatio Parse(string text) => AspectRatio.TryParse(text, out var known) ? known : AspectRatio.IsWellFormed(text) ? new AspectRatio(text) : AspectRatio.Parse(text, "AspectRatio");

    protected override string Format(AspectRatio value) => value.Value;
}

/// <summary>Reads and writes <see cref="AspectRatio"/> as its wire string.</summary>
internal sealed class AspectRatioJsonConverter : StringValueJsonConverter<AspectRatio>
{
    protected override AspectRatio Parse(string text) => AspectRatio.TryParse(text, out var known) ? known : AspectRatio.IsWellFormed(text) ? new AspectRatio(text) : AspectRatio.Parse(text, "AspectRatio");

    protected override string Format(AspectRatio value) => value.Value;
}

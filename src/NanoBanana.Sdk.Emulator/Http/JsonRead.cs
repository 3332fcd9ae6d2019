using System.Text.Json;

namespace NanoBanana.Sdk.Emulator.Http;

/// <summary>Tolerant reading of request JSON: unknown fields are ignored, and camelCase or snake_case names both work.</summary>
internal static class JsonRead
{
    /// <summary>The first of <paramref name="names"/> present on <paramref name="element"/> (an object), if any.</summary>
    public static JsonElement? Prop(JsonElement element, params ReadOnlySpan<string> names)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        foreach (var name in names)
        {
            if (element.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null)
            {
                return value;
            }
        }

        return null;
    }

    /// <summary>A string property, or null when absent; throws <see cref="RequestException"/> when it is not a string.</summary>
    public static string? String(JsonElement element, string field, params ReadOnlySpan<string> names)
    {
        var value = Prop(element, names);
        return value switch
        {
            null => null,
            { ValueKind: JsonValueKind.String } v => v.GetString(),
            _ => throw new RequestException(field, $"Invalid value at '{field}' ({value.Value.ValueKind}), expected a string."),
        };
    }

    /// <summary>An integer property, or null when absent.</summary>
    public static long? Int64(JsonElement element, string field, params ReadOnlySpan<string> names)
    {
        var value = Prop(element, names);
        if (value is null)
        {
            return null;
        }

        if (value.Value.ValueKind == JsonValueKind.Number && value.Value.TryGetInt64(out var number))
        {
            return number;
        }

        if (value.Value.ValueKind == JsonValueKind.String && long.TryParse(value.Value.GetString(), out number))
        {
            return number;
        }

        throw new RequestException(field, $"Invalid value at '{field}' (TYPE_INT32), {value.Value.GetRawText()}");
    }

    /// <summary>Decodes base64 (standard or URL-safe, as protobuf JSON accepts), or throws <see cref="RequestException"/>.</summary>
    public static byte[] Base64(JsonElement value, string field)
    {
        var text = value.ValueKind == JsonValueKind.String ? value.GetString() ?? string.Empty : string.Empty;
        try
        {
            return Convert.FromBase64String(text.Replace('-', '+').Replace('_', '/'));
        }
        catch (FormatException)
        {
            throw new RequestException(field, $"Invalid value at '{field}' (TYPE_BYTES), Base64 decoding failed for \"{(text.Length > 32 ? text[..32] + "..." : text)}\"");
        }
    }
}

/// <summary>A request the real service would reject with 400 INVALID_ARGUMENT for <see cref="Field"/>.</summary>
internal sealed class RequestException(string field, string message) : Exception(message)
{
    public string Field { get; } = field;
}

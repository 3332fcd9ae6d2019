using System.Globalization;
using NanoBanana.Sdk;

namespace NanoBanana.Cli.Commands;

/// <summary>Option values checked with the SDK's own parsers; a bad value becomes a <see cref="UsageException"/> naming the option and the valid values.</summary>
internal static class CliParse
{
    public static ImageSize? Size(string? value, string option = "--size") =>
        value is null ? null : With(option, () => ImageSize.Parse(value, option));

    public static AspectRatio? Aspect(string? value, string option = "--aspect") =>
        value is null ? null : With(option, () => AspectRatio.Parse(value, option));

    public static ServiceTier? Tier(string? value) =>
        value is null ? null : With("--tier", () => ServiceTier.Parse(value, "--tier"));

    public static string? OneOf(string? value, string option, IReadOnlyList<string> allowed)
    {
        if (value is null)
        {
            return null;
        }

        return allowed.FirstOrDefault(a => string.Equals(a, value, StringComparison.OrdinalIgnoreCase))
            ?? throw new UsageException($"Option {option}: '{value}' is not valid. Allowed values: {string.Join(", ", allowed)}.");
    }

    public static string NotBlank(string? value, string option, string expected) =>
        string.IsNullOrWhiteSpace(value) ? throw new UsageException($"Option {option} must not be empty; give {expected}.") : value;

    /// <summary>A duration: <c>500ms</c>, <c>30s</c>, <c>5m</c>, <c>1h</c>, or a TimeSpan such as <c>00:00:30</c>.</summary>
    public static TimeSpan Duration(string value, string option)
    {
        var text = value.Trim();
        (string Suffix, Func<double, TimeSpan> Make)[] units = [("ms", TimeSpan.FromMilliseconds), ("s", TimeSpan.FromSeconds), ("m", TimeSpan.FromMinutes), ("h", TimeSpan.FromHours)];
        foreach (var (suffix, make) in units)
        {
            if (text.EndsWith(suffix, StringComparison.OrdinalIgnoreCase)
                && double.TryParse(text[..^suffix.Length], NumberStyles.Float, CultureInfo.InvariantCulture, out var amount) && amount > 0)
            {
                return make(amount);
            }
        }

        if (TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out var span) && span > TimeSpan.Zero)
        {
            return span;
        }

        throw new UsageException($"Option {option}: '{value}' is not a positive duration. Allowed values: a number with ms, s, m or h (500ms, 30s, 5m, 1h), or hh:mm:ss (00:00:30).");
    }

    /// <summary>Checks the model, size, ratio and lane against the catalog (MODELS.md facts) before any request.</summary>
    public static ModelResolution Model(string model, ImageSize? size, AspectRatio? aspect, PriceLane lane, string modelOption = "--model")
    {
        var resolution = ModelCatalog.Default.Resolve(model);
        try
        {
            ModelCatalog.EnsureSupported(resolution, size, aspect, lane);
        }
        catch (ArgumentException ex)
        {
            var option = ex.ParamName switch
            {
                "size" => "--size",
                "aspectRatio" => "--aspect",
                "lane" => "--lane/--route/--tier",
                _ => modelOption,
            };
            throw new UsageException($"Option {option}: {Message(ex)}");
        }

        return resolution;
    }

    /// <summary>An <see cref="ArgumentException"/>'s message without the " (Parameter 'x')" tail the option name replaces.</summary>
    public static string Message(ArgumentException ex)
    {
        var cut = ex.Message.LastIndexOf(" (Parameter '", StringComparison.Ordinal);
        return cut > 0 ? ex.Message[..cut] : ex.Message;
    }

    private static T With<T>(string option, Func<T> parse)
    {
        try
        {
            return parse();
        }
        catch (ArgumentException ex)
        {
            var message = Message(ex);
            throw new UsageException(message.Contains(option, StringComparison.Ordinal) ? message : $"Option {option}: {message}");
        }
    }
}

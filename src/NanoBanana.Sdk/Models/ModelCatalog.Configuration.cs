using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace NanoBanana.Sdk;

public sealed partial class ModelCatalog
{
    private static readonly string[] ModelKeys =
    [
        "Id", "FamilyName", "Tier", "Sizes", "AspectRatios", "ImageTokens", "Lanes", "SendsImageSize", "DefaultSize",
        "DeprecatedOn", "ShutdownOn", "ReplacementId", "Source",
    ];

    /// <summary>
    /// Reads model facts from configuration (usually the <c>NanoBanana:Models</c> section) on top of
    /// <paramref name="baseCatalog"/>: <c>DefaultModel</c>; <c>Models:N:{Id, FamilyName, Tier, Sizes, AspectRatios,
    /// ImageTokens, Lanes, SendsImageSize, DefaultSize, DeprecatedOn, ShutdownOn, ReplacementId, Source}</c>, where a row
    /// with the <c>Id</c> of an existing model overrides only the keys it sets (lists are comma-separated, e.g.
    /// <c>Sizes = "1K, 2K"</c>, <c>ImageTokens = "1K=1120, 2K=1680"</c>, <c>Lanes = "GoogleStandard, GoogleBatch"</c>);
    /// and <c>RetiredAliases:{alias}:{ModelId, ShutdownOn, ReplacementId, Source}</c> (an empty <c>ShutdownOn</c> lifts a
    /// shutdown). Read by hand (no reflection binder), so it is trim- and AOT-safe.
    /// </summary>
    /// <param name="section">The models section.</param>
    /// <param name="baseCatalog">The catalog to start from; <see cref="Default"/> when <see langword="null"/>.</param>
    /// <returns>The catalog with the configured facts.</returns>
    /// <exception cref="ArgumentException">A value is invalid; the message names its configuration path and the allowed values.</exception>
    public static ModelCatalog FromConfiguration(IConfiguration section, ModelCatalog? baseCatalog = null)
    {
        ArgumentNullException.ThrowIfNull(section);
        var catalog = baseCatalog ?? Default;
        foreach (var row in section.GetSection("Models").GetChildren())
        {
            catalog = catalog.WithModel(ReadModel(row, catalog));
        }

        foreach (var alias in section.GetSection("RetiredAliases").GetChildren())
        {
            var target = alias["ModelId"] is { Length: > 0 } id ? id.Trim() : throw ConfigError($"{alias.Path}:ModelId", null, "a model id of the catalog");
            var lifecycle = new ModelLifecycle
            {
                ShutdownOn = Date(alias, "ShutdownOn"),
                ReplacementId = NonBlank(alias["ReplacementId"]) ?? target,
                Source = NonBlank(alias["Source"]) ?? "configuration",
            };
            catalog = catalog.WithRetiredAlias(alias.Key, target, lifecycle);
        }

        if (NonBlank(section["DefaultModel"]) is { } defaultModel)
        {
            catalog = catalog.WithDefaultModel(defaultModel);
        }

        return catalog;
    }

    private static ImageModel ReadModel(IConfigurationSection row, ModelCatalog catalog)
    {
        var unknown = row.GetChildren().Select(c => c.Key).FirstOrDefault(k => !ModelKeys.Contains(k, StringComparer.OrdinalIgnoreCase));
        if (unknown is not null)
        {
            throw new ArgumentException($"Configuration '{row.Path}:{unknown}' is not a model key. Allowed keys: {string.Join(", ", ModelKeys)}.", "section");
        }

        var id = NonBlank(row["Id"]) ?? throw ConfigError($"{row.Path}:Id", null, "a model id such as 'gemini-nano-banana-2.1'");
        var existing = catalog.Find(id);
        var tier = NonBlank(row["Tier"]) is { } tierText
            ? Enum.GetNames<ModelTier>().FirstOrDefault(n => string.Equals(n, tierText, StringComparison.OrdinalIgnoreCase)) is { } tierName
                ? Enum.Parse<ModelTier>(tierName)
                : throw ConfigError($"{row.Path}:Tier", tierText, string.Join(", ", Enum.GetNames<ModelTier>()))
            : existing?.Tier ?? ModelTier.Standard;
        var sizes = ParseList<ImageSize>(row, "Sizes", t => ImageSize.TryParse(t, out var s) ? s : null, ImageSize.AllowedValues) ?? existing?.SupportedSizes
            ?? throw ConfigError($"{row.Path}:Sizes", null, ImageSize.AllowedValues);
        var ratios = ParseList<AspectRatio>(row, "AspectRatios", t => AspectRatio.TryParse(t, out var r) ? r : null, AspectRatio.AllowedValues) ?? existing?.SupportedAspectRatios
            ?? throw ConfigError($"{row.Path}:AspectRatios", null, AspectRatio.AllowedValues);
        var lanes = ParseList<PriceLane>(row, "Lanes", t => Enum.GetNames<PriceLane>().FirstOrDefault(n => string.Equals(n, t, StringComparison.OrdinalIgnoreCase)) is { } n ? Enum.Parse<PriceLane>(n) : (PriceLane?)null,
            "GoogleStandard, GoogleBatch, GoogleFlex, GooglePriority");
        var tokens = existing?.ImageTokens ?? new Dictionary<ImageSize, int>();
        if (NonBlank(row["ImageTokens"]) is { } tokenText)
        {
            var parsed = new Dictionary<ImageSize, int>();
            foreach (var pair in tokenText.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                var parts = pair.Split('=', StringSplitOptions.TrimEntries);
                if (parts.Length != 2 || !ImageSize.TryParse(parts[0], out var size)
                    || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var count))
                {
                    throw ConfigError($"{row.Path}:ImageTokens", tokenText, "size=tokens pairs such as '1K=1120, 2K=1680'");
                }

                parsed[size] = count;
            }

            tokens = parsed;
        }

        var lifecycle = existing?.Lifecycle ?? new ModelLifecycle();
        if (row.GetSection("DeprecatedOn").Value is not null || row.GetSection("ShutdownOn").Value is not null || row["ReplacementId"] is not null)
        {
            lifecycle = lifecycle with
            {
                DeprecatedOn = row.GetSection("DeprecatedOn").Value is null ? lifecycle.DeprecatedOn : Date(row, "DeprecatedOn"),
                ShutdownOn = row.GetSection("ShutdownOn").Value is null ? lifecycle.ShutdownOn : Date(row, "ShutdownOn"),
                ReplacementId = NonBlank(row["ReplacementId"]) ?? lifecycle.ReplacementId,
                Source = NonBlank(row["Source"]) ?? lifecycle.Source,
            };
        }

        var sendsSize = NonBlank(row["SendsImageSize"]) is { } sendsText
            ? bool.TryParse(sendsText, out var sends) ? sends : throw ConfigError($"{row.Path}:SendsImageSize", sendsText, "true or false")
            : existing?.SendsImageSize ?? true;
        var defaultSize = NonBlank(row["DefaultSize"]) is { } defaultText
            ? ImageSize.TryParse(defaultText, out var parsedDefault) ? parsedDefault : throw ConfigError($"{row.Path}:DefaultSize", defaultText, ImageSize.AllowedValues)
            : existing?.DefaultSize ?? ImageSize.OneK;
        return new ImageModel
        {
            Id = id,
            FamilyName = NonBlank(row["FamilyName"]) ?? existing?.FamilyName ?? id,
            Tier = tier,
            SupportedSizes = sizes,
            SupportedAspectRatios = ratios,
            ImageTokens = tokens,
            Pixels = existing?.Pixels ?? new Dictionary<ImageSize, IReadOnlyDictionary<AspectRatio, (int Width, int Height)>>(),
            Lanes = lanes ?? existing?.Lanes ?? [PriceLane.GoogleStandard, PriceLane.GoogleBatch],
            SendsImageSize = sendsSize,
            DefaultSize = defaultSize,
            Lifecycle = lifecycle,
            Source = NonBlank(row["Source"]) ?? existing?.Source ?? "configuration",
        };
    }

    private static List<T>? ParseList<T>(IConfigurationSection row, string key, Func<string, T?> parse, string allowed)
        where T : struct
    {
        if (NonBlank(row[key]) is not { } text)
        {
            return null;
        }

        return text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(item => parse(item) ?? throw ConfigError($"{row.Path}:{key}", item, allowed))
            .ToList();
    }

    private static DateOnly? Date(IConfigurationSection row, string key) =>
        NonBlank(row[key]) is not { } text ? null
        : DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) ? date
        : throw ConfigError($"{row.Path}:{key}", text, "a date yyyy-MM-dd, or empty for none");

    private static string? NonBlank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static ArgumentException ConfigError(string path, string? value, string allowed) => new(
        value is null
            ? $"Configuration '{path}' is missing. Expected {allowed}."
            : $"Configuration '{path}' value '{value}' is not valid. Allowed values: {allowed}.",
        "section");
}

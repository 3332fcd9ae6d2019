using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace NanoBanana.Sdk.Pricing;

public sealed partial class PricingCatalog
{
    private static readonly string[] RowKeys =
        [nameof(PriceRow.ModelId), nameof(PriceRow.Lane), nameof(PriceRow.Provider), nameof(PriceRow.Size), nameof(PriceRow.Operation),
         nameof(PriceRow.Unit), nameof(PriceRow.UnitPriceUsd), nameof(PriceRow.Source), nameof(PriceRow.CheckedOn)];

    /// <summary>
    /// Reads price overrides from configuration (usually the <c>NanoBanana:Pricing</c> section) on top of
    /// <paramref name="baseCatalog"/>: <c>MaxPriceAge</c> (e.g. <c>90.00:00:00</c>; empty turns staleness off) and
    /// <c>Rows:N:{ModelId, Lane, Provider, Size, Operation, Unit, UnitPriceUsd, Source, CheckedOn}</c>;
    /// <c>FailedCallRules:{provider}:{Source, Success, NoImage, ClientError, RateLimited, ServerError, Timeout, Cancelled}</c>
    /// with a <see cref="FailedCallCharge"/> name per listed outcome (unlisted outcomes keep the provider's current rule).
    /// A row with the same model, lane, provider, size, operation and unit replaces the base row. Read by hand
    /// (no reflection binder), so it is trim- and AOT-safe.
    /// </summary>
    /// <param name="section">The pricing section.</param>
    /// <param name="baseCatalog">The catalog to start from; <see cref="Default"/> when <see langword="null"/>.</param>
    /// <returns>The catalog with the configured rows.</returns>
    /// <exception cref="ArgumentException">A value is invalid; the message names its configuration path and the allowed values.</exception>
    public static PricingCatalog FromConfiguration(IConfiguration section, PricingCatalog? baseCatalog = null)
    {
        ArgumentNullException.ThrowIfNull(section);
        var catalog = baseCatalog ?? Default;

        var maxAge = section.GetSection(nameof(MaxPriceAge));
        if (maxAge.Value is { } maxAgeText)
        {
            catalog = catalog.WithMaxPriceAge(ParseMaxPriceAge(maxAge.Path, maxAgeText));
        }

        var rows = section.GetSection("Rows").GetChildren().Select(ReadRow).ToList();
        catalog = catalog.WithRows(rows);

        foreach (var provider in section.GetSection("FailedCallRules").GetChildren())
        {
            catalog = catalog.WithFailedCallRule(provider.Key, ReadFailedCallRule(provider, catalog.GetFailedCallRule(PriceLane.Provider, provider.Key)));
        }

        return catalog;
    }

    // FailedCallRules:{provider}:{Source, Success, NoImage, ...}: listed outcomes override the provider's current rule.
    private static FailedCallRule ReadFailedCallRule(IConfigurationSection provider, FailedCallRule baseRule)
    {
        var source = Required(provider, nameof(FailedCallRule.Source), "where the rule comes from (provider docs, call logs)");
        var terms = baseRule.Terms.ToDictionary();
        var outcomes = Enum.GetNames<BillingOutcome>();
        foreach (var entry in provider.GetChildren().Where(c => !string.Equals(c.Key, nameof(FailedCallRule.Source), StringComparison.OrdinalIgnoreCase)))
        {
            var outcomeName = outcomes.FirstOrDefault(n => string.Equals(n, entry.Key, StringComparison.OrdinalIgnoreCase))
                ?? throw new ArgumentException(
                    $"Configuration '{entry.Path}' is not a failed-call rule key. Allowed keys: {nameof(FailedCallRule.Source)}, {string.Join(", ", outcomes)}.", "section");
            var charge = ParseName<FailedCallCharge>(entry.Path, entry.Value, required: true)!.Value;
            terms[Enum.Parse<BillingOutcome>(outcomeName)] = new FailedCallTerm { Charge = charge, Note = $"{charge} per configuration" };
        }

        return new FailedCallRule(provider.Key, source, terms);
    }

    private static TimeSpan? ParseMaxPriceAge(string path, string text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        return TimeSpan.TryParse(text.Trim(), CultureInfo.InvariantCulture, out var age) && age >= TimeSpan.Zero
            ? age
            : throw ConfigError(path, text, "a non-negative TimeSpan such as '90.00:00:00' (90 days), or empty to never mark prices stale");
    }

    private static PriceRow ReadRow(IConfigurationSection row)
    {
        var unknown = row.GetChildren().Select(c => c.Key).FirstOrDefault(k => !RowKeys.Contains(k, StringComparer.OrdinalIgnoreCase));
        if (unknown is not null)
        {
            throw new ArgumentException(
                $"Configuration '{row.Path}:{unknown}' is not a price row key. Allowed keys: {string.Join(", ", RowKeys)}.", "section");
        }

        var modelId = Required(row, nameof(PriceRow.ModelId), "a model id such as 'gemini-3-pro-image'");
        var lane = ParseEnum<PriceLane>(row, nameof(PriceRow.Lane), required: true)!.Value;
        var provider = Optional(row, nameof(PriceRow.Provider));
        if (lane == PriceLane.Provider && provider is null)
        {
            throw ConfigError($"{row.Path}:{nameof(PriceRow.Provider)}", null, "a provider name such as 'laozhang.ai' (required when Lane is Provider)");
        }

        if (lane != PriceLane.Provider && provider is not null)
        {
            throw ConfigError($"{row.Path}:{nameof(PriceRow.Provider)}", provider, $"empty on Google lanes ({string.Join(", ", PriceRow.GoogleLanes)}); provider prices use Lane = Provider");
        }

        ImageSize? size = null;
        if (Optional(row, nameof(PriceRow.Size)) is { } sizeText)
        {
            size = ImageSize.TryParse(sizeText, out var parsed)
                ? parsed
                : throw ConfigError($"{row.Path}:{nameof(PriceRow.Size)}", sizeText, $"{ImageSize.AllowedValues} (uppercase K), or empty for every size");
        }

        var priceText = Required(row, nameof(PriceRow.UnitPriceUsd), "a non-negative decimal in USD such as '0.134'");
        // No thousands separator: "0,134" must fail rather than read as 134.
        if (!decimal.TryParse(priceText, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var price))
        {
            throw ConfigError($"{row.Path}:{nameof(PriceRow.UnitPriceUsd)}", priceText, "a non-negative decimal in USD with a '.' separator, such as '0.134'");
        }

        var checkedText = Required(row, nameof(PriceRow.CheckedOn), "a date yyyy-MM-dd such as '2026-07-01'");
        if (!DateOnly.TryParseExact(checkedText, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var checkedOn))
        {
            throw ConfigError($"{row.Path}:{nameof(PriceRow.CheckedOn)}", checkedText, "a date yyyy-MM-dd such as '2026-07-01'");
        }

        return new PriceRow
        {
            ModelId = modelId,
            Lane = lane,
            Provider = provider,
            Size = size,
            Operation = ParseEnum<ImageOperation>(row, nameof(PriceRow.Operation), required: false),
            Unit = ParseEnum<PriceUnit>(row, nameof(PriceRow.Unit), required: false) ?? PriceUnit.PerImage,
            UnitPriceUsd = price,
            Source = Required(row, nameof(PriceRow.Source), "where the price comes from (a URL or a note)"),
            CheckedOn = checkedOn,
        };
    }

    private static string? Optional(IConfigurationSection row, string key) =>
        row[key] is { } value && !string.IsNullOrWhiteSpace(value) ? value.Trim() : null;

    private static string Required(IConfigurationSection row, string key, string allowed) =>
        Optional(row, key) ?? throw ConfigError($"{row.Path}:{key}", null, allowed);

    private static TEnum? ParseEnum<TEnum>(IConfigurationSection row, string key, bool required)
        where TEnum : struct, Enum =>
        ParseName<TEnum>($"{row.Path}:{key}", row[key], required);

    // Names only: Enum.TryParse would also accept numbers such as "7", which name no value.
    private static TEnum? ParseName<TEnum>(string path, string? value, bool required)
        where TEnum : struct, Enum
    {
        var names = Enum.GetNames<TEnum>();
        var allowed = string.Join(", ", names) + (required ? string.Empty : ", or empty for any");
        if (string.IsNullOrWhiteSpace(value))
        {
            return required ? throw ConfigError(path, null, allowed) : null;
        }

        var name = names.FirstOrDefault(n => string.Equals(n, value.Trim(), StringComparison.OrdinalIgnoreCase))
            ?? throw ConfigError(path, value, allowed);
        return Enum.Parse<TEnum>(name);
    }

    private static ArgumentException ConfigError(string path, string? value, string allowed) => new(
        value is null
            ? $"Configuration '{path}' is missing. Expected {allowed}."
            : $"Configuration '{path}' value '{value}' is not valid. Allowed values: {allowed}.",
        "section");
}

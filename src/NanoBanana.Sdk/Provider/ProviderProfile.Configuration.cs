using System.Globalization;
using Microsoft.Extensions.Configuration;
using NanoBanana.Sdk.Pricing;

namespace NanoBanana.Sdk;

public sealed partial class ProviderProfile
{
    private static readonly string[] ProfileKeys =
        ["BaseUrl", "ApiKey", "Dialect", "Models", "Prices", "FailedCallRule", "Timeout", "StatusPage", "SupportUrl", "DataTerms", "AllowInsecureHttp", "AllowRetries", "FailedCallRuleSource"];

    private static readonly string[] PriceKeys = ["Model", "Operation", "Size", "UnitPriceUsd", "Source", "CheckedOn"];

    private static readonly string[] DataTermKeys = ["Retention", "Region", "ContentPolicy"];

    /// <summary>
    /// Reads a profile from its configuration section, usually <c>NanoBanana:Providers:&lt;name&gt;</c> (the section's
    /// key is the provider's name): <c>BaseUrl</c>, <c>ApiKey</c>, <c>Dialect</c>, <c>Models:{our id}</c> = provider string,
    /// <c>Prices:N:{Model, Operation, Size, UnitPriceUsd, Source, CheckedOn}</c>, <c>FailedCallRule:{outcome}</c> = true/false,
    /// <c>Timeout</c>, <c>StatusPage</c>, <c>SupportUrl</c>, <c>DataTerms:{Retention, Region, ContentPolicy}</c>.
    /// Read by hand (no reflection binder), so it is trim- and AOT-safe. Values that cannot be read are reported
    /// together; call <see cref="Validate"/> (or build a client) for the rest.
    /// </summary>
    /// <param name="section">The provider's section.</param>
    /// <returns>The profile.</returns>
    /// <exception cref="ArgumentException">A key is unknown or a value cannot be read; the message lists every one with its path, followed by what <see cref="Validate"/> finds in the rest.</exception>
    public static ProviderProfile FromConfiguration(IConfigurationSection section)
    {
        ArgumentNullException.ThrowIfNull(section);
        var failures = new List<string>();
        var profile = new ProviderProfile(section.Key);
        foreach (var child in section.GetChildren())
        {
            if (!ProfileKeys.Contains(child.Key, StringComparer.OrdinalIgnoreCase))
            {
                failures.Add($"Configuration '{child.Path}' is not a provider profile key. Allowed keys: {string.Join(", ", ProfileKeys)}.");
            }
        }

        profile.BaseUrl = ReadUri(section, "BaseUrl", failures);
        profile.ApiKey = Value(section, "ApiKey");
        profile.FailedCallRuleSource = Value(section, "FailedCallRuleSource");
        profile.StatusPage = ReadUri(section, "StatusPage", failures);
        profile.SupportUrl = ReadUri(section, "SupportUrl", failures);
        profile.AllowInsecureHttp = ReadBool(section, "AllowInsecureHttp", failures) ?? false;
        profile.AllowRetries = ReadBool(section, "AllowRetries", failures) ?? false;
        if (Value(section, "Dialect") is { } dialect)
        {
            var match = Enum.GetNames<ProviderDialect>().FirstOrDefault(n => string.Equals(n, dialect, StringComparison.OrdinalIgnoreCase));
            if (match is null)
            {
                failures.Add($"Configuration '{section.Path}:Dialect' value '{dialect}' is not valid. Allowed values: {string.Join(", ", Enum.GetNames<ProviderDialect>())}.");
            }
            else
            {
                profile.Dialect = Enum.Parse<ProviderDialect>(match);
            }
        }

        if (Value(section, "Timeout") is { } timeoutText)
        {
            if (TimeSpan.TryParse(timeoutText, CultureInfo.InvariantCulture, out var timeout))
            {
                profile.Timeout = timeout;
            }
            else if (int.TryParse(timeoutText, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
            {
                profile.Timeout = TimeSpan.FromSeconds(seconds);
            }
            else
            {
                failures.Add($"Configuration '{section.Path}:Timeout' value '{timeoutText}' is not valid. Allowed values: a TimeSpan such as '00:06:00' or seconds such as '360'.");
            }
        }

        foreach (var model in section.GetSection("Models").GetChildren())
        {
            profile.Models[model.Key] = model.Value ?? string.Empty;
        }

        foreach (var row in section.GetSection("Prices").GetChildren())
        {
            profile.Prices.Add(ReadPrice(row, failures));
        }

        var outcomes = Enum.GetNames<BillingOutcome>();
        foreach (var entry in section.GetSection("FailedCallRule").GetChildren())
        {
            var outcome = outcomes.FirstOrDefault(n => string.Equals(n, entry.Key, StringComparison.OrdinalIgnoreCase));
            if (outcome is null)
            {
                failures.Add($"Configuration '{entry.Path}' is not a billing outcome. Allowed keys: {string.Join(", ", outcomes)}.");
                continue;
            }

            if (ReadBool(section.GetSection("FailedCallRule"), entry.Key, failures) is { } billed)
            {
                profile.FailedCallRule[Enum.Parse<BillingOutcome>(outcome)] = billed;
            }
        }

        var terms = section.GetSection("DataTerms");
        foreach (var child in terms.GetChildren())
        {
            if (!DataTermKeys.Contains(child.Key, StringComparer.OrdinalIgnoreCase))
            {
                failures.Add($"Configuration '{child.Path}' is not a data terms key. Allowed keys: {string.Join(", ", DataTermKeys)}.");
            }
        }

        profile.DataTerms = new ProviderDataTerms
        {
            Retention = Value(terms, "Retention"),
            Region = Value(terms, "Region"),
            ContentPolicy = Value(terms, "ContentPolicy"),
        };

        if (failures.Count > 0)
        {
            // Every failure at once: what could not be read, and what is wrong with what could.
            failures.AddRange(profile.Validate());
            throw new ArgumentException(string.Join(Environment.NewLine, failures), nameof(section));
        }

        return profile;
    }

    private static ProviderPrice ReadPrice(IConfigurationSection row, List<string> failures)
    {
        foreach (var child in row.GetChildren())
        {
            if (!PriceKeys.Contains(child.Key, StringComparer.OrdinalIgnoreCase))
            {
                failures.Add($"Configuration '{child.Path}' is not a provider price key. Allowed keys: {string.Join(", ", PriceKeys)}.");
            }
        }

        var price = new ProviderPrice { Model = Value(row, "Model"), Source = Value(row, "Source") };
        if (Value(row, "Operation") is { } op)
        {
            var match = Enum.GetNames<ImageOperation>().FirstOrDefault(n => string.Equals(n, op, StringComparison.OrdinalIgnoreCase));
            if (match is null)
            {
                failures.Add($"Configuration '{row.Path}:Operation' value '{op}' is not valid. Allowed values: Generate, Edit, or empty for both.");
            }
            else
            {
                price.Operation = Enum.Parse<ImageOperation>(match);
            }
        }

        if (Value(row, "Size") is { } size)
        {
            if (ImageSize.TryParse(size, out var parsed))
            {
                price.Size = parsed;
            }
            else
            {
                failures.Add($"Configuration '{row.Path}:Size' value '{size}' is not valid. Allowed values: {ImageSize.AllowedValues}, or empty for every size.");
            }
        }

        if (Value(row, "UnitPriceUsd") is { } priceText)
        {
            if (decimal.TryParse(priceText, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var usd))
            {
                price.UnitPriceUsd = usd;
            }
            else
            {
                failures.Add($"Configuration '{row.Path}:UnitPriceUsd' value '{priceText}' is not valid. Allowed values: a non-negative decimal in USD with a '.' separator, such as '0.09'.");
            }
        }
        else
        {
            failures.Add($"Configuration '{row.Path}:UnitPriceUsd' is missing. Expected a non-negative decimal in USD such as '0.09'.");
        }

        if (Value(row, "CheckedOn") is { } checkedText)
        {
            if (DateOnly.TryParseExact(checkedText, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var checkedOn))
            {
                price.CheckedOn = checkedOn;
            }
            else
            {
                failures.Add($"Configuration '{row.Path}:CheckedOn' value '{checkedText}' is not valid. Allowed values: a date yyyy-MM-dd such as '2026-10-01'.");
            }
        }

        return price;
    }

    private static string? Value(IConfiguration section, string key) =>
        section[key] is { } value && !string.IsNullOrWhiteSpace(value) ? value.Trim() : null;

    private static Uri? ReadUri(IConfigurationSection section, string key, List<string> failures)
    {
        if (Value(section, key) is not { } text)
        {
            return null;
        }

        if (Uri.TryCreate(text, UriKind.Absolute, out var uri))
        {
            return uri;
        }

        failures.Add($"Configuration '{section.Path}:{key}' value '{text}' is not an absolute URL.");
        return null;
    }

    private static bool? ReadBool(IConfigurationSection section, string key, List<string> failures)
    {
        if (Value(section, key) is not { } text)
        {
            return null;
        }

        if (bool.TryParse(text, out var value))
        {
            return value;
        }

        failures.Add($"Configuration '{section.Path}:{key}' value '{text}' is not valid. Allowed values: true, false.");
        return null;
    }
}

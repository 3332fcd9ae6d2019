using System.Globalization;
using Microsoft.Extensions.Configuration;
using NanoBanana.Sdk.Pricing;

namespace NanoBanana.Sdk.DependencyInjection;

/// <summary>
/// Reads the <c>NanoBanana</c> section into <see cref="NanoBananaOptions"/> by hand: a value that does not parse and a
/// key nobody reads are recorded (with their configuration path and the valid values) instead of throwing on the
/// first one or being dropped silently, so start-up validation lists every problem at once. No reflection binder:
/// trim- and AOT-safe.
/// </summary>
internal static class NanoBananaConfigurationReader
{
    private static readonly string[] SectionKeys = ["Google", "Official", "Batch", "Providers", "Routing", "Pricing", "Quota", "Resilience", "IncludePromptInPacket"];
    private static readonly string[] GoogleKeys = ["ApiKey", "BaseUrl", "ProjectId", "KeyType", "AllowInsecureHttp", "ApiVersion"];
    private static readonly string[] OfficialKeys = ["Transport", "Model", "ServiceTier", "Timeout", "MaxImageBytes"];
    private static readonly string[] BatchKeys = ["Model", "PollInterval", "InlineLimitBytes"];
    // Every key ProviderProfile.FromConfiguration reads (the provider client's own reader), so a proven profile's
    // section (dated, sourced prices; the failed-call rule by outcome; the insecure-http and retry switches) is not
    // refused here as unknown.
    private static readonly string[] ProviderKeys =
        ["BaseUrl", "ApiKey", "Dialect", "Models", "Prices", "FailedCallRule", "FailedCallRuleSource", "Timeout", "StatusPage", "SupportUrl", "DataTerms", "AllowInsecureHttp", "AllowRetries"];
    private static readonly string[] PriceKeys = ["Model", "Size", "Operation", "UnitPriceUsd", "Source", "CheckedOn"];
    private static readonly string[] ResilienceKeys =
        ["Enabled", "MaxRetries", "BaseDelay", "MaxRetryDelay", "AttemptTimeout", "ResendPaidRequestsAfterUncertainFailure",
         "CircuitBreakerFailureRatio", "CircuitBreakerMinimumThroughput", "CircuitBreakerSamplingDuration", "CircuitBreakerBreakDuration"];

    public static void Read(IConfiguration section, NanoBananaOptions options)
    {
        var f = options.BindingFailures;
        Unknown(section, SectionKeys, f);
        Bool(section, "IncludePromptInPacket", f, v => options.IncludePromptInPacket = v);

        var google = section.GetSection("Google");
        Unknown(google, GoogleKeys, f);
        String(google, "ApiKey", v => options.Google.ApiKey = v);
        AbsoluteUri(google, "BaseUrl", f, v => options.Google.BaseUrl = v);
        String(google, "ProjectId", v => options.Google.ProjectId = v);
        String(google, "KeyType", v => options.Google.KeyType = v);
        Bool(google, "AllowInsecureHttp", f, v => options.Google.AllowInsecureHttp = v);
        String(google, "ApiVersion", v => options.Google.ApiVersion = v);

        var official = section.GetSection("Official");
        Unknown(official, OfficialKeys, f);
        Value<OfficialTransport>(official, "Transport", f, "Interactions, GenerateContent",
            s => Enum.TryParse<OfficialTransport>(s, true, out var t) && Enum.IsDefined(t) && !int.TryParse(s, out _) ? t : (OfficialTransport?)null,
            v => options.Official.Transport = v);
        String(official, "Model", v => options.Official.Model = v);
        Value<ServiceTier>(official, "ServiceTier", f, ServiceTier.AllowedValues, s => ServiceTier.TryParse(s, out var t) ? t : (ServiceTier?)null, v => options.Official.ServiceTier = v);
        Duration(official, "Timeout", f, v => options.Official.Timeout = v);
        Long(official, "MaxImageBytes", f, v => options.Official.MaxImageBytes = v);

        var batch = section.GetSection("Batch");
        Unknown(batch, BatchKeys, f);
        String(batch, "Model", v => options.Batch.Model = v);
        Duration(batch, "PollInterval", f, v => options.Batch.PollInterval = v);
        Long(batch, "InlineLimitBytes", f, v => options.Batch.InlineLimitBytes = v);

        foreach (var provider in section.GetSection("Providers").GetChildren())
        {
            options.Providers[provider.Key] = ReadProvider(provider, f);
        }

        ReadRouting(section.GetSection("Routing"), options.Routing, f);
        Flatten(section.GetSection("Quota"), options.Quota);

        var pricing = section.GetSection("Pricing");
        if (pricing.Exists())
        {
            try
            {
                options.Pricing = PricingCatalog.FromConfiguration(pricing, options.Pricing);
            }
            catch (ArgumentException ex)
            {
                f.Add(ex.Message);
            }
        }

        var r = section.GetSection("Resilience");
        var resilience = options.Resilience;
        Unknown(r, ResilienceKeys, f);
        Bool(r, "Enabled", f, v => resilience.Enabled = v);
        Int(r, "MaxRetries", f, v => resilience.MaxRetries = v);
        Duration(r, "BaseDelay", f, v => resilience.BaseDelay = v);
        Duration(r, "MaxRetryDelay", f, v => resilience.MaxRetryDelay = v);
        Duration(r, "AttemptTimeout", f, v => resilience.AttemptTimeout = v);
        Bool(r, "ResendPaidRequestsAfterUncertainFailure", f, v => resilience.ResendPaidRequestsAfterUncertainFailure = v);
        Value(r, "CircuitBreakerFailureRatio", f, "a number above 0, at most 1",
            s => double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d : (double?)null, v => resilience.CircuitBreakerFailureRatio = v);
        Int(r, "CircuitBreakerMinimumThroughput", f, v => resilience.CircuitBreakerMinimumThroughput = v);
        Duration(r, "CircuitBreakerSamplingDuration", f, v => resilience.CircuitBreakerSamplingDuration = v);
        Duration(r, "CircuitBreakerBreakDuration", f, v => resilience.CircuitBreakerBreakDuration = v);
    }

    private static readonly string[] RoutingKeys = ["DefaultModel", "AllowedRoutes", "AllowedProviders", "PreferredProvider", "Budget", "Fallback", "FallbackOn"];
    private static readonly string[] BudgetKeys = ["PerImageUsd", "PerDayUsd", "Scopes", "RouteDown", "ExpectedRetries"];

    private static void ReadRouting(IConfigurationSection section, RoutingOptions routing, List<string> f)
    {
        Unknown(section, RoutingKeys, f);
        String(section, "DefaultModel", v => routing.DefaultModel = v);
        String(section, "PreferredProvider", v => routing.PreferredProvider = v);
        Items(section, "AllowedRoutes", f, string.Join(", ", Enum.GetNames<ImageRoute>()), s => Named<ImageRoute>(s), routing.AllowedRoutes.Add);
        Items<NameBox>(section, "AllowedProviders", f, "a provider name under NanoBanana:Providers", s => new NameBox(s), b => routing.AllowedProviders.Add(b.Name));
        Items(section, "Fallback", f, string.Join(", ", Enum.GetNames<FallbackStep>()), s => Named<FallbackStep>(s), routing.Fallback.Add);
        Items(section, "FallbackOn", f, "error kinds such as RateLimited, ServiceUnavailable, ServiceTimeout", s => Named<NanoBanana.Sdk.Errors.ErrorKind>(s), routing.FallbackOn.Add);

        var budget = section.GetSection("Budget");
        Unknown(budget, BudgetKeys, f);
        Usd(budget, "PerImageUsd", f, v => routing.Budget.PerImageUsd = v);
        Usd(budget, "PerDayUsd", f, v => routing.Budget.PerDayUsd = v);
        Bool(budget, "RouteDown", f, v => routing.Budget.RouteDown = v);
        Int(budget, "ExpectedRetries", f, v => routing.Budget.ExpectedRetries = v);
        // A scope such as route:Official holds the configuration separator, so it arrives nested (Scopes:route:Official).
        var scopes = budget.GetSection("Scopes");
        var prefix = scopes.Path.Length + 1;
        foreach (var pair in scopes.AsEnumerable())
        {
            if (pair.Value is not null && pair.Key.Length > prefix)
            {
                var scope = pair.Key[prefix..];
                Usd(scopes, scope, f, v => routing.Budget.Scopes[scope] = v);
            }
        }
    }

    private static T? Named<T>(string text)
        where T : struct, Enum =>
        Enum.TryParse<T>(text, ignoreCase: true, out var value) && Enum.IsDefined(value) && !int.TryParse(text, out _) ? value : null;

    private static void Usd(IConfiguration section, string key, List<string> f, Action<decimal> set) =>
        Value(section, key, f, "an amount in US dollars such as 0.05",
            s => decimal.TryParse(s, NumberStyles.Number, CultureInfo.InvariantCulture, out var d) ? d : (decimal?)null, set);

    /// <summary>A list setting: an array (<c>Key:0</c>, <c>Key:1</c>) or one comma-separated value.</summary>
    private static void Items<T>(IConfiguration section, string key, List<string> f, string allowed, Func<string, T?> parse, Action<T> add)
        where T : struct
    {
        var child = section.GetSection(key);
        var items = child.Value is { } text
            ? text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(t => (child.Path, t))
            : child.GetChildren().Where(c => c.Value is not null).Select(c => (c.Path, c.Value!.Trim()));
        foreach (var (path, item) in items)
        {
            if (parse(item) is { } value)
            {
                add(value);
            }
            else
            {
                f.Add($"{path} '{item}' is not valid. Allowed values: {allowed}.");
            }
        }
    }

    private readonly record struct NameBox(string Name);

    private static NanoBananaProviderOptions ReadProvider(IConfigurationSection section, List<string> f)
    {
        var provider = new NanoBananaProviderOptions();
        Unknown(section, ProviderKeys, f);
        AbsoluteUri(section, "BaseUrl", f, v => provider.BaseUrl = v);
        String(section, "ApiKey", v => provider.ApiKey = v);
        String(section, "Dialect", v => provider.Dialect = v);
        foreach (var model in section.GetSection("Models").GetChildren())
        {
            if (model.Value is { } name)
            {
                provider.Models[model.Key] = name;
            }
        }

        foreach (var row in section.GetSection("Prices").GetChildren())
        {
            Unknown(row, PriceKeys, f);
            var price = new NanoBananaProviderPrice { Model = row["Model"], Size = row["Size"], Operation = row["Operation"] };
            Value(row, "UnitPriceUsd", f, "a price in US dollars such as 0.039",
                s => decimal.TryParse(s, NumberStyles.Number, CultureInfo.InvariantCulture, out var d) ? d : (decimal?)null, v => price.UnitPriceUsd = v);
            provider.Prices.Add(price);
        }

        String(section, "FailedCallRule", v => provider.FailedCallRule = v);
        Duration(section, "Timeout", f, v => provider.Timeout = v);
        AbsoluteUri(section, "StatusPage", f, v => provider.StatusPage = v);
        AbsoluteUri(section, "SupportUrl", f, v => provider.SupportUrl = v);
        String(section, "DataTerms", v => provider.DataTerms = v);
        return provider;
    }

    private static void Unknown(IConfiguration section, string[] known, List<string> f)
    {
        foreach (var child in section.GetChildren())
        {
            if (!known.Contains(child.Key, StringComparer.OrdinalIgnoreCase))
            {
                f.Add($"{child.Path} is not a NanoBanana setting, so it would be ignored. Known keys here: {string.Join(", ", known)}.");
            }
        }
    }

    private static void Flatten(IConfigurationSection section, IDictionary<string, string?> into)
    {
        var prefix = section.Path.Length + 1;
        foreach (var pair in section.AsEnumerable())
        {
            if (pair.Value is not null && pair.Key.Length > prefix)
            {
                into[pair.Key[prefix..]] = pair.Value;
            }
        }
    }

    private static void String(IConfiguration section, string key, Action<string> set)
    {
        if (section[key] is { } value)
        {
            set(value);
        }
    }

    private static void Value<T>(IConfiguration section, string key, List<string> f, string allowed, Func<string, T?> parse, Action<T> set)
        where T : struct
    {
        var child = section.GetSection(key);
        if (child.Value is not { } text)
        {
            return;
        }

        if (parse(text.Trim()) is { } value)
        {
            set(value);
        }
        else
        {
            f.Add($"{child.Path} '{text}' is not valid. Allowed values: {allowed}.");
        }
    }

    private static void Bool(IConfiguration section, string key, List<string> f, Action<bool> set) =>
        Value(section, key, f, "true, false", s => bool.TryParse(s, out var b) ? b : null, set);

    private static void Int(IConfiguration section, string key, List<string> f, Action<int> set) =>
        Value(section, key, f, "a whole number", s => int.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out var i) ? i : null, set);

    private static void Long(IConfiguration section, string key, List<string> f, Action<long> set) =>
        Value(section, key, f, "a whole number of bytes", s => long.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out var i) ? i : null, set);

    private static void Duration(IConfiguration section, string key, List<string> f, Action<TimeSpan> set) =>
        Value(section, key, f, "a duration such as 00:06:00 (hh:mm:ss) or 1.00:00:00",
            s => TimeSpan.TryParse(s, CultureInfo.InvariantCulture, out var t) ? t : null, set);

    private static void AbsoluteUri(IConfiguration section, string key, List<string> f, Action<Uri> set) =>
        Value(section, key, f, "an absolute URL such as https://generativelanguage.googleapis.com",
            s => Uri.TryCreate(s, UriKind.Absolute, out var u) ? new UriBox(u) : (UriBox?)null, b => set(b.Uri));

    private readonly record struct UriBox(Uri Uri);
}

using Microsoft.Extensions.Configuration;
using NanoBanana.Sdk;
using NanoBanana.Sdk.Pricing;

namespace NanoBanana.Cli.Hosting;

/// <summary>
/// Provider gateways and prices read from the same configuration an app uses, with the SDK's own readers:
/// <see cref="ProviderProfile.FromConfiguration"/> for <c>NanoBanana:Providers:&lt;name&gt;</c> and
/// <see cref="PricingCatalog.FromConfiguration"/> for <c>NanoBanana:Pricing</c> (what <c>AddNanoBanana</c> applies).
/// </summary>
internal static class CliProviders
{
    /// <summary>The provider to use: <paramref name="name"/>, or the only configured one when none is named.</summary>
    public static string Resolve(IConfiguration configuration, string? name, string option = "--provider")
    {
        var names = CliConfiguration.ProviderNames(configuration);
        if (name is null)
        {
            return names.Count == 1
                ? names[0]
                : throw new UsageException(names.Count == 0
                    ? $"Option {option} is required and no provider is configured: add NanoBanana:Providers:<name> (BaseUrl, ApiKey, Dialect, Models, Prices...) to --config or NanoBanana__Providers__<name>__* variables."
                    : $"Option {option} is required when several providers are configured. Allowed values: {string.Join(", ", names)}.");
        }

        return names.FirstOrDefault(n => string.Equals(n, name, StringComparison.OrdinalIgnoreCase))
            ?? throw new UsageException($"Option {option}: '{name}' is not a configured provider. Allowed values: {(names.Count == 0 ? "(none configured: add NanoBanana:Providers:<name>)" : string.Join(", ", names))}.");
    }

    /// <summary>The Google and provider price tables: the seed prices with <c>NanoBanana:Pricing</c> applied.</summary>
    public static PricingCatalog Pricing(IConfiguration configuration)
    {
        var section = configuration.GetSection($"{CliConfiguration.Section}:Pricing");
        return section.Exists() ? PricingCatalog.FromConfiguration(section) : PricingCatalog.Default;
    }

    public static ProviderProfile Profile(IConfiguration configuration, string name) =>
        ProviderProfile.FromConfiguration(configuration.GetSection($"{CliConfiguration.Section}:Providers:{name}"));

    /// <summary>A provider client for <paramref name="name"/> (validated: a bad profile is an <see cref="ArgumentException"/>, exit 2).</summary>
    public static ProviderImageClient Client(IConfiguration configuration, string name, NanoBananaCliContext context, string? model = null)
    {
        var options = new ProviderImageClientOptions
        {
            Pricing = Pricing(configuration),
            TimeProvider = context.TimeProvider,
        };
        if (model is not null)
        {
            options.Model = model;
        }

        return new ProviderImageClient(Profile(configuration, name), options);
    }
}

using System.Globalization;
using Microsoft.Extensions.Options;

namespace NanoBanana.Sdk.DependencyInjection;

/// <summary>
/// Validates <see cref="NanoBananaOptions"/> at start-up on the clients' own <see cref="NanoBananaClientOptions.Validate()"/>,
/// with every failure at once and each message naming its configuration path (<c>NanoBanana:Google:ApiKey</c>) and
/// the valid values.
/// </summary>
internal sealed class NanoBananaOptionsValidator : IValidateOptions<NanoBananaOptions>
{
    private static readonly (string Setting, string Path)[] OfficialPaths =
    [
        ("ApiKey", "NanoBanana:Google:ApiKey"),
        ("BaseUrl", "NanoBanana:Google:BaseUrl"),
        ("ProjectId", "NanoBanana:Google:ProjectId"),
        ("KeyType", "NanoBanana:Google:KeyType"),
        ("AllowInsecureHttp", "NanoBanana:Google:AllowInsecureHttp"),
        ("ApiVersion", "NanoBanana:Google:ApiVersion"),
        ("Transport", "NanoBanana:Official:Transport"),
        ("Model", "NanoBanana:Official:Model"),
        ("ServiceTier", "NanoBanana:Official:ServiceTier"),
        ("Timeout", "NanoBanana:Official:Timeout"),
        ("MaxImageBytes", "NanoBanana:Official:MaxImageBytes"),
        ("Pricing", "NanoBanana:Pricing"),
        ("TimeProvider", "NanoBananaOptions.TimeProvider"),
        ("ModelCatalog", "NanoBananaOptions.ModelCatalog"),
    ];

    public ValidateOptionsResult Validate(string? name, NanoBananaOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = Collect(options);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    internal static List<string> Collect(NanoBananaOptions options)
    {
        var failures = new List<string>(options.BindingFailures);
        foreach (var failure in options.ToOfficialImageClientOptions().Validate())
        {
            failures.Add(ToConfigurationPaths(failure));
        }

        var batch = options.Batch;
        if (string.IsNullOrWhiteSpace(batch.Model))
        {
            failures.Add($"NanoBanana:Batch:Model must not be blank (default '{ModelCatalog.DefaultModelId}').");
        }

        if (batch.PollInterval <= TimeSpan.Zero)
        {
            failures.Add($"NanoBanana:Batch:PollInterval '{batch.PollInterval}' must be a positive duration such as 00:00:30.");
        }

        if (batch.InlineLimitBytes <= 0)
        {
            failures.Add($"NanoBanana:Batch:InlineLimitBytes {batch.InlineLimitBytes} must be a positive number of bytes (default 20000000).");
        }

        foreach (var (name, provider) in options.Providers)
        {
            ValidateProvider(name, provider, failures);
        }

        foreach (var failure in options.Routing.Validate())
        {
            failures.Add(failure.StartsWith("Routing:", StringComparison.Ordinal) ? "NanoBanana:" + failure : failure);
        }

        if (options.Routing.PreferredProvider is { Length: > 0 } preferred && !options.Providers.ContainsKey(preferred))
        {
            failures.Add($"NanoBanana:Routing:PreferredProvider '{preferred}' is not a configured provider. Allowed values: {(options.Providers.Count == 0 ? "none (add NanoBanana:Providers:<name>)" : string.Join(", ", options.Providers.Keys))}.");
        }

        ValidateResilience(options.Resilience, failures);
        return failures;
    }

    private static void ValidateProvider(string name, NanoBananaProviderOptions provider, List<string> failures)
    {
        var path = "NanoBanana:Providers:" + name;
        if (provider.BaseUrl is null)
        {
            failures.Add($"{path}:BaseUrl is required: the provider's OpenAI-compatible endpoint, e.g. https://gateway.example.com/v1.");
        }
        else if (provider.BaseUrl.Scheme != Uri.UriSchemeHttps && !(provider.BaseUrl.Scheme == Uri.UriSchemeHttp && provider.BaseUrl.IsLoopback))
        {
            failures.Add($"{path}:BaseUrl '{provider.BaseUrl}' must be https:// (http:// only on loopback): the key would travel in clear text.");
        }

        if (provider.Timeout is { } timeout && timeout <= TimeSpan.Zero)
        {
            failures.Add($"{path}:Timeout '{timeout}' must be a positive duration such as 00:06:00.");
        }

        for (var i = 0; i < provider.Prices.Count; i++)
        {
            var price = provider.Prices[i];
            if (price.Size is { } size && !ImageSize.TryParse(size, out _))
            {
                failures.Add($"{path}:Prices:{i}:Size '{size}' is not valid. Allowed values: 512, 1K, 2K, 4K.");
            }

            if (price.UnitPriceUsd is < 0m)
            {
                failures.Add($"{path}:Prices:{i}:UnitPriceUsd {price.UnitPriceUsd.Value.ToString(CultureInfo.InvariantCulture)} must not be negative.");
            }
        }
    }

    private static void ValidateResilience(NanoBananaResilienceOptions r, List<string> failures)
    {
        const string Path = "NanoBanana:Resilience:";
        if (r.MaxRetries is < 0 or > 10)
        {
            failures.Add($"{Path}MaxRetries {r.MaxRetries} must be between 0 and 10 (default 2).");
        }

        if (r.BaseDelay <= TimeSpan.Zero)
        {
            failures.Add($"{Path}BaseDelay '{r.BaseDelay}' must be a positive duration (default 00:00:02).");
        }

        if (r.MaxRetryDelay < r.BaseDelay)
        {
            failures.Add($"{Path}MaxRetryDelay '{r.MaxRetryDelay}' must not be shorter than BaseDelay '{r.BaseDelay}' (default 00:01:00).");
        }

        if (r.AttemptTimeout is { } attempt && (attempt < TimeSpan.FromMilliseconds(10) || attempt > TimeSpan.FromDays(1)))
        {
            failures.Add($"{Path}AttemptTimeout '{attempt}' must be between 10 ms and 1 day; unset it to use the call timeout (360 s, Flex 15 min).");
        }

        if (r.CircuitBreakerFailureRatio is <= 0 or > 1 || double.IsNaN(r.CircuitBreakerFailureRatio))
        {
            failures.Add($"{Path}CircuitBreakerFailureRatio {r.CircuitBreakerFailureRatio.ToString(CultureInfo.InvariantCulture)} must be above 0 and at most 1 (default 0.5).");
        }

        if (r.CircuitBreakerMinimumThroughput < 2)
        {
            failures.Add($"{Path}CircuitBreakerMinimumThroughput {r.CircuitBreakerMinimumThroughput} must be at least 2 (default 10).");
        }

        if (r.CircuitBreakerSamplingDuration < TimeSpan.FromMilliseconds(500) || r.CircuitBreakerSamplingDuration > TimeSpan.FromDays(1))
        {
            failures.Add($"{Path}CircuitBreakerSamplingDuration '{r.CircuitBreakerSamplingDuration}' must be between 0.5 s and 1 day (default 00:02:00).");
        }

        if (r.CircuitBreakerBreakDuration < TimeSpan.FromMilliseconds(500) || r.CircuitBreakerBreakDuration > TimeSpan.FromDays(1))
        {
            failures.Add($"{Path}CircuitBreakerBreakDuration '{r.CircuitBreakerBreakDuration}' must be between 0.5 s and 1 day (default 00:00:30).");
        }
    }

    /// <summary>Rewrites the client's option names (<c>OfficialImageClientOptions.ApiKey</c>) to configuration paths.</summary>
    private static string ToConfigurationPaths(string failure)
    {
        foreach (var (setting, path) in OfficialPaths)
        {
            failure = failure.Replace("OfficialImageClientOptions." + setting, path, StringComparison.Ordinal);
        }

        return failure;
    }
}

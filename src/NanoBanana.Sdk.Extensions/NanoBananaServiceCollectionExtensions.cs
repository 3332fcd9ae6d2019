using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NanoBanana.Sdk.DependencyInjection;
using NanoBanana.Sdk.Http;

namespace NanoBanana.Sdk;

/// <summary>Registers the NanoBanana clients on an <see cref="IServiceCollection"/>.</summary>
public static class NanoBananaServiceCollectionExtensions
{
    /// <summary>
    /// Binds <paramref name="configuration"/> (the <c>NanoBanana</c> section: <c>Google</c>, <c>Official</c>,
    /// <c>Batch</c>, <c>Providers</c>, <c>Routing</c>, <c>Pricing</c>, <c>Quota</c>, <c>Resilience</c>) into
    /// <see cref="NanoBananaOptions"/>, validates it at start-up and registers <see cref="IOfficialImageClient"/> on a
    /// named <c>HttpClient</c> with the image-generation resilience pipeline.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="configuration">The <c>NanoBanana</c> section, e.g. <c>builder.Configuration.GetSection("NanoBanana")</c>.</param>
    /// <returns>A builder for further configuration.</returns>
    public static NanoBananaBuilder AddNanoBanana(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        var builder = AddCore(services);
        services.AddOptions<NanoBananaOptions>().Configure(options => NanoBananaConfigurationReader.Read(configuration, options));
        services.AddSingleton<IOptionsChangeTokenSource<NanoBananaOptions>>(new ConfigurationChangeTokenSource<NanoBananaOptions>(Options.DefaultName, configuration));
        return builder;
    }

    /// <summary>
    /// Configures <see cref="NanoBananaOptions"/> in code, validates them at start-up and registers
    /// <see cref="IOfficialImageClient"/> on a named <c>HttpClient</c> with the image-generation resilience pipeline.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="configure">Sets the options.</param>
    /// <returns>A builder for further configuration.</returns>
    public static NanoBananaBuilder AddNanoBanana(this IServiceCollection services, Action<NanoBananaOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        var builder = AddCore(services);
        services.Configure(configure);
        return builder;
    }

    private static NanoBananaBuilder AddCore(IServiceCollection services)
    {
        var official = services.AddHttpClient(NanoBananaHttpClientNames.Official);
        var builder = new NanoBananaBuilder(services, official);
        if (services.Any(d => d.ServiceType == typeof(NanoBananaMarker)))
        {
            return builder;
        }

        services.AddSingleton<NanoBananaMarker>();
        services.AddOptions<NanoBananaOptions>().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<NanoBananaOptions>, NanoBananaOptionsValidator>());

        // Same handlers as a standalone client: the recipe's primary handler with the attempt counter directly on
        // it, so every resend by any handler above (ours, or one the user adds) is counted.
        official
            .ConfigurePrimaryHttpMessageHandler(static () => HttpClientRecipe.CountAttempts(HttpClientRecipe.CreatePrimaryHandler()))
            .ConfigureHttpClient(static client => client.Timeout = Timeout.InfiniteTimeSpan);
        ImageGenerationResilience.Add(official, static o => o.ToOfficialImageClientOptions().Timeout);

        services.AddOptions<NanoBananaStartupCheck>().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<NanoBananaStartupCheck>, NanoBananaStartupCheck.Validator>());

        services.TryAddSingleton<IOfficialImageClient>(static sp =>
        {
            var options = sp.GetRequiredService<IOptions<NanoBananaOptions>>().Value;
            var factory = sp.GetRequiredService<IHttpClientFactory>();
            var logger = sp.GetService<ILoggerFactory>()?.CreateLogger<OfficialImageClient>();
            return new OfficialImageClient(options.ToOfficialImageClientOptions(), () => factory.CreateClient(NanoBananaHttpClientNames.Official), logger);
        });

        // Batch: the same primary handler and attempt counter, but not the image-call resilience pipeline: its attempt
        // timeout (the call timeout) would cut a long results download, and the Batch client resumes uploads and
        // downloads itself. Its control calls (create, get, list, cancel) are not paid generations.
        services.AddHttpClient(NanoBananaHttpClientNames.Batch)
            .ConfigurePrimaryHttpMessageHandler(static () => HttpClientRecipe.CountAttempts(HttpClientRecipe.CreatePrimaryHandler()))
            .ConfigureHttpClient(static client => client.Timeout = Timeout.InfiniteTimeSpan);
        services.TryAddSingleton<IBatchImageClient>(static sp =>
        {
            var options = sp.GetRequiredService<IOptions<NanoBananaOptions>>().Value;
            var factory = sp.GetRequiredService<IHttpClientFactory>();
            var logger = sp.GetService<ILoggerFactory>()?.CreateLogger<BatchImageClient>();
            return new BatchImageClient(options.ToBatchImageClientOptions(), () => factory.CreateClient(NanoBananaHttpClientNames.Batch), logger);
        });
        AddRouting(services);
        return builder;
    }

    // The route-selecting client over whatever route clients are registered. Providers are keyed IProviderImageClient
    // registrations named as under NanoBanana:Providers; a name with no registration is skipped. The ledger is a
    // TryAdd so a shared (e.g. Redis) ledger registered before or after replaces the in-process one.
    private static void AddRouting(IServiceCollection services)
    {
        services.TryAddSingleton<IBudgetLedger, InMemoryBudgetLedger>();
        services.PostConfigure<NanoBananaOptions>(static o =>
        {
            if (ReferenceEquals(o.Routing.Pricing, Pricing.PricingCatalog.Default))
            {
                o.Routing.Pricing = o.Pricing;
            }
        });
        services.TryAddSingleton<INanoBananaClient>(static sp =>
        {
            var options = sp.GetRequiredService<IOptions<NanoBananaOptions>>().Value;
            var providers = options.Providers.Keys
                .Select(name => sp.GetKeyedService<IProviderImageClient>(name))
                .OfType<IProviderImageClient>()
                .ToList();
            var logger = sp.GetService<ILoggerFactory>()?.CreateLogger<NanoBananaClient>();
            return new NanoBananaClient(
                sp.GetService<IOfficialImageClient>(),
                sp.GetService<IBatchImageClient>(),
                providers,
                options.Routing,
                sp.GetRequiredService<IBudgetLedger>(),
                options.TimeProvider,
                logger);
        });
    }

    /// <summary>Marks that the shared registrations are in place (AddNanoBanana may be called more than once).</summary>
    private sealed class NanoBananaMarker;
}

/// <summary>The names of the route clients' <c>HttpClient</c>s in <c>IHttpClientFactory</c>.</summary>
public static class NanoBananaHttpClientNames
{
    /// <summary>The official route: <c>NanoBanana.Official</c>.</summary>
    public const string Official = "NanoBanana.Official";

    /// <summary>The Batch route: <c>NanoBanana.Batch</c> (primary handler and attempt counter only; see <c>AddNanoBanana</c>).</summary>
    public const string Batch = "NanoBanana.Batch";

    /// <summary>A provider gateway (reserved for the provider client): <c>NanoBanana.Provider.{name}</c>.</summary>
    /// <param name="name">The provider's name under <c>NanoBanana:Providers</c>.</param>
    /// <returns>The client name.</returns>
    public static string Provider(string name) => "NanoBanana.Provider." + name;
}

/// <summary>
/// Returned by <c>AddNanoBanana</c> for further configuration. The Batch, provider (keyed by name) and routing clients
/// will register through it (<c>AddBatch()</c>, <c>AddProvider(name)</c>) on their own named HttpClients with the same
/// primary handler and pipeline.
/// </summary>
public sealed class NanoBananaBuilder
{
    internal NanoBananaBuilder(IServiceCollection services, IHttpClientBuilder official)
    {
        Services = services;
        OfficialHttpClient = official;
    }

    /// <summary>The services.</summary>
    public IServiceCollection Services { get; }

    /// <summary>
    /// The official route's named <c>HttpClient</c> (<see cref="NanoBananaHttpClientNames.Official"/>). Handlers added
    /// here run once per attempt, inside the NanoBanana retry. Do not add <c>AddStandardResilienceHandler()</c>: it
    /// resends paid requests after its 10-second attempt timeout (a warning is logged at start-up if you do).
    /// </summary>
    public IHttpClientBuilder OfficialHttpClient { get; }

    /// <summary>Changes the options after binding (e.g. the key from a vault).</summary>
    /// <param name="configure">Sets the options.</param>
    /// <returns>This builder.</returns>
    public NanoBananaBuilder Configure(Action<NanoBananaOptions> configure)
    {
        Services.Configure(configure);
        return this;
    }

    /// <summary>Changes the resilience policy (retries, timeouts, circuit breaker, per-attempt strategies).</summary>
    /// <param name="configure">Sets the policy.</param>
    /// <returns>This builder.</returns>
    public NanoBananaBuilder ConfigureResilience(Action<NanoBananaResilienceOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        Services.Configure<NanoBananaOptions>(o => configure(o.Resilience));
        return this;
    }
}

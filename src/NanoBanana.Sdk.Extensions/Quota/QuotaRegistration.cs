using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace NanoBanana.Sdk.Quota;

/// <summary>
/// What <c>AddNanoBanana</c> registers for <c>NanoBanana:Quota</c>: the limiter (in process, or on Redis when
/// <c>Redis</c> is set), its per-attempt handler on the Google routes' HttpClients, inside the retry, and the budget
/// ledger (shared through the same Redis).
/// </summary>
internal static class QuotaRegistration
{
    public static void Add(IServiceCollection services, params IHttpClientBuilder[] googleRoutes)
    {
        services.TryAddSingleton(static sp => new QuotaRedisConnection(Options(sp).Quota));
        services.TryAddSingleton(static sp =>
        {
            var options = Options(sp);
            var logger = sp.GetService<ILoggerFactory>()?.CreateLogger("NanoBanana.Sdk.Quota") ?? NullLogger.Instance;
            return string.IsNullOrWhiteSpace(options.Quota.Redis)
                ? new NanoBananaQuotaLimiter(options.Quota, options.TimeProvider, logger)
                : NanoBananaQuotaLimiter.FromConnection(sp.GetRequiredService<QuotaRedisConnection>(), options.Quota, options.TimeProvider, logger);
        });

        // Added after the resilience handler, so it runs once per attempt, inside the retry.
        foreach (var route in googleRoutes)
        {
            route.AddHttpMessageHandler(static sp => new QuotaHandler(sp.GetRequiredService<NanoBananaQuotaLimiter>));
        }

        // The shared ledger wins over the in-process default whoever registers that first; a ledger of your own is kept.
        for (var i = services.Count - 1; i >= 0; i--)
        {
            if (services[i].ServiceType == typeof(IBudgetLedger) && services[i].ImplementationType == typeof(InMemoryBudgetLedger))
            {
                services.RemoveAt(i);
            }
        }

        services.TryAddSingleton<IBudgetLedger>(static sp =>
        {
            var options = Options(sp);
            if (string.IsNullOrWhiteSpace(options.Quota.Redis))
            {
                return new InMemoryBudgetLedger();
            }

            var logger = sp.GetService<ILoggerFactory>()?.CreateLogger("NanoBanana.Sdk.Quota");
            return new RedisBudgetLedger(sp.GetRequiredService<QuotaRedisConnection>().Multiplexer, options.Quota, logger);
        });
    }

    private static NanoBananaOptions Options(IServiceProvider sp) => sp.GetRequiredService<IOptions<NanoBananaOptions>>().Value;
}

using Microsoft.Extensions.Http;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace NanoBanana.Sdk.DependencyInjection;

/// <summary>
/// A start-up check (run by <c>ValidateOnStart</c>, never failing): warns when a route client's HttpClient has a
/// resilience handler besides NanoBanana's, e.g. <c>AddStandardResilienceHandler()</c> added to it or to every
/// client with <c>ConfigureHttpClientDefaults</c>: its 10-second attempt timeout cuts image calls and resends
/// paid POSTs.
/// </summary>
internal sealed partial class NanoBananaStartupCheck
{
    internal sealed partial class Validator(IHttpMessageHandlerFactory handlers, IOptions<NanoBananaOptions> nanoBanana, ILoggerFactory? loggerFactory = null) : IValidateOptions<NanoBananaStartupCheck>
    {
        private readonly ILogger _logger = loggerFactory?.CreateLogger("NanoBanana.Sdk.DependencyInjection") ?? NullLogger.Instance;

        public ValidateOptionsResult Validate(string? name, NanoBananaStartupCheck options)
        {
            var count = CountResilienceHandlers(handlers.CreateHandler(NanoBananaHttpClientNames.Official));
            if (count > 1)
            {
                ExtraResilienceHandler(_logger, NanoBananaHttpClientNames.Official, count);
            }

            // Provider clients have no NanoBanana pipeline: any resilience handler on them is someone else's.
            IEnumerable<ProviderProfile> providers;
            try
            {
                providers = nanoBanana.Value.Providers.Values;
            }
            catch (OptionsValidationException)
            {
                // Reported by the options' own validation.
                return ValidateOptionsResult.Skip;
            }

            foreach (var profile in providers)
            {
                var client = NanoBananaHttpClientNames.Provider(profile.Name);
                var extra = CountResilienceHandlers(handlers.CreateHandler(client));
                if (extra > 0 && !profile.AllowRetries)
                {
                    ExtraResilienceHandler(_logger, client, extra + 1);
                }
            }

            return ValidateOptionsResult.Skip;
        }

        [LoggerMessage(EventId = 110, Level = LogLevel.Warning,
            Message = "The HttpClient '{ClientName}' has {Count} resilience handlers: NanoBanana's own and another one, such as AddStandardResilienceHandler() (added to it or to every client through ConfigureHttpClientDefaults). That handler's 10-second attempt timeout cuts image calls that take longer and resends paid POSTs after a timeout (paying twice), and its retries are not made for quota errors. Remove it for NanoBanana clients; tune NanoBanana:Resilience instead.")]
        private static partial void ExtraResilienceHandler(ILogger logger, string clientName, int count);
    }

    /// <summary>Counts the <see cref="ResilienceHandler"/>s in a handler chain.</summary>
    internal static int CountResilienceHandlers(HttpMessageHandler handler)
    {
        var count = 0;
        for (var current = handler; current is DelegatingHandler delegating; current = delegating.InnerHandler)
        {
            if (delegating is ResilienceHandler)
            {
                count++;
            }
        }

        return count;
    }
}

using NanoBanana.Sdk.DependencyInjection;
using NanoBanana.Sdk.Errors;

namespace NanoBanana.Sdk.Quota;

/// <summary>
/// The per-attempt quota step of a Google route's HttpClient, inside the NanoBanana retry: takes a permit before each
/// attempt (waiting up to <c>NanoBanana:Quota:MaxWait</c>), throws <see cref="Http.QuotaPermitDeniedException"/>
/// when refused (the client classifies it as a <see cref="RateLimitException"/>), and turns a 429's retry hint into a
/// cooldown for the project and model, shared by every instance when the limiter is.
/// </summary>
internal sealed class QuotaHandler(Func<NanoBananaQuotaLimiter> limiterSource) : DelegatingHandler
{
    private static readonly TimeSpan MaxCooldown = TimeSpan.FromDays(1);

    // Resolved at the first send, not when the handler chain is built (start-up checks build it before options are valid).
    private NanoBananaQuotaLimiter? _limiter;

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var limiter = _limiter ??= limiterSource();
        if (!limiter.IsEnabled)
        {
            return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }

        using (var lease = await limiter.AcquireAsync(request, 1, cancellationToken).ConfigureAwait(false))
        {
            if (!lease.IsAcquired)
            {
                throw NanoBananaQuotaLimiter.ToException(lease);
            }
        }

        var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if ((int)response.StatusCode == 429)
        {
            var hint = ImageGenerationResilience.RetryAfter(response);
            if (hint is null)
            {
                var body = await ImageGenerationResilience.BufferErrorBodyAsync(response, cancellationToken).ConfigureAwait(false);
                hint = ErrorDecision.Decide(429, body).RetryDelay;
            }

            if (hint is { } wait && wait > TimeSpan.Zero)
            {
                await limiter.ReportCooldownAsync(request, wait > MaxCooldown ? MaxCooldown : wait, cancellationToken).ConfigureAwait(false);
            }
        }

        return response;
    }
}

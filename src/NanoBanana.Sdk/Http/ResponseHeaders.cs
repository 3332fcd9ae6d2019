using System.Globalization;
using System.Net.Http.Headers;

namespace NanoBanana.Sdk.Http;

/// <summary>The headers of a failed answer that classification uses: the request id, the retry hint, rate-limit counters.</summary>
/// <param name="RequestId">From <c>x-request-id</c>, <c>x-goog-request-id</c> or <c>request-id</c>.</param>
/// <param name="RetryAfter">From <c>retry-after-ms</c> (which wins when present) or <c>Retry-After</c> (seconds or an HTTP date).</param>
/// <param name="RateLimitSummary">The <c>x-ratelimit-*</c> headers as <c>name=value</c> pairs, or <see langword="null"/>.</param>
internal sealed record ResponseHeaders(string? RequestId, TimeSpan? RetryAfter, string? RateLimitSummary)
{
    private static readonly string[] RequestIdHeaders = ["x-request-id", "x-goog-request-id", "request-id"];

    private static readonly string[] RateLimitHeaders =
    [
        "x-ratelimit-limit-requests", "x-ratelimit-remaining-requests", "x-ratelimit-reset-requests",
        "x-ratelimit-limit-tokens", "x-ratelimit-remaining-tokens", "x-ratelimit-reset-tokens",
    ];

    /// <summary>Reads the headers; a malformed header is ignored, never thrown.</summary>
    /// <param name="response">The response.</param>
    /// <param name="time">The clock for HTTP-date <c>Retry-After</c> values.</param>
    /// <returns>What was found.</returns>
    public static ResponseHeaders Read(HttpResponseMessage response, TimeProvider time)
    {
        var headers = response.Headers;
        var requestId = RequestIdOf(headers);
        var limits = RateLimitHeaders
            .Select(name => (name, value: First(headers, name)))
            .Where(h => h.value is not null)
            .Select(h => $"{h.name}={h.value}")
            .ToList();

        return new ResponseHeaders(requestId, RetryAfterOf(headers, time), limits.Count == 0 ? null : string.Join(", ", limits));
    }

    /// <summary>Only the request id: all a success answer needs (the rest of <see cref="Read"/> allocates on every call).</summary>
    /// <param name="headers">The response headers.</param>
    /// <returns>The first request id header's value, or <see langword="null"/>.</returns>
    public static string? RequestIdOf(HttpResponseHeaders headers)
    {
        foreach (var name in RequestIdHeaders)
        {
            if (First(headers, name) is { } requestId)
            {
                return requestId;
            }
        }

        return null;
    }

    private static TimeSpan? RetryAfterOf(HttpResponseHeaders headers, TimeProvider time)
    {
        if (First(headers, "retry-after-ms") is { } ms
            && double.TryParse(ms, NumberStyles.Float, CultureInfo.InvariantCulture, out var milliseconds)
            && milliseconds is >= 0 and < int.MaxValue)
        {
            return TimeSpan.FromMilliseconds(milliseconds);
        }

        RetryConditionHeaderValue? parsed;
        try
        {
            parsed = headers.RetryAfter;
        }
        catch (FormatException)
        {
            parsed = null;
        }

        if (parsed?.Delta is { } delta)
        {
            return delta < TimeSpan.Zero ? TimeSpan.Zero : delta;
        }

        if (parsed?.Date is { } date)
        {
            var wait = date - time.GetUtcNow();
            return wait < TimeSpan.Zero ? TimeSpan.Zero : wait;
        }

        // Some gateways send fractional seconds ("1.5"), which the typed header rejects.
        return First(headers, "Retry-After") is { } raw
            && double.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds)
            && seconds is >= 0 and < int.MaxValue
                ? TimeSpan.FromSeconds(seconds)
                : null;
    }

    private static string? First(HttpResponseHeaders headers, string name)
    {
        try
        {
            return headers.TryGetValues(name, out var values) ? values.FirstOrDefault(v => !string.IsNullOrWhiteSpace(v))?.Trim() : null;
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }
}

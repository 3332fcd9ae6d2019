using NanoBanana.Sdk.Pricing;

namespace NanoBanana.Sdk.Http;

/// <summary>
/// What a request sent by a NanoBanana client is, attached to every <see cref="HttpRequestMessage"/> under
/// <see cref="Key"/> so that handlers in the <see cref="HttpClient"/> pipeline (retry, circuit breaker, the
/// per-project rate limiter, your own) can partition by route, project and model, and can refuse to resend a paid
/// image request blindly. Handlers that send the request to the network call <see cref="RecordAttempt"/> (the
/// client adds a handler that does) so that the cost record's <c>Retries</c> is real.
/// </summary>
public sealed class NanoBananaRequestMetadata
{
    private int _attempts;

    /// <summary>The key under <see cref="HttpRequestMessage.Options"/>.</summary>
    public static HttpRequestOptionsKey<NanoBananaRequestMetadata> Key { get; } = new("NanoBanana.Sdk.RequestMetadata");

    /// <summary>The route that sends the request.</summary>
    public ImageRoute Route { get; init; }

    /// <summary>The price lane the call is billed on.</summary>
    public PriceLane Lane { get; init; }

    /// <summary>The Google Cloud project whose quota the call uses, when configured.</summary>
    public string? ProjectId { get; init; }

    /// <summary>The catalog model id the request is for (after alias resolution), when it is a model call.</summary>
    public string? Model { get; init; }

    /// <summary>The provider's name on the provider route, else <see langword="null"/>.</summary>
    public string? Provider { get; init; }

    /// <summary>
    /// <see langword="true"/> when the request generates a billed image: once sent, resending it after a timeout, a
    /// connection lost mid-answer or an answer without an image may pay twice. Retry handlers should resend such a
    /// request only when the failure proves nothing was generated (a 429 per-minute limit, a 5xx answered before
    /// generation, a connection that was never made).
    /// </summary>
    public bool IsPaidGeneration { get; init; }

    /// <summary>How many images the request asks the service to generate (0 for a call that generates none), for an images-per-minute limit.</summary>
    public int ImageCount { get; init; }

    /// <summary>
    /// An estimate of the tokens the request counts against a tokens-per-minute limit: the prompt (about 4 characters a
    /// token), the input images and the output image tokens of the model and size; 0 when not estimated.
    /// </summary>
    public int EstimatedTokens { get; init; }

    /// <summary>Your own id for the request (<see cref="ImageRequest.ClientRequestId"/>), when set.</summary>
    public string? ClientRequestId { get; init; }

    /// <summary>How many times the request has been handed to the network so far.</summary>
    public int Attempts => Volatile.Read(ref _attempts);

    /// <summary>Counts one more attempt; called by the handler closest to the network for each send.</summary>
    public void RecordAttempt() => Interlocked.Increment(ref _attempts);

    /// <summary>Reads the metadata a NanoBanana client attached to <paramref name="request"/>.</summary>
    /// <param name="request">The request a handler is sending.</param>
    /// <param name="metadata">The metadata, when present.</param>
    /// <returns><see langword="true"/> when the request came from a NanoBanana client.</returns>
    public static bool TryGet(HttpRequestMessage request, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out NanoBananaRequestMetadata? metadata)
    {
        ArgumentNullException.ThrowIfNull(request);
        return request.Options.TryGetValue(Key, out metadata);
    }
}

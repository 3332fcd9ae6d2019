namespace NanoBanana.Sdk.Http;

/// <summary>
/// The one recipe for the primary handler every NanoBanana client sends through, used by the standalone
/// constructors (and by dependency injection as the primary handler): no redirects (.NET resends custom headers
/// such as <c>x-goog-api-key</c> to wherever a redirect points), pooled connections recycled every 5 minutes (DNS
/// changes), HTTP/2 keep-alive pings so a 4K call that sends nothing for minutes is not cut by an idle proxy, and no
/// <see cref="HttpClient.Timeout"/> of its own (the client's call timeout applies).
/// </summary>
/// <remarks>
/// Public so that <c>NanoBanana.Sdk.Extensions</c> (and hand-built <c>IHttpClientFactory</c> registrations) use the
/// very same handlers as the standalone clients.
/// </remarks>
public static class HttpClientRecipe
{
    /// <summary>Creates the primary handler every NanoBanana client sends through (see the class remarks).</summary>
    /// <returns>A new handler; the caller owns it.</returns>
    public static SocketsHttpHandler CreatePrimaryHandler() => new()
    {
        AllowAutoRedirect = false,
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        KeepAlivePingDelay = TimeSpan.FromSeconds(30),
        KeepAlivePingTimeout = TimeSpan.FromSeconds(15),
        KeepAlivePingPolicy = HttpKeepAlivePingPolicy.WithActiveRequests,
        ConnectTimeout = TimeSpan.FromSeconds(30),
    };

    /// <summary>
    /// Wraps <paramref name="inner"/> in the handler that counts every send of a NanoBanana request in its
    /// <see cref="NanoBananaRequestMetadata"/> (so retries show up in the cost record). Put it closest to the network,
    /// inside every retry handler: the SDK's dependency injection makes it part of the primary handler.
    /// </summary>
    /// <param name="inner">The handler that sends to the network, usually <see cref="CreatePrimaryHandler"/>.</param>
    /// <returns>The counting handler; disposing it disposes <paramref name="inner"/>.</returns>
    public static DelegatingHandler CountAttempts(HttpMessageHandler inner)
    {
        ArgumentNullException.ThrowIfNull(inner);
        return new AttemptCountingHandler(inner);
    }

    internal static HttpClient CreateClient() =>
        new(new AttemptCountingHandler(CreatePrimaryHandler()))
        {
            Timeout = System.Threading.Timeout.InfiniteTimeSpan,
        };
}

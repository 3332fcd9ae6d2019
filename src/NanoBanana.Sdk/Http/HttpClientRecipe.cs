namespace NanoBanana.Sdk.Http;

/// <summary>
/// The one recipe for the primary handler every NanoBanana client sends through, used by the standalone
/// constructors (and by dependency injection as the primary handler): no redirects (.NET resends custom headers
/// such as <c>x-goog-api-key</c> to wherever a redirect points), pooled connections recycled every 5 minutes (DNS
/// changes), HTTP/2 keep-alive pings so a 4K call that sends nothing for minutes is not cut by an idle proxy, and no
/// <see cref="HttpClient.Timeout"/> of its own (the client's call timeout applies).
/// </summary>
internal static class HttpClientRecipe
{
    public static SocketsHttpHandler CreatePrimaryHandler() => new()
    {
        AllowAutoRedirect = false,
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        KeepAlivePingDelay = TimeSpan.FromSeconds(30),
        KeepAlivePingTimeout = TimeSpan.FromSeconds(15),
        KeepAlivePingPolicy = HttpKeepAlivePingPolicy.WithActiveRequests,
        ConnectTimeout = TimeSpan.FromSeconds(30),
    };

    public static HttpClient CreateClient() =>
        new(new AttemptCountingHandler(CreatePrimaryHandler()))
        {
            Timeout = System.Threading.Timeout.InfiniteTimeSpan,
        };
}

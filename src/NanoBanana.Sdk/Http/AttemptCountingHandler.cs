using System.Diagnostics.CodeAnalysis;

namespace NanoBanana.Sdk.Http;

/// <summary>
/// The handler closest to the network: counts every send of a NanoBanana request in its
/// <see cref="NanoBananaRequestMetadata"/>, so retries made by handlers above it show up in the cost record.
/// </summary>
[SuppressMessage("Reliability", "CA2000:Dispose objects before losing scope", Justification = "The inner handler is owned by the HttpClient that owns this handler.")]
internal sealed class AttemptCountingHandler : DelegatingHandler
{
    public AttemptCountingHandler()
    {
    }

    public AttemptCountingHandler(HttpMessageHandler inner)
        : base(inner)
    {
    }

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (NanoBananaRequestMetadata.TryGet(request, out var metadata))
        {
            metadata.RecordAttempt();
        }

        return base.SendAsync(request, cancellationToken);
    }
}

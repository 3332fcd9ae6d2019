using NanoBanana.Sdk.Http;

namespace NanoBanana.Sdk.Extensions.Tests.Quota;

internal static class QuotaTestRequests
{
    /// <summary>A request as the official client sends it: its metadata names the project and model the limiter partitions on.</summary>
    public static HttpRequestMessage For(string project, string model = "gemini-3.1-flash-image", int tokens = 1200, ImageRoute route = ImageRoute.Official)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "https://generativelanguage.googleapis.com/v1beta/models/" + model + ":generateContent");
        request.Options.Set(NanoBananaRequestMetadata.Key, new NanoBananaRequestMetadata
        {
            Route = route,
            ProjectId = project,
            Model = model,
            IsPaidGeneration = route != ImageRoute.Batch,
            ImageCount = route == ImageRoute.Batch ? 0 : 1,
            EstimatedTokens = route == ImageRoute.Batch ? 0 : tokens,
        });
        return request;
    }

    public static TimeSpan RetryAfter(System.Threading.RateLimiting.RateLimitLease lease) =>
        lease.TryGetMetadata(System.Threading.RateLimiting.MetadataName.RetryAfter, out var wait) ? wait : throw new Xunit.Sdk.XunitException("a refused lease has no RetryAfter");
}

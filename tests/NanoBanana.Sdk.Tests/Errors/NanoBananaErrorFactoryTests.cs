using NanoBanana.Sdk.Errors;

namespace NanoBanana.Sdk.Tests.Errors;

/// <summary>The public factory users build exceptions with in their own tests runs the real classifier.</summary>
public sealed class NanoBananaErrorFactoryTests
{
    [Fact]
    public void FromResponse_classifies_like_the_clients()
    {
        var error = NanoBananaErrorFactory.FromResponse(
            429, ErrorKit.PerMinuteRateLimit("7s"), headers: [new("x-request-id", "r-1")]);

        var limited = Assert.IsType<RateLimitException>(error);
        Assert.Equal(TimeSpan.FromSeconds(7), limited.RetryAfter);
        Assert.Equal("r-1", limited.RequestId);
        Assert.Equal(Sdk.ModelCatalog.DefaultModelId, limited.Packet.RequestedModel);
    }

    [Fact]
    public void FromResponse_uses_the_route_and_model_given()
    {
        var error = NanoBananaErrorFactory.FromResponse(402, route: ImageRoute.Provider, model: "google/gemini-3-pro-image-preview");

        Assert.IsType<QuotaExhaustedException>(error);
        Assert.Equal(ImageRoute.Provider, error.Route);
        Assert.Equal("gemini-3-pro-image", error.Packet.ModelId);
        Assert.Equal(PriceLane.Provider, error.Packet.Lane);
    }

    [Fact]
    public void The_other_builders_return_their_types()
    {
        Assert.True(NanoBananaErrorFactory.Timeout(TimeSpan.FromMinutes(6)).IsTransient);
        Assert.Equal(ImageRoute.Batch, NanoBananaErrorFactory.TransportFailure(new HttpRequestException("reset"), ImageRoute.Batch).Route);
        Assert.True(NanoBananaErrorFactory.NoImage(NoImageReason.SafetyFinish, finishReason: "SAFETY", cost: ErrorKit.Cost(billable: true)).Billed);
        Assert.Equal("not JSON", NanoBananaErrorFactory.Malformed("not JSON").Detail);
    }
}

using NanoBanana.Sdk.Pricing;
using NSubstitute;

namespace NanoBanana.Sdk.Tests;

/// <summary>Users build results and cost records for their own fakes without knowing every member.</summary>
public sealed class ModelFactoryTests
{
    [Fact]
    public async Task A_substitute_client_returns_a_factory_built_result()
    {
        var client = Substitute.For<IOfficialImageClient>();
        var result = NanoBananaModelFactory.ImageGenerationResult(model: "gemini-3-pro-image", requestId: "req-1", latency: TimeSpan.FromSeconds(2));
        client.GenerateAsync(Arg.Any<ImageRequest>(), Arg.Any<CancellationToken>()).Returns(result);

        var answer = await client.GenerateAsync(new ImageRequest("p"));

        Assert.Same(result, answer);
        Assert.Equal("gemini-3-pro-image", answer.Model.ModelId);
        Assert.Equal("req-1", answer.RequestId);
        Assert.Equal(FinishKind.Completed, answer.FinishKind);
        Assert.Equal((1, 1), answer.Image.TryGetDimensions());
        Assert.Equal("gemini-3-pro-image", answer.Cost.ModelId);
        Assert.Equal(ImageRoute.Official, answer.Cost.Route);
    }

    [Fact]
    public void A_batch_item_has_no_latency_and_is_priced_on_the_batch_lane()
    {
        var item = NanoBananaModelFactory.ImageGenerationResult(route: ImageRoute.Batch);

        Assert.Null(item.Latency);
        Assert.Equal(PriceLane.GoogleBatch, item.Lane);
        Assert.Equal(PriceLane.GoogleBatch, item.Cost.Lane);
    }

    [Fact]
    public void A_cost_record_without_a_price_says_so()
    {
        var cost = NanoBananaModelFactory.CostRecord(route: ImageRoute.Provider, provider: "gw", billable: false, outcome: BillingOutcome.NotSent);

        Assert.Equal(PriceStatus.Missing, cost.PriceStatus);
        Assert.Equal(PriceLane.Provider, cost.Lane);
        Assert.Equal(0m, cost.EffectiveCostUsd);
    }
}

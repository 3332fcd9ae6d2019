using NanoBanana.Sdk.Models;
using NanoBanana.Sdk.Official;
using NanoBanana.Sdk.Pricing;

namespace NanoBanana.Sdk.Tests.Official.EndToEnd;

/// <summary>The real client against the emulator over loopback HTTP: generate and edit on both transports.</summary>
public sealed class OfficialGenerateEndToEndTests(OfficialEmulatorFixture fixture) : IClassFixture<OfficialEmulatorFixture>
{
    [Theory]
    [InlineData(OfficialTransport.Interactions, "POST /v1beta/interactions")]
    [InlineData(OfficialTransport.GenerateContent, "POST /v1beta/models/gemini-3-pro-image:generateContent")]
    public async Task Generate_ReturnsTheImageAtTheRequestedSize_WithUsageAndCost(OfficialTransport transport, string endpoint)
    {
        using var client = fixture.Client(transport);

        var result = await client.GenerateAsync(new ImageGenerationRequest("a banana in space")
        {
            Model = ImageModel.ProImageId,
            Size = ImageSize.TwoK,
            AspectRatio = AspectRatio.Landscape16x9,
        });

        var image = Assert.Single(result.Images);
        Assert.Equal("image/png", image.MimeType);
        Assert.Equal((2752, 1536), image.TryGetDimensions());
        Assert.Equal(endpoint, result.Endpoint);
        Assert.Equal("gemini-3-pro-image", result.ReturnedModel);
        Assert.False(string.IsNullOrEmpty(result.ResponseId));
        Assert.Equal(1120, result.Usage!.OutputImageTokens);
        Assert.Equal(PriceLane.GoogleStandard, result.Lane);
        Assert.Equal(BillingOutcome.Success, result.Cost.Outcome);
        Assert.Equal(0.1344m, result.Cost.EstimatedCostUsd);
        Assert.True(result.Latency > TimeSpan.Zero);
    }
}

using System.Text.Json;
using NanoBanana.Sdk.Pricing;

namespace NanoBanana.Sdk.Tests.Official.EndToEnd;

/// <summary>The real client against the emulator over loopback HTTP: generate, edit and multi-turn on both transports.</summary>
public sealed class OfficialGenerateEndToEndTests : IClassFixture<OfficialEmulatorFixture>
{
    private readonly OfficialEmulatorFixture _fixture;

    public OfficialGenerateEndToEndTests(OfficialEmulatorFixture fixture)
    {
        _fixture = fixture;
        fixture.Emulator.Faults.Clear();
    }

    [Theory]
    [InlineData(OfficialTransport.Interactions, "POST /v1beta/interactions")]
    [InlineData(OfficialTransport.GenerateContent, "POST /v1beta/models/gemini-3-pro-image:generateContent")]
    public async Task Generate_ReturnsTheImageAtTheRequestedSize_WithUsageAndCost(OfficialTransport transport, string endpoint)
    {
        using var client = _fixture.Client(transport);

        var result = await client.GenerateAsync(new ImageRequest("a banana in space")
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
        Assert.Empty(result.Warnings);
    }

    [Theory]
    [InlineData(OfficialTransport.Interactions)]
    [InlineData(OfficialTransport.GenerateContent)]
    public async Task DefaultsAndPromptOverload_UseTheOptionsModel_AndSendTheKeyOnlyInTheHeader(OfficialTransport transport)
    {
        using var client = _fixture.Client(transport);
        var before = _fixture.Emulator.Journal.Count;

        var result = await client.GenerateAsync("a banana in space");

        Assert.Equal(ImageModel.NanoBanana21Id, result.Model.ModelId);
        Assert.Equal((1024, 1024), result.Image.TryGetDimensions());
        var entry = Assert.Single(_fixture.Emulator.Journal.Entries.Skip(before));
        Assert.Equal(200, entry.Status);
        Assert.DoesNotContain("key=", entry.Path, StringComparison.OrdinalIgnoreCase);
        Assert.Equal("***", entry.Headers["x-goog-api-key"]);
        Assert.StartsWith("NanoBanana.Sdk/", entry.Headers["User-Agent"], StringComparison.Ordinal);
        Assert.StartsWith("nanobanana-sdk/", entry.Headers["x-goog-api-client"], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(OfficialTransport.Interactions)]
    [InlineData(OfficialTransport.GenerateContent)]
    public async Task Edit_WithTwoInputImages_IsAnEdit_AndTheOutputDependsOnTheInputs(OfficialTransport transport)
    {
        using var client = _fixture.Client(transport);
        var first = (await client.GenerateAsync(new ImageRequest("a cat") { Model = ImageModel.FlashImageId, Size = ImageSize.Size512 })).Image;
        var second = (await client.GenerateAsync(new ImageRequest("a sofa") { Model = ImageModel.FlashImageId, Size = ImageSize.Size512 })).Image;
        var inputs = new[] { ImageInput.FromBytes(first.Data, first.MimeType), ImageInput.FromBytes(second.Data, second.MimeType) };

        var edited = await client.EditAsync("put the cat on the sofa", inputs);
        await using var stream = new MemoryStream(first.Data.ToArray());
        var editedOther = await client.EditAsync("put the cat on the sofa", [await ImageInput.FromStreamAsync(stream, "image/png")]);

        Assert.Equal(ImageOperation.Edit, edited.Cost.Operation);
        Assert.NotNull(edited.Image.TryGetDimensions());
        Assert.NotEqual(edited.Image.Data.ToArray(), editedOther.Image.Data.ToArray());
    }

    [Fact]
    public async Task MultiTurnEdit_ContinuesTheStoredInteraction()
    {
        using var client = _fixture.Client(OfficialTransport.Interactions);
        var first = await client.GenerateAsync(new ImageRequest("a banana") { AspectRatio = AspectRatio.Square });

        var next = await client.GenerateAsync(new ImageRequest("now make it blue") { Google = new GoogleImageOptions { PreviousInteractionId = first.ResponseId } });

        Assert.Equal(ImageOperation.Edit, next.Cost.Operation);
        Assert.NotEqual(first.ResponseId, next.ResponseId);
        Assert.NotEqual(first.Image.Data.ToArray(), next.Image.Data.ToArray());
        using var body = JsonDocument.Parse(_fixture.Emulator.Journal.Entries[^1].Body);
        Assert.Equal(first.ResponseId, body.RootElement.GetProperty("previous_interaction_id").GetString());
    }

    [Theory]
    [InlineData(OfficialTransport.Interactions)]
    [InlineData(OfficialTransport.GenerateContent)]
    public async Task PriorityAndFlexTiers_AreSentAndPricedOnTheirLanes(OfficialTransport transport)
    {
        using var client = _fixture.Client(transport, o => o.ServiceTier = ServiceTier.Priority);

        var priority = await client.GenerateAsync(new ImageRequest("p") { Model = ImageModel.LegacyFlashImageId });
        var flex = await client.GenerateAsync(new ImageRequest("p") { Model = ImageModel.ProImageId, Google = new GoogleImageOptions { ServiceTier = ServiceTier.Flex } });

        Assert.Equal(PriceLane.GooglePriority, priority.Lane);
        Assert.Equal(PriceLane.GooglePriority, priority.Cost.Lane);
        Assert.Equal(PriceLane.GoogleFlex, flex.Cost.Lane);
        Assert.Equal("priority", priority.Usage!.ServiceTier);
        Assert.Equal("flex", flex.Usage!.ServiceTier);
        Assert.Equal(PriceLane.GoogleFlex, flex.Cost.UsageCost!.Lane);
        Assert.Equal(0.0672m, flex.Cost.UsageCost.ImageCostUsd);
        var bodies = _fixture.Emulator.Journal.Entries.TakeLast(2).Select(e => e.Body).ToArray();
        Assert.Contains("\"priority\"", bodies[0], StringComparison.Ordinal);
        Assert.Contains("\"flex\"", bodies[1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task SavedImage_IsTheDecodedFile()
    {
        using var client = _fixture.Client(OfficialTransport.GenerateContent);
        var result = await client.GenerateAsync("a banana");
        var path = Path.Combine(Path.GetTempPath(), $"nanobanana-e2e-{Guid.NewGuid():N}{result.Image.FileExtension}");

        try
        {
            await result.Image.SaveAsync(path);
            Assert.Equal(result.Image.Data.ToArray(), await File.ReadAllBytesAsync(path));
        }
        finally
        {
            File.Delete(path);
        }
    }
}

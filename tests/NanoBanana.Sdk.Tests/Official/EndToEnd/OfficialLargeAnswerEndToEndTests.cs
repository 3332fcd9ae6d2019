using System.Runtime.InteropServices;
using NanoBanana.Sdk.Emulator;
using NanoBanana.Sdk.Errors;

namespace NanoBanana.Sdk.Tests.Official.EndToEnd;

/// <summary>An emulator serving realistic-size answers: a 4K PNG of incompressible noise is tens of megabytes.</summary>
public sealed class RealisticEmulatorFixture : IAsyncLifetime
{
    public NanoBananaEmulator Emulator { get; private set; } = null!;

    public async Task InitializeAsync() =>
        Emulator = await NanoBananaEmulator.StartAsync(new NanoBananaEmulatorOptions { PayloadProfile = PayloadProfile.Realistic }, CancellationToken.None);

    public async Task DisposeAsync() => await Emulator.DisposeAsync();

    public OfficialImageClient Client(OfficialTransport transport, Action<OfficialImageClientOptions>? configure = null)
    {
        var options = new OfficialImageClientOptions
        {
            ApiKey = OfficialEmulatorFixture.Key,
            BaseUrl = Emulator.BaseAddress,
            Transport = transport,
            EnvironmentVariables = _ => null,
        };
        configure?.Invoke(options);
        return new OfficialImageClient(options);
    }
}

/// <summary>A real 4K answer through the client: decoded once into one buffer, priced as 4K, bounded by the size limit.</summary>
public sealed class OfficialLargeAnswerEndToEndTests(RealisticEmulatorFixture fixture) : IClassFixture<RealisticEmulatorFixture>
{
    [Theory]
    [InlineData(OfficialTransport.Interactions)]
    [InlineData(OfficialTransport.GenerateContent)]
    public async Task FourKAnswer_IsDecodedOnceIntoOneBuffer_AndPricedAsFourK(OfficialTransport transport)
    {
        using var client = fixture.Client(transport);

        var result = await client.GenerateAsync(new ImageRequest("a 4K banana")
        {
            Model = ImageModel.ProImageId,
            Size = ImageSize.FourK,
            AspectRatio = AspectRatio.Landscape16x9,
        });

        var image = Assert.Single(result.Images);
        Assert.Equal((5504, 3072), image.TryGetDimensions());
        Assert.InRange(image.Data.Length, 40_000_000, OfficialImageClientOptions.DefaultMaxImageBytes);

        // The image is a slice of the one decode buffer sized from Content-Length; only the skipped thought image
        // (a quarter-size interim) and the JSON around the image make that buffer larger than the image.
        Assert.True(MemoryMarshal.TryGetArray(image.Data, out var segment));
        Assert.InRange(segment.Array!.Length, image.Data.Length, (long)(image.Data.Length * 1.02));

        Assert.Equal(2000, result.Usage!.OutputImageTokens);
        Assert.Equal(ImageSize.FourK, result.Cost.Size);
        Assert.Equal(0.24m, result.Cost.EstimatedCostUsd);
    }

    [Fact]
    public async Task FourKAnswer_OverTheConfiguredLimit_IsMalformed_WithoutBufferingIt()
    {
        using var client = fixture.Client(OfficialTransport.GenerateContent, o => o.MaxImageBytes = 8 * 1024 * 1024);

        var error = await Assert.ThrowsAsync<MalformedResponseException>(() =>
            client.GenerateAsync(new ImageRequest("a 4K banana") { Model = ImageModel.ProImageId, Size = ImageSize.FourK }));

        Assert.Equal(ErrorOwner.RequestAndParser, error.LikelyOwner);
        Assert.Contains("maximum image size", error.NextMove, StringComparison.Ordinal);
        Assert.Equal(200, error.StatusCode);
    }
}

using NanoBanana.Sdk;

namespace QuickStart;

/// <summary>
/// The README's plain example, compiled here so it cannot rot: tests/QuickStart.Tests checks that the README shows
/// exactly the region between the <c>readme:plain</c> markers, and runs it against the emulator. (The DI example's
/// region is in samples/DependencyInjection/Program.cs.)
/// </summary>
internal static class ReadmeExample
{
    public static async Task<ImageGenerationResult> PlainAsync(string apiKey, Uri baseUrl, CancellationToken ct)
    {
        // <readme:plain>
        using var client = new OfficialImageClient(new OfficialImageClientOptions
        {
            ApiKey = apiKey,   // leave out to read GEMINI_API_KEY (then GOOGLE_API_KEY)
            BaseUrl = baseUrl, // leave out for Google's endpoint; an emulator's BaseAddress in tests
        });
        var result = await client.GenerateAsync(
            new ImageRequest("A ripe banana on a desk") { Size = ImageSize.TwoK, AspectRatio = AspectRatio.Landscape16x9 }, ct);
        await result.Image.SaveAsync("banana" + result.Image.FileExtension, ct);
        Console.WriteLine($"{result.ReturnedModel}: {result.Cost.EstimatedCostUsd} USD, request {result.RequestId}");
        // </readme:plain>
        return result;
    }
}

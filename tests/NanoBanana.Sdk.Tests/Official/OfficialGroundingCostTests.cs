using NanoBanana.Sdk.Errors;
using NanoBanana.Sdk.Pricing;
using RichardSzalay.MockHttp;
using static NanoBanana.Sdk.Tests.Official.OfficialTestKit;

namespace NanoBanana.Sdk.Tests.Official;

/// <summary>Search queries a grounded answer reports go into the cost record (SPEC §3: grounding is charged per query).</summary>
public sealed class OfficialGroundingCostTests
{
    private static readonly PriceRow Grounding = Pricing.CostCalculatorTests.Grounding;

    private static string GroundedGenerateContent(byte[] image, int queries) =>
        GenerateContentAnswer(image).Replace(
            "\"index\": 0",
            $$$"""
            "index": 0, "groundingMetadata": { "webSearchQueries": [{{{string.Join(",", Enumerable.Range(1, queries).Select(i => $"\"banana {i}\""))}}}] }
            """,
            StringComparison.Ordinal);

    private static async Task<ImageGenerationResult> GenerateAsync(string answer, OfficialTransport transport, PricingCatalog? pricing = null, bool search = true)
    {
        using var handler = new MockHttpMessageHandler();
        handler.When("*").Respond(_ => Json(answer));
        using var client = Client(handler, transport, o => o.Pricing = pricing ?? PricingCatalog.Default);
        return await client.GenerateAsync(new ImageRequest("p") { Model = ImageModel.ProImageId, Google = new GoogleImageOptions { UseGoogleSearch = search } });
    }

    [Fact]
    public async Task GroundedAnswer_CountsItsQueries_AndPricesThemOnTopOfTheImage()
    {
        var image = Png(8, 8);
        var catalog = PricingCatalog.Default.WithRow(Grounding);

        var ungrounded = await GenerateAsync(GenerateContentAnswer(image), OfficialTransport.GenerateContent, catalog, search: false);
        var grounded = await GenerateAsync(GroundedGenerateContent(image, 2), OfficialTransport.GenerateContent, catalog);

        Assert.Equal(0, ungrounded.Cost.GroundingQueries);
        Assert.Equal(2, grounded.Cost.GroundingQueries);
        Assert.NotNull(ungrounded.Cost.EstimatedCostUsd);
        Assert.Equal(ungrounded.Cost.EstimatedCostUsd + (2 * 0.014m), grounded.Cost.EstimatedCostUsd);
        Assert.Equal(PriceStatus.Found, grounded.Cost.PriceStatus);
        Assert.Contains("Grounding: 2 × $0.014 = $0.028", grounded.Cost.PriceNote, StringComparison.Ordinal);
        Assert.DoesNotContain(grounded.Warnings, w => w.Contains("Google Search", StringComparison.Ordinal));
    }

    [Fact]
    public async Task GroundedAnswer_WithoutAGroundingPrice_IsUnknownNotTheImagePrice()
    {
        var result = await GenerateAsync(GroundedGenerateContent(Png(8, 8), 2), OfficialTransport.GenerateContent);

        Assert.Equal(2, result.Cost.GroundingQueries);
        Assert.Null(result.Cost.EstimatedCostUsd);
        Assert.Equal(PriceStatus.Missing, result.Cost.PriceStatus);
        Assert.Contains("2 search queries are charged on top of the image, but there is no price for them", result.Cost.PriceNote, StringComparison.Ordinal);
        Assert.NotNull(result.Cost.Alert);
    }

    [Fact]
    public async Task InteractionGoogleSearchCalls_AreCounted()
    {
        var answer = InteractionAnswer(Png(8, 8)).Replace(
            "\"steps\": [",
            """
            "steps": [ { "type": "google_search_call", "id": "s1", "arguments": { "queries": ["banana", "ripe banana"] } },
              { "type": "google_search_result", "call_id": "s1", "result": [] },
            """,
            StringComparison.Ordinal);

        var result = await GenerateAsync(answer, OfficialTransport.Interactions, PricingCatalog.Default.WithRow(Grounding));

        Assert.Equal(2, result.Cost.GroundingQueries);
        Assert.Contains("Grounding: 2 × $0.014", result.Cost.PriceNote, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GroundedAnswer_ReportingNoQueries_KeepsTheWarning()
    {
        var result = await GenerateAsync(GenerateContentAnswer(Png(8, 8)), OfficialTransport.GenerateContent);

        Assert.Equal(0, result.Cost.GroundingQueries);
        Assert.Contains(result.Warnings, w => w.Contains("Google Search grounding is on", StringComparison.Ordinal));
    }

    [Fact]
    public async Task NoImageAnswer_StillRecordsTheQueries()
    {
        const string answer = """
            {"candidates":[{"content":{"parts":[{"text":"I searched but drew nothing."}]},"finishReason":"STOP",
              "groundingMetadata":{"webSearchQueries":["a","b","c"]}}]}
            """;

        var ex = await Assert.ThrowsAnyAsync<NanoBananaException>(() => GenerateAsync(answer, OfficialTransport.GenerateContent, PricingCatalog.Default.WithRow(Grounding)));

        Assert.Equal(3, ex.Cost!.GroundingQueries);
        Assert.Contains("Grounding: 3 × $0.014", ex.Cost.PriceNote, StringComparison.Ordinal);
    }
}

using NanoBanana.Sdk.Pricing;

namespace NanoBanana.Sdk.Tests.Pricing;

public class SeedPricesTests
{
    private static readonly DateTimeOffset CheckDay = new(2026, 11, 23, 8, 0, 0, TimeSpan.Zero);

    // Every seed row (MODELS.md §5a): lane, provider, model, size (null = any), operation (null = both), unit, price, checked.
    public static TheoryData<PriceLane, string?, string, string?, ImageOperation?, PriceUnit, decimal, string> SeedRows => new()
    {
        { PriceLane.GoogleStandard, null, "gemini-3.1-flash-lite-image", null, null, PriceUnit.PerMillionOutputImageTokens, 30m, "2026-10-08" },
        { PriceLane.GoogleStandard, null, "gemini-3.1-flash-lite-image", null, null, PriceUnit.PerMillionInputTokens, 0.25m, "2026-10-08" },
        { PriceLane.GoogleStandard, null, "gemini-3.1-flash-lite-image", null, null, PriceUnit.PerMillionOutputTextTokens, 1.50m, "2026-10-08" },
        { PriceLane.GoogleBatch, null, "gemini-3.1-flash-lite-image", null, null, PriceUnit.PerMillionOutputImageTokens, 15m, "2026-10-08" },
        { PriceLane.GoogleStandard, null, "gemini-3.1-flash-image", null, null, PriceUnit.PerMillionOutputImageTokens, 60m, "2026-10-08" },
        { PriceLane.GoogleStandard, null, "gemini-3.1-flash-image", null, null, PriceUnit.PerMillionInputTokens, 0.50m, "2026-09-05" },
        { PriceLane.GoogleStandard, null, "gemini-3.1-flash-image", null, null, PriceUnit.PerMillionOutputTextTokens, 3.00m, "2026-09-05" },
        { PriceLane.GoogleBatch, null, "gemini-3.1-flash-image", null, null, PriceUnit.PerMillionOutputImageTokens, 30m, "2026-10-08" },
        { PriceLane.GoogleBatch, null, "gemini-3.1-flash-image", null, null, PriceUnit.PerMillionInputTokens, 0.25m, "2026-09-05" },
        { PriceLane.GoogleBatch, null, "gemini-3.1-flash-image", null, null, PriceUnit.PerMillionOutputTextTokens, 1.50m, "2026-09-05" },
        { PriceLane.GoogleStandard, null, "gemini-nano-banana-2.1", null, null, PriceUnit.PerMillionOutputImageTokens, 30m, "2026-10-08" },
        { PriceLane.GoogleStandard, null, "gemini-nano-banana-2.1", null, null, PriceUnit.PerMillionInputTokens, 1.50m, "2026-09-23" },
        { PriceLane.GoogleStandard, null, "gemini-nano-banana-2.1", null, null, PriceUnit.PerMillionOutputTextTokens, 7.50m, "2026-09-23" },
        { PriceLane.GoogleBatch, null, "gemini-nano-banana-2.1", null, null, PriceUnit.PerMillionOutputImageTokens, 15m, "2026-10-08" },
        { PriceLane.GoogleStandard, null, "gemini-3-pro-image", null, null, PriceUnit.PerMillionOutputImageTokens, 120m, "2026-10-08" },
        { PriceLane.GoogleStandard, null, "gemini-3-pro-image", null, null, PriceUnit.PerMillionInputTokens, 2.00m, "2026-10-08" },
        { PriceLane.GoogleStandard, null, "gemini-3-pro-image", null, null, PriceUnit.PerMillionOutputTextTokens, 12.00m, "2026-10-08" },
        { PriceLane.GoogleBatch, null, "gemini-3-pro-image", null, null, PriceUnit.PerMillionOutputImageTokens, 60m, "2026-10-08" },
        { PriceLane.GoogleBatch, null, "gemini-3-pro-image", null, null, PriceUnit.PerMillionInputTokens, 1.00m, "2026-10-08" },
        { PriceLane.GoogleBatch, null, "gemini-3-pro-image", null, null, PriceUnit.PerMillionOutputTextTokens, 6.00m, "2026-10-08" },
        { PriceLane.GoogleFlex, null, "gemini-3-pro-image", null, null, PriceUnit.PerMillionOutputImageTokens, 60m, "2026-10-08" },
        { PriceLane.GoogleStandard, null, "gemini-2.5-flash-image", null, null, PriceUnit.PerMillionOutputImageTokens, 30m, "2026-10-08" },
        { PriceLane.GoogleStandard, null, "gemini-2.5-flash-image", null, null, PriceUnit.PerMillionInputTokens, 0.30m, "2026-10-08" },
        { PriceLane.GoogleBatch, null, "gemini-2.5-flash-image", null, null, PriceUnit.PerMillionOutputImageTokens, 15m, "2026-10-08" },
        { PriceLane.GoogleBatch, null, "gemini-2.5-flash-image", null, null, PriceUnit.PerMillionInputTokens, 0.15m, "2026-10-08" },
        { PriceLane.GoogleFlex, null, "gemini-2.5-flash-image", null, null, PriceUnit.PerMillionOutputImageTokens, 15m, "2026-10-08" },
        { PriceLane.GooglePriority, null, "gemini-2.5-flash-image", null, null, PriceUnit.PerMillionOutputImageTokens, 54m, "2026-10-08" },
        { PriceLane.Provider, "laozhang.ai", "gemini-3-pro-image", null, ImageOperation.Generate, PriceUnit.PerImage, 0.09m, "2026-07-01" },
        { PriceLane.Provider, "laozhang.ai", "gemini-3-pro-image", null, ImageOperation.Edit, PriceUnit.PerImage, 0.09m, "2026-07-01" },
        { PriceLane.Provider, "laozhang.ai", "gemini-2.5-flash-image", null, null, PriceUnit.PerImage, 0.02m, "2026-10-01" },
        { PriceLane.Provider, "laozhang.ai", "gemini-3.1-flash-lite-image", null, null, PriceUnit.PerImage, 0.025m, "2026-10-01" },
        { PriceLane.Provider, "laozhang.ai", "gemini-3.1-flash-image", null, null, PriceUnit.PerImage, 0.055m, "2026-10-01" },
    };

    [Theory]
    [MemberData(nameof(SeedRows))]
    public void Every_seed_row_is_found_with_its_price_source_and_date(
        PriceLane lane, string? provider, string modelId, string? size, ImageOperation? operation, PriceUnit unit, decimal price, string checkedOn)
    {
        // A row for "any size" or "both operations" must answer every concrete size and operation it covers.
        var sizes = size is null ? ImageSize.All : [ImageSize.Parse(size)];
        var operations = operation is { } op ? [op] : new[] { ImageOperation.Generate, ImageOperation.Edit };
        foreach (var s in sizes)
        {
            foreach (var o in operations)
            {
                var lookup = PricingCatalog.Default.Lookup(new PriceQuery { ModelId = modelId, Lane = lane, Size = s, Operation = o, Provider = provider, Unit = unit }, CheckDay);

                Assert.Equal(PriceStatus.Found, lookup.Status);
                var row = Assert.IsType<PriceRow>(lookup.Row);
                Assert.Equal(price, row.UnitPriceUsd);
                Assert.Equal(DateOnly.Parse(checkedOn, System.Globalization.CultureInfo.InvariantCulture), row.CheckedOn);
                Assert.False(string.IsNullOrWhiteSpace(row.Source));
                Assert.Equal(lane, row.Lane);
                Assert.Equal(provider, row.Provider);
                Assert.Equal(unit, row.Unit);
                Assert.Contains(row.Source, lookup.Message, StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public void The_default_catalog_holds_exactly_the_seed_rows_above()
    {
        var all = PricingCatalog.Default.Google.Rows.Concat(PricingCatalog.Default.Providers.Values.SelectMany(t => t.Rows)).ToList();

        Assert.Equal(SeedRows.Count(), all.Count);
        foreach (var row in all)
        {
            Assert.Contains(SeedRows, data =>
                (PriceLane)data[0] == row.Lane && (string?)data[1] == row.Provider && (string)data[2] == row.ModelId
                && (string?)data[3] == row.Size?.Value && (ImageOperation?)data[4] == row.Operation && (PriceUnit)data[5] == row.Unit
                && (decimal)data[6] == row.UnitPriceUsd);
        }
    }

    [Fact]
    public void Seed_sources_are_honest_about_origin_and_approximation()
    {
        var google = PricingCatalog.Default.Google.Rows;
        Assert.All(google, r => Assert.DoesNotContain("SPEC", r.Source, StringComparison.Ordinal));
        Assert.All(google.Where(r => r.ModelId != ImageModel.NanoBanana21Id || r.Unit == PriceUnit.PerMillionOutputImageTokens),
            r => Assert.StartsWith("https://ai.google.dev/gemini-api/docs/pricing", r.Source, StringComparison.Ordinal));
        Assert.Contains("conflicting sources (C1)", google.Single(r => r.ModelId == ImageModel.FlashImageId && r.Unit == PriceUnit.PerMillionInputTokens && r.Lane == PriceLane.GoogleStandard).Source, StringComparison.Ordinal);
        Assert.Contains("$0.0702", google.Single(r => r.Lane == PriceLane.GooglePriority).Source, StringComparison.Ordinal);

        var provider = Assert.Single(PricingCatalog.Default.Providers).Value;
        Assert.Equal("laozhang.ai", provider.Provider);
        Assert.All(provider.Rows, r => Assert.StartsWith("https://docs.laozhang.ai", r.Source, StringComparison.Ordinal));
        Assert.All(provider.Rows, r => Assert.Equal(PriceLane.Provider, r.Lane));
    }

    [Fact]
    public void Default_catalog_has_no_maximum_age_and_knows_the_laozhang_failed_call_rule()
    {
        Assert.Null(PricingCatalog.Default.MaxPriceAge);
        Assert.Same(FailedCallRule.LaozhangAi, PricingCatalog.Default.GetFailedCallRule(PriceLane.Provider, "LAOZHANG.AI"));
        Assert.Same(FailedCallRule.Google, PricingCatalog.Default.GetFailedCallRule(PriceLane.GoogleBatch, null));
        Assert.Same(FailedCallRule.UnprovenProvider, PricingCatalog.Default.GetFailedCallRule(PriceLane.Provider, "other-gateway"));
    }
}

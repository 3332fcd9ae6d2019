using NanoBanana.Sdk.Pricing;

namespace NanoBanana.Sdk.Tests.Pricing;

public class SeedPricesTests
{
    private static readonly DateTimeOffset CheckDay = new(2026, 11, 23, 8, 0, 0, TimeSpan.Zero);

    // Every seed row of SPEC §3: lane, provider, model, size (null = any), operation (null = both), unit, price, checked.
    public static TheoryData<PriceLane, string?, string, string?, ImageOperation?, PriceUnit, decimal, string> SeedRows => new()
    {
        { PriceLane.GoogleStandard, null, "gemini-3-pro-image", "1K", null, PriceUnit.PerImage, 0.134m, "2026-07-01" },
        { PriceLane.GoogleStandard, null, "gemini-3-pro-image", "2K", null, PriceUnit.PerImage, 0.134m, "2026-07-01" },
        { PriceLane.GoogleStandard, null, "gemini-3-pro-image", "4K", null, PriceUnit.PerImage, 0.24m, "2026-07-01" },
        { PriceLane.GoogleBatch, null, "gemini-3-pro-image", "1K", null, PriceUnit.PerImage, 0.067m, "2026-07-01" },
        { PriceLane.GoogleBatch, null, "gemini-3-pro-image", "2K", null, PriceUnit.PerImage, 0.067m, "2026-07-01" },
        { PriceLane.GoogleBatch, null, "gemini-3-pro-image", "4K", null, PriceUnit.PerImage, 0.12m, "2026-07-01" },
        { PriceLane.GoogleFlex, null, "gemini-3-pro-image", "1K", null, PriceUnit.PerImage, 0.067m, "2026-07-01" },
        { PriceLane.GoogleFlex, null, "gemini-3-pro-image", "2K", null, PriceUnit.PerImage, 0.067m, "2026-07-01" },
        { PriceLane.GoogleFlex, null, "gemini-3-pro-image", "4K", null, PriceUnit.PerImage, 0.12m, "2026-07-01" },
        { PriceLane.GoogleStandard, null, "gemini-3-pro-image", null, null, PriceUnit.PerMillionOutputImageTokens, 120m, "2026-07-01" },
        { PriceLane.GoogleStandard, null, "gemini-2.5-flash-image", null, null, PriceUnit.PerImage, 0.039m, "2026-07-01" },
        { PriceLane.GoogleStandard, null, "gemini-3.1-flash-image", null, null, PriceUnit.PerImage, 0.045m, "2026-07-01" },
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
                var lookup = PricingCatalog.Default.Lookup(new PriceQuery(modelId, lane, s, o, provider, unit), CheckDay);

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
        Assert.All(google, r => Assert.Contains("SPEC §3", r.Source, StringComparison.Ordinal));
        Assert.Contains("about $0.045", google.Single(r => r.ModelId == ImageModel.FlashImageId).Source, StringComparison.Ordinal);
        Assert.Contains("Batch/Flex", google.First(r => r.Lane == PriceLane.GoogleFlex).Source, StringComparison.Ordinal);

        var provider = Assert.Single(PricingCatalog.Default.Providers).Value;
        Assert.Equal("laozhang.ai", provider.Provider);
        Assert.All(provider.Rows, r => Assert.StartsWith("laozhang.ai", r.Source, StringComparison.Ordinal));
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

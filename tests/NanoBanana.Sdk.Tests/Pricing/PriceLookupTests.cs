using NanoBanana.Sdk.Pricing;

namespace NanoBanana.Sdk.Tests.Pricing;

public class PriceLookupTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 8, 0, 0, TimeSpan.Zero);

    private static PriceRow Row(string model = "m", PriceLane lane = PriceLane.GoogleStandard, string? provider = null, ImageSize? size = null,
        ImageOperation? operation = null, decimal price = 1m, PriceUnit unit = PriceUnit.PerImage, DateOnly? checkedOn = null) => new()
    {
        ModelId = model,
        Lane = lane,
        Provider = provider,
        Size = size,
        Operation = operation,
        Unit = unit,
        UnitPriceUsd = price,
        Source = "test",
        CheckedOn = checkedOn ?? new DateOnly(2026, 11, 1),
    };

    [Fact]
    public void Flash_lite_has_no_Google_Flex_price_so_the_lookup_is_Missing_not_zero()
    {
        var lookup = PricingCatalog.Default.Lookup(
            new PriceQuery { ModelId = ImageModel.FlashLiteImageId, Lane = PriceLane.GoogleFlex, Size = ImageSize.OneK, Operation = ImageOperation.Generate }, Now);

        Assert.Equal(PriceStatus.Missing, lookup.Status);
        Assert.Null(lookup.Row);
        Assert.Null(lookup.UnitPriceUsd);
        Assert.Contains("No Google Flex price for model 'gemini-3.1-flash-lite-image' at 1K", lookup.Message, StringComparison.Ordinal);
        Assert.Contains("PricingCatalog.WithRow or configuration NanoBanana:Pricing:Rows", lookup.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Flash_lite_provider_price_is_never_used_for_a_Google_lane()
    {
        // laozhang.ai has a flash-lite row ($0.025); the Google lanes must not see it.
        var catalog = PricingCatalog.Empty.WithRows(PricingCatalog.Default.Providers["laozhang.ai"].Rows);
        foreach (var lane in new[] { PriceLane.GoogleStandard, PriceLane.GooglePriority, PriceLane.GoogleBatch, PriceLane.GoogleFlex })
        {
            var lookup = catalog.Lookup(new PriceQuery { ModelId = ImageModel.FlashLiteImageId, Lane = lane, Size = ImageSize.OneK, Operation = ImageOperation.Generate }, Now);
            Assert.Equal(PriceStatus.Missing, lookup.Status);
            Assert.Contains("The Google table has no rows for this model", lookup.Message, StringComparison.Ordinal);
        }

        Assert.Equal(0.0336m, PricingCatalog.Default.Lookup(new PriceQuery { ModelId = ImageModel.FlashLiteImageId, Lane = PriceLane.GoogleStandard, Size = ImageSize.OneK, Operation = ImageOperation.Generate }, Now).UnitPriceUsd);
    }

    [Fact]
    public void Unknown_model_is_Missing_with_a_message()
    {
        var resolution = ModelCatalog.Default.Resolve("imagen-9-ultra");
        var lookup = PricingCatalog.Default.Lookup(
            new PriceQuery { ModelId = resolution.ModelId, Lane = PriceLane.GoogleStandard, Size = ImageSize.TwoK, Operation = ImageOperation.Edit }, Now);

        Assert.Equal(PriceStatus.Missing, lookup.Status);
        Assert.Contains("'imagen-9-ultra' at 2K (edit, per image)", lookup.Message, StringComparison.Ordinal);
        Assert.Contains("no rows for this model", lookup.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_provider_is_Missing_and_names_the_providers_that_have_prices()
    {
        var lookup = PricingCatalog.Default.Lookup(
            new PriceQuery { ModelId = ImageModel.ProImageId, Lane = PriceLane.Provider, Size = ImageSize.OneK, Operation = ImageOperation.Generate, Provider = "openrouter" }, Now);

        Assert.Equal(PriceStatus.Missing, lookup.Status);
        Assert.Contains("No price table for provider 'openrouter'", lookup.Message, StringComparison.Ordinal);
        Assert.Contains("laozhang.ai", lookup.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(PriceLane.GooglePriority, "1K")] // no Priority price in the sources
    [InlineData(PriceLane.GoogleStandard, "512")] // no 512 row for Pro
    public void Lanes_and_sizes_without_a_row_are_Missing(PriceLane lane, string size)
    {
        var lookup = PricingCatalog.Default.Lookup(new PriceQuery { ModelId = ImageModel.ProImageId, Lane = lane, Size = ImageSize.Parse(size), Operation = ImageOperation.Generate }, Now);
        Assert.Equal(PriceStatus.Missing, lookup.Status);
        Assert.Null(lookup.Row);
    }

    [Fact]
    public void No_grounding_price_is_seeded()
    {
        var lookup = PricingCatalog.Default.Lookup(
            new PriceQuery { ModelId = ImageModel.ProImageId, Lane = PriceLane.GoogleStandard, Size = ImageSize.OneK, Operation = ImageOperation.Generate, Unit = PriceUnit.PerGroundingQuery }, Now);
        Assert.Equal(PriceStatus.Missing, lookup.Status);
        Assert.Contains("per grounding query", lookup.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Exact_size_beats_any_size_and_exact_operation_beats_both()
    {
        var catalog = PricingCatalog.Empty.WithRows(
        [
            Row(price: 1m),
            Row(operation: ImageOperation.Edit, price: 2m),
            Row(size: ImageSize.FourK, price: 3m),
            Row(size: ImageSize.FourK, operation: ImageOperation.Edit, price: 4m),
        ]);

        decimal? Price(ImageSize size, ImageOperation op) =>
            catalog.Lookup(new PriceQuery { ModelId = "M", Lane = PriceLane.GoogleStandard, Size = size, Operation = op }, Now).UnitPriceUsd;

        Assert.Equal(1m, Price(ImageSize.OneK, ImageOperation.Generate));
        Assert.Equal(2m, Price(ImageSize.OneK, ImageOperation.Edit));
        Assert.Equal(3m, Price(ImageSize.FourK, ImageOperation.Generate));
        Assert.Equal(4m, Price(ImageSize.FourK, ImageOperation.Edit));
    }

    [Fact]
    public void Exact_size_with_any_operation_beats_any_size_with_exact_operation()
    {
        var catalog = PricingCatalog.Empty.WithRows([Row(operation: ImageOperation.Edit, price: 2m), Row(size: ImageSize.FourK, price: 3m)]);
        var lookup = catalog.Lookup(new PriceQuery { ModelId = "m", Lane = PriceLane.GoogleStandard, Size = ImageSize.FourK, Operation = ImageOperation.Edit }, Now);
        Assert.Equal(3m, lookup.UnitPriceUsd);
    }

    [Fact]
    public void Stale_rows_are_marked_with_their_age_and_the_maximum()
    {
        var catalog = PricingCatalog.Default.WithMaxPriceAge(TimeSpan.FromDays(30));
        var query = new PriceQuery { ModelId = ImageModel.ProImageId, Lane = PriceLane.GoogleStandard, Size = ImageSize.FourK, Operation = ImageOperation.Generate };

        var lookup = catalog.Lookup(query, Now);

        Assert.Equal(PriceStatus.Stale, lookup.Status);
        Assert.Equal(0.24m, lookup.UnitPriceUsd); // a stale price is still a price: flagged, not dropped
        Assert.Contains("row checked 2026-10-08 is 46 days old (max 30)", lookup.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_row_exactly_at_the_maximum_age_is_not_stale_and_one_day_later_it_is()
    {
        var catalog = PricingCatalog.Default.WithMaxPriceAge(TimeSpan.FromDays(90));
        var query = new PriceQuery { ModelId = ImageModel.ProImageId, Lane = PriceLane.GoogleBatch, Size = ImageSize.OneK, Operation = ImageOperation.Generate };

        // The seed row was checked on 2026-10-08.
        Assert.Equal(PriceStatus.Found, catalog.Lookup(query, new DateTimeOffset(2027, 1, 6, 23, 59, 0, TimeSpan.Zero)).Status);
        Assert.Equal(PriceStatus.Stale, catalog.Lookup(query, new DateTimeOffset(2027, 1, 7, 0, 0, 0, TimeSpan.Zero)).Status);
    }

    [Fact]
    public void Without_a_maximum_age_old_rows_stay_Found()
    {
        var lookup = PricingCatalog.Default.Lookup(
            new PriceQuery { ModelId = ImageModel.ProImageId, Lane = PriceLane.GoogleStandard, Size = ImageSize.OneK, Operation = ImageOperation.Generate }, new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero));
        Assert.Equal(PriceStatus.Found, lookup.Status);
    }

    [Fact]
    public void Negative_maximum_age_is_rejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>("maxPriceAge", () => PricingCatalog.Default.WithMaxPriceAge(TimeSpan.FromDays(-1)));
        Assert.Null(PricingCatalog.Default.WithMaxPriceAge(TimeSpan.FromDays(30)).WithMaxPriceAge(null).MaxPriceAge);
    }

    [Fact]
    public void Overriding_a_seed_row_from_code_replaces_it_and_leaves_the_default_unchanged()
    {
        var cheaper = PricingCatalog.Default.Google.Find(ImageModel.ProImageId, PriceLane.GoogleStandard, ImageSize.FourK, ImageOperation.Generate, PriceUnit.PerMillionOutputImageTokens)!
            with { UnitPriceUsd = 100m, Source = "our contract", CheckedOn = new DateOnly(2026, 11, 20) };

        var catalog = PricingCatalog.Default.WithRow(cheaper);
        var query = new PriceQuery { ModelId = ImageModel.ProImageId, Lane = PriceLane.GoogleStandard, Size = ImageSize.FourK, Operation = ImageOperation.Generate };

        // One token row covers every size: 2,000 tokens × $100/1M.
        Assert.Equal(0.2m, catalog.Lookup(query, Now).UnitPriceUsd);
        Assert.Equal("our contract", catalog.Lookup(query, Now).Row!.Source);
        Assert.Equal(PricingCatalog.Default.Google.Rows.Count, catalog.Google.Rows.Count);
        Assert.Equal(0.24m, PricingCatalog.Default.Lookup(query, Now).UnitPriceUsd);
    }

    [Fact]
    public void Adding_a_row_for_a_new_provider_creates_its_own_table()
    {
        var catalog = PricingCatalog.Default.WithRow(Row(ImageModel.FlashImageId, PriceLane.Provider, "OpenRouter", price: 0.05m));

        Assert.True(catalog.Providers.ContainsKey("openrouter"));
        Assert.False(catalog.Providers["openrouter"].IsGoogle);
        var lookup = catalog.Lookup(new PriceQuery { ModelId = ImageModel.FlashImageId, Lane = PriceLane.Provider, Size = ImageSize.OneK, Operation = ImageOperation.Generate, Provider = "openrouter" }, Now);
        Assert.Equal(0.05m, lookup.UnitPriceUsd);
        Assert.Contains("provider OpenRouter price", lookup.Message, StringComparison.Ordinal);
        Assert.Equal(0.0672m, catalog.Lookup(new PriceQuery { ModelId = ImageModel.FlashImageId, Lane = PriceLane.GoogleStandard, Size = ImageSize.OneK, Operation = ImageOperation.Generate }, Now).UnitPriceUsd);
    }

    [Fact]
    public void The_Google_table_refuses_provider_rows()
    {
        var ex = Assert.Throws<ArgumentException>("row", () => PricingCatalog.Default.Google.WithRow(Row(lane: PriceLane.Provider, provider: "laozhang.ai")));
        Assert.Contains("never a Google price", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_provider_table_refuses_Google_rows_and_other_providers_rows()
    {
        var table = PricingCatalog.Default.Providers["laozhang.ai"];

        var google = Assert.Throws<ArgumentException>("row", () => table.WithRow(Row(lane: PriceLane.GoogleBatch)));
        Assert.Contains("Google prices live in the Google table", google.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>("row", () => table.WithRow(Row(lane: PriceLane.Provider, provider: "openrouter")));
        Assert.Equal(table.Rows.Count + 1, table.WithRow(Row(lane: PriceLane.Provider, provider: "LaoZhang.AI")).Rows.Count);
    }

    [Fact]
    public void Rows_whose_lane_and_provider_disagree_are_rejected()
    {
        Assert.Throws<ArgumentException>("rows", () => PricingCatalog.Empty.WithRow(Row(lane: PriceLane.Provider, provider: null)));
        var ex = Assert.Throws<ArgumentException>("rows", () => PricingCatalog.Empty.WithRow(Row(lane: PriceLane.GoogleStandard, provider: "laozhang.ai")));
        Assert.Contains("Lane = Provider", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Row_validation_rejects_negative_prices_and_empty_sources()
    {
        Assert.Throws<ArgumentOutOfRangeException>("UnitPriceUsd", () => Row(price: -0.01m));
        Assert.Throws<ArgumentException>("Source", () => Row() with { Source = " " });
        Assert.Throws<ArgumentException>("ModelId", () => Row(model: ""));
        Assert.Equal(0m, Row(price: 0m).UnitPriceUsd); // an explicit free row is allowed; only a missing row is not zero
    }

    [Fact]
    public void Queries_must_keep_Google_lanes_and_providers_apart()
    {
        Assert.Throws<ArgumentException>("query", () => PricingCatalog.Default.Lookup(
            new PriceQuery { ModelId = ImageModel.ProImageId, Lane = PriceLane.GoogleStandard, Size = ImageSize.OneK, Operation = ImageOperation.Generate, Provider = "laozhang.ai" }, Now));
        Assert.Throws<ArgumentException>("query", () => PricingCatalog.Default.Lookup(
            new PriceQuery { ModelId = ImageModel.ProImageId, Lane = PriceLane.Provider, Size = ImageSize.OneK, Operation = ImageOperation.Generate }, Now));
        Assert.Throws<ArgumentException>("query", () => PricingCatalog.Default.Lookup(
            new PriceQuery { ModelId = ImageModel.ProImageId, Lane = PriceLane.GoogleBatch, Size = ImageSize.OneK, Operation = ImageOperation.Generate, Provider = "" }, Now));
    }

    [Fact]
    public void Model_ids_and_provider_names_match_case_insensitively()
    {
        var lookup = PricingCatalog.Default.Lookup(
            new PriceQuery { ModelId = "GEMINI-3-PRO-IMAGE", Lane = PriceLane.Provider, Size = ImageSize.FourK, Operation = ImageOperation.Edit, Provider = "LaoZhang.AI" }, Now);
        Assert.Equal(PriceStatus.Found, lookup.Status);
        Assert.Equal(ImageOperation.Edit, lookup.Row!.Operation);
    }
}

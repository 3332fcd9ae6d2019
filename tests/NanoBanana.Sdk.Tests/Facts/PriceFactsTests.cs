using Microsoft.Extensions.Time.Testing;
using NanoBanana.Sdk.Pricing;

namespace NanoBanana.Sdk.Tests.Facts;

/// <summary>Per-image prices per lane against MODELS.md §5b, and the cost of reported usage.</summary>
public class PriceFactsTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 29, 12, 0, 0, TimeSpan.Zero);

    // MODELS.md §5b: model, size, lane, Google's printed per-image figure, the exact figure (tokens × rate).
    [Theory]
    [InlineData("gemini-3.1-flash-lite-image", "1K", PriceLane.GoogleStandard, "0.0336", "0.0336")]
    [InlineData("gemini-3.1-flash-lite-image", "1K", PriceLane.GoogleBatch, "0.0168", "0.0168")]
    [InlineData("gemini-3.1-flash-image", "512", PriceLane.GoogleStandard, "0.045", "0.04482")]
    [InlineData("gemini-3.1-flash-image", "1K", PriceLane.GoogleStandard, "0.067", "0.0672")]
    [InlineData("gemini-3.1-flash-image", "2K", PriceLane.GoogleStandard, "0.101", "0.1008")]
    [InlineData("gemini-3.1-flash-image", "4K", PriceLane.GoogleStandard, "0.151", "0.1512")]
    [InlineData("gemini-3.1-flash-image", "512", PriceLane.GoogleBatch, "0.022", "0.02241")]
    [InlineData("gemini-3.1-flash-image", "1K", PriceLane.GoogleBatch, "0.034", "0.0336")]
    [InlineData("gemini-3.1-flash-image", "2K", PriceLane.GoogleBatch, "0.050", "0.0504")]
    [InlineData("gemini-3.1-flash-image", "4K", PriceLane.GoogleBatch, "0.076", "0.0756")]
    [InlineData("gemini-3-pro-image", "1K", PriceLane.GoogleStandard, "0.134", "0.1344")]
    [InlineData("gemini-3-pro-image", "2K", PriceLane.GoogleStandard, "0.134", "0.1344")]
    [InlineData("gemini-3-pro-image", "4K", PriceLane.GoogleStandard, "0.24", "0.24")]
    [InlineData("gemini-3-pro-image", "1K", PriceLane.GoogleBatch, "0.067", "0.0672")]
    [InlineData("gemini-3-pro-image", "2K", PriceLane.GoogleBatch, "0.067", "0.0672")]
    [InlineData("gemini-3-pro-image", "4K", PriceLane.GoogleBatch, "0.12", "0.12")]
    [InlineData("gemini-3-pro-image", "1K", PriceLane.GoogleFlex, "0.067", "0.0672")]
    [InlineData("gemini-3-pro-image", "2K", PriceLane.GoogleFlex, "0.067", "0.0672")]
    [InlineData("gemini-3-pro-image", "4K", PriceLane.GoogleFlex, "0.12", "0.12")]
    [InlineData("gemini-2.5-flash-image", "1K", PriceLane.GoogleStandard, "0.039", "0.0387")]
    [InlineData("gemini-2.5-flash-image", "1K", PriceLane.GoogleBatch, "0.0195", "0.01935")]
    [InlineData("gemini-2.5-flash-image", "1K", PriceLane.GoogleFlex, "0.0195", "0.01935")]
    [InlineData("gemini-2.5-flash-image", "1K", PriceLane.GooglePriority, "0.0702", "0.06966")]
    [InlineData("gemini-nano-banana-2.1", "1K", PriceLane.GoogleStandard, "0.0336", "0.0336")]
    [InlineData("gemini-nano-banana-2.1", "2K", PriceLane.GoogleStandard, "0.0504", "0.0504")]
    [InlineData("gemini-nano-banana-2.1", "4K", PriceLane.GoogleStandard, "0.113", "0.1134")]
    [InlineData("gemini-nano-banana-2.1", "1K", PriceLane.GoogleBatch, "0.0168", "0.0168")]
    [InlineData("gemini-nano-banana-2.1", "2K", PriceLane.GoogleBatch, "0.0252", "0.0252")]
    [InlineData("gemini-nano-banana-2.1", "4K", PriceLane.GoogleBatch, "0.0567", "0.0567")]
    public void Every_per_image_price_equals_the_table_to_the_cent_and_the_exact_figure_to_four_decimals(
        string model, string size, PriceLane lane, string printed, string exact)
    {
        var lookup = PricingCatalog.Default.Lookup(new PriceQuery { ModelId = model, Lane = lane, Size = ImageSize.Parse(size), Operation = ImageOperation.Generate }, Now);

        Assert.Equal(PriceStatus.Found, lookup.Status);
        var price = lookup.UnitPriceUsd!.Value;
        Assert.True(Math.Abs(price - decimal.Parse(printed, System.Globalization.CultureInfo.InvariantCulture)) < 0.005m, $"{price} vs Google's {printed}");
        Assert.Equal(Math.Round(decimal.Parse(exact, System.Globalization.CultureInfo.InvariantCulture), 4), Math.Round(price, 4));
        Assert.Equal(PriceUnit.PerMillionOutputImageTokens, lookup.Row!.Unit);
        Assert.NotNull(lookup.DerivedFromTokens);
    }

    [Theory]
    [InlineData("gemini-3.1-flash-image", PriceLane.GoogleFlex)]
    [InlineData("gemini-3.1-flash-image", PriceLane.GooglePriority)]
    [InlineData("gemini-3.1-flash-lite-image", PriceLane.GoogleFlex)]
    [InlineData("gemini-nano-banana-2.1", PriceLane.GoogleFlex)]
    [InlineData("gemini-3-pro-image", PriceLane.GooglePriority)]
    public void Lanes_without_a_published_price_are_missing_not_zero(string model, PriceLane lane)
    {
        var lookup = PricingCatalog.Default.Lookup(new PriceQuery { ModelId = model, Lane = lane, Size = ImageSize.OneK, Operation = ImageOperation.Generate }, Now);

        Assert.Equal(PriceStatus.Missing, lookup.Status);
        Assert.Null(lookup.UnitPriceUsd);
    }

    [Fact]
    public void Every_seed_row_names_a_public_url_and_a_date_and_no_internal_document()
    {
        var rows = PricingCatalog.Default.Google.Rows.Concat(PricingCatalog.Default.Providers.Values.SelectMany(t => t.Rows)).ToList();

        Assert.All(rows, r =>
        {
            Assert.Contains("https://", r.Source, StringComparison.Ordinal);
            Assert.DoesNotContain("SPEC", r.Source, StringComparison.Ordinal);
            Assert.DoesNotContain("MODELS.md", r.Source, StringComparison.Ordinal);
            Assert.True(r.CheckedOn > new DateOnly(2026, 1, 1));
        });
        Assert.All(PricingCatalog.Default.Google.Rows, r => Assert.NotEqual(PriceUnit.PerImage, r.Unit));
        Assert.Contains(rows, r => r.Source.Contains("conflicting", StringComparison.Ordinal));
        Assert.All(rows.Where(r => r.ModelId == ImageModel.NanoBanana21Id && r.Unit != PriceUnit.PerMillionOutputImageTokens),
            r => Assert.Contains("Secondary", r.Source, StringComparison.Ordinal));
    }

    [Fact]
    public void Reported_usage_prices_image_text_thinking_and_input_tokens_beside_the_estimate()
    {
        var calculator = new CostCalculator(PricingCatalog.Default, new FakeTimeProvider(Now));
        var query = new CostQuery { Route = ImageRoute.Official, Lane = PriceLane.GoogleStandard, Model = ModelCatalog.Default.Resolve(ImageModel.FlashImageId), Size = ImageSize.TwoK, Operation = ImageOperation.Generate };
        var usage = new TokenUsage { InputTokens = 1_000, OutputImageTokens = 1_680, OutputTextTokens = 100, ThoughtTokens = 900 };

        var record = calculator.Record(query, new CallBilling { Outcome = BillingOutcome.Success, Usage = usage });

        Assert.Equal(0.1008m, record.EstimatedCostUsd);
        Assert.Equal(PriceUnit.PerImage, record.PriceUnit);
        var cost = record.UsageCost!;
        Assert.Equal(0.1008m, cost.ImageCostUsd);
        Assert.Equal(1_000, cost.TextTokens);
        Assert.Equal(0.003m, cost.TextCostUsd);
        Assert.Equal(0.0005m, cost.InputCostUsd);
        Assert.Equal(0.1043m, cost.TotalUsd);
        Assert.Equal(0.1043m, record.EffectiveCostUsd);
        Assert.Null(record.Alert);
    }

    [Fact]
    public void More_image_tokens_than_the_size_has_raise_an_alert()
    {
        var calculator = new CostCalculator(PricingCatalog.Default, new FakeTimeProvider(Now));
        var query = new CostQuery { Route = ImageRoute.Official, Lane = PriceLane.GoogleStandard, Model = ModelCatalog.Default.Resolve(ImageModel.FlashImageId), Size = ImageSize.TwoK, Operation = ImageOperation.Generate };

        var record = calculator.Record(query, new CallBilling { Outcome = BillingOutcome.Success, Usage = new TokenUsage { OutputImageTokens = 2_520 } });

        Assert.NotNull(record.Alert);
        Assert.Contains("more than the per-image estimate", record.Alert!.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void The_tier_that_served_the_call_prices_it()
    {
        var calculator = new CostCalculator(PricingCatalog.Default, new FakeTimeProvider(Now));
        var query = new CostQuery { Route = ImageRoute.Official, Lane = PriceLane.GoogleFlex, Model = ModelCatalog.Default.Resolve(ImageModel.ProImageId), Size = ImageSize.FourK, Operation = ImageOperation.Generate };

        var record = calculator.Record(query, new CallBilling { Outcome = BillingOutcome.Success, Usage = new TokenUsage { OutputImageTokens = 2_000, ServiceTier = "standard" } });

        Assert.Equal(PriceLane.GoogleStandard, record.Lane);
        Assert.Equal(0.24m, record.EstimatedCostUsd);
        Assert.Equal(PriceLane.GoogleStandard, record.UsageCost!.Lane);
        Assert.Contains("tier 'standard' served the call", record.PriceNote, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_rate_leaves_the_usage_total_unknown_not_zero()
    {
        var calculator = new CostCalculator(PricingCatalog.Default, new FakeTimeProvider(Now));
        var query = new CostQuery { Route = ImageRoute.Official, Lane = PriceLane.GoogleStandard, Model = ModelCatalog.Default.Resolve(ImageModel.LegacyFlashImageId), Size = ImageSize.OneK, Operation = ImageOperation.Generate };

        var record = calculator.Record(query, new CallBilling { Outcome = BillingOutcome.Success, Usage = new TokenUsage { OutputImageTokens = 1_290, OutputTextTokens = 10 } });

        Assert.Null(record.UsageCost!.TotalUsd);
        Assert.Null(record.UsageCost.TextCostUsd);
        Assert.Equal(0.0387m, record.EffectiveCostUsd);
    }

    [Fact]
    public void An_estimate_says_what_it_includes()
    {
        var calculator = new CostCalculator(PricingCatalog.Default, new FakeTimeProvider(Now));
        var estimate = calculator.Estimate(new CostQuery { Route = ImageRoute.Official, Lane = PriceLane.GoogleStandard, Model = ModelCatalog.Default.Resolve(ImageModel.ProImageId), Size = ImageSize.OneK, Operation = ImageOperation.Generate });

        Assert.Contains(estimate.Notes, n => n.StartsWith("Includes: output image tokens only.", StringComparison.Ordinal) && n.Contains("$2 per 1M", StringComparison.Ordinal) && n.Contains("$12 per 1M", StringComparison.Ordinal));
    }
}

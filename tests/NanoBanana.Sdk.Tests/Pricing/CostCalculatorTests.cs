using Microsoft.Extensions.Time.Testing;
using NanoBanana.Sdk.Errors;
using NanoBanana.Sdk.Pricing;

namespace NanoBanana.Sdk.Tests.Pricing;

public class CostCalculatorTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 8, 0, 0, TimeSpan.Zero);

    /// <summary>A Pro grounding price for tests ($0.014 per query); the seed table has none.</summary>
    internal static readonly PriceRow Grounding = new()
    {
        ModelId = ImageModel.ProImageId,
        Lane = PriceLane.GoogleStandard,
        Unit = PriceUnit.PerGroundingQuery,
        UnitPriceUsd = 0.014m,
        Source = "test grounding price",
        CheckedOn = new DateOnly(2026, 11, 1),
    };

    private static CostCalculator Calculator(PricingCatalog? catalog = null) => new(catalog ?? PricingCatalog.Default, new FakeTimeProvider(Now));

    private static CostQuery Official(string model = ImageModel.ProImageId, string size = "1K", int images = 1, PriceLane lane = PriceLane.GoogleStandard) =>
        new() { Route = ImageRoute.Official, Lane = lane, Model = ModelCatalog.Default.Resolve(model), Size = ImageSize.Parse(size), Operation = ImageOperation.Generate, ImageCount = images };

    private static CostQuery Laozhang(string model = "gemini-3-pro-image-preview", ImageOperation operation = ImageOperation.Generate) =>
        new() { Route = ImageRoute.Provider, Lane = PriceLane.Provider, Model = ModelCatalog.Default.Resolve(model), Size = ImageSize.FourK, Operation = operation, Provider = "laozhang.ai" };

    [Fact]
    public void Estimate_prices_images_grounding_and_retries_separately()
    {
        var estimate = Calculator(PricingCatalog.Default.WithRow(Grounding)).Estimate(Official(size: "4K", images: 2), groundingQueries: 3, expectedRetries: 1);

        Assert.Equal(0.24m, estimate.UnitPriceUsd);
        Assert.Equal(0.48m, estimate.ImageCostUsd);
        Assert.Equal(0.014m, estimate.GroundingUnitPriceUsd);
        Assert.Equal(0.042m, estimate.GroundingCostUsd);
        Assert.Equal(0.48m, estimate.RetryCostUsd);
        Assert.Equal(1.002m, estimate.TotalUsd);
        Assert.Equal(PriceStatus.Found, estimate.PriceStatus);
        Assert.Equal(new DateOnly(2026, 10, 8), estimate.PriceCheckedOn);
        Assert.StartsWith("https://ai.google.dev/gemini-api/docs/pricing", estimate.PriceSource, StringComparison.Ordinal);
        Assert.Contains(estimate.Notes, n => n.StartsWith("Grounding: 3 × $0.014 = $0.042", StringComparison.Ordinal));
        Assert.Contains(estimate.Notes, n => n.StartsWith("Retries: 1 expected", StringComparison.Ordinal));
    }

    [Fact]
    public void Estimate_with_grounding_but_no_grounding_row_has_no_total_and_says_to_add_one()
    {
        var estimate = Calculator().Estimate(Official(), groundingQueries: 2);

        Assert.Equal(0.1344m, estimate.ImageCostUsd);
        Assert.Null(estimate.GroundingCostUsd);
        Assert.Null(estimate.TotalUsd);
        Assert.Equal(PriceStatus.Missing, estimate.PriceStatus);
        Assert.Contains(estimate.Notes, n => n.Contains("no price for them", StringComparison.Ordinal) && n.Contains("add a row", StringComparison.Ordinal));
        Assert.Contains(estimate.Notes, n => n.StartsWith("Total unknown", StringComparison.Ordinal));
    }

    [Fact]
    public void Estimate_without_grounding_or_retries_is_the_image_row_alone()
    {
        var estimate = Calculator().Estimate(Official(lane: PriceLane.GoogleFlex, size: "2K"));

        Assert.Equal(0.0672m, estimate.TotalUsd);
        Assert.Equal(0m, estimate.GroundingCostUsd);
        Assert.Equal(0m, estimate.RetryCostUsd);
    }

    [Theory]
    [InlineData(ImageModel.FlashLiteImageId, PriceLane.GoogleFlex)]
    [InlineData("gemini-9-image", PriceLane.GoogleStandard)]
    public void Estimate_for_a_model_without_a_Google_price_has_no_total(string model, PriceLane lane)
    {
        var estimate = Calculator().Estimate(Official(model: model, lane: lane), expectedRetries: 2);

        Assert.Equal(PriceStatus.Missing, estimate.PriceStatus);
        Assert.Null(estimate.UnitPriceUsd);
        Assert.Null(estimate.ImageCostUsd);
        Assert.Null(estimate.RetryCostUsd);
        Assert.Null(estimate.TotalUsd);
        Assert.Contains(estimate.Notes, n => n.StartsWith(lane == PriceLane.GoogleFlex ? "No Google Flex price" : "No Google Standard price", StringComparison.Ordinal));
    }

    [Fact]
    public void Estimate_for_an_unknown_provider_has_no_total()
    {
        var query = Laozhang() with { Provider = "nobody.example" };
        var estimate = Calculator().Estimate(query);
        Assert.Null(estimate.TotalUsd);
        Assert.Equal(PriceStatus.Missing, estimate.PriceStatus);
        Assert.Contains(estimate.Notes, n => n.Contains("No price table for provider 'nobody.example'", StringComparison.Ordinal));
    }

    [Fact]
    public void Estimate_marks_stale_prices_using_the_time_provider()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero));
        var calculator = new CostCalculator(PricingCatalog.Default.WithMaxPriceAge(TimeSpan.FromDays(60)), time);

        Assert.Equal(PriceStatus.Found, calculator.Estimate(Official()).PriceStatus);
        time.Advance(TimeSpan.FromDays(60));
        var stale = calculator.Estimate(Official());
        Assert.Equal(PriceStatus.Stale, stale.PriceStatus);
        Assert.Equal(0.1344m, stale.TotalUsd);
        Assert.Contains(stale.Notes, n => n.Contains("is 84 days old (max 60)", StringComparison.Ordinal));
    }

    [Fact]
    public void Estimate_notes_the_alias_and_that_a_provider_price_is_not_Googles()
    {
        var estimate = Calculator().Estimate(Laozhang(operation: ImageOperation.Edit));

        Assert.Equal(PriceLane.Provider, estimate.Lane);
        Assert.Equal("laozhang.ai", estimate.Provider);
        Assert.Equal(ImageModel.ProImageId, estimate.ModelId);
        Assert.Equal(0.09m, estimate.TotalUsd);
        Assert.Contains(estimate.Notes, n => n.Contains("is an alias of 'gemini-3-pro-image'", StringComparison.Ordinal));
        Assert.Contains(estimate.Notes, n => n.Contains("not a Google price or discount", StringComparison.Ordinal));
    }

    [Fact]
    public void Record_prices_a_Pro_image_per_image_from_tokens_and_prices_the_reported_tokens_beside_it()
    {
        var record = Calculator().Record(Official(), new CallBilling
        {
            Outcome = BillingOutcome.Success,
            Usage = new TokenUsage { OutputImageTokens = 1120, OutputTokens = 1120 },
        });

        Assert.Equal(0.1344m, record.EstimatedCostUsd);
        Assert.Equal(0.1344m, record.UnitPriceUsd);
        Assert.Equal(PriceUnit.PerImage, record.PriceUnit);
        Assert.True(record.Billable);
        Assert.Equal(0.1344m, record.UsageCost!.TotalUsd);
        Assert.Equal(0.1344m, record.EffectiveCostUsd);
        Assert.Contains("Priced per image: 1 × 1,120 image tokens × $120 per million = $0.1344", record.BillingNote, StringComparison.Ordinal);
        Assert.Contains("1,120 image output tokens × $120/1M = $0.1344", record.BillingNote, StringComparison.Ordinal);
        Assert.Equal(PriceStatus.Found, record.PriceStatus);
        Assert.Equal(new DateOnly(2026, 10, 8), record.PriceCheckedOn);
    }

    [Fact]
    public void A_per_image_row_beats_the_token_rate()
    {
        var perImage = new PriceRow
        {
            ModelId = ImageModel.ProImageId, Lane = PriceLane.GoogleFlex, Size = ImageSize.FourK, UnitPriceUsd = 0.12m, Source = "contract", CheckedOn = new DateOnly(2026, 11, 1),
        };
        var query = Official(size: "4K", lane: PriceLane.GoogleFlex) with { Route = ImageRoute.Batch };
        var record = Calculator(PricingCatalog.Default.WithRow(perImage)).Record(query, new CallBilling { Outcome = BillingOutcome.Success, Usage = new TokenUsage { OutputImageTokens = 2000 } });

        Assert.Equal(0.12m, record.EstimatedCostUsd);
        Assert.Equal(PriceUnit.PerImage, record.PriceUnit);
        Assert.Contains("Priced per image: 1 × $0.12 = $0.12", record.BillingNote, StringComparison.Ordinal);
    }

    [Fact]
    public void Record_fills_every_field()
    {
        var record = Calculator(PricingCatalog.Default.WithRow(Grounding)).Record(
            Official(model: "models/gemini-3-pro-image-preview", size: "2K", images: 2),
            new CallBilling { Outcome = BillingOutcome.Success, Retries = 1, GroundingQueries = 2, ReportedCostUsd = 0.3m });

        Assert.Equal(ImageRoute.Official, record.Route);
        Assert.Equal(PriceLane.GoogleStandard, record.Lane);
        Assert.Null(record.Provider);
        Assert.Equal(ImageModel.ProImageId, record.ModelId);
        Assert.Equal("models/gemini-3-pro-image-preview", record.RequestedModel);
        Assert.Equal(ImageSize.TwoK, record.Size);
        Assert.Equal(ImageOperation.Generate, record.Operation);
        Assert.Equal(2, record.ImageCount);
        Assert.Equal(0.1344m, record.UnitPriceUsd);
        Assert.Equal(PriceUnit.PerImage, record.PriceUnit);
        Assert.False(string.IsNullOrEmpty(record.PriceSource));
        Assert.Equal(new DateOnly(2026, 10, 8), record.PriceCheckedOn);
        Assert.Equal(PriceStatus.Found, record.PriceStatus);
        Assert.Equal(0.2688m + 0.028m, record.EstimatedCostUsd);
        Assert.Equal(0.3m, record.ReportedCostUsd);
        Assert.Equal(0.3m, record.EffectiveCostUsd);
        Assert.True(record.Billable);
        Assert.Equal(BillingOutcome.Success, record.Outcome);
        Assert.Equal(1, record.Retries);
        Assert.Equal(2, record.GroundingQueries);
        Assert.Contains("Google rule: Success billed", record.BillingNote, StringComparison.Ordinal);
        Assert.Contains("The service reported $0.3.", record.BillingNote, StringComparison.Ordinal);
        Assert.Contains("1 earlier attempt(s) may also have been billed", record.BillingNote, StringComparison.Ordinal);
        Assert.Contains("Grounding: 2 × $0.014", record.PriceNote, StringComparison.Ordinal);
        Assert.Equal(
            ["The service reported $0.3, more than the estimate $0.2968.", "1 earlier attempt(s) may also have been billed."],
            Assert.IsType<CostAlert>(record.Alert).Reasons);
    }

    [Fact]
    public void A_reported_cost_above_the_estimate_raises_the_SPEC_bill_higher_than_estimate_alert()
    {
        var record = Calculator().Record(
            Official(model: ImageModel.ProImageId, size: "2K"),
            new CallBilling { Outcome = BillingOutcome.Success, ReportedCostUsd = 0.2m });

        var alert = Assert.IsType<CostAlert>(record.Alert);
        Assert.Equal(ErrorOwner.CostInstrumentation, alert.LikelyOwner);
        Assert.Equal(["The service reported $0.2, more than the estimate $0.1344."], alert.Reasons);
        Assert.Contains("grounding queries, retries, duplicate jobs and the route's failed-call rule", alert.FirstCheck, StringComparison.Ordinal);
        Assert.StartsWith("Log this cost record for every request before launch", alert.NextMove, StringComparison.Ordinal);
        Assert.Contains("Likely owner: cost instrumentation.", alert.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0.134)]
    [InlineData(0.1)]
    public void A_reported_cost_at_or_below_the_estimate_raises_no_alert(double reported)
    {
        var record = Calculator().Record(
            Official(model: ImageModel.ProImageId, size: "2K"),
            new CallBilling { Outcome = BillingOutcome.Success, ReportedCostUsd = (decimal)reported });

        Assert.Null(record.Alert);
    }

    [Fact]
    public void A_billable_call_without_a_price_and_earlier_attempts_are_alerts_but_an_unbilled_failure_is_not()
    {
        var unpriced = Calculator().Record(Official(model: "gemini-9-image"), new CallBilling { Outcome = BillingOutcome.Success, Retries = 2 });
        var refused = Calculator().Record(Official(model: "gemini-9-image"), new CallBilling { Outcome = BillingOutcome.ClientError, Retries = 2 });

        Assert.Equal(
            ["The call is billable but has no price, so its cost is unknown, not $0.", "2 earlier attempt(s) may also have been billed."],
            Assert.IsType<CostAlert>(unpriced.Alert).Reasons);
        Assert.Null(refused.Alert);
    }

    [Fact]
    public void Record_without_a_price_row_keeps_the_cost_unknown()
    {
        var record = Calculator().Record(Official(model: ImageModel.FlashLiteImageId, lane: PriceLane.GoogleFlex), new CallBilling { Outcome = BillingOutcome.Success });

        Assert.Equal(PriceStatus.Missing, record.PriceStatus);
        Assert.Null(record.UnitPriceUsd);
        Assert.Null(record.EstimatedCostUsd);
        Assert.Null(record.EffectiveCostUsd);
        Assert.True(record.Billable);
        Assert.Contains("No Google Flex price", record.PriceNote, StringComparison.Ordinal);
    }

    [Fact]
    public void A_provider_record_never_shows_a_Google_lane()
    {
        var record = Calculator().Record(Laozhang(), new CallBilling { Outcome = BillingOutcome.NoImage });

        Assert.Equal(PriceLane.Provider, record.Lane);
        Assert.Equal(ImageRoute.Provider, record.Route);
        Assert.Equal("laozhang.ai", record.Provider);
        Assert.Equal(0.09m, record.UnitPriceUsd);
        Assert.StartsWith("https://docs.laozhang.ai", record.PriceSource, StringComparison.Ordinal);
        Assert.True(record.Billable);
        Assert.Contains("laozhang.ai rule: NoImage billed", record.BillingNote, StringComparison.Ordinal);
        Assert.Contains("Priced as a full image", record.BillingNote, StringComparison.Ordinal);
        Assert.Contains("provider laozhang.ai price", record.PriceNote, StringComparison.Ordinal);
    }

    [Fact]
    public void A_provider_call_cannot_be_recorded_on_a_Google_lane()
    {
        var calculator = Calculator();
        var laozhang = Laozhang();

        Assert.Throws<ArgumentException>("query", () => calculator.Record(laozhang with { Lane = PriceLane.GoogleStandard }, new CallBilling { Outcome = BillingOutcome.Success }));
        Assert.Throws<ArgumentException>("query", () => calculator.Record(laozhang with { Route = ImageRoute.Official }, new CallBilling { Outcome = BillingOutcome.Success }));
        Assert.Throws<ArgumentException>("query", () => calculator.Estimate(laozhang with { Provider = null }));
        Assert.Throws<ArgumentException>("query", () => calculator.Estimate(Official() with { Provider = "laozhang.ai" }));
    }

    [Fact]
    public void Routes_and_lanes_must_fit()
    {
        var calculator = Calculator();
        var ex = Assert.Throws<ArgumentException>("query", () => calculator.Estimate(Official(lane: PriceLane.GoogleBatch)));
        Assert.Contains("Official → GoogleStandard, GooglePriority or GoogleFlex", ex.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>("query", () => calculator.Estimate(Official() with { Route = ImageRoute.Batch }));
        Assert.Equal(0.0672m, calculator.Estimate(Official(lane: PriceLane.GoogleBatch) with { Route = ImageRoute.Batch }).TotalUsd);
    }

    [Fact]
    public void Bad_counts_are_rejected()
    {
        var calculator = Calculator();
        Assert.Throws<ArgumentException>("query", () => calculator.Estimate(Official(images: 0)));
        Assert.Throws<ArgumentOutOfRangeException>("groundingQueries", () => calculator.Estimate(Official(), groundingQueries: -1));
        Assert.Throws<ArgumentOutOfRangeException>("expectedRetries", () => calculator.Estimate(Official(), expectedRetries: -1));
        Assert.Throws<ArgumentOutOfRangeException>("billing", () => calculator.Record(Official(), new CallBilling { Outcome = BillingOutcome.Success, Retries = -1 }));
        Assert.Throws<ArgumentOutOfRangeException>("billing", () => calculator.Record(Official(), new CallBilling { Outcome = BillingOutcome.Success, ReportedCostUsd = -1m }));
    }

    [Fact]
    public void A_failed_Google_call_is_recorded_as_not_billable_with_zero_effective_cost()
    {
        var record = Calculator().Record(Official(), new CallBilling { Outcome = BillingOutcome.RateLimited });

        Assert.False(record.Billable);
        Assert.Equal(0.1344m, record.EstimatedCostUsd);
        Assert.Equal(0m, record.EffectiveCostUsd);
        Assert.Contains("Google rule: RateLimited not billed", record.BillingNote, StringComparison.Ordinal);
    }

    [Fact]
    public void An_explicit_rule_overrides_the_lanes_default()
    {
        var strict = FailedCallRule.Google.WithTerm(BillingOutcome.Timeout, new FailedCallTerm { Charge = FailedCallCharge.Charged, Note = "observed in our billing export" }, "our billing export 2026-11");
        var record = Calculator().Record(Official(), new CallBilling { Outcome = BillingOutcome.Timeout, Rule = strict });

        Assert.True(record.Billable);
        Assert.Contains("observed in our billing export", record.BillingNote, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unproven_provider_rule_assumes_a_charge_where_an_image_may_exist()
    {
        var catalog = PricingCatalog.Default.WithRow(new PriceRow
        {
            ModelId = ImageModel.FlashImageId, Lane = PriceLane.Provider, Provider = "gw", UnitPriceUsd = 0.05m, Source = "gw docs", CheckedOn = new DateOnly(2026, 11, 1),
        });
        var query = new CostQuery { Route = ImageRoute.Provider, Lane = PriceLane.Provider, Model = ModelCatalog.Default.Resolve("google/gemini-3.1-flash-image"), Size = ImageSize.OneK, Operation = ImageOperation.Generate, Provider = "gw" };

        var record = Calculator(catalog).Record(query, new CallBilling { Outcome = BillingOutcome.ServerError });

        Assert.True(record.Billable);
        Assert.Contains("unproven provider rule", record.BillingNote, StringComparison.Ordinal);

        var proven = Calculator(catalog.WithFailedCallRule("GW", FailedCallRule.LaozhangAi)).Record(query, new CallBilling { Outcome = BillingOutcome.ServerError });
        Assert.False(proven.Billable);
    }
}

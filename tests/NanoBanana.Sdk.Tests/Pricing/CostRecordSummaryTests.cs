using NanoBanana.Sdk.Pricing;

namespace NanoBanana.Sdk.Tests.Pricing;

/// <summary>A cost record reads in one line, and a call that was not billed never reads like a charge.</summary>
public sealed class CostRecordSummaryTests
{
    private static readonly CostCalculator Calculator = new(PricingCatalog.Default, TimeProvider.System);

    [Fact]
    public void A_billed_image_summarizes_in_one_short_line()
    {
        var cost = Calculator.Record(
            new CostQuery { Route = ImageRoute.Official, Lane = PriceLane.GoogleStandard, Model = ModelCatalog.Default.Resolve(ImageModel.ProImageId), Size = ImageSize.FourK, Operation = ImageOperation.Generate, ImageCount = 1 },
            new CallBilling { Outcome = BillingOutcome.Success });

        var line = cost.ToString();

        Assert.StartsWith("$0.24 estimated, billable (Success) · gemini-3-pro-image 4K on GoogleStandard", line, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', line);
        Assert.True(line.Length < 160, line);
    }

    [Fact]
    public void A_refused_call_is_not_billed_and_its_note_does_not_read_like_a_charge()
    {
        var cost = Calculator.Record(
            new CostQuery { Route = ImageRoute.Official, Lane = PriceLane.GoogleStandard, Model = ModelCatalog.Default.Resolve(ImageModel.ProImageId), Size = ImageSize.OneK, Operation = ImageOperation.Generate, ImageCount = 1 },
            new CallBilling { Outcome = BillingOutcome.ClientError, Retries = 2 });

        Assert.False(cost.Billable);
        Assert.Equal(0m, cost.EffectiveCostUsd);
        Assert.StartsWith("not billed (ClientError) · gemini-3-pro-image 1K on GoogleStandard · 2 retries", cost.ToString(), StringComparison.Ordinal);
        Assert.Contains("Not billed; had it been billed: Priced per image", cost.BillingNote, StringComparison.Ordinal);
    }
}

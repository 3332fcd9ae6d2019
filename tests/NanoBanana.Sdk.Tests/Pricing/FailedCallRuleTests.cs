using NanoBanana.Sdk.Pricing;

namespace NanoBanana.Sdk.Tests.Pricing;

public class FailedCallRuleTests
{
    private static readonly TokenUsage GeneratedText = new() { OutputTokens = 42, OutputTextTokens = 42 };
    private static readonly TokenUsage NothingGenerated = new() { InputTokens = 12, OutputTokens = 0 };

    [Theory]
    [InlineData(BillingOutcome.Success, true)]
    [InlineData(BillingOutcome.ClientError, false)]
    [InlineData(BillingOutcome.RateLimited, false)]
    [InlineData(BillingOutcome.ServerError, false)]
    [InlineData(BillingOutcome.Timeout, false)]
    [InlineData(BillingOutcome.Cancelled, false)]
    public void Google_bills_only_success_among_outcomes_that_do_not_depend_on_usage(BillingOutcome outcome, bool billable)
    {
        Assert.Equal(billable, FailedCallRule.Google.IsBillable(outcome, usage: null));
        Assert.Equal(billable, FailedCallRule.Google.IsBillable(outcome, GeneratedText));
        Assert.Contains(billable ? " billed — " : " not billed — ", FailedCallRule.Google.Describe(outcome), StringComparison.Ordinal);
    }

    [Fact]
    public void Google_bills_a_response_without_an_image_only_when_usage_reports_output_tokens()
    {
        Assert.True(FailedCallRule.Google.IsBillable(BillingOutcome.NoImage, GeneratedText));
        Assert.True(FailedCallRule.Google.IsBillable(BillingOutcome.NoImage, new TokenUsage { OutputImageTokens = 1120 }));
        Assert.True(FailedCallRule.Google.IsBillable(BillingOutcome.NoImage, new TokenUsage { OutputTokens = 0, ThoughtTokens = 210 }));
        Assert.False(FailedCallRule.Google.IsBillable(BillingOutcome.NoImage, NothingGenerated));
        Assert.False(FailedCallRule.Google.IsBillable(BillingOutcome.NoImage, usage: null));

        var description = FailedCallRule.Google.Describe(BillingOutcome.NoImage);
        Assert.Contains("billed only if usage reports output tokens", description, StringComparison.Ordinal);
        Assert.Contains("output or thinking tokens > 0", description, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(BillingOutcome.Success, true, "charged per call")]
    [InlineData(BillingOutcome.NoImage, true, "HTTP 200 without an image is charged once")]
    [InlineData(BillingOutcome.ClientError, false, "400 and 401 are not charged")]
    [InlineData(BillingOutcome.RateLimited, false, "\"usually not\"")]
    [InlineData(BillingOutcome.ServerError, false, "\"usually not\"")]
    [InlineData(BillingOutcome.Timeout, true, "may already have been generated and billed")]
    [InlineData(BillingOutcome.Cancelled, true, "may already have been generated and billed")]
    public void Laozhang_rule_follows_its_public_docs(BillingOutcome outcome, bool billable, string note)
    {
        // The gateway bills per call, so usage does not change its answer.
        Assert.Equal(billable, FailedCallRule.LaozhangAi.IsBillable(outcome, usage: null));
        Assert.Equal(billable, FailedCallRule.LaozhangAi.IsBillable(outcome, NothingGenerated));

        var description = FailedCallRule.LaozhangAi.Describe(outcome);
        Assert.StartsWith($"laozhang.ai rule: {outcome} {(billable ? "billed" : "not billed")}", description, StringComparison.Ordinal);
        Assert.Contains(note, description, StringComparison.Ordinal);
        Assert.Contains("2026-10", description, StringComparison.Ordinal);
    }

    [Fact]
    public void Laozhang_timeout_note_carries_the_advised_timeouts()
    {
        Assert.Contains("360 s timeouts (600 s for 4K)", FailedCallRule.LaozhangAi.Describe(BillingOutcome.Timeout), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(BillingOutcome.Success, true)]
    [InlineData(BillingOutcome.NoImage, true)]
    [InlineData(BillingOutcome.ClientError, false)]
    [InlineData(BillingOutcome.RateLimited, false)]
    [InlineData(BillingOutcome.ServerError, true)]
    [InlineData(BillingOutcome.Timeout, true)]
    [InlineData(BillingOutcome.Cancelled, true)]
    public void An_unproven_provider_rule_assumes_a_charge_wherever_an_image_may_exist(BillingOutcome outcome, bool billable)
    {
        Assert.Equal(billable, FailedCallRule.UnprovenProvider.IsBillable(outcome, usage: null));
    }

    [Fact]
    public void A_rule_must_cover_every_outcome()
    {
        var ex = Assert.Throws<ArgumentException>("terms", () => new FailedCallRule("partial", "test", new Dictionary<BillingOutcome, FailedCallTerm>
        {
            [BillingOutcome.Success] = new(FailedCallCharge.Charged, "ok"),
        }));
        Assert.Contains("NoImage", ex.Message, StringComparison.Ordinal);
        Assert.Contains("Cancelled", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void WithTerm_changes_one_outcome_and_leaves_the_original_alone()
    {
        var changed = FailedCallRule.LaozhangAi.WithTerm(BillingOutcome.ServerError, new FailedCallTerm(FailedCallCharge.Charged, "observed: 502 after generation was charged"));

        Assert.True(changed.IsBillable(BillingOutcome.ServerError, null));
        Assert.False(FailedCallRule.LaozhangAi.IsBillable(BillingOutcome.ServerError, null));
        Assert.Equal(FailedCallRule.LaozhangAi.Source, changed.Source);
    }

    [Fact]
    public void Unknown_outcomes_are_rejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>("outcome", () => FailedCallRule.Google.IsBillable((BillingOutcome)99, null));
    }
}

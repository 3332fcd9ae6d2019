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
    public void An_outcome_a_users_rule_does_not_name_is_assumed_billed_with_a_warning_never_a_runtime_error()
    {
        var partial = new FailedCallRule("partial", "test", new Dictionary<BillingOutcome, FailedCallTerm>
        {
            [BillingOutcome.Success] = new() { Charge = FailedCallCharge.Charged, Note = "ok" },
            [BillingOutcome.ClientError] = new() { Charge = FailedCallCharge.NotCharged, Note = "refused" },
        });

        Assert.False(partial.IsBillable(BillingOutcome.ClientError, null));
        Assert.True(partial.IsBillable(BillingOutcome.Unreadable, null));
        Assert.False(partial.Names(BillingOutcome.Unreadable));
        Assert.Contains("assumed billed", partial.Describe(BillingOutcome.Unreadable), StringComparison.Ordinal);
        Assert.True(partial.IsBillable((BillingOutcome)99, null));
    }

    [Theory]
    [InlineData(BillingOutcome.NotSent, false, false, false)]
    [InlineData(BillingOutcome.Unreadable, true, true, true)]
    [InlineData(BillingOutcome.ConnectionLost, false, true, true)]
    public void The_built_in_rules_name_every_outcome(BillingOutcome outcome, bool google, bool laozhang, bool unproven)
    {
        foreach (var rule in new[] { FailedCallRule.Google, FailedCallRule.LaozhangAi, FailedCallRule.UnprovenProvider })
        {
            Assert.All(Enum.GetValues<BillingOutcome>(), o => Assert.True(rule.Names(o), $"{rule.Name} does not name {o}"));
        }

        Assert.Equal(google, FailedCallRule.Google.IsBillable(outcome, null));
        Assert.Equal(laozhang, FailedCallRule.LaozhangAi.IsBillable(outcome, null));
        Assert.Equal(unproven, FailedCallRule.UnprovenProvider.IsBillable(outcome, null));
    }

    [Fact]
    public void WithTerm_changes_one_outcome_and_leaves_the_original_alone()
    {
        var changed = FailedCallRule.LaozhangAi.WithTerm(BillingOutcome.ServerError, new FailedCallTerm { Charge = FailedCallCharge.Charged, Note = "observed: 502 after generation was charged" });

        Assert.True(changed.IsBillable(BillingOutcome.ServerError, null));
        Assert.False(FailedCallRule.LaozhangAi.IsBillable(BillingOutcome.ServerError, null));
        Assert.Equal(FailedCallRule.LaozhangAi.Source, changed.Source);
    }

}

using Microsoft.Extensions.Configuration;
using NanoBanana.Sdk.Pricing;

namespace NanoBanana.Sdk.Tests.Pricing;

public class PricingConfigurationTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 8, 0, 0, TimeSpan.Zero);

    private static IConfigurationSection Section(Dictionary<string, string?> values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values).Build().GetSection("NanoBanana:Pricing");

    private static Dictionary<string, string?> ValidRow(int index = 0) => new()
    {
        [$"NanoBanana:Pricing:Rows:{index}:ModelId"] = "gemini-3-pro-image",
        [$"NanoBanana:Pricing:Rows:{index}:Lane"] = "GoogleStandard",
        [$"NanoBanana:Pricing:Rows:{index}:Size"] = "4K",
        [$"NanoBanana:Pricing:Rows:{index}:UnitPriceUsd"] = "0.25",
        [$"NanoBanana:Pricing:Rows:{index}:Source"] = "https://ai.google.dev/pricing (our check)",
        [$"NanoBanana:Pricing:Rows:{index}:CheckedOn"] = "2026-11-20",
    };

    [Fact]
    public void A_configured_row_with_the_same_key_replaces_the_default()
    {
        var values = new Dictionary<string, string?>
        {
            ["NanoBanana:Pricing:Rows:0:ModelId"] = "gemini-3-pro-image",
            ["NanoBanana:Pricing:Rows:0:Lane"] = "GoogleStandard",
            ["NanoBanana:Pricing:Rows:0:Unit"] = "PerMillionOutputImageTokens",
            ["NanoBanana:Pricing:Rows:0:UnitPriceUsd"] = "125",
            ["NanoBanana:Pricing:Rows:0:Source"] = "https://ai.google.dev/pricing (our check)",
            ["NanoBanana:Pricing:Rows:0:CheckedOn"] = "2026-11-20",
        };
        var catalog = PricingCatalog.FromConfiguration(Section(values));

        // One token-rate row reprices every size: 4K = 2,000 tokens, 2K = 1,120 tokens.
        var lookup = catalog.Lookup(new PriceQuery { ModelId = ImageModel.ProImageId, Lane = PriceLane.GoogleStandard, Size = ImageSize.FourK, Operation = ImageOperation.Generate }, Now);
        Assert.Equal(0.25m, lookup.UnitPriceUsd);
        Assert.Equal(new DateOnly(2026, 11, 20), lookup.Row!.CheckedOn);
        Assert.Equal("https://ai.google.dev/pricing (our check)", lookup.Row.Source);
        Assert.Equal(PricingCatalog.Default.Google.Rows.Count, catalog.Google.Rows.Count);
        Assert.Equal(0.14m, catalog.Lookup(new PriceQuery { ModelId = ImageModel.ProImageId, Lane = PriceLane.GoogleStandard, Size = ImageSize.TwoK, Operation = ImageOperation.Generate }, Now).UnitPriceUsd);

        // A per-image row for one size (ValidRow: Pro 4K at $0.25) is more specific and wins for that size only.
        var perImage = PricingCatalog.FromConfiguration(Section(ValidRow()));
        Assert.Equal(0.25m, perImage.Lookup(new PriceQuery { ModelId = ImageModel.ProImageId, Lane = PriceLane.GoogleStandard, Size = ImageSize.FourK, Operation = ImageOperation.Generate }, Now).UnitPriceUsd);
        Assert.Equal(0.1344m, perImage.Lookup(new PriceQuery { ModelId = ImageModel.ProImageId, Lane = PriceLane.GoogleStandard, Size = ImageSize.TwoK, Operation = ImageOperation.Generate }, Now).UnitPriceUsd);
    }

    [Fact]
    public void Configuration_adds_provider_rows_grounding_rows_and_the_maximum_age()
    {
        var values = new Dictionary<string, string?>
        {
            ["NanoBanana:Pricing:MaxPriceAge"] = "30.00:00:00",
            ["NanoBanana:Pricing:Rows:0:ModelId"] = "gemini-3.1-flash-image",
            ["NanoBanana:Pricing:Rows:0:Lane"] = "provider",
            ["NanoBanana:Pricing:Rows:0:Provider"] = "openrouter",
            ["NanoBanana:Pricing:Rows:0:Operation"] = "Edit",
            ["NanoBanana:Pricing:Rows:0:UnitPriceUsd"] = "0.06",
            ["NanoBanana:Pricing:Rows:0:Source"] = "openrouter.ai/models",
            ["NanoBanana:Pricing:Rows:0:CheckedOn"] = "2026-11-01",
            ["NanoBanana:Pricing:Rows:1:ModelId"] = "gemini-3-pro-image",
            ["NanoBanana:Pricing:Rows:1:Lane"] = "GoogleStandard",
            ["NanoBanana:Pricing:Rows:1:Unit"] = "PerGroundingQuery",
            ["NanoBanana:Pricing:Rows:1:UnitPriceUsd"] = "0.014",
            ["NanoBanana:Pricing:Rows:1:Source"] = "our invoice",
            ["NanoBanana:Pricing:Rows:1:CheckedOn"] = "2026-11-01",
        };

        var catalog = PricingCatalog.FromConfiguration(Section(values));

        Assert.Equal(TimeSpan.FromDays(30), catalog.MaxPriceAge);
        var edit = catalog.Lookup(new PriceQuery { ModelId = ImageModel.FlashImageId, Lane = PriceLane.Provider, Size = ImageSize.OneK, Operation = ImageOperation.Edit, Provider = "OpenRouter" }, Now);
        Assert.Equal((PriceStatus.Found, 0.06m), (edit.Status, edit.UnitPriceUsd));
        var generate = catalog.Lookup(new PriceQuery { ModelId = ImageModel.FlashImageId, Lane = PriceLane.Provider, Size = ImageSize.OneK, Operation = ImageOperation.Generate, Provider = "openrouter" }, Now);
        Assert.Equal(PriceStatus.Missing, generate.Status);
        var grounding = catalog.Lookup(new PriceQuery { ModelId = ImageModel.ProImageId, Lane = PriceLane.GoogleStandard, Size = ImageSize.OneK, Operation = ImageOperation.Generate, Unit = PriceUnit.PerGroundingQuery }, Now);
        Assert.Equal(0.014m, grounding.UnitPriceUsd);
        Assert.Equal(PriceStatus.Stale, catalog.Lookup(new PriceQuery { ModelId = ImageModel.ProImageId, Lane = PriceLane.GoogleStandard, Size = ImageSize.OneK, Operation = ImageOperation.Generate }, Now).Status);
    }

    [Fact]
    public void An_empty_section_returns_the_base_catalog_rows_and_an_explicit_base_is_used()
    {
        var fromDefault = PricingCatalog.FromConfiguration(Section([]));
        Assert.Equal(PricingCatalog.Default.Google.Rows, fromDefault.Google.Rows);

        var fromEmpty = PricingCatalog.FromConfiguration(Section(ValidRow()), PricingCatalog.Empty);
        Assert.Single(fromEmpty.Google.Rows);
        Assert.Empty(fromEmpty.Providers);
    }

    [Fact]
    public void An_empty_MaxPriceAge_turns_staleness_off()
    {
        var baseCatalog = PricingCatalog.Default.WithMaxPriceAge(TimeSpan.FromDays(30));
        var catalog = PricingCatalog.FromConfiguration(Section(new() { ["NanoBanana:Pricing:MaxPriceAge"] = "" }), baseCatalog);
        Assert.Null(catalog.MaxPriceAge);
    }

    [Theory]
    [InlineData("Size", "1k", "NanoBanana:Pricing:Rows:0:Size", "512, 1K, 2K, 4K")]
    [InlineData("Lane", "Google", "NanoBanana:Pricing:Rows:0:Lane", "GoogleStandard, GooglePriority, GoogleBatch, GoogleFlex, Provider")]
    [InlineData("Lane", "3", "NanoBanana:Pricing:Rows:0:Lane", "GoogleStandard")]
    [InlineData("Operation", "Upscale", "NanoBanana:Pricing:Rows:0:Operation", "Generate, Edit")]
    [InlineData("Unit", "PerCall", "NanoBanana:Pricing:Rows:0:Unit", "PerImage, PerMillionOutputImageTokens, PerGroundingQuery")]
    [InlineData("UnitPriceUsd", "-0.1", "NanoBanana:Pricing:Rows:0:UnitPriceUsd", "non-negative decimal")]
    [InlineData("UnitPriceUsd", "0,134", "NanoBanana:Pricing:Rows:0:UnitPriceUsd", "'.' separator")]
    [InlineData("CheckedOn", "01/07/2026", "NanoBanana:Pricing:Rows:0:CheckedOn", "yyyy-MM-dd")]
    [InlineData("Source", "", "NanoBanana:Pricing:Rows:0:Source", "is missing")]
    [InlineData("ModelId", " ", "NanoBanana:Pricing:Rows:0:ModelId", "is missing")]
    [InlineData("Provider", "laozhang.ai", "NanoBanana:Pricing:Rows:0:Provider", "empty on Google lanes")]
    [InlineData("Price", "0.1", "NanoBanana:Pricing:Rows:0:Price", "Allowed keys: ModelId, Lane, Provider, Size, Operation, Unit, UnitPriceUsd, Source, CheckedOn")]
    public void A_bad_row_throws_naming_the_configuration_path_and_the_allowed_values(string key, string value, string path, string allowed)
    {
        var values = ValidRow();
        values[$"NanoBanana:Pricing:Rows:0:{key}"] = value;

        var ex = Assert.Throws<ArgumentException>("section", () => PricingCatalog.FromConfiguration(Section(values)));

        Assert.Contains($"'{path}'", ex.Message, StringComparison.Ordinal);
        Assert.Contains(allowed, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_provider_row_without_a_provider_names_the_path()
    {
        var values = ValidRow(3);
        values["NanoBanana:Pricing:Rows:3:Lane"] = "Provider";

        var ex = Assert.Throws<ArgumentException>("section", () => PricingCatalog.FromConfiguration(Section(values)));

        Assert.Contains("'NanoBanana:Pricing:Rows:3:Provider' is missing", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_bad_maximum_age_names_the_path()
    {
        var ex = Assert.Throws<ArgumentException>("section", () =>
            PricingCatalog.FromConfiguration(Section(new() { ["NanoBanana:Pricing:MaxPriceAge"] = "three months" })));
        Assert.Contains("'NanoBanana:Pricing:MaxPriceAge'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("90.00:00:00", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Failed_call_rules_are_configured_per_provider_on_top_of_the_current_rule()
    {
        var catalog = PricingCatalog.FromConfiguration(Section(new()
        {
            ["NanoBanana:Pricing:FailedCallRules:openrouter:Source"] = "our call logs, 2026-11",
            ["NanoBanana:Pricing:FailedCallRules:openrouter:NoImage"] = "NotCharged",
            ["NanoBanana:Pricing:FailedCallRules:openrouter:servererror"] = "notcharged",
            ["NanoBanana:Pricing:FailedCallRules:laozhang.ai:Source"] = "support ticket 123",
            ["NanoBanana:Pricing:FailedCallRules:laozhang.ai:Timeout"] = "NotCharged",
        }));

        var openrouter = catalog.GetFailedCallRule(PriceLane.Provider, "OpenRouter");
        Assert.Equal("openrouter", openrouter.Name);
        Assert.False(openrouter.IsBillable(BillingOutcome.NoImage, null));
        Assert.False(openrouter.IsBillable(BillingOutcome.ServerError, null));
        Assert.True(openrouter.IsBillable(BillingOutcome.Timeout, null)); // unlisted: the unproven-provider assumption stays
        Assert.Contains("NotCharged per configuration (source: our call logs, 2026-11)", openrouter.Describe(BillingOutcome.NoImage), StringComparison.Ordinal);

        var laozhang = catalog.GetFailedCallRule(PriceLane.Provider, "laozhang.ai");
        Assert.False(laozhang.IsBillable(BillingOutcome.Timeout, null));
        Assert.True(laozhang.IsBillable(BillingOutcome.NoImage, null)); // unlisted: the documented laozhang.ai term stays
        Assert.True(PricingCatalog.Default.GetFailedCallRule(PriceLane.Provider, "laozhang.ai").IsBillable(BillingOutcome.Timeout, null));
    }

    [Theory]
    [InlineData("NoImage", "Free", "NanoBanana:Pricing:FailedCallRules:gw:NoImage", "NotCharged, Charged, ChargedIfOutputTokens")]
    [InlineData("Safety", "Charged", "NanoBanana:Pricing:FailedCallRules:gw:Safety", "Allowed keys: Source, Success, NoImage, ClientError, RateLimited, ServerError, Timeout, Cancelled")]
    [InlineData("Source", "", "NanoBanana:Pricing:FailedCallRules:gw:Source", "is missing")]
    public void A_bad_failed_call_rule_names_the_path_and_the_allowed_values(string key, string value, string path, string allowed)
    {
        var values = new Dictionary<string, string?>
        {
            ["NanoBanana:Pricing:FailedCallRules:gw:Source"] = "docs",
            [$"NanoBanana:Pricing:FailedCallRules:gw:{key}"] = value,
        };

        var ex = Assert.Throws<ArgumentException>("section", () => PricingCatalog.FromConfiguration(Section(values)));

        Assert.Contains($"'{path}'", ex.Message, StringComparison.Ordinal);
        Assert.Contains(allowed, ex.Message, StringComparison.Ordinal);
    }
}

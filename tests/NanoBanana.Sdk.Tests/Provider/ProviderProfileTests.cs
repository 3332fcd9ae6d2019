using Microsoft.Extensions.Configuration;
using NanoBanana.Sdk.Pricing;

namespace NanoBanana.Sdk.Tests.Provider;

public sealed class ProviderProfileTests
{
    private static IConfigurationSection Section(Dictionary<string, string?> values, string name = "laozhang") =>
        new ConfigurationBuilder().AddInMemoryCollection(values).Build().GetSection($"NanoBanana:Providers:{name}");

    [Fact]
    public void A_profile_binds_from_configuration_with_every_key()
    {
        const string P = "NanoBanana:Providers:laozhang:";
        var profile = ProviderProfile.FromConfiguration(Section(new()
        {
            [P + "BaseUrl"] = "https://api.laozhang.ai",
            [P + "ApiKey"] = "sk-config-0123456789",
            [P + "Dialect"] = "ImagesApi",
            [P + "Models:gemini-3-pro-image"] = "google/gemini-3-pro-image-preview",
            [P + "Prices:0:Model"] = "gemini-3-pro-image",
            [P + "Prices:0:Operation"] = "Edit",
            [P + "Prices:0:Size"] = "4K",
            [P + "Prices:0:UnitPriceUsd"] = "0.09",
            [P + "Prices:0:Source"] = "https://docs.laozhang.ai/pricing",
            [P + "Prices:0:CheckedOn"] = "2026-10-01",
            [P + "FailedCallRule:NoImage"] = "true",
            [P + "FailedCallRule:ClientError"] = "false",
            [P + "Timeout"] = "00:10:00",
            [P + "StatusPage"] = "https://status.laozhang.ai",
            [P + "SupportUrl"] = "https://laozhang.ai/support",
            [P + "DataTerms:Retention"] = "30 days",
            [P + "DataTerms:Region"] = "SG",
            [P + "DataTerms:ContentPolicy"] = "https://laozhang.ai/policy",
        }));

        Assert.Equal("laozhang", profile.Name);
        Assert.Equal(new Uri("https://api.laozhang.ai"), profile.BaseUrl);
        Assert.Equal(ProviderDialect.ImagesApi, profile.Dialect);
        Assert.Equal("google/gemini-3-pro-image-preview", profile.Models["gemini-3-pro-image"]);
        var price = Assert.Single(profile.Prices);
        Assert.Equal(ImageOperation.Edit, price.Operation);
        Assert.Equal(ImageSize.FourK, price.Size);
        Assert.Equal(0.09m, price.UnitPriceUsd);
        Assert.Equal(new DateOnly(2026, 10, 1), price.CheckedOn);
        Assert.True(profile.FailedCallRule[BillingOutcome.NoImage]);
        Assert.False(profile.FailedCallRule[BillingOutcome.ClientError]);
        Assert.Equal(TimeSpan.FromMinutes(10), profile.Timeout);
        Assert.Equal("SG", profile.DataTerms.Region);
        Assert.Empty(profile.Validate());
        Assert.True(profile.IsProven);
    }

    [Fact]
    public void Configuration_errors_are_reported_together_with_their_paths()
    {
        const string P = "NanoBanana:Providers:bad:";
        var error = Assert.Throws<ArgumentException>(() => ProviderProfile.FromConfiguration(Section(
            new()
            {
                [P + "BaseUrl"] = "https://x.example.com",
                [P + "Dialect"] = "Responses",
                [P + "Colour"] = "blue",
                [P + "Prices:0:Model"] = "gemini-3-pro-image",
                [P + "Prices:0:UnitPriceUsd"] = "0,09",
                [P + "FailedCallRule:Sometimes"] = "true",
            },
            "bad")));

        Assert.Contains("NanoBanana:Providers:bad:Dialect", error.Message, StringComparison.Ordinal);
        Assert.Contains("ChatCompletions, ImagesApi, GeminiPassThrough", error.Message, StringComparison.Ordinal);
        Assert.Contains("NanoBanana:Providers:bad:Colour", error.Message, StringComparison.Ordinal);
        Assert.Contains("Prices:0:UnitPriceUsd", error.Message, StringComparison.Ordinal);
        Assert.Contains("FailedCallRule:Sometimes", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validation_returns_every_failure_and_never_the_key()
    {
        var profile = new ProviderProfile("p") { BaseUrl = new Uri("http://gateway.example.com"), ApiKey = "sk-secret-0123456789", Dialect = (ProviderDialect)9 };
        profile.Prices.Add(new ProviderPrice { Model = "gemini-3-pro-image", UnitPriceUsd = 0.09m, Source = "https://p.example.com" });

        var failures = profile.Validate();

        Assert.Contains(failures, f => f.Contains("http://", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.Contains("Dialect", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.Contains("CheckedOn", StringComparison.Ordinal));
        Assert.DoesNotContain(failures, f => f.Contains("sk-secret", StringComparison.Ordinal));
    }

    [Fact]
    public void A_profile_without_base_url_or_key_is_refused_at_construction()
    {
        var error = Assert.Throws<ArgumentException>(() => new ProviderImageClient(new ProviderProfile("empty")));

        Assert.Contains("BaseUrl", error.Message, StringComparison.Ordinal);
        Assert.Contains("ApiKey", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Http_on_loopback_is_allowed()
    {
        var profile = new ProviderProfile("local") { BaseUrl = new Uri("http://127.0.0.1:8080"), ApiKey = "sk-local" };

        Assert.Empty(profile.Validate());
    }

    [Fact]
    public void Timeout_defaults_to_360_seconds_and_600_for_4k()
    {
        var profile = new ProviderProfile("p");

        Assert.Equal(TimeSpan.FromSeconds(360), profile.TimeoutFor(ImageSize.TwoK));
        Assert.Equal(TimeSpan.FromSeconds(600), profile.TimeoutFor(ImageSize.FourK));
        profile.Timeout = TimeSpan.FromSeconds(90);
        Assert.Equal(TimeSpan.FromSeconds(90), profile.TimeoutFor(ImageSize.FourK));
    }
}

using Microsoft.Extensions.Time.Testing;
using NanoBanana.Sdk.Pricing;
using NSubstitute;

namespace NanoBanana.Sdk.Tests.Routing;

/// <summary>Route clients as substitutes (the policy never calls them) and a clock on 2026-11-29.</summary>
internal static class RoutingTestKit
{
    public static readonly DateTimeOffset Now = new(2026, 11, 29, 18, 0, 0, TimeSpan.Zero);

    public static ProviderProfile Profile(string name, decimal proPrice = 0.09m)
    {
        var profile = new ProviderProfile(name) { BaseUrl = new Uri($"https://{name}.example.com"), ApiKey = "sk-test-0123456789" };
        foreach (var (model, price) in new[] { ("gemini-3-pro-image", proPrice), ("gemini-nano-banana-2.1", 0.05m), ("gemini-3.1-flash-lite-image", 0.025m), ("gemini-3.1-flash-image", 0.055m) })
        {
            profile.Prices.Add(new ProviderPrice { Model = model, UnitPriceUsd = price, Source = $"https://{name}.example.com/pricing", CheckedOn = new DateOnly(2026, 10, 7) });
        }

        profile.FailedCallRule[BillingOutcome.NoImage] = true;
        profile.FailedCallRule[BillingOutcome.ServerError] = false;
        profile.FailedCallRule[BillingOutcome.Timeout] = true;
        return profile;
    }

    public static IProviderImageClient Provider(string name)
    {
        var provider = Substitute.For<IProviderImageClient>();
        provider.Profile.Returns(Profile(name));
        return provider;
    }

    public static NanoBananaClient Client(
        Action<RoutingOptions>? configure = null,
        bool official = true,
        bool batch = true,
        string[]? providers = null,
        IBudgetLedger? ledger = null)
    {
        var options = new RoutingOptions();
        configure?.Invoke(options);
        return new NanoBananaClient(
            official ? Substitute.For<IOfficialImageClient>() : null,
            batch ? Substitute.For<IBatchImageClient>() : null,
            (providers ?? ["laozhang", "openrouter"]).Select(Provider).ToList(),
            options,
            ledger,
            new FakeTimeProvider(Now));
    }
}

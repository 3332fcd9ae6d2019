using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using NanoBanana.Sdk.Errors;

namespace NanoBanana.Sdk.Extensions.Tests;

/// <summary><c>NanoBanana:Routing</c> binds into typed <see cref="RoutingOptions"/>, is validated at start and drives the registered <see cref="INanoBananaClient"/>.</summary>
public class RoutingRegistrationTests
{
    private const string Json = """
        { "NanoBanana": {
            "Google": { "ApiKey": "AIzaSy-routing-test-0123456789" },
            "Providers": { "gw": { "BaseUrl": "https://gw.example.com/v1", "ApiKey": "sk-gw" } },
            "Routing": {
              "DefaultModel": "gemini-3.1-flash-lite-image",
              "AllowedRoutes": [ "Official", "Provider" ],
              "PreferredProvider": "gw",
              "Budget": { "PerImageUsd": "0.2", "PerDayUsd": "25", "RouteDown": "true", "ExpectedRetries": "2", "Scopes": { "route:Provider": "5" } },
              "Fallback": "ChangeProvider, LowerResolution",
              "FallbackOn": [ "RateLimited" ] } } }
        """;

    [Fact]
    public void Routing_binds_into_typed_options()
    {
        using var host = TestHosts.Build(Json);

        var routing = host.Services.GetRequiredService<IOptions<NanoBananaOptions>>().Value.Routing;

        Assert.Equal("gemini-3.1-flash-lite-image", routing.DefaultModel);
        Assert.Equal([ImageRoute.Official, ImageRoute.Provider], routing.AllowedRoutes);
        Assert.Equal("gw", routing.PreferredProvider);
        Assert.Equal(0.2m, routing.Budget.PerImageUsd);
        Assert.Equal(25m, routing.Budget.PerDayUsd);
        Assert.True(routing.Budget.RouteDown);
        Assert.Equal(2, routing.Budget.ExpectedRetries);
        Assert.Equal(5m, routing.Budget.Scopes["route:Provider"]);
        Assert.Equal([FallbackStep.ChangeProvider, FallbackStep.LowerResolution], routing.Fallback);
        Assert.Equal([ErrorKind.RateLimited], routing.FallbackOn);
    }

    [Theory]
    [InlineData("\"Budget\": { \"PerImageUsd\": \"-0.5\" }", "NanoBanana:Routing:Budget:PerImageUsd")]
    [InlineData("\"Budget\": { \"PerDayUsd\": \"-1\" }", "NanoBanana:Routing:Budget:PerDayUsd")]
    [InlineData("\"Budget\": { \"PerDayUsd\": \"lots\" }", "NanoBanana:Routing:Budget:PerDayUsd 'lots'")]
    [InlineData("\"Fallback\": [ \"Teleport\" ]", "NanoBanana:Routing:Fallback:0 'Teleport'")]
    [InlineData("\"AllowedRoutes\": \"Official, Pigeon\"", "NanoBanana:Routing:AllowedRoutes 'Pigeon'")]
    [InlineData("\"DefaultModel\": \"gemini-3-pro-image\"", "NanoBanana:Routing:DefaultModel")]
    [InlineData("\"FallbackOn\": [ \"NoImage\" ]", "NanoBanana:Routing:FallbackOn 'NoImage'")]
    [InlineData("\"PreferredProvider\": \"nobody\"", "NanoBanana:Routing:PreferredProvider 'nobody'")]
    [InlineData("\"Budgets\": { }", "NanoBanana:Routing:Budgets is not a NanoBanana setting")]
    public async Task Invalid_routing_fails_at_start_naming_the_path(string routing, string expected)
    {
        var json = "{ \"NanoBanana\": { \"Google\": { \"ApiKey\": \"AIzaSy-routing-test-0123456789\" }, \"Routing\": { " + routing + " } } }";
        using var host = TestHosts.Build(json);

        var ex = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains(ex.Failures, f => f.Contains(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void The_facade_is_a_singleton_over_the_registered_route_clients_and_keyed_providers()
    {
        var provider = new ProviderImageClient(new ProviderProfile("gw") { BaseUrl = new Uri("https://gw.example.com/v1"), ApiKey = "sk-gw" });
        using var host = TestHosts.Build(Json, s => s.AddKeyedSingleton<IProviderImageClient>("gw", provider));

        var facade = host.Services.GetRequiredService<INanoBananaClient>();

        Assert.Same(facade, host.Services.GetRequiredService<INanoBananaClient>());
        Assert.IsType<InMemoryBudgetLedger>(host.Services.GetRequiredService<IBudgetLedger>());
        var plan = facade.Plan(new ImageRequest("a banana"));
        Assert.Equal(ImageRoute.Provider, plan.Route);
        Assert.Equal("gw", plan.Provider);
        Assert.Equal("gemini-3.1-flash-lite-image", plan.Model);
    }

    [Fact]
    public void A_configured_provider_reaches_the_facade_through_its_keyed_registration()
    {
        using var host = TestHosts.Build(Json);

        var plan = host.Services.GetRequiredService<INanoBananaClient>().Plan(new ImageRequest("a banana"));

        // NanoBanana:Routing:PreferredProvider names "gw", which AddNanoBanana registered as a keyed IProviderImageClient.
        Assert.Equal(ImageRoute.Provider, plan.Route);
        Assert.Equal("gw", plan.Provider);
        Assert.True(plan.HasReason(RouteReasonCodes.ProviderPreferred), plan.ToString());
    }

    [Fact]
    public void A_shared_ledger_replaces_the_in_process_one()
    {
        var shared = new InMemoryBudgetLedger();
        using var host = TestHosts.Build(Json, s => s.AddSingleton<IBudgetLedger>(shared));

        Assert.Same(shared, host.Services.GetRequiredService<IBudgetLedger>());
        Assert.Same(shared, ((NanoBananaClient)host.Services.GetRequiredService<INanoBananaClient>()).Ledger);
    }

    [Fact]
    public void Routing_prices_default_to_the_configured_pricing()
    {
        const string WithPricing = """
            { "NanoBanana": { "Google": { "ApiKey": "AIzaSy-routing-test-0123456789" },
              "Pricing": { "Rows": [ { "ModelId": "gemini-nano-banana-2.1", "Lane": "GoogleStandard", "Size": "1K", "Unit": "PerImage", "UnitPriceUsd": "0.5", "Source": "https://example.com/contract", "CheckedOn": "2026-11-01" } ] } } }
            """;
        using var host = TestHosts.Build(WithPricing);

        var plan = host.Services.GetRequiredService<INanoBananaClient>().Plan(new ImageRequest("a banana"));

        Assert.Equal(0.5m, plan.UnitPriceUsd);
    }
}

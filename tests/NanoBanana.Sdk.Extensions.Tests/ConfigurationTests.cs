using System.Net.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Options;
using NanoBanana.Sdk.Http;

namespace NanoBanana.Sdk.Extensions.Tests;

public sealed class ConfigurationTests(EmulatorFixture fixture) : IClassFixture<EmulatorFixture>
{
    [Fact]
    public async Task Host_from_appsettings_resolves_the_batch_client_on_its_own_named_HttpClient()
    {
        fixture.Emulator.Journal.Clear();
        using var host = await TestHosts.StartAsync(fixture.Json());
        var batch = host.Services.GetRequiredService<IBatchImageClient>();

        var jobs = 0;
        await foreach (var _ in batch.ListJobsAsync())
        {
            jobs++;
        }

        Assert.Equal(0, jobs);
        var entry = Assert.Single(fixture.Emulator.Journal.Entries);
        Assert.Contains("/batches", entry.Path, StringComparison.Ordinal);
        Assert.Same(batch, host.Services.GetRequiredService<IBatchImageClient>());
    }

    [Fact]
    public async Task Host_from_appsettings_resolves_the_client_and_sends_the_bound_values()
    {
        fixture.Emulator.Journal.Clear();
        using var host = await TestHosts.StartAsync(fixture.Json(official: """, "ServiceTier": "flex", "Model": "gemini-3-pro-image" """));
        var client = host.Services.GetRequiredService<IOfficialImageClient>();

        var result = await client.GenerateAsync("a banana in space");

        Assert.Single(result.Images);
        var entry = Assert.Single(fixture.Emulator.Journal.Entries);
        Assert.Contains(":generateContent", entry.Path, StringComparison.Ordinal);
        Assert.Contains("\"serviceTier\":\"flex\"", entry.Body, StringComparison.Ordinal);
        var options = host.Services.GetRequiredService<IOptions<NanoBananaOptions>>().Value;
        Assert.Equal(OfficialTransport.GenerateContent, options.Official.Transport);
        Assert.Equal(ServiceTier.Flex, options.Official.ServiceTier);
        Assert.Equal(TimeSpan.FromMinutes(6), options.Official.Timeout);
        Assert.Equal("AI Studio auth key", options.Google.KeyType);
        Assert.Equal(1, result.Attempts);
        Assert.Equal(0, result.Cost.Retries);
    }

    [Fact]
    public async Task Action_overload_registers_the_same_client()
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Services.AddNanoBanana(o =>
        {
            o.Google.ApiKey = EmulatorFixture.Key;
            o.Google.BaseUrl = fixture.Emulator.BaseAddress;
            o.Official.Transport = OfficialTransport.Interactions;
        });
        using var host = builder.Build();
        await host.StartAsync();

        var result = await host.Services.GetRequiredService<IOfficialImageClient>().GenerateAsync("a banana");

        Assert.Single(result.Images);
    }

    [Fact]
    public async Task Every_validation_failure_is_reported_at_start_with_its_configuration_path()
    {
        const string Json = """
            {
              "NanoBanana": {
                "Google": { "ApiKey": "", "BaseUrl": "http://gemini.example.com" },
                "Official": { "Transport": "Grpc", "ServiceTier": "turbo", "Timeout": "-00:00:05", "Tier": "flex" },
                "Batch": { "PollInterval": "soon", "InlineLimitBytes": "0" },
                "Providers": { "cheap": { "BaseUrl": "http://gateway.example.com/v1", "ApiKey": "sk-cheap", "Prices": [ { "Model": "m", "Size": "8K", "UnitPriceUsd": "0.03" } ] } },
                "Pricing": { "MaxPriceAge": "a while" },
                "Resilience": { "MaxRetries": "20" }
              }
            }
            """;
        using var host = TestHosts.Build(Json);

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());
        var messages = error.Failures.ToList();

        void Has(params string[] parts) => Assert.Contains(messages, m => parts.All(p => m.Contains(p, StringComparison.Ordinal)));
        Has("NanoBanana:Official:Transport", "'Grpc'", "Interactions, GenerateContent");
        Has("NanoBanana:Official:ServiceTier", "'turbo'", "standard, flex, priority");
        Has("NanoBanana:Official:Timeout", "must be positive");
        Has("NanoBanana:Official:Tier", "not a NanoBanana setting", "ServiceTier");
        Has("NanoBanana:Google:BaseUrl", "http://", "NanoBanana:Google:AllowInsecureHttp");
        Has("NanoBanana:Batch:PollInterval", "'soon'", "00:06:00");
        Has("NanoBanana:Batch:InlineLimitBytes");
        Has("NanoBanana:Providers:cheap:BaseUrl", "https://");
        Has("NanoBanana:Providers:cheap:Prices:0:Size", "'8K'", "1K, 2K, 4K");
        Has("NanoBanana:Pricing:MaxPriceAge");
        Has("NanoBanana:Resilience:MaxRetries", "between 0 and 10");
        if (Environment.GetEnvironmentVariable("GEMINI_API_KEY") is null && Environment.GetEnvironmentVariable("GOOGLE_API_KEY") is null)
        {
            Has("NanoBanana:Google:ApiKey", "GEMINI_API_KEY");
        }

        Assert.True(messages.Count >= 11, string.Join(Environment.NewLine, messages));
    }

    [Fact]
    public async Task A_proven_provider_profile_section_passes_validation()
    {
        // The keys ProviderProfile.FromConfiguration reads: dated, sourced prices and the failed-call rule by outcome.
        const string Json = """
            {
              "NanoBanana": {
                "Google": { "ApiKey": "k" },
                "Providers": { "cheapgw": {
                  "BaseUrl": "https://gw.example.com/v1", "ApiKey": "sk-gw", "Dialect": "ImagesApi", "AllowRetries": "false",
                  "Prices": [ { "Model": "gemini-3-pro-image", "UnitPriceUsd": "0.09", "Source": "https://gw.example.com/pricing", "CheckedOn": "2026-10-01" } ],
                  "FailedCallRule": { "NoImage": "true", "ServerError": "false" }, "FailedCallRuleSource": "https://gw.example.com/billing",
                  "DataTerms": { "Retention": "30 days" } } }
              }
            }
            """;
        using var host = TestHosts.Build(Json);

        await host.StartAsync();

        var configuration = new ConfigurationBuilder().AddJsonStream(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(Json))).Build();
        Assert.True(ProviderProfile.FromConfiguration(configuration.GetSection("NanoBanana:Providers:cheapgw")).IsProven);
        await host.StopAsync();
    }

    [Fact]
    public void Pricing_section_is_applied()
    {
        const string Json = """
            { "NanoBanana": { "Google": { "ApiKey": "k" }, "Pricing": { "MaxPriceAge": "" } } }
            """;
        using var host = TestHosts.Build(Json);

        var options = host.Services.GetRequiredService<IOptions<NanoBananaOptions>>().Value;

        Assert.NotSame(Pricing.PricingCatalog.Default, options.Pricing);
        Assert.Null(options.Pricing.MaxPriceAge);
        Assert.Same(options.Pricing, options.ToOfficialImageClientOptions().Pricing);
    }

    [Fact]
    public void Providers_bind_as_profiles_and_routing_and_quota_as_plain_options()
    {
        const string Json = """
            { "NanoBanana": {
                "Google": { "ApiKey": "k" },
                "Providers": { "gw": { "BaseUrl": "https://gw.example.com/v1", "ApiKey": "sk-gw", "Dialect": "ImagesApi", "Models": { "gemini-3.1-flash-image": "google/nano-banana-2" },
                  "Prices": [ { "Model": "gemini-3.1-flash-image", "Size": "2K", "Operation": "Generate", "UnitPriceUsd": "0.05", "Source": "https://gw.example.com/pricing", "CheckedOn": "2026-10-01" } ],
                  "FailedCallRule": { "ServerError": "false", "NoImage": "true" }, "Timeout": "00:05:00", "StatusPage": "https://status.example.com", "SupportUrl": "https://example.com/support",
                  "DataTerms": { "Retention": "30 days", "Region": "EU", "ContentPolicy": "gw policy" } } },
                "Routing": { "Fallback": [ "CheaperModel", "LowerResolution" ] },
                "Quota": { "RequestsPerMinute": "10" } } }
            """;
        using var host = TestHosts.Build(Json);

        var options = host.Services.GetRequiredService<IOptions<NanoBananaOptions>>().Value;

        var gw = options.Providers["gw"];
        Assert.Equal("gw", gw.Name);
        Assert.Equal(new Uri("https://gw.example.com/v1"), gw.BaseUrl);
        Assert.Equal(ProviderDialect.ImagesApi, gw.Dialect);
        Assert.Equal("google/nano-banana-2", gw.Models["gemini-3.1-flash-image"]);
        var price = Assert.Single(gw.Prices);
        Assert.Equal(0.05m, price.UnitPriceUsd);
        Assert.Equal(ImageSize.TwoK, price.Size);
        Assert.Equal(ImageOperation.Generate, price.Operation);
        Assert.Equal(new DateOnly(2026, 10, 1), price.CheckedOn);
        Assert.False(gw.FailedCallRule[Pricing.BillingOutcome.ServerError]);
        Assert.True(gw.FailedCallRule[Pricing.BillingOutcome.NoImage]);
        Assert.Equal(TimeSpan.FromMinutes(5), gw.Timeout);
        Assert.Equal("EU", gw.DataTerms.Region);
        Assert.False(gw.AllowRetries);
        Assert.Equal([FallbackStep.CheaperModel, FallbackStep.LowerResolution], options.Routing.Fallback);
        Assert.Equal(10, options.Quota.RequestsPerMinute);
    }

    [Fact]
    public void Primary_handler_is_the_standalone_recipe_with_the_attempt_counter_innermost()
    {
        using var host = TestHosts.Build(fixture.Json());
        var factory = host.Services.GetRequiredService<IHttpMessageHandlerFactory>();

        var chain = Chain(factory.CreateHandler(NanoBananaHttpClientNames.Official));
        var primary = Assert.IsType<SocketsHttpHandler>(chain[^1]);
        Assert.Equal("AttemptCountingHandler", chain[^2].GetType().Name);
        using var standalone = HttpClientRecipe.CreatePrimaryHandler();
        Assert.False(primary.AllowAutoRedirect);
        Assert.Equal(standalone.AllowAutoRedirect, primary.AllowAutoRedirect);
        Assert.Equal(standalone.PooledConnectionLifetime, primary.PooledConnectionLifetime);
        Assert.Equal(standalone.KeepAlivePingDelay, primary.KeepAlivePingDelay);
        Assert.Equal(standalone.KeepAlivePingTimeout, primary.KeepAlivePingTimeout);
        Assert.Equal(standalone.KeepAlivePingPolicy, primary.KeepAlivePingPolicy);
        Assert.Equal(standalone.ConnectTimeout, primary.ConnectTimeout);
        Assert.Equal(1, chain.Count(h => h is Microsoft.Extensions.Http.Resilience.ResilienceHandler));
        Assert.Equal(Timeout.InfiniteTimeSpan, host.Services.GetRequiredService<IHttpClientFactory>().CreateClient(NanoBananaHttpClientNames.Official).Timeout);
    }

    [Fact]
    public async Task A_standard_resilience_handler_on_a_NanoBanana_client_is_warned_about_at_start()
    {
        var logs = new FakeLogCollector();
        using var host = TestHosts.Build(fixture.Json(), s => s.AddHttpClient(NanoBananaHttpClientNames.Official).AddStandardResilienceHandler(), logs);

        await host.StartAsync();

        var warning = Assert.Single(logs.GetSnapshot(), r => r.Id.Id == 110);
        Assert.Equal(LogLevel.Warning, warning.Level);
        Assert.Contains("AddStandardResilienceHandler", warning.Message, StringComparison.Ordinal);
        await host.StopAsync();
    }

    [Fact]
    public async Task No_warning_without_an_extra_handler()
    {
        var logs = new FakeLogCollector();
        using var host = TestHosts.Build(fixture.Json(), logs: logs);

        await host.StartAsync();

        Assert.DoesNotContain(logs.GetSnapshot(), r => r.Id.Id == 110);
        await host.StopAsync();
    }

    private static List<HttpMessageHandler> Chain(HttpMessageHandler handler)
    {
        var list = new List<HttpMessageHandler>();
        for (HttpMessageHandler? current = handler; current is not null; current = (current as DelegatingHandler)?.InnerHandler)
        {
            list.Add(current);
        }

        return list;
    }
}

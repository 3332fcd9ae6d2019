using System.Collections.Concurrent;
using System.Text;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Http;
using Microsoft.Extensions.Options;
using NanoBanana.Sdk.Http;
using NanoBanana.Sdk.Pricing;

namespace NanoBanana.Sdk.Extensions.Tests;

/// <summary>Keyed <see cref="IProviderImageClient"/>s from <c>NanoBanana:Providers:&lt;name&gt;</c>, each on its own HttpClient.</summary>
public sealed class ProviderRegistrationTests(EmulatorFixture fixture) : IClassFixture<EmulatorFixture>
{
    private string Json(string extra = "") => $$"""
        {
          "NanoBanana": {
            "Google": { "ApiKey": "{{EmulatorFixture.Key}}", "BaseUrl": "{{fixture.Emulator.BaseAddress}}", "ProjectId": "{{EmulatorFixture.Project}}" },
            "Official": { "Transport": "GenerateContent" },
            "Providers": {
              "gw-a": {
                "BaseUrl": "{{fixture.Emulator.GatewayAddress("gw-a")}}", "ApiKey": "{{EmulatorFixture.GatewayAKey}}", "Dialect": "ChatCompletions",
                "Prices": [ { "Model": "gemini-3.1-flash-image", "UnitPriceUsd": "0.055", "Source": "https://gw-a.example.com/pricing", "CheckedOn": "2026-10-01" } ],
                "FailedCallRule": { "NoImage": "true", "ServerError": "false" }
              },
              "gw-b": { "BaseUrl": "{{fixture.Emulator.GatewayAddress("gw-b")}}", "ApiKey": "{{EmulatorFixture.GatewayBKey}}", "Dialect": "ImagesApi" {{extra}} }
            }
          }
        }
        """;

    [Fact]
    public async Task Each_configured_provider_is_a_keyed_singleton_with_its_own_profile()
    {
        using var host = await TestHosts.StartAsync(Json());

        var a = host.Services.GetRequiredKeyedService<IProviderImageClient>("gw-a");
        var b = host.Services.GetRequiredKeyedService<IProviderImageClient>("gw-b");

        Assert.Equal("gw-a", a.Profile.Name);
        Assert.Equal(ProviderDialect.ChatCompletions, a.Profile.Dialect);
        Assert.Equal("gw-b", b.Profile.Name);
        Assert.Equal(ProviderDialect.ImagesApi, b.Profile.Dialect);
        Assert.Equal(fixture.Emulator.GatewayAddress("gw-b"), b.Profile.BaseUrl);
        Assert.Same(a, host.Services.GetRequiredKeyedService<IProviderImageClient>("gw-a"));
        Assert.Null(host.Services.GetKeyedService<IProviderImageClient>("not-configured"));
        Assert.Throws<InvalidOperationException>(() => host.Services.GetRequiredKeyedService<IProviderImageClient>("not-configured"));
        var options = host.Services.GetRequiredService<IOptions<NanoBananaOptions>>().Value;
        Assert.Equal(["gw-a", "gw-b"], options.Providers.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_call_through_the_keyed_client_reaches_the_emulator_gateway_with_the_provider_price()
    {
        fixture.Emulator.Journal.Clear();
        fixture.Emulator.Ledger.Clear();
        using var host = await TestHosts.StartAsync(Json());
        var client = host.Services.GetRequiredKeyedService<IProviderImageClient>("gw-a");

        var result = await client.GenerateAsync(new ImageRequest("a banana in space") { Model = "gemini-3.1-flash-image" });

        Assert.NotEmpty(result.Image.Data.ToArray());
        Assert.Equal(ImageRoute.Provider, result.Route);
        Assert.Equal(PriceLane.Provider, result.Cost.Lane);
        Assert.Equal("gw-a", result.Cost.Provider);
        Assert.Equal(0.055m, result.Cost.EstimatedCostUsd);
        var entry = Assert.Single(fixture.Emulator.Journal.Entries);
        Assert.StartsWith("/gateway/gw-a/", entry.Path, StringComparison.Ordinal);
        Assert.Contains("chat/completions", entry.Path, StringComparison.Ordinal);
        Assert.Single(fixture.Emulator.Ledger.Entries);
    }

    [Fact]
    public async Task Keys_stay_with_their_hosts_the_Google_key_never_reaches_a_provider_and_a_provider_key_never_another_host()
    {
        var seen = new ConcurrentQueue<(string Client, Uri Uri, string Headers)>();
        using var host = await TestHosts.StartAsync(Json(), services =>
        {
            foreach (var name in new[] { NanoBananaHttpClientNames.Official, NanoBananaHttpClientNames.Provider("gw-a"), NanoBananaHttpClientNames.Provider("gw-b") })
            {
                services.AddHttpClient(name).AddHttpMessageHandler(() => new RecordingHandler(name, seen));
            }
        });

        await host.Services.GetRequiredService<IOfficialImageClient>().GenerateAsync("a banana");
        await host.Services.GetRequiredKeyedService<IProviderImageClient>("gw-a").GenerateAsync("a banana");
        await host.Services.GetRequiredKeyedService<IProviderImageClient>("gw-b").GenerateAsync("a banana");

        Assert.Equal(3, seen.Count);
        foreach (var (client, uri, headers) in seen)
        {
            if (client == NanoBananaHttpClientNames.Official)
            {
                Assert.DoesNotContain("/gateway/", uri.AbsolutePath, StringComparison.Ordinal);
                Assert.Contains(EmulatorFixture.Key, headers, StringComparison.Ordinal);
                Assert.DoesNotContain("Authorization", headers, StringComparison.OrdinalIgnoreCase);
                Assert.DoesNotContain(EmulatorFixture.GatewayAKey, headers, StringComparison.Ordinal);
                Assert.DoesNotContain(EmulatorFixture.GatewayBKey, headers, StringComparison.Ordinal);
                continue;
            }

            var own = client.EndsWith("gw-a", StringComparison.Ordinal) ? ("gw-a", EmulatorFixture.GatewayAKey, EmulatorFixture.GatewayBKey) : ("gw-b", EmulatorFixture.GatewayBKey, EmulatorFixture.GatewayAKey);
            Assert.StartsWith($"/gateway/{own.Item1}/", uri.AbsolutePath, StringComparison.Ordinal);
            Assert.Contains("Authorization: Bearer " + own.Item2, headers, StringComparison.Ordinal);
            Assert.DoesNotContain(own.Item3, headers, StringComparison.Ordinal);
            Assert.DoesNotContain(EmulatorFixture.Key, headers, StringComparison.Ordinal);
            Assert.DoesNotContain("x-goog-api-key", headers, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("x-goog-api-client", headers, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public void Provider_clients_use_the_standalone_primary_handler_with_no_retry_pipeline()
    {
        using var host = TestHosts.Build(Json());
        var factory = host.Services.GetRequiredService<IHttpMessageHandlerFactory>();

        var chain = new List<HttpMessageHandler>();
        for (HttpMessageHandler? h = factory.CreateHandler(NanoBananaHttpClientNames.Provider("gw-a")); h is not null; h = (h as DelegatingHandler)?.InnerHandler)
        {
            chain.Add(h);
        }

        var primary = Assert.IsType<SocketsHttpHandler>(chain[^1]);
        using var standalone = HttpClientRecipe.CreatePrimaryHandler();
        Assert.False(primary.AllowAutoRedirect);
        Assert.Equal(standalone.PooledConnectionLifetime, primary.PooledConnectionLifetime);
        Assert.Equal(standalone.KeepAlivePingDelay, primary.KeepAlivePingDelay);
        Assert.Equal(standalone.KeepAlivePingPolicy, primary.KeepAlivePingPolicy);
        Assert.Equal(standalone.ConnectTimeout, primary.ConnectTimeout);
        Assert.Equal("AttemptCountingHandler", chain[^2].GetType().Name);
        Assert.DoesNotContain(chain, h => h is Microsoft.Extensions.Http.Resilience.ResilienceHandler);
        Assert.Equal(Timeout.InfiniteTimeSpan, host.Services.GetRequiredService<IHttpClientFactory>().CreateClient(NanoBananaHttpClientNames.Provider("gw-a")).Timeout);
    }

    [Fact]
    public async Task Providers_bind_from_in_memory_configuration_and_from_code()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["NanoBanana:Google:ApiKey"] = EmulatorFixture.Key,
            ["NanoBanana:Google:BaseUrl"] = fixture.Emulator.BaseAddress.ToString(),
            ["NanoBanana:Providers:gw-a:BaseUrl"] = fixture.Emulator.GatewayAddress("gw-a").ToString(),
            ["NanoBanana:Providers:gw-a:ApiKey"] = EmulatorFixture.GatewayAKey,
            ["NanoBanana:Providers:gw-a:Dialect"] = "GeminiPassThrough",
            ["NanoBanana:Providers:gw-a:Timeout"] = "00:07:00",
            ["NanoBanana:Providers:gw-a:Models:gemini-3-pro-image"] = "google/gemini-3-pro-image-preview",
        }).Build();
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Services.AddNanoBanana(configuration.GetSection(NanoBananaOptions.SectionName))
            .Configure(o => o.Providers["gw-b"] = new ProviderProfile("gw-b") { BaseUrl = fixture.Emulator.GatewayAddress("gw-b"), ApiKey = EmulatorFixture.GatewayBKey, Dialect = ProviderDialect.ImagesApi });
        using var host = builder.Build();
        await host.StartAsync();

        var a = host.Services.GetRequiredKeyedService<IProviderImageClient>("gw-a");
        Assert.Equal(ProviderDialect.GeminiPassThrough, a.Profile.Dialect);
        Assert.Equal(TimeSpan.FromMinutes(7), a.Profile.Timeout);
        Assert.Equal("google/gemini-3-pro-image-preview", a.Profile.Models["gemini-3-pro-image"]);
        var b = host.Services.GetRequiredKeyedService<IProviderImageClient>("gw-b");
        var result = await b.GenerateAsync("a banana");
        Assert.Single(result.Images);
        Assert.Equal("gw-b", result.Cost.Provider);
    }

    [Fact]
    public async Task Provider_validation_names_the_configuration_path_and_the_valid_values()
    {
        const string Json = """
            {
              "NanoBanana": {
                "Google": { "ApiKey": "AIza-valid-enough-key-0123456789" },
                "Providers": {
                  "nourl": { "ApiKey": "sk-1" },
                  "dialect": { "BaseUrl": "https://d.example.com", "ApiKey": "sk-2", "Dialect": "Responses" },
                  "undated": { "BaseUrl": "https://u.example.com", "ApiKey": "sk-3",
                    "Prices": [ { "Model": "gemini-3-pro-image", "UnitPriceUsd": "0.09", "Source": "https://u.example.com/pricing" } ] }
                }
              }
            }
            """;
        using var host = TestHosts.Build(Json);

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());
        var messages = error.Failures.ToList();

        void Has(params string[] parts) => Assert.Contains(messages, m => parts.All(p => m.Contains(p, StringComparison.Ordinal)));
        Has("NanoBanana:Providers:nourl", "NanoBanana:Providers:nourl:BaseUrl", "https://");
        Has("NanoBanana:Providers:dialect:Dialect", "'Responses'", "ChatCompletions, ImagesApi, GeminiPassThrough");
        Has("NanoBanana:Providers:undated:Prices:0", "CheckedOn", "yyyy-MM-dd");
        Assert.DoesNotContain(messages, m => m.Contains("sk-", StringComparison.Ordinal));
        Assert.Equal(3, messages.Count);
    }

    [Fact]
    public async Task A_profile_under_another_key_than_its_name_is_refused_at_start()
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Services.AddNanoBanana(o =>
        {
            o.Google.ApiKey = EmulatorFixture.Key;
            o.Providers["left"] = new ProviderProfile("right") { BaseUrl = new Uri("https://gw.example.com"), ApiKey = "sk-x" };
        });
        using var host = builder.Build();

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains(error.Failures, m => m.Contains("NanoBanana:Providers:left", StringComparison.Ordinal) && m.Contains("'right'", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_standard_resilience_handler_on_a_provider_client_is_warned_about_at_start()
    {
        var logs = new Microsoft.Extensions.Logging.Testing.FakeLogCollector();
        using var host = TestHosts.Build(Json(), s => s.AddHttpClient(NanoBananaHttpClientNames.Provider("gw-b")).AddStandardResilienceHandler(), logs);

        await host.StartAsync();

        var warning = Assert.Single(logs.GetSnapshot(), r => r.Id.Id == 110);
        Assert.Contains(NanoBananaHttpClientNames.Provider("gw-b"), warning.Message, StringComparison.Ordinal);
        await host.StopAsync();
    }

    private sealed class RecordingHandler(string client, ConcurrentQueue<(string, Uri, string)> seen) : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var headers = new StringBuilder();
            foreach (var header in request.Headers)
            {
                headers.Append(header.Key).Append(": ").AppendJoin(",", header.Value).Append('\n');
            }

            seen.Enqueue((client, request.RequestUri!, headers.ToString()));
            return base.SendAsync(request, cancellationToken);
        }
    }
}

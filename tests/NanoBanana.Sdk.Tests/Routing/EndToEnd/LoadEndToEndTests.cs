using System.Collections.Concurrent;
using NanoBanana.Sdk.Emulator;
using NanoBanana.Sdk.Errors;

namespace NanoBanana.Sdk.Tests.Routing.EndToEnd;

/// <summary>
/// A bounded load test against the emulator: 1,000 requests, 64 at a time, a project limit of 300 requests a minute.
/// None is lost: every request ends as an image or a classified exception, and the project limit holds.
/// </summary>
public sealed class LoadEndToEndTests
{
    private const int Requests = 1000;
    private const int Concurrency = 64;
    private const int ProjectRpm = 300;
    private const string Key = "AIzaSyE2E-load-key-0123456789abcdefghi";

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_thousand_requests_under_a_project_limit_are_all_accounted_for(bool changeProvider)
    {
        // The emulator's quota window runs on a stopped clock, so a slow, shared machine cannot roll it over mid-test.
        var options = new NanoBananaEmulatorOptions { TimeProvider = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DateTimeOffset.UtcNow) };
        options.ApiKeys[Key] = "load-project";
        options.QuotaLimits.Add(new QuotaLimit { Project = "load-project", RequestsPerMinute = ProjectRpm });
        var gateway = new GatewayProvider("laozhang");
        gateway.Prices["gemini-nano-banana-2.1"] = 0.05m;
        options.Gateways.Add(gateway);
        await using var emulator = await NanoBananaEmulator.StartAsync(options, CancellationToken.None);
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = Concurrency });
        var official = new OfficialImageClient(new OfficialImageClientOptions { ApiKey = Key, BaseUrl = emulator.BaseAddress, EnvironmentVariables = _ => null }, http);
        var profile = RoutingTestKit.Profile("laozhang");
        profile.BaseUrl = emulator.GatewayAddress("laozhang");
        var provider = new ProviderImageClient(profile, null, http);
        var routing = new RoutingOptions();
        if (changeProvider)
        {
            routing.Fallback.Add(FallbackStep.ChangeProvider);
        }

        var ledger = new InMemoryBudgetLedger();
        var facade = new NanoBananaClient(official, null, [provider], routing, ledger);

        var outcomes = new ConcurrentDictionary<int, string>();
        var officialCosts = new ConcurrentBag<decimal>();
        await Parallel.ForEachAsync(Enumerable.Range(0, Requests), new ParallelOptions { MaxDegreeOfParallelism = Concurrency }, async (i, ct) =>
        {
            try
            {
                var result = await facade.GenerateAsync(new ImageRequest("a banana under load") { ClientRequestId = $"load-{i}" }, ct);
                Assert.Equal($"load-{i}", result.Image!.ClientRequestId);
                Assert.NotEmpty(result.Image.Image.Data.ToArray());
                outcomes[i] = "ok:" + result.Plan.Route;
                if (result.Plan.Route == ImageRoute.Official)
                {
                    officialCosts.Add(result.Image.Cost.EffectiveCostUsd!.Value);
                }
            }
            catch (NanoBananaException ex)
            {
                outcomes[i] = "error:" + ex.Kind;
            }
        });

        Assert.Equal(Requests, outcomes.Count); // none lost
        var byOutcome = outcomes.Values.GroupBy(v => v).ToDictionary(g => g.Key, g => g.Count());
        var officialOk = byOutcome.GetValueOrDefault("ok:Official");
        Assert.Equal(ProjectRpm, officialOk); // the limit held, and every allowed request went through
        var official429 = emulator.Journal.Entries.Count(e => e.Path.Contains("interactions", StringComparison.Ordinal) && e.Status == 429);
        Assert.Equal(Requests - ProjectRpm, official429);
        if (changeProvider)
        {
            Assert.Equal(Requests - ProjectRpm, byOutcome.GetValueOrDefault("ok:Provider"));
        }
        else
        {
            Assert.Equal(Requests - ProjectRpm, byOutcome.GetValueOrDefault("error:" + ErrorKind.RateLimited));
        }

        Assert.Equal(Requests, byOutcome.Values.Sum());
        var day = GoogleQuotaDay.For(DateTimeOffset.UtcNow);
        // The ledger holds what the cost records say each call cost (image, text, thinking and input tokens), nothing else.
        Assert.Equal(ProjectRpm, officialCosts.Count);
        Assert.All(officialCosts, c => Assert.True(c >= 0.0336m, $"{c} is below the image price"));
        Assert.Equal(officialCosts.Sum(), await ledger.GetSpentAsync("route:Official", day));
    }
}

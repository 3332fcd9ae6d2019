using System.Text.Json;
using Microsoft.Extensions.Time.Testing;

namespace NanoBanana.Cli.Tests;

public sealed class ProviderProveTests(CliEmulatorFixture fixture) : IClassFixture<CliEmulatorFixture>
{
    /// <summary>A proven provider in a --config file: aliases, a dated price, the failed-call rule, status and support routes, data terms.</summary>
    private string ProvenConfig()
    {
        var path = Path.Combine(CliHarness.TempDirectory(), "provider.json");
        File.WriteAllText(path, $$"""
            {
              "NanoBanana": {
                "Providers": {
                  "proven": {
                    "BaseUrl": "{{fixture.Emulator.GatewayAddress("gw")}}",
                    "ApiKey": "{{CliEmulatorFixture.GatewayKey}}",
                    "Dialect": "ImagesApi",
                    "Models": { "gemini-3-pro-image": "gemini-3-pro-image" },
                    "Prices": [ { "Model": "gemini-3-pro-image", "UnitPriceUsd": 0.09, "Source": "https://gw.example/pricing", "CheckedOn": "2026-10-01" } ],
                    "FailedCallRule": { "NoImage": true, "ClientError": false, "RateLimited": false, "ServerError": false, "Timeout": true },
                    "StatusPage": "https://status.gw.example",
                    "SupportUrl": "https://gw.example/support",
                    "DataTerms": { "Retention": "30 days (declared)", "Region": "EU (declared)", "ContentPolicy": "provider policy (declared)" }
                  }
                }
              }
            }
            """);
        return path;
    }

    [Fact]
    public async Task Prove_runs_the_checklist_writes_the_report_and_prints_rows_and_calls()
    {
        var env = fixture.Environment();
        env.Remove("NanoBanana__Providers__gw__BaseUrl");
        env.Remove("NanoBanana__Providers__gw__ApiKey");
        env.Remove("NanoBanana__Providers__gw__Dialect");
        env["NanoBanana__Providers__proven__Dialect"] = "ImagesApi";
        var report = Path.Combine(CliHarness.TempDirectory(), "proof.md");

        var run = await CliHarness.RunAsync(env, "provider", "prove", "--config", ProvenConfig(), "--report", report, "--json");

        Assert.True(run.ExitCode == 0, run.ToString());
        var json = run.Json();
        Assert.Equal("proven", json.GetProperty("provider").GetString());
        var rows = json.GetProperty("rows").EnumerateArray().ToList();
        Assert.Equal(
            ["EndpointAndAlias", "PriceAndBillingMode", "FailedCallRule", "RateAndStatusRoute", "DataBoundary", "SmallLoggedTest"],
            rows.Select(r => r.GetProperty("item").GetString()));
        Assert.All(rows, r => Assert.Contains(r.GetProperty("status").GetString(), new[] { "Pass", "Fail", "Declare" }));
        Assert.Equal("Declare", rows.Single(r => r.GetProperty("item").GetString() == "DataBoundary").GetProperty("status").GetString());
        Assert.Equal("Pass", rows.Single(r => r.GetProperty("item").GetString() == "PriceAndBillingMode").GetProperty("status").GetString());
        Assert.All(rows, r => Assert.False(string.IsNullOrWhiteSpace(r.GetProperty("evidence").GetString())));
        var calls = json.GetProperty("calls").EnumerateArray().ToList();
        Assert.Equal(4, calls.Count);
        Assert.Equal(3, calls.Count(c => c.GetProperty("status").GetInt32() == 200));
        Assert.Contains(calls, c => c.GetProperty("status").GetInt32() is >= 400 and < 500);
        Assert.All(calls, c => Assert.True(c.GetProperty("latencyMs").GetDouble() >= 0));
        Assert.Contains(calls, c => c.GetProperty("costUsd").ValueKind == JsonValueKind.Number);
        var markdown = await File.ReadAllTextAsync(report);
        Assert.Contains("| EndpointAndAlias |", markdown, StringComparison.Ordinal);
        Assert.DoesNotContain(CliEmulatorFixture.GatewayKey, run.Stdout + run.Stderr + markdown, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unproven_provider_shows_its_failing_rows_in_plain_text()
    {
        var run = await CliHarness.RunAsync(fixture.Environment(), "provider", "prove", "--provider", "gw");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.StartsWith("item\tstatus\tevidence", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("PriceAndBillingMode\tFail\t", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("Verdict:      NOT passed", run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Prove_without_such_a_provider_exits_2()
    {
        var run = await CliHarness.RunAsync(fixture.Environment(), "provider", "prove", "--provider", "missing", "--json");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("Allowed values: gw", run.Json().GetProperty("error").GetProperty("nextMove").GetString(), StringComparison.Ordinal);
    }
}

public sealed class PriceTests
{
    private static readonly FakeTimeProvider Clock = new(new DateTimeOffset(2026, 11, 1, 12, 0, 0, TimeSpan.Zero));

    private static Task<CliRun> Price(Dictionary<string, string>? env, params string[] args) =>
        CliHarness.RunAsync(env ?? [], Clock, CancellationToken.None, null, ["price", .. args, "--json"]);

    [Theory]
    [InlineData("standard", "4K", 1, "0.24", "GoogleStandard")]
    [InlineData("batch", "4K", 10, "1.2", "GoogleBatch")]
    [InlineData("standard", "2K", 3, "0.4032", "GoogleStandard")]
    public async Task Google_prices_come_from_the_dated_table(string lane, string size, int count, string total, string laneName)
    {
        var run = await Price(null, "--model", "gemini-3-pro-image", "--size", size, "--lane", lane, "--count", count.ToString(System.Globalization.CultureInfo.InvariantCulture));

        Assert.True(run.ExitCode == 0, run.ToString());
        var json = run.Json();
        Assert.Equal("gemini-3-pro-image", json.GetProperty("model").GetString());
        Assert.Equal(size, json.GetProperty("size").GetString());
        Assert.Equal(laneName, json.GetProperty("lane").GetString());
        Assert.Equal(JsonValueKind.Null, json.GetProperty("provider").ValueKind);
        Assert.Equal(count, json.GetProperty("count").GetInt32());
        Assert.Equal(decimal.Parse(total, System.Globalization.CultureInfo.InvariantCulture), json.GetProperty("totalUsd").GetDecimal());
        Assert.Equal(json.GetProperty("unitPriceUsd").GetDecimal() * count, json.GetProperty("totalUsd").GetDecimal());
        Assert.StartsWith("https://ai.google.dev/", json.GetProperty("source").GetString(), StringComparison.Ordinal);
        Assert.Equal("2026-10-08", json.GetProperty("checkedOn").GetString());
        Assert.Equal("Found", json.GetProperty("status").GetString());
    }

    [Fact]
    public async Task A_provider_price_is_the_provider_table_and_a_missing_one_is_never_zero()
    {
        var env = new Dictionary<string, string>
        {
            ["NanoBanana__Pricing__Rows__0__ModelId"] = "gemini-3-pro-image",
            ["NanoBanana__Pricing__Rows__0__Lane"] = "Provider",
            ["NanoBanana__Pricing__Rows__0__Provider"] = "cheapgw",
            ["NanoBanana__Pricing__Rows__0__UnitPriceUsd"] = "0.09",
            ["NanoBanana__Pricing__Rows__0__Source"] = "https://docs.cheapgw/pricing",
            ["NanoBanana__Pricing__Rows__0__CheckedOn"] = "2026-10-01",
        };

        var found = (await Price(env, "--model", "gemini-3-pro-image", "--lane", "provider", "--provider", "cheapgw")).Json();
        var missing = (await Price(env, "--model", "gemini-3-pro-image", "--lane", "provider", "--provider", "other")).Json();

        Assert.Equal("Provider", found.GetProperty("lane").GetString());
        Assert.Equal("cheapgw", found.GetProperty("provider").GetString());
        Assert.Equal(0.09m, found.GetProperty("unitPriceUsd").GetDecimal());
        Assert.True(found.GetProperty("status").GetString() == "Found", found.ToString());
        Assert.Equal("Missing", missing.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, missing.GetProperty("unitPriceUsd").ValueKind);
        Assert.Equal(JsonValueKind.Null, missing.GetProperty("totalUsd").ValueKind);
    }

    [Fact]
    public async Task A_row_older_than_the_configured_age_is_stale()
    {
        var run = await Price(new() { ["NanoBanana__Pricing__MaxPriceAge"] = "7.00:00:00" }, "--model", "gemini-3-pro-image");

        Assert.Equal("Stale", run.Json().GetProperty("status").GetString());
    }

    [Theory]
    [InlineData("--lane", "cheap", "standard, batch, flex, priority, provider")]
    [InlineData("--size", "4k", "1K")]
    [InlineData("--count", "0", "1 or more")]
    public async Task Bad_values_exit_2_naming_the_option(string option, string value, string hint)
    {
        var run = await Price(null, "--model", "gemini-3-pro-image", option, value);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains(option, run.Stderr, StringComparison.Ordinal);
        Assert.Contains(hint, run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_size_the_model_does_not_have_is_refused()
    {
        var run = await Price(null, "--model", "gemini-3.1-flash-lite-image", "--size", "4K");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--size", run.Stderr, StringComparison.Ordinal);
    }
}

public sealed class LaunchCheckTests
{
    private static readonly string[] Owners = ["model", "price", "credential", "quota", "cost", "data", "fallback", "rollback"];

    [Fact]
    public async Task An_empty_configuration_shows_what_is_missing_for_each_of_the_eight_owners()
    {
        var run = await CliHarness.RunAsync(new Dictionary<string, string>(), TimeProvider.System, CancellationToken.None, null, "launch-check", "--json");

        Assert.True(run.ExitCode == 0, run.ToString());
        var owners = run.Json().GetProperty("owners").EnumerateArray().ToList();
        Assert.Equal(Owners, owners.Select(o => o.GetProperty("owner").GetString()));
        string Status(string owner) => owners.Single(o => o.GetProperty("owner").GetString() == owner).GetProperty("status").GetString()!;
        Assert.Equal("Ready", Status("model"));
        Assert.Equal("Missing", Status("credential"));
        Assert.Equal("Missing", Status("quota"));
        Assert.Equal("Missing", Status("cost"));
        Assert.Equal("Declare", Status("data"));
        Assert.Equal("Missing", Status("fallback"));
        Assert.Equal("Declare", Status("rollback"));
        Assert.All(owners, o => Assert.False(string.IsNullOrWhiteSpace(o.GetProperty("evidence").GetString())));
    }

    [Fact]
    public async Task A_launch_ready_configuration_is_ready_where_the_sdk_can_see_and_declare_elsewhere()
    {
        var config = Path.Combine(CliHarness.TempDirectory(), "launch.json");
        await File.WriteAllTextAsync(config, """
            {
              "NanoBanana": {
                "Google": { "ProjectId": "shop-prod", "KeyType": "AI Studio auth key" },
                "Official": { "Model": "gemini-3.1-flash-image" },
                "Batch": { "Model": "gemini-3.1-flash-lite-image" },
                "Quota": { "RequestsPerMinute": "60" },
                "Routing": {
                  "Budget": { "PerImageUsd": "0.10", "PerDayUsd": "50" },
                  "Fallback": [ "LowerResolution", "MoveToFlexOrBatch", "CheaperModel" ]
                },
                "Pricing": { "MaxPriceAge": "365.00:00:00" }
              }
            }
            """);
        var env = new Dictionary<string, string> { ["GEMINI_API_KEY"] = CliEmulatorFixture.GoogleKey };
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 10, 20, 0, 0, 0, TimeSpan.Zero));

        var run = await CliHarness.RunAsync(env, clock, CancellationToken.None, null, "launch-check", "--config", config, "--json");

        Assert.True(run.ExitCode == 0, run.ToString());
        var owners = run.Json().GetProperty("owners").EnumerateArray().ToDictionary(o => o.GetProperty("owner").GetString()!, o => o);
        Assert.Equal(Owners.Order(), owners.Keys.Order());
        Assert.Equal("Declare", owners["model"].GetProperty("status").GetString());
        Assert.Contains("deprecated", owners["model"].GetProperty("evidence").GetString(), StringComparison.Ordinal);
        Assert.Equal("Ready", owners["price"].GetProperty("status").GetString());
        Assert.Equal("Ready", owners["credential"].GetProperty("status").GetString());
        Assert.Equal("Ready", owners["quota"].GetProperty("status").GetString());
        Assert.Equal("Ready", owners["cost"].GetProperty("status").GetString());
        Assert.Equal("Declare", owners["data"].GetProperty("status").GetString());
        Assert.Equal("Ready", owners["fallback"].GetProperty("status").GetString());
        Assert.Equal("Ready", owners["rollback"].GetProperty("status").GetString());
        Assert.Contains("gemini-3.1-flash-lite-image", owners["rollback"].GetProperty("evidence").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain(CliEmulatorFixture.GoogleKey, run.Stdout + run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Providers_data_terms_and_the_cheaper_model_step_are_read_from_a_proven_profile()
    {
        var config = Path.Combine(CliHarness.TempDirectory(), "providers.json");
        await File.WriteAllTextAsync(config, """
            {
              "NanoBanana": {
                "Routing": { "Fallback": "CheaperModel" },
                "Providers": {
                  "termsgw": { "BaseUrl": "https://gw.example.com/v1", "ApiKey": "sk-terms", "Dialect": "ImagesApi",
                               "Prices": [ { "Model": "gemini-3-pro-image", "UnitPriceUsd": 0.09, "Source": "https://gw.example.com/pricing", "CheckedOn": "2026-10-01" } ],
                               "FailedCallRule": { "NoImage": true, "ServerError": false },
                               "DataTerms": { "Retention": "30 days", "Region": "EU" } },
                  "bare": { "BaseUrl": "https://bare.example.com/v1", "ApiKey": "sk-bare" }
                }
              }
            }
            """);

        var run = await CliHarness.RunAsync(new Dictionary<string, string>(), "launch-check", "--config", config, "--json");

        Assert.True(run.ExitCode == 0, run.ToString());
        var owners = run.Json().GetProperty("owners").EnumerateArray().ToDictionary(o => o.GetProperty("owner").GetString()!, o => o);
        Assert.Equal("Missing", owners["data"].GetProperty("status").GetString());
        Assert.Contains("bare", owners["data"].GetProperty("evidence").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain("termsgw", owners["data"].GetProperty("evidence").GetString(), StringComparison.Ordinal);
        Assert.Equal("Ready", owners["fallback"].GetProperty("status").GetString());
        Assert.Equal("Ready", owners["rollback"].GetProperty("status").GetString());
        Assert.Contains("CheaperModel", owners["rollback"].GetProperty("evidence").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain("sk-terms", run.Stdout + run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_stale_price_row_is_missing_with_its_age()
    {
        var env = new Dictionary<string, string> { ["NanoBanana__Pricing__MaxPriceAge"] = "1.00:00:00" };
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 30, 0, 0, 0, TimeSpan.Zero));

        var run = await CliHarness.RunAsync(env, clock, CancellationToken.None, null, "launch-check", "--json");

        var price = run.Json().GetProperty("owners").EnumerateArray().Single(o => o.GetProperty("owner").GetString() == "price");
        Assert.Equal("Missing", price.GetProperty("status").GetString());
        Assert.Contains("Stale", price.GetProperty("evidence").GetString(), StringComparison.Ordinal);
        Assert.Contains("days old", price.GetProperty("evidence").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_invalid_configuration_exits_2_listing_the_failures()
    {
        var env = new Dictionary<string, string> { ["NanoBanana__Official__ServiceTier"] = "turbo", ["NanoBanana__Official__Tier"] = "flex" };

        var run = await CliHarness.RunAsync(env, "launch-check", "--json");

        Assert.Equal(2, run.ExitCode);
        Assert.Equal("ConfigurationError", run.Json().GetProperty("error").GetProperty("type").GetString());
        Assert.Contains("NanoBanana:Official:ServiceTier", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("NanoBanana:Official:Tier", run.Stderr, StringComparison.Ordinal);
    }
}

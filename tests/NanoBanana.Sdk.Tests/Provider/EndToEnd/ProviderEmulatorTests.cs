using NanoBanana.Sdk.Emulator;
using NanoBanana.Sdk.Errors;
using NanoBanana.Sdk.Pricing;

namespace NanoBanana.Sdk.Tests.Provider.EndToEnd;

/// <summary>Two gateways in one emulator: a chat/images gateway reporting cost, and a LiteLLM-style one with a cost header.</summary>
public sealed class ProviderEmulatorFixture : IAsyncLifetime
{
    public const string LaozhangKey = "sk-e2e-laozhang-0123456789";
    public const string LiteKey = "sk-e2e-litellm-0123456789";
    public const string LinkKey = "sk-e2e-links-0123456789";

    public NanoBananaEmulator Emulator { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var laozhang = new GatewayProvider("laozhang") { ReportsCost = true, RateLimits = new GatewayRateLimits { Requests = 100 } };
        laozhang.ApiKeys.Add(LaozhangKey);
        laozhang.ModelAliases["google/gemini-3-pro-image-preview"] = "gemini-3-pro-image";
        laozhang.ReturnedModels["google/gemini-3-pro-image-preview"] = "gemini-3-pro-image-preview";
        var lite = new GatewayProvider("litellm") { ReportsCostHeader = true, RateLimits = new GatewayRateLimits { Requests = 100 } };
        lite.ApiKeys.Add(LiteKey);
        var options = new NanoBananaEmulatorOptions();
        options.Gateways.Add(laozhang);
        options.Gateways.Add(lite);
        var links = new GatewayProvider("links") { AnswersImagesAsUrl = true };
        links.ApiKeys.Add(LinkKey);
        options.Gateways.Add(links);
        Emulator = await NanoBananaEmulator.StartAsync(options, CancellationToken.None);
    }

    public async Task DisposeAsync() => await Emulator.DisposeAsync();

    public ProviderProfile Laozhang(ProviderDialect dialect)
    {
        var profile = new ProviderProfile("laozhang") { BaseUrl = Emulator.GatewayAddress("laozhang"), ApiKey = LaozhangKey, Dialect = dialect };
        profile.Models["gemini-3-pro-image"] = "google/gemini-3-pro-image-preview";
        profile.Prices.Add(new ProviderPrice { Model = "gemini-3-pro-image", UnitPriceUsd = 0.09m, Source = "https://docs.laozhang.ai/en/api-capabilities/nano-banana-pro-image", CheckedOn = new DateOnly(2026, 10, 1) });
        profile.FailedCallRule[BillingOutcome.NoImage] = true;
        profile.FailedCallRule[BillingOutcome.ClientError] = false;
        profile.FailedCallRule[BillingOutcome.RateLimited] = false;
        profile.FailedCallRule[BillingOutcome.ServerError] = false;
        profile.FailedCallRule[BillingOutcome.Timeout] = true;
        profile.StatusPage = new Uri("https://status.laozhang.example");
        profile.SupportUrl = new Uri("https://laozhang.example/support");
        profile.DataTerms = new ProviderDataTerms { Retention = "30 days (declared)", Region = "SG (declared)", ContentPolicy = "provider policy (declared)" };
        return profile;
    }

    public ProviderProfile Lite(ProviderDialect dialect)
    {
        var profile = new ProviderProfile("litellm") { BaseUrl = Emulator.GatewayAddress("litellm"), ApiKey = LiteKey, Dialect = dialect };
        profile.Prices.Add(new ProviderPrice { Model = "gemini-3-pro-image", UnitPriceUsd = 0.09m, Source = "https://litellm.example/pricing", CheckedOn = new DateOnly(2026, 10, 1) });
        return profile;
    }
}

public sealed class ProviderEmulatorTests(ProviderEmulatorFixture fixture) : IClassFixture<ProviderEmulatorFixture>
{
    private static ImageRequest Pro(string prompt = "a banana in space") => new(prompt) { Model = "gemini-3-pro-image" };

    [Theory]
    [InlineData(ProviderDialect.ChatCompletions)]
    [InlineData(ProviderDialect.ImagesApi)]
    public async Task Each_dialect_generates_and_records_the_alias_and_provider_cost(ProviderDialect dialect)
    {
        using var client = new ProviderImageClient(fixture.Laozhang(dialect));

        var result = await client.GenerateAsync(new ImageRequest("a banana in space") { Model = "gemini-3-pro-image", Size = ImageSize.TwoK, AspectRatio = AspectRatio.Landscape3x2 });

        Assert.NotEmpty(result.Image.Data.ToArray());
        Assert.Equal("google/gemini-3-pro-image-preview", result.RequestedModel);
        Assert.Equal("gemini-3-pro-image-preview", result.ReturnedModel);
        Assert.False(result.ModelMismatch);
        Assert.Equal(PriceLane.Provider, result.Cost.Lane);
        Assert.Equal("laozhang", result.Cost.Provider);
        Assert.Equal(0.09m, result.Cost.EstimatedCostUsd);
        Assert.Equal(0.09m, result.Cost.ReportedCostUsd);
        Assert.StartsWith("req_", result.RequestId, StringComparison.Ordinal);
        Assert.Contains(result.Response!.Headers.Keys, k => k.StartsWith("x-ratelimit-", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_images_answer_with_links_is_downloaded_from_the_gateway_without_the_key()
    {
        var profile = new ProviderProfile("links") { BaseUrl = fixture.Emulator.GatewayAddress("links"), ApiKey = ProviderEmulatorFixture.LinkKey, Dialect = ProviderDialect.ImagesApi };
        using var client = new ProviderImageClient(profile);
        fixture.Emulator.Journal.Clear();

        var result = await client.GenerateAsync(new ImageRequest("a banana in space") { Model = "gemini-3-pro-image", ImageCount = 2 });

        Assert.Equal(2, result.Images.Count);
        Assert.All(result.Images, i => Assert.NotNull(i.TryGetDimensions()));
        Assert.NotEqual(result.Images[0].Data.ToArray(), result.Images[1].Data.ToArray());
        var entries = fixture.Emulator.Journal.Entries;
        var generation = Assert.Single(entries, e => e.Path.Contains("images/generations", StringComparison.Ordinal));
        Assert.True(generation.Headers.ContainsKey("Authorization"));
        var downloads = entries.Where(e => e.Path.StartsWith("/gateway/files/", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, downloads.Count);
        Assert.All(downloads, d =>
        {
            Assert.Equal("GET", d.Method);
            Assert.Equal(200, d.Status);
            Assert.DoesNotContain(d.Headers.Keys, k => k.Equals("Authorization", StringComparison.OrdinalIgnoreCase) || k.Equals("x-goog-api-key", StringComparison.OrdinalIgnoreCase));
        });
    }

    [Fact]
    public async Task Gemini_pass_through_generates_with_bearer_and_the_cost_header()
    {
        using var client = new ProviderImageClient(fixture.Lite(ProviderDialect.GeminiPassThrough));

        var result = await client.GenerateAsync(Pro());

        Assert.NotEmpty(result.Image.Data.ToArray());
        Assert.Equal(0.09m, result.Cost.ReportedCostUsd);
        Assert.Equal("litellm", result.Cost.Provider);
        Assert.Contains(client.Warnings, w => w.Contains(ProviderProfile.UnprovenWarning, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(ProviderDialect.ChatCompletions)]
    [InlineData(ProviderDialect.ImagesApi)]
    [InlineData(ProviderDialect.GeminiPassThrough)]
    public async Task Each_dialect_edits_with_several_images(ProviderDialect dialect)
    {
        using var client = new ProviderImageClient(dialect == ProviderDialect.GeminiPassThrough ? fixture.Lite(dialect) : fixture.Laozhang(dialect));
        var first = await client.GenerateAsync(Pro());
        var input = ImageInput.FromBytes(first.Image.Data, first.Image.MimeType);

        var edited = await client.EditAsync("make it blue", [input, input]);

        Assert.NotEmpty(edited.Image.Data.ToArray());
        Assert.Equal(ImageOperation.Edit, edited.Cost.Operation);
    }

    [Fact]
    public async Task A_200_without_an_image_is_a_billed_no_image_error()
    {
        fixture.Emulator.Faults.Enqueue(new FaultRule { Match = FaultMatch.Surface(FaultRequest.ChatCompletions), Fault = Fault.TextOnly() });
        using var client = new ProviderImageClient(fixture.Laozhang(ProviderDialect.ChatCompletions));

        var error = await Assert.ThrowsAsync<NoImageException>(() => client.GenerateAsync(Pro()));

        Assert.True(error.Cost!.Billable);
        Assert.Equal("laozhang", error.Cost.Provider);
    }

    [Fact]
    public async Task Quota_exhausted_is_not_a_rate_limit()
    {
        fixture.Emulator.Faults.Enqueue(new FaultRule { Match = FaultMatch.Surface(FaultRequest.ChatCompletions), Fault = Fault.GatewayError(429, "insufficient_quota", "insufficient_quota") });
        fixture.Emulator.Faults.Enqueue(new FaultRule { Match = FaultMatch.Surface(FaultRequest.ChatCompletions), Fault = Fault.Status(429, retryAfter: "7") });
        fixture.Emulator.Faults.Enqueue(new FaultRule { Match = FaultMatch.Surface(FaultRequest.ChatCompletions), Fault = Fault.Status(402) });
        using var client = new ProviderImageClient(fixture.Laozhang(ProviderDialect.ChatCompletions));

        await Assert.ThrowsAsync<QuotaExhaustedException>(() => client.GenerateAsync(Pro()));
        var limited = await Assert.ThrowsAsync<RateLimitException>(() => client.GenerateAsync(Pro()));
        await Assert.ThrowsAsync<QuotaExhaustedException>(() => client.GenerateAsync(Pro()));

        Assert.Equal(TimeSpan.FromSeconds(7), limited.RetryAfter);
    }

    [Fact]
    public async Task An_upstream_google_error_is_classified_by_its_google_meaning()
    {
        fixture.Emulator.Faults.Enqueue(new FaultRule { Match = FaultMatch.Surface(FaultRequest.ImageGenerations), Fault = Fault.UpstreamError(502, upstreamStatusCode: 503) });
        using var client = new ProviderImageClient(fixture.Laozhang(ProviderDialect.ImagesApi));

        var error = await Assert.ThrowsAsync<ServiceUnavailableException>(() => client.GenerateAsync(Pro()));

        Assert.Equal("UNAVAILABLE", error.ServiceStatus);
    }

    [Fact]
    public async Task An_unknown_model_is_a_4xx_that_is_not_billed()
    {
        using var client = new ProviderImageClient(fixture.Laozhang(ProviderDialect.ChatCompletions));

        var error = await Assert.ThrowsAsync<InvalidRequestException>(() => client.GenerateAsync(new ImageRequest("x") { Model = "no-such-model" }));

        Assert.Equal(404, error.StatusCode);
        Assert.False(error.Cost!.Billable);
    }

    [Fact]
    public async Task A_wrong_key_is_an_authentication_error_that_never_shows_the_key()
    {
        var profile = fixture.Laozhang(ProviderDialect.ChatCompletions);
        profile.ApiKey = "sk-wrong-key-0123456789";
        using var client = new ProviderImageClient(profile);

        var error = await Assert.ThrowsAsync<AuthenticationException>(() => client.GenerateAsync(Pro()));

        Assert.DoesNotContain("sk-wrong-key-0123456789", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_proof_harness_writes_a_report_with_the_six_rows()
    {
        using var client = new ProviderImageClient(fixture.Laozhang(ProviderDialect.ChatCompletions));

        var report = await ProviderProof.RunAsync(client, new ProviderProofOptions { Model = "gemini-3-pro-image" });

        Assert.Equal(6, report.Rows.Count);
        Assert.Equal(4, report.Calls.Count);
        Assert.Equal(ProviderProofVerdict.Pass, report[ProviderProofItem.EndpointAndAlias].Verdict);
        Assert.Equal(ProviderProofVerdict.Pass, report[ProviderProofItem.PriceAndBillingMode].Verdict);
        Assert.Equal(ProviderProofVerdict.Pass, report[ProviderProofItem.FailedCallRule].Verdict);
        Assert.Equal(ProviderProofVerdict.Pass, report[ProviderProofItem.RateAndStatusRoute].Verdict);
        Assert.Equal(ProviderProofVerdict.Declare, report[ProviderProofItem.DataBoundary].Verdict);
        Assert.Equal(ProviderProofVerdict.Pass, report[ProviderProofItem.SmallLoggedTest].Verdict);
        Assert.True(report.Passed);
        Assert.Equal(404, report.Calls.Single(c => c.Kind == "bad-request").Status);
        var json = report.ToJson();
        var markdown = report.ToMarkdown();
        using var parsed = System.Text.Json.JsonDocument.Parse(json);
        Assert.Equal(6, parsed.RootElement.GetProperty("rows").GetArrayLength());
        Assert.Contains("| EndpointAndAlias | Pass |", markdown, StringComparison.Ordinal);
        Assert.DoesNotContain(ProviderEmulatorFixture.LaozhangKey, json, StringComparison.Ordinal);
        Assert.DoesNotContain(ProviderEmulatorFixture.LaozhangKey, markdown, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unproven_provider_fails_the_proof_rows_it_cannot_prove()
    {
        var profile = new ProviderProfile("litellm") { BaseUrl = fixture.Emulator.GatewayAddress("litellm"), ApiKey = ProviderEmulatorFixture.LiteKey, Dialect = ProviderDialect.ImagesApi };
        using var client = new ProviderImageClient(profile);

        var report = await ProviderProof.RunAsync(client, new ProviderProofOptions { Generations = 1 });

        Assert.False(report.Passed);
        Assert.Equal(ProviderProofVerdict.Fail, report[ProviderProofItem.PriceAndBillingMode].Verdict);
        Assert.Equal(ProviderProofVerdict.Fail, report[ProviderProofItem.FailedCallRule].Verdict);
        Assert.Equal(ProviderProofVerdict.Fail, report[ProviderProofItem.DataBoundary].Verdict);
        Assert.Contains(ProviderProfile.UnprovenWarning, report.ToMarkdown(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_timeout_is_possibly_billed_and_the_gateway_ledger_agrees()
    {
        fixture.Emulator.Faults.Enqueue(new FaultRule { Match = FaultMatch.Surface(FaultRequest.ImageGenerations), Fault = Fault.Delay(TimeSpan.FromSeconds(5)) });
        var profile = fixture.Laozhang(ProviderDialect.ImagesApi);
        profile.Timeout = TimeSpan.FromMilliseconds(300);
        using var client = new ProviderImageClient(profile);

        var error = await Assert.ThrowsAsync<ServiceTimeoutException>(() => client.GenerateAsync(new ImageRequest("slow") { Model = "gemini-3-pro-image", ClientRequestId = "timeout-e2e" }));

        Assert.True(error.Cost!.Billable);
        Assert.Equal(BillingOutcome.Timeout, error.Cost.Outcome);
        Assert.Equal(0.09m, error.Cost.EffectiveCostUsd);
    }

    [Fact]
    public async Task The_proof_runs_from_a_profile_too()
    {
        var report = await ProviderProof.RunAsync(fixture.Laozhang(ProviderDialect.ImagesApi), new ProviderImageClientOptions { Model = "gemini-3-pro-image" }, new ProviderProofOptions { Generations = 1 });

        Assert.Equal(3, report.Calls.Count);
        Assert.Equal(ProviderDialect.ImagesApi, report.Dialect);
        Assert.Equal(ProviderProofVerdict.Pass, report[ProviderProofItem.SmallLoggedTest].Verdict);
    }
}

using System.Net;
using System.Text.Json.Nodes;

namespace NanoBanana.Sdk.Emulator.Tests;

public sealed class GatewayLedgerTests : IAsyncLifetime
{
    private NanoBananaEmulator _emulator = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(new DateTimeOffset(2026, 11, 23, 10, 0, 0, TimeSpan.Zero));
        var options = GatewayFixture.Options();
        options.TimeProvider = time;
        _emulator = await NanoBananaEmulator.StartAsync(options, CancellationToken.None);
        _http = Client.For(_emulator);
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _emulator.DisposeAsync();
    }

    private void Plan(Fault fault) => _emulator.Faults.Enqueue(new FaultRule { Fault = fault });

    [Fact]
    public async Task The_laozhang_rule_bills_successes_and_no_image_answers_but_not_client_rate_or_server_errors()
    {
        var ok = await _http.SendAsync(GatewayHttp.Chat(_emulator));
        var badRequest = await _http.SendAsync(GatewayHttp.Chat(_emulator, extra: new JsonObject { ["image_config"] = new JsonObject { ["image_size"] = "1k" } }));
        var badKey = await _http.SendAsync(GatewayHttp.Chat(_emulator, key: "sk-nope"));
        Plan(Fault.GatewayError(402, "insufficient_quota", "insufficient_balance"));
        var broke = await _http.SendAsync(GatewayHttp.Chat(_emulator));
        Plan(Fault.Status(429));
        var limited = await _http.SendAsync(GatewayHttp.Chat(_emulator));
        Plan(Fault.Status(503));
        var overloaded = await _http.SendAsync(GatewayHttp.Chat(_emulator));
        Plan(Fault.TextOnly());
        var textOnly = await _http.SendAsync(GatewayHttp.Chat(_emulator));

        var rows = new[] { ok, badRequest, badKey, broke, limited, overloaded, textOnly }.Select(r => GatewayHttp.Entry(_emulator, r))
            .Select(e => (e.Status, e.Outcome, e.Billed, e.Amount)).ToList();
        Assert.Equal(
        [
            (200, GatewayCallOutcome.Success, true, 0.09m),
            (400, GatewayCallOutcome.ClientError, false, 0m),
            (401, GatewayCallOutcome.ClientError, false, 0m),
            (402, GatewayCallOutcome.ClientError, false, 0m),
            (429, GatewayCallOutcome.RateLimited, false, 0m),
            (503, GatewayCallOutcome.ServerError, false, 0m),
            (200, GatewayCallOutcome.NoImage, true, 0.09m),
        ], rows);
        Assert.Equal(0.18m, _emulator.Ledger.TotalBilled);
        Assert.All(_emulator.Ledger.Entries, e => Assert.Equal(new DateTimeOffset(2026, 11, 23, 10, 0, 0, TimeSpan.Zero), e.Timestamp));
        Assert.All(_emulator.Ledger.Entries, e => Assert.Equal(("laozhang", "v1/chat/completions"), (e.Provider, e.Endpoint)));

        _emulator.Ledger.Clear();
        Assert.Empty(_emulator.Ledger.Entries);
    }

    [Fact]
    public async Task A_stricter_rule_does_not_bill_an_answer_without_an_image()
    {
        Plan(Fault.TextOnly());
        var textOnly = await _http.SendAsync(GatewayHttp.Chat(_emulator, provider: "markdown"));
        var ok = await _http.SendAsync(GatewayHttp.Chat(_emulator, provider: "markdown", model: "gemini-3.1-flash-image"));

        var noImage = GatewayHttp.Entry(_emulator, textOnly);
        Assert.Equal((GatewayCallOutcome.NoImage, false, 0m), (noImage.Outcome, noImage.Billed, noImage.Amount));
        var success = GatewayHttp.Entry(_emulator, ok);
        Assert.Equal((GatewayCallOutcome.Success, true, 0.055m, "markdown"), (success.Outcome, success.Billed, success.Amount, success.Provider));
    }

    [Fact]
    public async Task A_gateway_may_price_the_preview_id_apart_from_the_stable_id_and_reports_it_in_usage_cost()
    {
        var (preview, previewJson) = await Client.SendAsync(_http, GatewayHttp.Generate(_emulator, model: "gemini-3-pro-image-preview"));
        var (stable, stableJson) = await Client.SendAsync(_http, GatewayHttp.Generate(_emulator, model: "gemini-3-pro-image"));
        var (flash, flashJson) = await Client.SendAsync(_http, GatewayHttp.Generate(_emulator, model: "gemini-2.5-flash-image"));

        Assert.Equal(HttpStatusCode.OK, preview.StatusCode);
        Assert.Equal(0.12m, previewJson.GetProperty("usage").GetProperty("cost").GetDecimal());
        Assert.Equal(0.12m, GatewayHttp.Entry(_emulator, preview).Amount);
        Assert.Equal("gemini-3-pro-image", GatewayHttp.Entry(_emulator, preview).ModelId);
        Assert.Equal(0.09m, stableJson.GetProperty("usage").GetProperty("cost").GetDecimal());
        Assert.Equal(0.09m, GatewayHttp.Entry(_emulator, stable).Amount);
        Assert.Equal(0.02m, flashJson.GetProperty("usage").GetProperty("cost").GetDecimal());
        // gemini-2.5-flash-image images are 1,290 output tokens and it does not think.
        Assert.Equal(1290, flashJson.GetProperty("usage").GetProperty("output_tokens").GetInt32());
        Assert.Equal(0.23m, _emulator.Ledger.TotalBilled);
    }

    [Fact]
    public async Task Options_are_validated_and_copied_at_start()
    {
        var options = new NanoBananaEmulatorOptions();
        options.Gateways.Add(new GatewayProvider("same"));
        options.Gateways.Add(new GatewayProvider("same"));
        await Assert.ThrowsAsync<ArgumentException>(() => NanoBananaEmulator.StartAsync(options, CancellationToken.None));
        Assert.Throws<ArgumentException>(() => new GatewayProvider("has space"));

        var provider = new GatewayProvider("late");
        var late = new NanoBananaEmulatorOptions();
        late.Gateways.Add(provider);
        await using var emulator = await NanoBananaEmulator.StartAsync(late, CancellationToken.None);
        provider.ApiKeys.Add("sk-only-this");
        provider.Prices["gemini-3-pro-image"] = 5m;
        using var http = Client.For(emulator);

        var response = await http.SendAsync(GatewayHttp.Generate(emulator, provider: "late", key: "sk-any"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(0.09m, GatewayHttp.Entry(emulator, response).Amount);
        Assert.Equal(new Uri(emulator.BaseAddress, "gateway/late/"), emulator.GatewayAddress());
    }

    [Fact]
    public async Task Concurrent_calls_each_get_one_entry_with_a_unique_request_id()
    {
        var responses = await Task.WhenAll(Enumerable.Range(0, 16).Select(i =>
            _http.SendAsync(GatewayHttp.Generate(_emulator, extra: new JsonObject { ["seed"] = i }))));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        Assert.Equal(16, _emulator.Ledger.Entries.Select(e => e.RequestId).Distinct().Count());
        Assert.Equal(responses.Select(GatewayHttp.RequestId).Order(), _emulator.Ledger.Entries.Select(e => e.RequestId).Order());
        Assert.Equal(16 * 0.09m, _emulator.Ledger.TotalBilled);
    }
}

using System.Net;
using System.Text;
using System.Text.Json;
using NanoBanana.Sdk.Emulator.Admin;

namespace NanoBanana.Sdk.Emulator.Tests;

/// <summary>
/// The admin endpoint (<c>/_emulator/…</c>): a fault plan loaded as JSON over HTTP plays on the next requests, the
/// journal and the ledger read back over HTTP, and a bad plan is refused whole with the field and the allowed values.
/// </summary>
public sealed class AdminEndpointTests : IAsyncLifetime
{
    private const string Model = "gemini-3.1-flash-image";
    private NanoBananaEmulator _emulator = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        _emulator = await NanoBananaEmulator.StartAsync(GatewayFixture.Options(), CancellationToken.None);
        _http = Client.For(_emulator);
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _emulator.DisposeAsync();
    }

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private async Task<(HttpStatusCode Status, JsonElement Json)> AdminAsync(HttpMethod method, string path, string? body = null)
    {
        using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : Json(body) };
        using var response = await _http.SendAsync(request);
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        return (response.StatusCode, document.RootElement.Clone());
    }

    [Fact]
    public async Task A_plan_posted_as_json_plays_on_the_matching_requests_and_the_journal_shows_them_without_admin_calls()
    {
        var (status, added) = await AdminAsync(HttpMethod.Post, "_emulator/faults", """
            {"rules": [
              {"match": {"surface": "generateContent", "model": "gemini-3.1-flash-image-preview"}, "times": 2,
               "fault": {"kind": "status", "status": 429, "retryDelay": "37s"}}
            ]}
            """);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(1, added.GetProperty("added").GetInt32());
        Assert.Equal(1, added.GetProperty("pending").GetInt32());
        var (_, listed) = await AdminAsync(HttpMethod.Get, "_emulator/faults");
        var rule = Assert.Single(listed.GetProperty("rules").EnumerateArray());
        Assert.Equal("surface 'generateContent' and model 'gemini-3.1-flash-image-preview'", rule.GetProperty("match").GetString());
        Assert.Equal("HttpError 429", rule.GetProperty("fault").GetString());
        Assert.Equal(2, rule.GetProperty("usesLeft").GetInt32());

        // Interactions is another surface: the rule does not touch it.
        var (interaction, _) = await Client.SendAsync(_http, Client.Post("v1beta/interactions",
            $$"""{"model":"{{Model}}","input":"a banana","response_format":{"type":"image","image_size":"1K"} }"""));
        var (first, firstJson) = await Client.GenerateAsync(_http, Model, Client.GenerateBody());
        var (second, _) = await Client.GenerateAsync(_http, Model, Client.GenerateBody());
        var (third, thirdJson) = await Client.GenerateAsync(_http, Model, Client.GenerateBody());

        Assert.Equal(HttpStatusCode.OK, interaction.StatusCode);
        Client.AssertError(first, firstJson, 429, "RESOURCE_EXHAUSTED");
        Assert.Equal("37s", Client.Detail(firstJson, "RetryInfo").GetProperty("retryDelay").GetString());
        Assert.Equal(HttpStatusCode.TooManyRequests, second.StatusCode);
        Assert.Equal(HttpStatusCode.OK, third.StatusCode);
        Assert.NotEmpty(Client.FinalImage(thirdJson));
        Assert.Equal(0, (await AdminAsync(HttpMethod.Get, "_emulator/faults")).Json.GetProperty("pending").GetInt32());

        var (_, journal) = await AdminAsync(HttpMethod.Get, "_emulator/journal");
        var entries = journal.GetProperty("entries").EnumerateArray().ToList();
        Assert.Equal(4, journal.GetProperty("count").GetInt32());
        Assert.Equal([200, 429, 429, 200], entries.Select(e => e.GetProperty("status").GetInt32()));
        Assert.Equal([0, 1, 2, 3], entries.Select(e => e.GetProperty("index").GetInt32()));
        Assert.All(entries, e => Assert.DoesNotContain("_emulator", e.GetProperty("path").GetString(), StringComparison.Ordinal));
        Assert.All(entries, e => Assert.Equal("***", e.GetProperty("headers").GetProperty("x-goog-api-key").GetString()));
        Assert.Equal($"/v1beta/models/{Model}:generateContent", entries[1].GetProperty("path").GetString());
        Assert.Contains("a banana in space", entries[1].GetProperty("body").GetString(), StringComparison.Ordinal);
        Assert.Equal(4, _emulator.Journal.Count);
    }

    [Fact]
    public async Task The_journal_reads_from_an_index_without_bodies_and_delete_clears_it()
    {
        await Client.GenerateAsync(_http, Model, Client.GenerateBody("first"));
        await Client.GenerateAsync(_http, Model, Client.GenerateBody("second"));

        var (_, tail) = await AdminAsync(HttpMethod.Get, "_emulator/journal?since=1&bodies=false");
        var (badStatus, bad) = await AdminAsync(HttpMethod.Get, "_emulator/journal?since=-1");
        var (_, cleared) = await AdminAsync(HttpMethod.Delete, "_emulator/journal");
        var (_, empty) = await AdminAsync(HttpMethod.Get, "_emulator/journal");

        Assert.Equal(2, tail.GetProperty("count").GetInt32());
        var entry = Assert.Single(tail.GetProperty("entries").EnumerateArray());
        Assert.Equal(1, entry.GetProperty("index").GetInt32());
        Assert.False(entry.TryGetProperty("body", out _));
        Assert.Equal(HttpStatusCode.BadRequest, badStatus);
        Assert.Contains("since", bad.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Equal(2, cleared.GetProperty("cleared").GetInt32());
        Assert.Equal(0, empty.GetProperty("count").GetInt32());
    }

    [Fact]
    public async Task Delete_drops_pending_rules_so_requests_answer_normally_again()
    {
        await AdminAsync(HttpMethod.Post, "_emulator/faults", """[{"fault": {"kind": "proxyHtml"}, "times": 5}]""");

        var (_, cleared) = await AdminAsync(HttpMethod.Delete, "_emulator/faults");
        var (response, _) = await Client.GenerateAsync(_http, Model, Client.GenerateBody());

        Assert.Equal(1, cleared.GetProperty("cleared").GetInt32());
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(0, _emulator.Faults.PendingCount);
    }

    [Theory]
    [InlineData("""{"rules": [{"fault": {"kind": "sttus"}}]}""", "rules[0].fault.kind 'sttus' is not a fault kind; use one of: status, gatewayError")]
    [InlineData("""{"rules": [{"fault": {"kind": "status"}}]}""", "rules[0].fault.status is required")]
    [InlineData("""{"rules": [{"fault": {"kind": "status", "status": 200}}]}""", "rules[0].fault (status):")]
    [InlineData("""{"rules": [{"fault": {"kind": "delay", "duration": 5}}]}""", "rules[0].fault.duration is not a field here; allowed: kind, durationMs")]
    [InlineData("""{"rules": [{"match": {"surface": "images"}, "fault": {"kind": "textOnly"}}]}""", "rules[0].match.surface 'images' is not a surface; use one of: generateContent, streamGenerateContent, interactions")]
    [InlineData("""{"rules": [{"times": 0, "fault": {"kind": "textOnly"}}]}""", "rules[0].times must be 1 or more")]
    [InlineData("""{"rulez": []}""", "rulez is not a field here; allowed: rules")]
    [InlineData("""{"rules": [{"fault": {"kind": "textOnly"}}, {"fault": {"kind": "delay", "durationMs": "5s"}}]}""", "rules[1].fault.durationMs must be a whole number")]
    [InlineData("not json", "not valid JSON")]
    public async Task A_bad_plan_is_a_400_naming_the_field_and_nothing_is_added(string plan, string expected)
    {
        var (status, json) = await AdminAsync(HttpMethod.Post, "_emulator/faults", plan);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains(expected, json.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, _emulator.Faults.PendingCount);
    }

    [Fact]
    public void A_key_match_picks_one_batch_item()
    {
        var rule = Assert.Single(FaultPlanJson.Parse(Encoding.UTF8.GetBytes(
            """[{"match": {"surface": "batchItem", "key": "sku-004"}, "fault": {"kind": "textOnly"}}]""")));

        Assert.Equal("surface 'batchItem' and item key 'sku-004'", rule.Match.ToString());
        Assert.True(rule.Match.Matches(new FaultRequest { Method = "POST", Path = "/v1beta/models/m:batchGenerateContent", Model = "m", Surface = FaultRequest.BatchItem, Key = "sku-004" }));
        Assert.False(rule.Match.Matches(new FaultRequest { Method = "POST", Path = "/v1beta/models/m:batchGenerateContent", Model = "m", Surface = FaultRequest.BatchItem, Key = "sku-003" }));
        Assert.False(rule.Match.Matches(new FaultRequest { Method = "POST", Path = "/v1beta/models/m:generateContent", Model = "m", Surface = FaultRequest.GenerateContent }));
    }

    [Fact]
    public async Task Unknown_admin_paths_and_methods_say_what_exists()
    {
        var (missing, missingJson) = await AdminAsync(HttpMethod.Get, "_emulator/fault");
        var (wrong, wrongJson) = await AdminAsync(HttpMethod.Put, "_emulator/journal", "{}");

        Assert.Equal(HttpStatusCode.NotFound, missing);
        Assert.Contains("/_emulator/faults (POST, GET, DELETE)", missingJson.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, wrong);
        Assert.Equal(0, _emulator.Journal.Count);
    }

    [Fact]
    public async Task The_ledger_reads_gateway_calls_and_a_gateway_fault_from_json_plays_there()
    {
        await AdminAsync(HttpMethod.Post, "_emulator/faults", """
            {"rules": [{"match": {"surface": "chatCompletions"}, "fault": {"kind": "gatewayError", "status": 429, "type": "insufficient_quota"}}]}
            """);

        using var refused = await _http.SendAsync(GatewayHttp.Chat(_emulator));
        using var served = await _http.SendAsync(GatewayHttp.Chat(_emulator));
        var (_, ledger) = await AdminAsync(HttpMethod.Get, "_emulator/ledger");

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Contains("insufficient_quota", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, served.StatusCode);
        var entries = ledger.GetProperty("entries").EnumerateArray().ToList();
        Assert.Equal(2, entries.Count);
        Assert.Equal([429, 200], entries.Select(e => e.GetProperty("status").GetInt32()));
        Assert.All(entries, e => Assert.Equal("laozhang", e.GetProperty("provider").GetString()));
        Assert.Equal(GatewayHttp.RequestId(served), entries[1].GetProperty("requestId").GetString());
        Assert.Equal(1, entries[1].GetProperty("images").GetInt32());
        Assert.Equal(_emulator.Ledger.Entries[1].Amount, entries[1].GetProperty("amountUsd").GetDecimal());
    }

    public static TheoryData<string, string> EveryKind => new()
    {
        { """{"kind": "status", "status": 503, "retryAfter": "9"}""", Fault.Status(503, retryAfter: "9").ToString() },
        { """{"kind": "gatewayError", "status": 402, "type": "insufficient_quota"}""", Fault.GatewayError(402, "insufficient_quota").ToString() },
        { """{"kind": "upstreamError", "upstreamStatus": 503}""", Fault.UpstreamError(429, 503).ToString() },
        { """{"kind": "proxyHtml"}""", Fault.ProxyHtml().ToString() },
        { """{"kind": "delay", "durationMs": 1500}""", Fault.Delay(TimeSpan.FromMilliseconds(1500)).ToString() },
        { """{"kind": "connectionReset"}""", Fault.ConnectionReset().ToString() },
        { """{"kind": "connectionReset", "afterBytes": 100}""", Fault.ConnectionResetAfter(100).ToString() },
        { """{"kind": "truncatedJson"}""", Fault.TruncatedJson().ToString() },
        { """{"kind": "malformedJson"}""", Fault.MalformedJson().ToString() },
        { """{"kind": "textOnly"}""", Fault.TextOnly().ToString() },
        { """{"kind": "finishReason", "reason": "SAFETY"}""", Fault.FinishReason("SAFETY").ToString() },
        { """{"kind": "promptBlocked"}""", Fault.PromptBlocked().ToString() },
        { """{"kind": "returnedModel", "model": "gemini-3-pro-image"}""", Fault.ReturnedModel("gemini-3-pro-image").ToString() },
        { """{"kind": "batchFailed", "status": 503}""", Fault.BatchFailed(503).ToString() },
        { """{"kind": "batchExpires", "completedRequests": 2}""", Fault.BatchExpires(2).ToString() },
    };

    [Theory]
    [MemberData(nameof(EveryKind))]
    public void Every_fault_kind_reads_from_json_as_its_factory_builds_it(string fault, string expected)
    {
        var rule = Assert.Single(FaultPlanJson.Parse(Encoding.UTF8.GetBytes($$"""[{"fault": {{fault}}}]""")));

        Assert.Equal(expected, rule.Fault.ToString());
        Assert.Same(FaultMatch.Any, rule.Match);
        Assert.Equal(1, rule.Times);
    }

    [Fact]
    public void Every_kind_in_the_table_has_a_test_row()
    {
        var tested = EveryKind.Select(row => JsonDocument.Parse((string)row[0]).RootElement.GetProperty("kind").GetString()).ToHashSet();

        Assert.Equal(FaultPlanJson.Kinds.Keys.Order(StringComparer.Ordinal), tested.Order(StringComparer.Ordinal));
    }
}

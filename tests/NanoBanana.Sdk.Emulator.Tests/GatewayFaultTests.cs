using System.Diagnostics;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace NanoBanana.Sdk.Emulator.Tests;

public sealed class GatewayFaultTests : IAsyncLifetime
{
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

    private void Plan(Fault fault, FaultMatch? match = null) => _emulator.Faults.Enqueue(new FaultRule { Fault = fault, Match = match ?? FaultMatch.Any });

    private HttpRequestMessage Request(string surface) => surface switch
    {
        FaultRequest.ImageGenerations => GatewayHttp.Generate(_emulator),
        FaultRequest.ImageEdits => GatewayHttp.Edit(_emulator, "image[]", [[1, 2, 3]]),
        _ => GatewayHttp.Chat(_emulator),
    };

    public static TheoryData<string> Surfaces => [FaultRequest.ChatCompletions, FaultRequest.ImageGenerations, FaultRequest.ImageEdits];

    [Theory]
    [InlineData(400, "invalid_request_error", null)]
    [InlineData(401, "invalid_request_error", "invalid_api_key")]
    [InlineData(402, "insufficient_quota", "insufficient_balance")]
    [InlineData(403, "permission_error", "permission_denied")]
    [InlineData(429, "requests", "rate_limit_exceeded")]
    [InlineData(500, "server_error", null)]
    [InlineData(502, "upstream_error", "bad_response_status_code")]
    [InlineData(503, "server_error", "service_unavailable")]
    [InlineData(504, "upstream_error", "timeout")]
    public async Task Http_errors_use_the_openai_envelope_on_every_endpoint(int status, string type, string? code)
    {
        foreach (var surface in Surfaces)
        {
            Plan(Fault.Status(status), FaultMatch.Surface(surface));
            var (response, json) = await Client.SendAsync(_http, Request(surface));

            GatewayHttp.AssertError(response, json, status, type, code);
            var entry = GatewayHttp.Entry(_emulator, response);
            Assert.Equal(status, entry.Status);
            Assert.False(entry.Billed);
        }
    }

    [Fact]
    public async Task A_rate_limit_and_insufficient_quota_share_429_and_differ_by_type_and_code()
    {
        Plan(Fault.Status(429, retryAfter: "7"));
        Plan(Fault.GatewayError(429, "insufficient_quota", "insufficient_quota"));
        Plan(Fault.GatewayError(403, "new_api_error", "insufficient_user_quota", message: "user quota is not enough"));

        var (limited, limitedJson) = await Client.SendAsync(_http, Request(FaultRequest.ChatCompletions));
        var (quota, quotaJson) = await Client.SendAsync(_http, Request(FaultRequest.ChatCompletions));
        var (user, userJson) = await Client.SendAsync(_http, Request(FaultRequest.ChatCompletions));

        GatewayHttp.AssertError(limited, limitedJson, 429, "requests", "rate_limit_exceeded");
        Assert.Equal(TimeSpan.FromSeconds(7), limited.Headers.RetryAfter!.Delta);
        Assert.Equal("0", Assert.Single(limited.Headers.GetValues("x-ratelimit-remaining-requests")));
        GatewayHttp.AssertError(quota, quotaJson, 429, "insufficient_quota", "insufficient_quota");
        Assert.Contains("exceeded your current quota", quotaJson.GetProperty("error").GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.False(quota.Headers.Contains("x-ratelimit-remaining-requests"));
        GatewayHttp.AssertError(user, userJson, 403, "new_api_error", "insufficient_user_quota");
        Assert.Equal("user quota is not enough", userJson.GetProperty("error").GetProperty("message").GetString());
        Assert.Equal([GatewayCallOutcome.RateLimited, GatewayCallOutcome.RateLimited, GatewayCallOutcome.ClientError],
            [GatewayHttp.Entry(_emulator, limited).Outcome, GatewayHttp.Entry(_emulator, quota).Outcome, GatewayHttp.Entry(_emulator, user).Outcome]);
    }

    [Fact]
    public async Task A_proxy_page_is_html_and_a_server_error()
    {
        Plan(Fault.ProxyHtml(502));

        var response = await _http.SendAsync(Request(FaultRequest.ImageGenerations));

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal(GatewayCallOutcome.ServerError, GatewayHttp.Entry(_emulator, response).Outcome);
    }

    [Fact]
    public async Task A_delay_beyond_the_client_timeout_is_a_billed_timeout_in_the_ledger()
    {
        Plan(Fault.Delay(TimeSpan.FromMinutes(5)));
        using var impatient = new HttpClient { Timeout = TimeSpan.FromMilliseconds(300) };
        var clock = Stopwatch.StartNew();

        await Assert.ThrowsAsync<TaskCanceledException>(() => impatient.SendAsync(GatewayHttp.Generate(_emulator, extra: new JsonObject { ["n"] = 2 })));

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10));
        var entry = await WaitForEntryAsync();
        Assert.Equal((0, GatewayCallOutcome.Timeout, true, 0.18m), (entry.Status, entry.Outcome, entry.Billed, entry.Amount));
    }

    [Fact]
    public async Task A_short_delay_then_answers_normally_and_is_billed_as_a_success()
    {
        Plan(Fault.Delay(TimeSpan.FromMilliseconds(250)));
        var clock = Stopwatch.StartNew();

        var (response, json) = await Client.SendAsync(_http, Request(FaultRequest.ImageGenerations));

        Assert.True(clock.Elapsed >= TimeSpan.FromMilliseconds(240));
        Png.Validate(GatewayHttp.B64(json));
        Assert.Equal((GatewayCallOutcome.Success, 0.09m), (GatewayHttp.Entry(_emulator, response).Outcome, GatewayHttp.Entry(_emulator, response).Amount));
    }

    [Theory]
    [MemberData(nameof(Surfaces))]
    public async Task A_connection_reset_fails_the_client_but_the_image_was_made_and_billed(string surface)
    {
        Plan(Fault.ConnectionReset());

        var error = await Record.ExceptionAsync(async () =>
        {
            using var response = await _http.SendAsync(Request(surface));
            await response.Content.ReadAsByteArrayAsync();
        });

        Assert.True(error is HttpRequestException or IOException, error?.GetType().Name);
        var entry = await WaitForEntryAsync();
        Assert.Equal((200, GatewayCallOutcome.Success, true), (entry.Status, entry.Outcome, entry.Billed));
    }

    [Theory]
    [MemberData(nameof(Surfaces))]
    public async Task Truncated_and_malformed_json_are_200s_that_do_not_parse(string surface)
    {
        Plan(Fault.TruncatedJson());
        Plan(Fault.MalformedJson());

        var truncated = await _http.SendAsync(Request(surface));
        var truncatedBody = await truncated.Content.ReadAsByteArrayAsync();
        var malformed = await _http.SendAsync(Request(surface));
        var malformedBody = await malformed.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, truncated.StatusCode);
        Assert.Equal(truncatedBody.Length, truncated.Content.Headers.ContentLength);
        Assert.ThrowsAny<JsonException>(() => JsonDocument.Parse(truncatedBody));
        Assert.Equal(HttpStatusCode.OK, malformed.StatusCode);
        Assert.ThrowsAny<JsonException>(() => JsonDocument.Parse(malformedBody));
        Assert.Equal(GatewayCallOutcome.Success, GatewayHttp.Entry(_emulator, truncated).Outcome);
    }

    [Fact]
    public async Task Text_only_and_safety_stops_are_200s_without_an_image_billed_once()
    {
        Plan(Fault.TextOnly(), FaultMatch.Surface(FaultRequest.ChatCompletions));
        Plan(Fault.FinishReason("IMAGE_SAFETY"), FaultMatch.Surface(FaultRequest.ChatCompletions));
        Plan(Fault.TextOnly(), FaultMatch.Surface(FaultRequest.ImageGenerations));

        var (text, textJson) = await Client.SendAsync(_http, Request(FaultRequest.ChatCompletions));
        var (safety, safetyJson) = await Client.SendAsync(_http, Request(FaultRequest.ChatCompletions));
        var (images, imagesJson) = await Client.SendAsync(_http, GatewayHttp.Generate(_emulator, extra: new JsonObject { ["n"] = 2 }));

        Assert.Equal(HttpStatusCode.OK, text.StatusCode);
        Assert.False(GatewayHttp.Message(textJson).TryGetProperty("images", out _));
        Assert.Contains("can't create that image", GatewayHttp.Message(textJson).GetProperty("content").GetString(), StringComparison.Ordinal);
        Assert.Equal("stop", textJson.GetProperty("choices")[0].GetProperty("finish_reason").GetString());
        Assert.Equal(JsonValueKind.Null, GatewayHttp.Message(safetyJson).GetProperty("content").ValueKind);
        Assert.Equal("content_filter", safetyJson.GetProperty("choices")[0].GetProperty("finish_reason").GetString());
        Assert.Equal("IMAGE_SAFETY", safetyJson.GetProperty("choices")[0].GetProperty("native_finish_reason").GetString());
        Assert.Equal(HttpStatusCode.OK, images.StatusCode);
        Assert.Equal(0, imagesJson.GetProperty("data").GetArrayLength());
        foreach (var response in new[] { text, safety, images })
        {
            var entry = GatewayHttp.Entry(_emulator, response);
            Assert.Equal((GatewayCallOutcome.NoImage, 0, true, 0.09m), (entry.Outcome, entry.Images, entry.Billed, entry.Amount));
        }

        // usage.cost says what the gateway charged: once, even though two images were asked for.
        Assert.Equal(0.09m, imagesJson.GetProperty("usage").GetProperty("cost").GetDecimal());
    }

    [Fact]
    public async Task A_returned_model_fault_answers_another_model_name_on_chat_and_images()
    {
        Plan(Fault.ReturnedModel("gemini-2.5-flash-image"));
        Plan(Fault.ReturnedModel("gemini-2.5-flash-image"));

        var (chat, chatJson) = await Client.SendAsync(_http, Request(FaultRequest.ChatCompletions));
        var (images, imagesJson) = await Client.SendAsync(_http, Request(FaultRequest.ImageGenerations));

        Assert.Equal("gemini-2.5-flash-image", chatJson.GetProperty("model").GetString());
        Assert.Equal("gemini-2.5-flash-image", imagesJson.GetProperty("model").GetString());
        Assert.Equal(("gemini-3-pro-image", "gemini-2.5-flash-image"), (GatewayHttp.Entry(_emulator, chat).RequestedModel, GatewayHttp.Entry(_emulator, chat).ReturnedModel));
        Assert.Equal("gemini-2.5-flash-image", GatewayHttp.Entry(_emulator, images).ReturnedModel);
    }

    [Fact]
    public async Task Pass_through_faults_use_the_google_envelope_and_land_in_the_ledger()
    {
        Plan(Fault.Status(503), FaultMatch.Path("/gateway/"));
        Plan(Fault.FinishReason("IMAGE_SAFETY"), FaultMatch.Path("/gateway/"));
        var path = "v1beta/models/gemini-3-pro-image:generateContent";

        var (unavailable, unavailableJson) = await Client.SendAsync(_http, GatewayHttp.Post(_emulator, "laozhang", path, GatewayHttp.Json(JsonNode.Parse(Client.GenerateBody())!)));
        var (blocked, blockedJson) = await Client.SendAsync(_http, GatewayHttp.Post(_emulator, "laozhang", path, GatewayHttp.Json(JsonNode.Parse(Client.GenerateBody())!)));
        var (google, _) = await Client.GenerateAsync(_http, "gemini-3-pro-image", Client.GenerateBody());

        Client.AssertError(unavailable, unavailableJson, 503, "UNAVAILABLE");
        Assert.Equal((GatewayCallOutcome.ServerError, false), (GatewayHttp.Entry(_emulator, unavailable).Outcome, GatewayHttp.Entry(_emulator, unavailable).Billed));
        Assert.Equal("IMAGE_SAFETY", blockedJson.GetProperty("candidates")[0].GetProperty("finishReason").GetString());
        Assert.Equal((GatewayCallOutcome.NoImage, 0.09m), (GatewayHttp.Entry(_emulator, blocked).Outcome, GatewayHttp.Entry(_emulator, blocked).Amount));
        // The Google surface is not a gateway: it has no ledger entries.
        Assert.Equal(HttpStatusCode.OK, google.StatusCode);
        Assert.False(google.Headers.Contains("x-request-id"));
        Assert.Equal(2, _emulator.Ledger.Entries.Count);
    }

    private async Task<GatewayLedgerEntry> WaitForEntryAsync()
    {
        var deadline = Stopwatch.StartNew();
        while (_emulator.Ledger.Entries.Count == 0 && deadline.Elapsed < TimeSpan.FromSeconds(10))
        {
            await Task.Delay(20);
        }

        return Assert.Single(_emulator.Ledger.Entries);
    }

    [Fact]
    public async Task Streamed_chat_faults_cut_or_damage_the_stream()
    {
        var stream = new JsonObject { ["stream"] = true };
        Plan(Fault.TruncatedJson());
        Plan(Fault.ConnectionReset());

        using var truncated = await _http.SendAsync(GatewayHttp.Chat(_emulator, extra: stream));
        var events = (await truncated.Content.ReadAsStringAsync()).Split("\r\n\r\n", StringSplitOptions.RemoveEmptyEntries);
        var reset = await Record.ExceptionAsync(async () =>
        {
            using var response = await _http.SendAsync(GatewayHttp.Chat(_emulator, extra: stream), HttpCompletionOption.ResponseHeadersRead);
            await response.Content.ReadAsStringAsync();
        });

        Assert.DoesNotContain(events, e => e.Contains("[DONE]", StringComparison.Ordinal));
        Assert.ThrowsAny<JsonException>(() => JsonDocument.Parse(events[^1]["data: ".Length..]));
        Assert.True(reset is HttpRequestException or IOException, reset?.GetType().Name);
        Assert.All(_emulator.Ledger.Entries, e => Assert.Equal(GatewayCallOutcome.Success, e.Outcome));
    }
}

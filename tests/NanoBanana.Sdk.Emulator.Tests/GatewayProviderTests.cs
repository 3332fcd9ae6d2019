using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.Extensions.Time.Testing;

namespace NanoBanana.Sdk.Emulator.Tests;

/// <summary>The per-gateway settings the provider client's proof and cost rules need: cost header, rate-limit headers, upstream errors, large edits.</summary>
public sealed class GatewayProviderTests
{
    private static async Task<(NanoBananaEmulator Emulator, HttpClient Http)> StartAsync(GatewayProvider provider, TimeProvider? time = null)
    {
        var options = new NanoBananaEmulatorOptions();
        if (time is not null)
        {
            options.TimeProvider = time;
        }

        options.Gateways.Add(provider);
        var emulator = await NanoBananaEmulator.StartAsync(options, CancellationToken.None);
        return (emulator, Client.For(emulator));
    }

    private static string Header(HttpResponseMessage response, string name) => string.Join(",", response.Headers.GetValues(name));

    [Fact]
    public async Task The_cost_header_reports_the_charge_on_successes_only()
    {
        var (emulator, http) = await StartAsync(new GatewayProvider("litellm") { ReportsCostHeader = true });
        await using var running = emulator;
        using var owned = http;
        emulator.Faults.Enqueue(new FaultRule { Match = FaultMatch.Surface(FaultRequest.ChatCompletions), Fault = Fault.Status(500) });

        var (failed, _) = await Client.SendAsync(http, GatewayHttp.Chat(emulator, "litellm"));
        var (chat, chatJson) = await Client.SendAsync(http, GatewayHttp.Chat(emulator, "litellm"));
        var (images, _) = await Client.SendAsync(http, GatewayHttp.Generate(emulator, "litellm", model: "gemini-2.5-flash-image", extra: new() { ["n"] = 2 }));
        var (passThrough, _) = await Client.SendAsync(http, GatewayHttp.Post(emulator, "litellm", "v1beta/models/gemini-3-pro-image:generateContent",
            new StringContent(Client.GenerateBody(), System.Text.Encoding.UTF8, "application/json")));

        Assert.Equal(HttpStatusCode.InternalServerError, failed.StatusCode);
        Assert.False(failed.Headers.Contains("x-litellm-response-cost"));
        Assert.Equal("0.09", Header(chat, "x-litellm-response-cost"));
        Assert.False(chatJson.GetProperty("usage").TryGetProperty("cost", out _)); // the header is independent of ReportsCost
        Assert.Equal("0.04", Header(images, "x-litellm-response-cost"));
        Assert.Equal("0.09", Header(passThrough, "x-litellm-response-cost"));
        Assert.StartsWith("req_", GatewayHttp.RequestId(chat), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rate_limit_headers_count_down_within_a_window_on_the_emulator_clock()
    {
        var time = new FakeTimeProvider(BatchClient.Start);
        var provider = new GatewayProvider("limited") { RateLimits = new GatewayRateLimits { Requests = 3, Tokens = 100_000, Window = TimeSpan.FromMinutes(1) } };
        var (emulator, http) = await StartAsync(provider, time);
        await using var running = emulator;
        using var owned = http;

        var (first, firstJson) = await Client.SendAsync(http, GatewayHttp.Chat(emulator, "limited"));
        time.Advance(TimeSpan.FromSeconds(30));
        var (second, secondJson) = await Client.SendAsync(http, GatewayHttp.Chat(emulator, "limited"));
        time.Advance(TimeSpan.FromSeconds(30));
        var (fresh, _) = await Client.SendAsync(http, GatewayHttp.Generate(emulator, "limited"));
        emulator.Faults.Enqueue(new FaultRule { Fault = Fault.Status(400) });
        var (error, _) = await Client.SendAsync(http, GatewayHttp.Chat(emulator, "limited"));

        var firstTokens = firstJson.GetProperty("usage").GetProperty("total_tokens").GetInt64();
        var secondTokens = secondJson.GetProperty("usage").GetProperty("total_tokens").GetInt64();
        Assert.Equal("3", Header(first, "x-ratelimit-limit-requests"));
        Assert.Equal("2", Header(first, "x-ratelimit-remaining-requests"));
        Assert.Equal("1m0s", Header(first, "x-ratelimit-reset-requests"));
        Assert.Equal("100000", Header(first, "x-ratelimit-limit-tokens"));
        Assert.Equal((100_000 - firstTokens).ToString(System.Globalization.CultureInfo.InvariantCulture), Header(first, "x-ratelimit-remaining-tokens"));
        Assert.Equal("1m0s", Header(first, "x-ratelimit-reset-tokens"));
        Assert.Equal("1", Header(second, "x-ratelimit-remaining-requests"));
        Assert.Equal("30s", Header(second, "x-ratelimit-reset-requests"));
        Assert.Equal((100_000 - firstTokens - secondTokens).ToString(System.Globalization.CultureInfo.InvariantCulture), Header(second, "x-ratelimit-remaining-tokens"));
        Assert.Equal("2", Header(fresh, "x-ratelimit-remaining-requests")); // a new window
        Assert.Equal(HttpStatusCode.BadRequest, error.StatusCode);
        Assert.False(error.Headers.Contains("x-ratelimit-remaining-requests"));
        Assert.True(error.Headers.Contains("x-request-id"));
    }

    [Fact]
    public async Task Without_settings_a_gateway_sends_neither_cost_nor_rate_limit_headers()
    {
        var (emulator, http) = await StartAsync(new GatewayProvider("plain"));
        await using var running = emulator;
        using var owned = http;

        var (chat, _) = await Client.SendAsync(http, GatewayHttp.Chat(emulator, "plain"));

        Assert.Equal(HttpStatusCode.OK, chat.StatusCode);
        Assert.False(chat.Headers.Contains("x-litellm-response-cost"));
        Assert.False(chat.Headers.Contains("x-ratelimit-limit-requests"));
    }

    [Theory]
    [InlineData(FaultRequest.ChatCompletions)]
    [InlineData(FaultRequest.ImageGenerations)]
    [InlineData(FaultRequest.ImageEdits)]
    public async Task An_upstream_error_is_wrapped_in_openrouters_envelope_with_the_google_status_as_raw_text(string surface)
    {
        var (emulator, http) = await StartAsync(new GatewayProvider("openrouter"));
        await using var running = emulator;
        using var owned = http;
        emulator.Faults.Enqueue(new FaultRule { Fault = Fault.UpstreamError(429) });
        var request = surface switch
        {
            FaultRequest.ImageGenerations => GatewayHttp.Generate(emulator, "openrouter"),
            FaultRequest.ImageEdits => GatewayHttp.Edit(emulator, "image[]", [[1, 2, 3]], provider: "openrouter"),
            _ => GatewayHttp.Chat(emulator, "openrouter"),
        };

        var (response, json) = await Client.SendAsync(http, request);

        Assert.Equal(429, (int)response.StatusCode);
        var error = json.GetProperty("error");
        Assert.Equal(["message", "type", "code", "metadata"], error.EnumerateObject().Select(p => p.Name));
        Assert.Equal("Provider returned error", error.GetProperty("message").GetString());
        Assert.Equal(JsonValueKind.Number, error.GetProperty("code").ValueKind);
        Assert.Equal(429, error.GetProperty("code").GetInt32());
        Assert.Equal("Google", error.GetProperty("metadata").GetProperty("provider_name").GetString());
        using var raw = JsonDocument.Parse(error.GetProperty("metadata").GetProperty("raw").GetString()!);
        var status = raw.RootElement.GetProperty("error");
        Assert.Equal(429, status.GetProperty("code").GetInt32());
        Assert.Equal("RESOURCE_EXHAUSTED", status.GetProperty("status").GetString());
        Assert.EndsWith("QuotaFailure", status.GetProperty("details")[0].GetProperty("@type").GetString(), StringComparison.Ordinal);
        Assert.Equal(GatewayCallOutcome.RateLimited, GatewayHttp.Entry(emulator, response).Outcome);
    }

    [Fact]
    public async Task An_upstream_error_may_differ_from_the_gateway_status_and_the_pass_through_answers_the_google_error()
    {
        var (emulator, http) = await StartAsync(new GatewayProvider("openrouter"));
        await using var running = emulator;
        using var owned = http;
        emulator.Faults.Enqueue(new FaultRule { Times = 2, Fault = Fault.UpstreamError(502, upstreamStatusCode: 503, message: "Upstream overloaded") });

        var (chat, chatJson) = await Client.SendAsync(http, GatewayHttp.Chat(emulator, "openrouter"));
        var (native, nativeJson) = await Client.SendAsync(http, GatewayHttp.Post(emulator, "openrouter", "v1beta/models/gemini-3-pro-image:generateContent",
            new StringContent(Client.GenerateBody(), System.Text.Encoding.UTF8, "application/json")));

        Assert.Equal(502, (int)chat.StatusCode);
        Assert.Equal("Upstream overloaded", chatJson.GetProperty("error").GetProperty("message").GetString());
        using var raw = JsonDocument.Parse(chatJson.GetProperty("error").GetProperty("metadata").GetProperty("raw").GetString()!);
        Assert.Equal("UNAVAILABLE", raw.RootElement.GetProperty("error").GetProperty("status").GetString());
        Client.AssertError(native, nativeJson, 503, "UNAVAILABLE");
    }

    [Fact]
    public async Task Edits_take_several_multi_megabyte_image_parts_beyond_the_google_body_limit()
    {
        var (emulator, http) = await StartAsync(new GatewayProvider("big"));
        await using var running = emulator;
        using var owned = http;
        var parts = Enumerable.Range(0, 3).Select(i => System.Security.Cryptography.RandomNumberGenerator.GetBytes(8 * 1024 * 1024)).ToArray();

        var (response, json) = await Client.SendAsync(http, GatewayHttp.Edit(emulator, "image[]", parts, provider: "big"));
        var (single, singleJson) = await Client.SendAsync(http, GatewayHttp.Edit(emulator, "image[]", [parts[0]], provider: "big"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(HttpStatusCode.OK, single.StatusCode);
        // The inputs reach the answer: three images cost three input images' tokens, one costs one.
        Assert.Equal(3 * 258, json.GetProperty("usage").GetProperty("input_tokens_details").GetProperty("image_tokens").GetInt32());
        Assert.Equal(258, singleJson.GetProperty("usage").GetProperty("input_tokens_details").GetProperty("image_tokens").GetInt32());
        Assert.NotEqual(GatewayHttp.B64(json), GatewayHttp.B64(singleJson));
    }

    [Fact]
    public async Task Edits_over_the_gateway_limit_are_400_with_or_without_a_content_length()
    {
        var (emulator, http) = await StartAsync(new GatewayProvider("small") { MaxEditBodyBytes = 1024 * 1024 });
        await using var running = emulator;
        using var owned = http;
        var part = new byte[2 * 1024 * 1024];

        var (declared, declaredJson) = await Client.SendAsync(http, GatewayHttp.Edit(emulator, "image[]", [part], provider: "small"));
        var chunked = GatewayHttp.Edit(emulator, "image[]", [part], provider: "small");
        chunked.Content = new ChunkedContent(chunked.Content!);
        var (streamed, streamedJson) = await Client.SendAsync(http, chunked);

        GatewayHttp.AssertError(declared, declaredJson, 400, "invalid_request_error", null);
        GatewayHttp.AssertError(streamed, streamedJson, 400, "invalid_request_error", null);
    }

    /// <summary>Sends another content without a Content-Length (chunked), so the server cannot refuse it up front.</summary>
    private sealed class ChunkedContent : HttpContent
    {
        private readonly HttpContent _inner;

        public ChunkedContent(HttpContent inner)
        {
            _inner = inner;
            foreach (var header in inner.Headers)
            {
                Headers.TryAddWithoutValidation(header.Key, header.Value);
            }

            Headers.ContentLength = null;
        }

        protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) => _inner.CopyToAsync(stream, context);

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }
}

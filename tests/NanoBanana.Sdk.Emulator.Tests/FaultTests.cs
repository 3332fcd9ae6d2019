using System.Diagnostics;
using System.Net;
using System.Text.Json;

namespace NanoBanana.Sdk.Emulator.Tests;

public sealed class FaultTests : IAsyncLifetime
{
    private const string Model = "gemini-3-pro-image";
    private NanoBananaEmulator _emulator = null!;
    private HttpClient _http = null!;

    public static TheoryData<string> Surfaces => [FaultRequest.GenerateContent, FaultRequest.Interactions];

    public async Task InitializeAsync()
    {
        _emulator = await NanoBananaEmulator.StartAsync(new NanoBananaEmulatorOptions(), CancellationToken.None);
        _http = Client.For(_emulator);
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _emulator.DisposeAsync();
    }

    private static HttpRequestMessage Request(string surface) => surface == FaultRequest.Interactions
        ? Client.Post("v1beta/interactions", $$"""{"model":"{{Model}}","input":"a banana","response_format":{"type":"image","image_size":"1K"} }""")
        : Client.Post(Client.GeneratePath(Model), Client.GenerateBody("a banana"));

    private void Plan(Fault fault, int times = 1, FaultMatch? match = null) =>
        _emulator.Faults.Enqueue(new FaultRule { Fault = fault, Times = times, Match = match ?? FaultMatch.Any });

    [Theory]
    [InlineData(400, "INVALID_ARGUMENT")]
    [InlineData(401, "UNAUTHENTICATED")]
    [InlineData(403, "PERMISSION_DENIED")]
    [InlineData(404, "NOT_FOUND")]
    [InlineData(500, "INTERNAL")]
    [InlineData(503, "UNAVAILABLE")]
    [InlineData(504, "DEADLINE_EXCEEDED")]
    public async Task Http_errors_use_the_google_rpc_envelope_on_both_surfaces(int status, string name)
    {
        foreach (var surface in Surfaces)
        {
            Plan(Fault.Status(status));
            var (response, json) = await Client.SendAsync(_http, Request(surface));
            Client.AssertError(response, json, status, name);
        }
    }

    [Theory]
    [MemberData(nameof(Surfaces))]
    public async Task A_429_can_carry_retry_info_a_retry_after_header_or_neither(string surface)
    {
        Plan(Fault.Status(429, retryDelay: "37s"));
        Plan(Fault.Status(429, retryAfter: "12"));
        Plan(Fault.Status(429, message: "Resource has been exhausted (e.g. check quota)."));

        var (withInfo, infoJson) = await Client.SendAsync(_http, Request(surface));
        var (withHeader, headerJson) = await Client.SendAsync(_http, Request(surface));
        var (bare, bareJson) = await Client.SendAsync(_http, Request(surface));

        Client.AssertError(withInfo, infoJson, 429, "RESOURCE_EXHAUSTED");
        Assert.Equal("37s", Client.Detail(infoJson, "RetryInfo").GetProperty("retryDelay").GetString());
        Assert.Equal(Model, Client.Detail(infoJson, "QuotaFailure").GetProperty("violations")[0].GetProperty("quotaDimensions").GetProperty("model").GetString());
        Assert.Null(withInfo.Headers.RetryAfter);
        Client.AssertError(withHeader, headerJson, 429, "RESOURCE_EXHAUSTED");
        Assert.Equal(TimeSpan.FromSeconds(12), withHeader.Headers.RetryAfter!.Delta);
        Assert.DoesNotContain(headerJson.GetProperty("error").GetProperty("details").EnumerateArray(), d => d.GetProperty("@type").GetString()!.EndsWith("RetryInfo", StringComparison.Ordinal));
        Client.AssertError(bare, bareJson, 429, "RESOURCE_EXHAUSTED");
        Assert.Equal("Resource has been exhausted (e.g. check quota).", bareJson.GetProperty("error").GetProperty("message").GetString());
    }

    [Theory]
    [MemberData(nameof(Surfaces))]
    public async Task A_502_is_an_html_page_like_a_proxy(string surface)
    {
        Plan(Fault.ProxyHtml());

        var response = await _http.SendAsync(Request(surface));
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.Equal("text/html", Client.ContentType(response)!.MediaType);
        Assert.Contains("<html", body, StringComparison.Ordinal);
        Assert.Contains("502", body, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Surfaces))]
    public async Task A_delay_longer_than_the_client_timeout_times_the_client_out_and_the_server_lets_go(string surface)
    {
        Plan(Fault.Delay(TimeSpan.FromMinutes(5)));
        using var impatient = new HttpClient { BaseAddress = _emulator.BaseAddress, Timeout = TimeSpan.FromMilliseconds(300) };
        var clock = Stopwatch.StartNew();

        await Assert.ThrowsAsync<TaskCanceledException>(() => impatient.SendAsync(Request(surface)));

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10));
        // The server notices the disconnect, ends the wait and journals the request.
        var deadline = Stopwatch.StartNew();
        while (_emulator.Journal.Count == 0 && deadline.Elapsed < TimeSpan.FromSeconds(10))
        {
            await Task.Delay(20);
        }

        Assert.Equal(0, Assert.Single(_emulator.Journal.Entries).Status);
        var (after, _) = await Client.SendAsync(_http, Request(surface));
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
    }

    [Fact]
    public async Task A_short_delay_then_answers_normally()
    {
        Plan(Fault.Delay(TimeSpan.FromMilliseconds(250)));
        var clock = Stopwatch.StartNew();

        var (response, json) = await Client.SendAsync(_http, Request(FaultRequest.GenerateContent));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(clock.Elapsed >= TimeSpan.FromMilliseconds(240));
        Png.Validate(Client.FinalImage(json));
    }

    [Fact]
    public async Task Stopping_the_emulator_ends_a_pending_delay()
    {
        var emulator = await NanoBananaEmulator.StartAsync(new NanoBananaEmulatorOptions(), CancellationToken.None);
        emulator.Faults.Enqueue(new FaultRule { Fault = Fault.Delay(TimeSpan.FromMinutes(10)) });
        using var http = Client.For(emulator);
        var pending = http.SendAsync(Client.Post(Client.GeneratePath(Model), Client.GenerateBody()));
        while (emulator.Faults.PendingCount > 0)
        {
            await Task.Delay(10);
        }

        var clock = Stopwatch.StartNew();
        await emulator.DisposeAsync();

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5));
        await Assert.ThrowsAnyAsync<HttpRequestException>(() => pending);
    }

    [Theory]
    [MemberData(nameof(Surfaces))]
    public async Task A_connection_reset_mid_body_fails_the_read(string surface)
    {
        Plan(Fault.ConnectionReset());

        var ex = await Record.ExceptionAsync(async () =>
        {
            var response = await _http.SendAsync(Request(surface));
            await response.Content.ReadAsByteArrayAsync();
        });

        Assert.True(ex is HttpRequestException or IOException, ex?.ToString());
    }

    [Theory]
    [MemberData(nameof(Surfaces))]
    public async Task Truncated_json_has_a_matching_content_length_but_does_not_parse(string surface)
    {
        Plan(Fault.TruncatedJson());

        var response = await _http.SendAsync(Request(surface));
        var body = await response.Content.ReadAsByteArrayAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(body.Length, response.Content.Headers.ContentLength);
        Assert.True(body.Length > 100);
        Assert.ThrowsAny<JsonException>(() => JsonDocument.Parse(body));
    }

    [Theory]
    [MemberData(nameof(Surfaces))]
    public async Task Malformed_json_is_200_and_unparseable(string surface)
    {
        Plan(Fault.MalformedJson());

        var response = await _http.SendAsync(Request(surface));
        var body = await response.Content.ReadAsByteArrayAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.ThrowsAny<JsonException>(() => JsonDocument.Parse(body));
    }

    [Fact]
    public async Task Text_only_answers_have_no_image()
    {
        Plan(Fault.TextOnly(), times: 2);

        var (gc, gcJson) = await Client.SendAsync(_http, Request(FaultRequest.GenerateContent));
        var (ia, iaJson) = await Client.SendAsync(_http, Request(FaultRequest.Interactions));

        Assert.Equal(HttpStatusCode.OK, gc.StatusCode);
        var output = Client.Parts(gcJson).Where(p => !p.TryGetProperty("thought", out _)).ToList();
        Assert.NotEmpty(output);
        Assert.All(output, p => Assert.False(p.TryGetProperty("inlineData", out _)));
        Assert.Equal("STOP", gcJson.GetProperty("candidates")[0].GetProperty("finishReason").GetString());
        Assert.Equal(HttpStatusCode.OK, ia.StatusCode);
        Assert.Equal("completed", iaJson.GetProperty("status").GetString());
        var content = InteractionsTests.ModelOutput(iaJson).GetProperty("content").EnumerateArray().ToList();
        Assert.Equal(["text"], content.Select(c => c.GetProperty("type").GetString()));
    }

    [Theory]
    [InlineData("IMAGE_SAFETY")]
    [InlineData("SAFETY")]
    public async Task A_safety_stop_has_no_image_but_has_usage(string reason)
    {
        Plan(Fault.FinishReason(reason), times: 2);

        var (_, gcJson) = await Client.SendAsync(_http, Request(FaultRequest.GenerateContent));
        var (_, iaJson) = await Client.SendAsync(_http, Request(FaultRequest.Interactions));

        var candidate = gcJson.GetProperty("candidates")[0];
        Assert.Equal(reason, candidate.GetProperty("finishReason").GetString());
        Assert.Contains(reason, candidate.GetProperty("finishMessage").GetString(), StringComparison.Ordinal);
        var images = candidate.TryGetProperty("content", out var content)
            ? content.GetProperty("parts").EnumerateArray().Where(p => p.TryGetProperty("inlineData", out _) && !p.TryGetProperty("thought", out _)).ToList()
            : [];
        Assert.Empty(images);
        Assert.True(gcJson.GetProperty("usageMetadata").GetProperty("promptTokenCount").GetInt32() > 0);
        Assert.Equal("failed", iaJson.GetProperty("status").GetString());
        Assert.Equal(reason, iaJson.GetProperty("errors")[0].GetProperty("code").GetString());
        Assert.DoesNotContain(InteractionsTests.ModelOutput(iaJson).GetProperty("content").EnumerateArray(), c => c.GetProperty("type").GetString() == "image");
        Assert.True(iaJson.GetProperty("usage").GetProperty("total_input_tokens").GetInt32() > 0);
    }

    [Fact]
    public async Task A_blocked_prompt_has_prompt_feedback_and_no_candidates()
    {
        Plan(Fault.PromptBlocked("PROHIBITED_CONTENT"), times: 2);

        var (_, gcJson) = await Client.SendAsync(_http, Request(FaultRequest.GenerateContent));
        var (_, iaJson) = await Client.SendAsync(_http, Request(FaultRequest.Interactions));

        Assert.Equal("PROHIBITED_CONTENT", gcJson.GetProperty("promptFeedback").GetProperty("blockReason").GetString());
        Assert.False(gcJson.TryGetProperty("candidates", out _));
        Assert.True(gcJson.GetProperty("usageMetadata").GetProperty("promptTokenCount").GetInt32() > 0);
        Assert.Equal("failed", iaJson.GetProperty("status").GetString());
        Assert.Equal("PROHIBITED_CONTENT", iaJson.GetProperty("errors")[0].GetProperty("code").GetString());
        Assert.DoesNotContain(iaJson.GetProperty("steps").EnumerateArray(), s => s.GetProperty("type").GetString() == "model_output");
    }

    [Fact]
    public async Task A_different_model_name_can_be_returned()
    {
        Plan(Fault.ReturnedModel("gemini-3-pro-image-preview-06-2026"), times: 2);

        var (_, gcJson) = await Client.SendAsync(_http, Request(FaultRequest.GenerateContent));
        var (_, iaJson) = await Client.SendAsync(_http, Request(FaultRequest.Interactions));

        Assert.Equal("gemini-3-pro-image-preview-06-2026", gcJson.GetProperty("modelVersion").GetString());
        Assert.Equal("gemini-3-pro-image-preview-06-2026", iaJson.GetProperty("model").GetString());
        Png.Validate(Client.FinalImage(gcJson));
    }

    [Fact]
    public async Task Rules_apply_in_order_to_matching_requests_only_and_are_used_up()
    {
        Plan(Fault.Status(503), times: 2, match: FaultMatch.Path("generateContent"));
        Plan(Fault.Status(500), match: FaultMatch.Model("gemini-3.1-flash-image-preview"));
        Plan(Fault.Status(504), match: FaultMatch.Where(r => r.Surface == FaultRequest.Interactions && r.Method == "POST"));
        Assert.Equal(3, _emulator.Faults.PendingCount);

        var statuses = new List<int>();
        foreach (var request in new[]
        {
            Request(FaultRequest.Interactions),
            Request(FaultRequest.GenerateContent),
            Client.Post(Client.GeneratePath("gemini-3.1-flash-image"), Client.GenerateBody()),
            Client.Post(Client.GeneratePath("gemini-3.1-flash-image"), Client.GenerateBody()),
            Request(FaultRequest.GenerateContent),
            Request(FaultRequest.Interactions),
        })
        {
            statuses.Add((int)(await _http.SendAsync(request)).StatusCode);
        }

        Assert.Equal([504, 503, 503, 500, 200, 200], statuses);
        Assert.Equal(0, _emulator.Faults.PendingCount);
    }

    [Fact]
    public async Task Clear_drops_pending_rules()
    {
        Plan(Fault.Status(500), times: 5);
        _emulator.Faults.Clear();

        var (response, _) = await Client.SendAsync(_http, Request(FaultRequest.GenerateContent));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public void Fault_factories_validate_their_arguments()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Fault.Status(200));
        Assert.Throws<ArgumentOutOfRangeException>(() => Fault.ProxyHtml(302));
        Assert.Throws<ArgumentOutOfRangeException>(() => Fault.Delay(TimeSpan.Zero));
        Assert.Throws<ArgumentException>(() => Fault.FinishReason(" "));
        Assert.Throws<ArgumentOutOfRangeException>(() => _emulator.Faults.Enqueue(new FaultRule { Fault = Fault.TextOnly(), Times = 0 }));
    }

    [Fact]
    public async Task Faults_apply_to_interaction_streams()
    {
        const string Body = """{"model":"gemini-3-pro-image","input":"a banana","stream":true}""";
        Plan(Fault.ConnectionReset());
        Plan(Fault.FinishReason("IMAGE_SAFETY"));

        var reset = await Record.ExceptionAsync(async () => await (await _http.SendAsync(Client.Post("v1beta/interactions", Body))).Content.ReadAsStringAsync());
        var safety = await (await _http.SendAsync(Client.Post("v1beta/interactions", Body))).Content.ReadAsStringAsync();

        Assert.True(reset is HttpRequestException or IOException, reset?.ToString());
        var last = safety.Split("\r\n\r\n", StringSplitOptions.RemoveEmptyEntries)[^1];
        using var completed = JsonDocument.Parse(last[(last.IndexOf("data: ", StringComparison.Ordinal) + 6)..]);
        Assert.Equal("failed", completed.RootElement.GetProperty("interaction").GetProperty("status").GetString());
        Assert.DoesNotContain("\"type\":\"image\",\"data\"", safety.Split("model_output")[^1], StringComparison.Ordinal);
    }
}

using System.Net;
using System.Text.Json;
using NanoBanana.Sdk.Errors;
using NanoBanana.Sdk.Pricing;
using RichardSzalay.MockHttp;
using static NanoBanana.Sdk.Tests.Provider.ProviderTestKit;

namespace NanoBanana.Sdk.Tests.Provider;

public sealed class ProviderClientTests
{
    private sealed class Capture
    {
        public HttpRequestMessage? Request { get; private set; }

        public string Body { get; private set; } = string.Empty;

        public byte[] Bytes { get; private set; } = [];

        public Func<HttpRequestMessage, Task<HttpResponseMessage>> Answer(Func<HttpResponseMessage> respond) => async request =>
        {
            Request = request;
            Bytes = request.Content is null ? [] : await request.Content.ReadAsByteArrayAsync();
            Body = System.Text.Encoding.UTF8.GetString(Bytes);
            return respond();
        };
    }

    [Fact]
    public async Task Chat_completions_sends_model_messages_modalities_and_image_config_with_bearer_only()
    {
        var capture = new Capture();
        using var handler = new MockHttpMessageHandler();
        handler.When(HttpMethod.Post, BaseUrl + "/v1/chat/completions").Respond(capture.Answer(() => Json(ChatAnswer(), headers: ("x-request-id", "req_1"))));
        using var client = Client(handler);

        var result = await client.GenerateAsync(new ImageRequest("a banana") { Model = "gemini-3-pro-image", Size = ImageSize.TwoK, AspectRatio = AspectRatio.Landscape3x2 });

        using var body = JsonDocument.Parse(capture.Body);
        var root = body.RootElement;
        Assert.Equal("google/gemini-3-pro-image-preview", root.GetProperty("model").GetString());
        Assert.Equal("a banana", root.GetProperty("messages")[0].GetProperty("content").GetString());
        Assert.Equal(["image", "text"], root.GetProperty("modalities").EnumerateArray().Select(e => e.GetString()!));
        Assert.Equal("3:2", root.GetProperty("image_config").GetProperty("aspect_ratio").GetString());
        Assert.Equal("2K", root.GetProperty("image_config").GetProperty("image_size").GetString());
        Assert.Equal("Bearer " + Key, string.Join(",", capture.Request!.Headers.GetValues("Authorization")));
        Assert.False(capture.Request.Headers.Contains("x-goog-api-key"));
        Assert.False(capture.Request.Headers.Contains("x-goog-api-client"));
        Assert.Equal(Image, result.Image.Data.ToArray());
        Assert.Equal("google/gemini-3-pro-image-preview", result.RequestedModel);
        Assert.Equal("gemini-3-pro-image", result.Model.ModelId);
        Assert.Equal(ImageRoute.Provider, result.Route);
        Assert.Equal(PriceLane.Provider, result.Cost.Lane);
        Assert.Equal("gw", result.Cost.Provider);
        Assert.Equal(0.09m, result.Cost.EstimatedCostUsd);
        Assert.Null(result.Cost.ReportedCostUsd);
        Assert.False(result.ModelMismatch);
        Assert.Equal("req_1", result.RequestId);
    }

    [Fact]
    public async Task Chat_edit_sends_data_url_content_parts()
    {
        var capture = new Capture();
        using var handler = new MockHttpMessageHandler();
        handler.When(HttpMethod.Post, BaseUrl + "/v1/chat/completions").Respond(capture.Answer(() => Json(ChatAnswer(placement: "parts"))));
        using var client = Client(handler);

        var result = await client.EditAsync("make it blue", [ImageInput.FromBytes(Image, "image/png"), ImageInput.FromBytes(Image, "image/png")]);

        using var body = JsonDocument.Parse(capture.Body);
        var content = body.RootElement.GetProperty("messages")[0].GetProperty("content");
        Assert.Equal("text", content[0].GetProperty("type").GetString());
        Assert.Equal("make it blue", content[0].GetProperty("text").GetString());
        Assert.Equal("image_url", content[1].GetProperty("type").GetString());
        Assert.Equal(DataUrl(Image), content[1].GetProperty("image_url").GetProperty("url").GetString());
        Assert.Equal(3, content.GetArrayLength());
        Assert.Equal(ImageOperation.Edit, result.Cost.Operation);
    }

    [Theory]
    [InlineData("images")]
    [InlineData("parts")]
    [InlineData("markdown")]
    public async Task Chat_answers_are_read_in_every_image_placement(string placement)
    {
        using var handler = new MockHttpMessageHandler();
        handler.When(BaseUrl + "/v1/chat/completions").Respond(_ => Json(ChatAnswer(placement: placement)));
        using var client = Client(handler);

        var result = await client.GenerateAsync("a banana");

        Assert.Equal(Image, result.Image.Data.ToArray());
    }

    [Fact]
    public async Task Images_api_generation_sends_n_pixel_size_and_b64_json()
    {
        var capture = new Capture();
        using var handler = new MockHttpMessageHandler();
        handler.When(HttpMethod.Post, BaseUrl + "/v1/images/generations").Respond(capture.Answer(() => Json(ImagesAnswer(2))));
        using var client = Client(handler, Profile(ProviderDialect.ImagesApi));

        var result = await client.GenerateAsync(new ImageRequest("a banana") { Model = "gemini-3-pro-image", ImageCount = 2, Size = ImageSize.OneK, AspectRatio = AspectRatio.Square });

        using var body = JsonDocument.Parse(capture.Body);
        var root = body.RootElement;
        Assert.Equal("google/gemini-3-pro-image-preview", root.GetProperty("model").GetString());
        Assert.Equal(2, root.GetProperty("n").GetInt32());
        Assert.Equal("1024x1024", root.GetProperty("size").GetString());
        Assert.Equal("b64_json", root.GetProperty("response_format").GetString());
        Assert.Equal(2, result.Images.Count);
        Assert.Equal(2, result.Cost.ImageCount);
        Assert.Equal(0.18m, result.Cost.EstimatedCostUsd);
    }

    [Fact]
    public async Task Images_api_edit_is_multipart_with_repeated_image_parts()
    {
        var capture = new Capture();
        using var handler = new MockHttpMessageHandler();
        handler.When(HttpMethod.Post, BaseUrl + "/v1/images/edits").Respond(capture.Answer(() => Json(ImagesAnswer())));
        using var client = Client(handler, Profile(ProviderDialect.ImagesApi));

        await client.GenerateAsync(new ImageRequest("make it blue") { Model = "gemini-3-pro-image", InputImages = [ImageInput.FromBytes(Image, "image/png"), ImageInput.FromBytes(Image, "image/png")] });

        Assert.Equal("multipart/form-data", capture.Request!.Content!.Headers.ContentType!.MediaType);
        Assert.Equal(2, CountOf(capture.Body, "name=\"image[]\""));
        Assert.Contains("google/gemini-3-pro-image-preview", capture.Body, StringComparison.Ordinal);
        Assert.Contains("b64_json", capture.Body, StringComparison.Ordinal);
        Assert.Equal(2, CountOf(capture.Bytes, Image));
    }

    [Fact]
    public async Task Gemini_pass_through_posts_generate_content_with_bearer()
    {
        var capture = new Capture();
        using var handler = new MockHttpMessageHandler();
        handler.When(HttpMethod.Post, BaseUrl + "/v1beta/models/google%2Fgemini-3-pro-image-preview:generateContent")
            .Respond(capture.Answer(() => Json(Official.OfficialTestKit.GenerateContentAnswer(Image))));
        using var client = Client(handler, Profile(ProviderDialect.GeminiPassThrough));

        var result = await client.GenerateAsync(new ImageRequest("a banana") { Model = "gemini-3-pro-image", Size = ImageSize.TwoK });

        using var body = JsonDocument.Parse(capture.Body);
        Assert.Equal("a banana", body.RootElement.GetProperty("contents")[0].GetProperty("parts")[0].GetProperty("text").GetString());
        Assert.Equal("2K", body.RootElement.GetProperty("generationConfig").GetProperty("imageConfig").GetProperty("imageSize").GetString());
        Assert.StartsWith("Bearer ", string.Join(",", capture.Request!.Headers.GetValues("Authorization")), StringComparison.Ordinal);
        Assert.False(capture.Request.Headers.Contains("x-goog-api-key"));
        Assert.Equal("gemini-3-pro-image", result.ReturnedModel);
        Assert.False(result.ModelMismatch);
        Assert.Equal(PriceLane.Provider, result.Cost.Lane);
    }

    [Fact]
    public async Task Reported_cost_wins_over_the_configured_price_and_stays_a_provider_price()
    {
        using var handler = new MockHttpMessageHandler();
        handler.When(BaseUrl + "/v1/chat/completions").Respond(_ => Json(ChatAnswer(cost: 0.12m)));
        using var client = Client(handler);

        var result = await client.GenerateAsync(new ImageRequest("a banana") { Model = "gemini-3-pro-image" });

        Assert.Equal(0.12m, result.Cost.ReportedCostUsd);
        Assert.Equal(0.09m, result.Cost.EstimatedCostUsd);
        Assert.Equal(0.12m, result.Cost.EffectiveCostUsd);
        Assert.Equal(PriceLane.Provider, result.Cost.Lane);
        Assert.NotNull(result.Cost.Alert);
    }

    [Fact]
    public async Task The_litellm_cost_header_is_the_reported_cost()
    {
        using var handler = new MockHttpMessageHandler();
        handler.When(BaseUrl + "/v1/images/generations").Respond(_ => Json(ImagesAnswer(), headers: [("x-litellm-response-cost", "0.04"), ("x-ratelimit-remaining-requests", "59")]));
        using var client = Client(handler, Profile(ProviderDialect.ImagesApi));

        var result = await client.GenerateAsync(new ImageRequest("a banana") { Model = "gemini-3-pro-image" });

        Assert.Equal(0.04m, result.Cost.ReportedCostUsd);
        Assert.Equal("59", result.Response!.Headers["x-ratelimit-remaining-requests"]);
        Assert.Equal("0.04", result.Response.Headers["x-litellm-response-cost"]);
    }

    [Fact]
    public async Task A_returned_model_that_maps_elsewhere_is_flagged_or_fails_by_policy()
    {
        using var handler = new MockHttpMessageHandler();
        handler.When(BaseUrl + "/v1/chat/completions").Respond(_ => Json(ChatAnswer(model: "gemini-2.5-flash-image")));
        using var warn = Client(handler);
        using var fail = Client(handler, configure: o => o.ModelMismatchPolicy = ModelMismatchPolicy.Fail);

        var result = await warn.GenerateAsync(new ImageRequest("a banana") { Model = "gemini-3-pro-image" });
        var error = await Assert.ThrowsAsync<MalformedResponseException>(() => fail.GenerateAsync(new ImageRequest("a banana") { Model = "gemini-3-pro-image" }));

        Assert.True(result.ModelMismatch);
        Assert.Equal("gemini-2.5-flash-image", result.ReturnedModel);
        Assert.Contains(result.Warnings, w => w.Contains("gemini-2.5-flash-image", StringComparison.Ordinal));
        Assert.Contains("ModelMismatchPolicy.Fail", error.Message, StringComparison.Ordinal);
        Assert.True(error.Cost!.Billable);
    }

    [Fact]
    public async Task A_returned_preview_alias_of_the_intended_model_is_not_a_mismatch()
    {
        using var handler = new MockHttpMessageHandler();
        handler.When(BaseUrl + "/v1/chat/completions").Respond(_ => Json(ChatAnswer(model: "gemini-3-pro-image-preview")));
        using var client = Client(handler);

        var result = await client.GenerateAsync(new ImageRequest("a banana") { Model = "gemini-3-pro-image" });

        Assert.False(result.ModelMismatch);
        Assert.True(result.Model.IsAlias);
    }

    [Fact]
    public async Task An_unmapped_alias_is_sent_exactly_as_given_and_priced_as_the_current_id()
    {
        var capture = new Capture();
        using var handler = new MockHttpMessageHandler();
        handler.When(BaseUrl + "/v1/chat/completions").Respond(capture.Answer(() => Json(ChatAnswer(model: "gemini-3.1-flash-image-preview"))));
        using var client = Client(handler);

        var result = await client.GenerateAsync(new ImageRequest("a banana") { Model = "google/gemini-3.1-flash-image-preview" });

        Assert.Contains("\"model\":\"google/gemini-3.1-flash-image-preview\"", capture.Body, StringComparison.Ordinal);
        Assert.Equal("google/gemini-3.1-flash-image-preview", result.RequestedModel);
        Assert.Equal("gemini-3.1-flash-image", result.Cost.ModelId);
        Assert.Equal(0.055m, result.Cost.EstimatedCostUsd);
    }

    [Fact]
    public async Task A_price_row_for_the_preview_string_sent_wins_over_the_stable_row()
    {
        using var handler = new MockHttpMessageHandler();
        handler.When(BaseUrl + "/v1/chat/completions").Respond(_ => Json(ChatAnswer(model: "gemini-3-pro-image-preview")));
        var profile = Profile();
        profile.Models["gemini-3-pro-image"] = "gemini-3-pro-image-preview";
        profile.Prices.Add(new ProviderPrice { Model = "gemini-3-pro-image-preview", UnitPriceUsd = 0.12m, Source = "https://gateway.example.com/pricing", CheckedOn = new DateOnly(2026, 10, 1) });
        using var client = Client(handler, profile);

        var preview = await client.GenerateAsync(new ImageRequest("a banana") { Model = "gemini-3-pro-image" });

        Assert.Equal(0.12m, preview.Cost.EstimatedCostUsd);
        Assert.Equal("gemini-3-pro-image-preview", preview.Cost.ModelId);
        Assert.Equal("gemini-3-pro-image", preview.Model.ModelId);
        Assert.False(preview.ModelMismatch);
    }

    [Fact]
    public async Task Http_200_without_an_image_is_a_billed_no_image_error()
    {
        using var handler = new MockHttpMessageHandler();
        handler.When(BaseUrl + "/v1/chat/completions").Respond(_ => Json(ChatAnswer(placement: "none")));
        using var client = Client(handler);

        var error = await Assert.ThrowsAsync<NoImageException>(() => client.GenerateAsync("a banana"));

        Assert.Equal(NoImageReason.TextOnly, error.Reason);
        Assert.True(error.Cost!.Billable);
        Assert.Equal(BillingOutcome.NoImage, error.Cost.Outcome);
        Assert.False(error.IsTransient);
        Assert.Equal(PriceLane.Provider, error.Cost.Lane);
    }

    [Fact]
    public async Task A_content_filter_finish_is_a_safety_no_image()
    {
        using var handler = new MockHttpMessageHandler();
        handler.When(BaseUrl + "/v1/chat/completions").Respond(_ => Json(ChatAnswer(placement: "filtered")));
        using var client = Client(handler);

        var error = await Assert.ThrowsAsync<NoImageException>(() => client.GenerateAsync("a banana"));

        Assert.Equal(NoImageReason.SafetyFinish, error.Reason);
    }

    [Theory]
    [InlineData(429, "insufficient_quota", "insufficient_quota")]
    [InlineData(429, "insufficient_user_quota", "insufficient_user_quota")]
    [InlineData(403, "insufficient_balance", "insufficient_balance")]
    [InlineData(402, "insufficient_quota", "insufficient_balance")]
    public async Task Quota_or_balance_exhausted_is_told_apart_from_a_rate_limit(int status, string type, string code)
    {
        using var handler = new MockHttpMessageHandler();
        handler.When(BaseUrl + "/v1/chat/completions").Respond(_ => Json($$$"""{"error":{"message":"You exceeded your balance.","type":"{{{type}}}","param":null,"code":"{{{code}}}"}}""", (HttpStatusCode)status));
        using var client = Client(handler);

        var error = await Assert.ThrowsAsync<QuotaExhaustedException>(() => client.GenerateAsync("a banana"));

        Assert.Equal(status, error.StatusCode);
        Assert.Equal(PriceLane.Provider, error.Cost!.Lane);
    }

    [Fact]
    public async Task A_rate_limit_is_a_rate_limit_with_its_retry_hint()
    {
        using var handler = new MockHttpMessageHandler();
        handler.When(BaseUrl + "/v1/chat/completions").Respond(_ => Json(
            """{"error":{"message":"Rate limit reached","type":"requests","param":null,"code":"rate_limit_exceeded"}}""", HttpStatusCode.TooManyRequests,
            ("retry-after-ms", "1500"), ("x-ratelimit-remaining-requests", "0")));
        using var client = Client(handler);

        var error = await Assert.ThrowsAsync<RateLimitException>(() => client.GenerateAsync("a banana"));

        Assert.Equal(TimeSpan.FromMilliseconds(1500), error.RetryAfter);
        Assert.False(error.Cost!.Billable);
    }

    [Fact]
    public async Task An_upstream_google_error_wrapped_by_the_gateway_is_classified_by_its_google_meaning()
    {
        var raw = JsonSerializer.Serialize("""{"error":{"code":429,"message":"Resource has been exhausted","status":"RESOURCE_EXHAUSTED","details":[{"@type":"type.googleapis.com/google.rpc.QuotaFailure","violations":[{"quotaMetric":"generativelanguage.googleapis.com/generate_requests_per_model_per_day","quotaId":"GenerateRequestsPerDayPerProjectPerModel"}]}]}}""");
        using var handler = new MockHttpMessageHandler();
        handler.When(BaseUrl + "/v1/chat/completions").Respond(_ => Json(
            $$$$"""{"error":{"message":"Provider returned error","code":429,"metadata":{"raw":{{{{raw}}}},"provider_name":"Google"}}}""", HttpStatusCode.TooManyRequests));
        using var client = Client(handler);

        var error = await Assert.ThrowsAsync<QuotaExhaustedException>(() => client.GenerateAsync("a banana"));

        Assert.Equal("RESOURCE_EXHAUSTED", error.ServiceStatus);
        Assert.Contains("Google", error.Message, StringComparison.Ordinal);
        Assert.NotEmpty(error.QuotaViolations);
    }

    [Fact]
    public async Task A_timeout_on_a_per_call_billed_gateway_is_possibly_billed()
    {
        var profile = Profile();
        profile.Timeout = TimeSpan.FromMilliseconds(100);
        using var http = new HttpClient(new SlowHandler());
        using var client = new ProviderImageClient(profile, null, http);

        var error = await Assert.ThrowsAsync<ServiceTimeoutException>(() => client.GenerateAsync("a banana"));

        Assert.True(error.Cost!.Billable);
        Assert.Equal(BillingOutcome.Timeout, error.Cost.Outcome);
        Assert.Contains("billed", error.NextMove, StringComparison.Ordinal);
        Assert.Contains("billed", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_a_profile_timeout_the_options_timeout_applies()
    {
        using var http = new HttpClient(new SlowHandler());
        using var client = new ProviderImageClient(Profile(), new ProviderImageClientOptions { Timeout = TimeSpan.FromMilliseconds(100) }, http);

        await Assert.ThrowsAsync<ServiceTimeoutException>(() => client.GenerateAsync("a banana"));
    }

    [Fact]
    public async Task Google_settings_are_refused_by_name_before_any_call()
    {
        using var handler = new MockHttpMessageHandler();
        using var client = Client(handler);

        var error = await Assert.ThrowsAsync<ArgumentException>(() => client.GenerateAsync(new ImageRequest("a banana") { Google = new GoogleImageOptions { UseGoogleSearch = true } }));

        Assert.Contains("ImageRequest.Google.UseGoogleSearch", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Image_count_above_one_is_refused_outside_the_images_api()
    {
        using var handler = new MockHttpMessageHandler();
        using var client = Client(handler);

        var error = await Assert.ThrowsAsync<ArgumentException>(() => client.GenerateAsync(new ImageRequest("a banana") { ImageCount = 2 }));

        Assert.Contains("ImagesApi", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Each_host_only_ever_sees_its_own_key()
    {
        var seen = new List<(string Host, string? Auth, bool Goog)>();
        using var handler = new MockHttpMessageHandler();
        handler.When("*").Respond(request =>
        {
            seen.Add((request.RequestUri!.Host, request.Headers.Authorization?.ToString(), request.Headers.Contains("x-goog-api-key")));
            return Json(request.RequestUri.AbsolutePath.Contains("images", StringComparison.Ordinal) ? ImagesAnswer() : ChatAnswer());
        });
        using var http = handler.ToHttpClient();
        using var a = new ProviderImageClient(Profile(name: "a", baseUrl: "https://a.example.com", key: "sk-aaaa-0123456789"), null, http);
        using var b = new ProviderImageClient(Profile(ProviderDialect.ImagesApi, name: "b", baseUrl: "https://b.example.com", key: "sk-bbbb-0123456789"), null, http);
        using var google = new OfficialImageClient(new OfficialImageClientOptions { ApiKey = "AIzaSyGOOGLE-0123456789abcdefghij", BaseUrl = new Uri("https://google.example.com"), EnvironmentVariables = _ => null }, http);

        await a.GenerateAsync("one");
        await b.GenerateAsync("two");
        await a.GenerateAsync("three");

        Assert.Equal(3, seen.Count);
        Assert.All(seen, s => Assert.False(s.Goog));
        Assert.All(seen.Where(s => s.Host == "a.example.com"), s => Assert.Equal("Bearer sk-aaaa-0123456789", s.Auth));
        Assert.All(seen.Where(s => s.Host == "b.example.com"), s => Assert.Equal("Bearer sk-bbbb-0123456789", s.Auth));
        Assert.DoesNotContain(seen, s => s.Auth?.Contains("AIza", StringComparison.Ordinal) == true);
    }

    [Fact]
    public async Task A_redirect_is_refused_so_the_key_never_reaches_another_host()
    {
        using var handler = new MockHttpMessageHandler();
        handler.When(BaseUrl + "/v1/chat/completions").Respond(_ =>
        {
            var response = new HttpResponseMessage(HttpStatusCode.TemporaryRedirect);
            response.Headers.Location = new Uri("https://evil.example.net/v1/chat/completions");
            return response;
        });
        using var client = Client(handler);

        var error = await Assert.ThrowsAsync<MalformedResponseException>(() => client.GenerateAsync("a banana"));

        Assert.Contains("redirect", error.Message, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(Key, error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void An_unproven_profile_warns_at_construction()
    {
        using var handler = new MockHttpMessageHandler();
        using var client = Client(handler, Profile(proven: false));

        Assert.Contains(client.Warnings, w => w.Contains(ProviderProfile.UnprovenWarning, StringComparison.Ordinal));
        Assert.Equal(FailedCallRule.UnprovenProvider.Name, client.FailedCallRule.Name);
    }

    [Fact]
    public async Task The_client_keeps_the_profile_it_was_built_with()
    {
        var capture = new Capture();
        using var handler = new MockHttpMessageHandler();
        handler.When(BaseUrl + "/v1/chat/completions").Respond(capture.Answer(() => Json(ChatAnswer())));
        var profile = Profile();
        using var client = Client(handler, profile);
        profile.ApiKey = "sk-changed-later-0123456789";
        profile.Models["gemini-3-pro-image"] = "changed-later";
        profile.BaseUrl = new Uri("https://elsewhere.example.com");

        await client.GenerateAsync(new ImageRequest("a banana") { Model = "gemini-3-pro-image" });

        Assert.Equal("Bearer " + Key, capture.Request!.Headers.Authorization!.ToString());
        Assert.Equal("gateway.example.com", capture.Request.RequestUri!.Host);
        Assert.Contains("google/gemini-3-pro-image-preview", capture.Body, StringComparison.Ordinal);
        Assert.NotSame(profile, client.Profile);
    }

    [Fact]
    public void The_unproven_warning_is_logged_at_construction()
    {
        var logger = new ListLogger();
        using var handler = new MockHttpMessageHandler();
        using var client = new ProviderImageClient(Profile(proven: false), null, handler.ToHttpClient(), logger);

        Assert.Contains(logger.Lines, l => l.Contains(ProviderProfile.UnprovenWarning, StringComparison.Ordinal));
    }

    private sealed class ListLogger : Microsoft.Extensions.Logging.ILogger
    {
        public List<string> Lines { get; } = [];

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(Microsoft.Extensions.Logging.LogLevel logLevel) => true;

        public void Log<TState>(Microsoft.Extensions.Logging.LogLevel logLevel, Microsoft.Extensions.Logging.EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Lines.Add(formatter(state, exception));
    }

    [Fact]
    public void A_declared_rule_decides_failed_call_billing()
    {
        using var handler = new MockHttpMessageHandler();
        using var client = Client(handler);

        Assert.Empty(client.Warnings);
        Assert.True(client.FailedCallRule.IsBillable(BillingOutcome.NoImage, null));
        Assert.False(client.FailedCallRule.IsBillable(BillingOutcome.ClientError, null));
    }

    private sealed class SlowHandler : HttpMessageHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
            throw new InvalidOperationException("unreachable");
        }
    }

    private static int CountOf(string text, string part)
    {
        var count = 0;
        for (var i = text.IndexOf(part, StringComparison.Ordinal); i >= 0; i = text.IndexOf(part, i + part.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }

    private static int CountOf(byte[] haystack, byte[] needle)
    {
        var count = 0;
        var span = haystack.AsSpan();
        int index;
        while ((index = span.IndexOf(needle)) >= 0)
        {
            count++;
            span = span[(index + needle.Length)..];
        }

        return count;
    }
}

using System.Net;
using System.Net.Http.Headers;
using Microsoft.Extensions.Time.Testing;
using NanoBanana.Sdk.Errors;
using NanoBanana.Sdk.Pricing;
using RichardSzalay.MockHttp;
using static NanoBanana.Sdk.Tests.Provider.ProviderTestKit;

namespace NanoBanana.Sdk.Tests.Provider;

/// <summary>Images API answers that give <c>data[].url</c> instead of <c>b64_json</c>: fetched without credentials, capped, classified.</summary>
public sealed class ProviderImageUrlTests
{
    private const string Cdn = "https://cdn.example.net/img/abc.png";

    private static string UrlAnswer(params string[] urls) =>
        $$$"""{"created":1,"data":[{{{string.Join(",", urls.Select(u => $$"""{"url":"{{u}}"}"""))}}}],"model":"google/gemini-3-pro-image-preview","usage":{"input_tokens":10,"output_tokens":1120,"total_tokens":1130}}""";

    private static HttpResponseMessage ImageBytes(byte[] bytes, string contentType = "application/octet-stream", bool declareLength = true)
    {
        HttpContent content = declareLength ? new ByteArrayContent(bytes) : new StreamContent(new UnseekableStream(bytes));
        content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        return new HttpResponseMessage(HttpStatusCode.OK) { Content = content };
    }

    private static MockHttpMessageHandler Gateway(string answer)
    {
        var handler = new MockHttpMessageHandler();
        handler.When(HttpMethod.Post, BaseUrl + "/v1/images/generations").Respond(_ => Json(answer));
        return handler;
    }

    [Fact]
    public async Task A_url_answer_is_downloaded_without_any_credential_and_typed_from_its_bytes()
    {
        var handler = Gateway(UrlAnswer(Cdn, "https://cdn.example.net/img/def.png"));
        var seen = new List<HttpRequestMessage>();
        handler.When(HttpMethod.Get, "https://cdn.example.net/img/*").Respond(request =>
        {
            seen.Add(request);
            return ImageBytes(Image);
        });
        using var client = Client(handler, Profile(ProviderDialect.ImagesApi));

        var result = await client.GenerateAsync(new ImageRequest("a banana") { Model = "gemini-3-pro-image" });

        Assert.Equal(2, result.Images.Count);
        Assert.Equal(Image, result.Images[0].Data.ToArray());
        Assert.Equal("image/png", result.Images[0].MimeType);
        Assert.Equal(BillingOutcome.Success, result.Cost.Outcome);
        Assert.Equal(2, seen.Count);
        foreach (var request in seen)
        {
            Assert.Null(request.Headers.Authorization);
            Assert.False(request.Headers.Contains("x-goog-api-key"));
            Assert.DoesNotContain(request.Headers, h => h.Value.Any(v => v.Contains(Key, StringComparison.OrdinalIgnoreCase)));
            Assert.False(request.Options.TryGetValue(NanoBanana.Sdk.Http.NanoBananaRequestMetadata.Key, out _));
        }
    }

    [Fact]
    public async Task A_content_type_names_the_format_only_when_the_signature_is_unknown()
    {
        var handler = Gateway(UrlAnswer(Cdn));
        handler.When(HttpMethod.Get, Cdn).Respond(_ => ImageBytes([1, 2, 3, 4, 5], "image/avif"));
        using var client = Client(handler, Profile(ProviderDialect.ImagesApi));

        var result = await client.GenerateAsync(new ImageRequest("a banana") { Model = "gemini-3-pro-image" });

        Assert.Equal("image/avif", result.Image.MimeType);
    }

    [Fact]
    public async Task A_redirect_is_followed_by_hand_still_without_credentials()
    {
        var handler = Gateway(UrlAnswer(Cdn));
        handler.When(HttpMethod.Get, Cdn).Respond(_ =>
        {
            var redirect = new HttpResponseMessage(HttpStatusCode.Found);
            redirect.Headers.Location = new Uri("https://storage.example.org/signed/abc.png");
            return redirect;
        });
        HttpRequestMessage? final = null;
        handler.When(HttpMethod.Get, "https://storage.example.org/signed/abc.png").Respond(request =>
        {
            final = request;
            return ImageBytes(Image);
        });
        using var client = Client(handler, Profile(ProviderDialect.ImagesApi));

        var result = await client.GenerateAsync(new ImageRequest("a banana") { Model = "gemini-3-pro-image" });

        Assert.Equal(Image, result.Image.Data.ToArray());
        Assert.NotNull(final);
        Assert.Null(final!.Headers.Authorization);
    }

    [Theory]
    [InlineData(404, "HTTP 404")]
    [InlineData(403, "HTTP 403")]
    public async Task A_link_that_answers_an_error_is_an_unreadable_generated_image(int status, string expected)
    {
        var handler = Gateway(UrlAnswer(Cdn));
        handler.When(HttpMethod.Get, Cdn).Respond((HttpStatusCode)status);
        using var client = Client(handler, Profile(ProviderDialect.ImagesApi));

        var error = await Assert.ThrowsAsync<MalformedResponseException>(() => client.GenerateAsync(new ImageRequest("a banana") { Model = "gemini-3-pro-image" }));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.Contains("https://cdn.example.net", error.Message, StringComparison.Ordinal);
        Assert.Equal(BillingOutcome.Unreadable, error.Cost!.Outcome);
        Assert.True(error.Cost.Billable);
        Assert.DoesNotContain(Key, error.ToString(), StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task An_image_over_MaxImageBytes_is_refused_with_or_without_a_content_length(bool declareLength)
    {
        var handler = Gateway(UrlAnswer(Cdn));
        var big = new byte[5000];
        Image.CopyTo(big, 0);
        handler.When(HttpMethod.Get, Cdn).Respond(_ => ImageBytes(big, "image/png", declareLength));
        using var client = Client(handler, Profile(ProviderDialect.ImagesApi), o => o.MaxImageBytes = 1000);

        var error = await Assert.ThrowsAsync<MalformedResponseException>(() => client.GenerateAsync(new ImageRequest("a banana") { Model = "gemini-3-pro-image" }));

        Assert.Contains("MaxImageBytes", error.Message, StringComparison.Ordinal);
        Assert.Equal(BillingOutcome.Unreadable, error.Cost!.Outcome);
    }

    [Fact]
    public async Task A_plain_http_link_off_loopback_is_not_fetched()
    {
        var handler = Gateway(UrlAnswer("http://cdn.example.net/img/abc.png"));
        var cdn = handler.When(HttpMethod.Get, "http://cdn.example.net/img/abc.png").Respond(_ => ImageBytes(Image));
        using var client = Client(handler, Profile(ProviderDialect.ImagesApi));

        var error = await Assert.ThrowsAsync<MalformedResponseException>(() => client.GenerateAsync(new ImageRequest("a banana") { Model = "gemini-3-pro-image" }));

        Assert.Contains("https://", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, handler.GetMatchCount(cdn));
    }

    [Fact]
    public async Task A_body_that_is_not_an_image_is_refused()
    {
        var handler = Gateway(UrlAnswer(Cdn));
        handler.When(HttpMethod.Get, Cdn).Respond(_ => ImageBytes("<html>login</html>"u8.ToArray(), "text/html"));
        using var client = Client(handler, Profile(ProviderDialect.ImagesApi));

        var error = await Assert.ThrowsAsync<MalformedResponseException>(() => client.GenerateAsync(new ImageRequest("a banana") { Model = "gemini-3-pro-image" }));

        Assert.Contains("not an image", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Credentials_on_the_HttpClient_defaults_are_never_sent_to_the_image_host()
    {
        var handler = Gateway(UrlAnswer(Cdn));
        var cdn = handler.When(HttpMethod.Get, Cdn).Respond(_ => ImageBytes(Image));
        using var http = handler.ToHttpClient();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Key);
        using var client = new ProviderImageClient(Profile(ProviderDialect.ImagesApi), new ProviderImageClientOptions(), http);

        var error = await Assert.ThrowsAsync<MalformedResponseException>(() => client.GenerateAsync(new ImageRequest("a banana") { Model = "gemini-3-pro-image" }));

        Assert.Contains("DefaultRequestHeaders", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, handler.GetMatchCount(cdn));
    }

    [Fact]
    public async Task A_stalled_download_ends_in_the_calls_classified_timeout_on_the_fake_clock()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero));
        var handler = Gateway(UrlAnswer(Cdn));
        var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        handler.When(HttpMethod.Get, Cdn).Respond(_ =>
        {
            // Headers arrive, then the body stalls: nothing more is sent until the reader gives up.
            var content = new StreamContent(new StalledStream(reached));
            content.Headers.ContentType = new MediaTypeHeaderValue("image/png");
            return new HttpResponseMessage(HttpStatusCode.OK) { Content = content };
        });
        var profile = Profile(ProviderDialect.ImagesApi);
        profile.Timeout = TimeSpan.FromSeconds(30);
        using var client = Client(handler, profile, o => o.TimeProvider = time);

        var call = client.GenerateAsync(new ImageRequest("a banana") { Model = "gemini-3-pro-image" });
        await reached.Task.WaitAsync(TimeSpan.FromSeconds(30));
        time.Advance(TimeSpan.FromSeconds(31));
        var error = await Assert.ThrowsAnyAsync<NanoBananaException>(() => call);

        Assert.Equal(ErrorKind.ClientTimeout, error.Kind);
        Assert.Equal(BillingOutcome.Timeout, error.Cost!.Outcome);
    }

    [Fact]
    public async Task ProviderProof_takes_its_start_time_and_latencies_from_the_injected_clock()
    {
        var start = new DateTimeOffset(2031, 3, 4, 5, 6, 7, TimeSpan.Zero);
        var time = new FakeTimeProvider(start);
        var handler = new MockHttpMessageHandler();
        handler.When(HttpMethod.Post, BaseUrl + "/v1/chat/completions").Respond(_ =>
        {
            time.Advance(TimeSpan.FromSeconds(7));
            return Json(ChatAnswer());
        });
        using var client = Client(handler, configure: o => o.TimeProvider = time);

        var report = await ProviderProof.RunAsync(client, new ProviderProofOptions { Model = "gemini-3-pro-image", Generations = 1 });

        Assert.Equal(start, report.StartedAt);
        var answered = report.Calls.Where(c => c.Status is not null).ToList();
        Assert.True(answered.Count >= 2, string.Join(", ", report.Calls.Select(c => c.Kind)));
        Assert.All(answered, c => Assert.Equal(TimeSpan.FromSeconds(7), c.Latency));
    }

    /// <summary>A body that never sends a byte: each read waits until cancelled.</summary>
    private sealed class StalledStream(TaskCompletionSource reached) : Stream
    {
        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => 0; set => throw new NotSupportedException(); }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            reached.TrySetResult();
            await Task.Delay(Timeout.Infinite, cancellationToken);
            return 0;
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException("async only");

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }

    /// <summary>A body without a known length (chunked on the wire).</summary>
    private sealed class UnseekableStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;

        public override long Length => throw new NotSupportedException();
    }
}

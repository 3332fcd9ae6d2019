using System.Net;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using NanoBanana.Sdk.Errors;
using NanoBanana.Sdk.Pricing;
using NanoBanana.Sdk.Wire;
using RichardSzalay.MockHttp;
using static NanoBanana.Sdk.Tests.Official.OfficialTestKit;

namespace NanoBanana.Sdk.Tests.Official;

/// <summary>What the client makes of answers: results with every field, "no image" errors, classified failures.</summary>
public sealed class OfficialResponseTests
{
    [Fact]
    public async Task InteractionAnswer_BecomesAResultWithEveryField()
    {
        var image = Png(2048, 1152);
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 23, 8, 0, 0, TimeSpan.Zero));
        using var handler = new MockHttpMessageHandler();
        handler.When("*").Respond(_ =>
        {
            time.Advance(TimeSpan.FromMilliseconds(2500));
            var response = Json(InteractionAnswer(image));
            response.Headers.Add("x-request-id", "req-42");
            return response;
        });
        var logger = new ListLogger();
        var client = new OfficialImageClient(Options(configure: o => { o.TimeProvider = time; o.ProjectId = "banana-prod-7"; }), handler.ToHttpClient(), logger);

        var result = await client.GenerateAsync(new ImageRequest("a secret banana prompt")
        {
            Model = ImageModel.ProImageId,
            Size = ImageSize.TwoK,
            AspectRatio = AspectRatio.Landscape16x9,
        });

        var single = Assert.Single(result.Images);
        Assert.Equal(image, single.Data.ToArray());
        Assert.Equal("image/png", single.MimeType);
        Assert.Equal(".png", single.FileExtension);
        Assert.Equal((2048, 1152), single.TryGetDimensions());
        Assert.Equal("Here is your banana.", result.Text);
        Assert.Equal(ImageModel.ProImageId, result.RequestedModel);
        Assert.Equal(ImageModel.ProImageId, result.Model.ModelId);
        Assert.Equal("gemini-3-pro-image", result.ReturnedModel);
        Assert.Equal("v1_interaction_1", result.ResponseId);
        Assert.Equal("req-42", result.RequestId);
        Assert.Equal("completed", result.FinishReason);
        Assert.Equal(1120, result.Usage!.OutputImageTokens);
        Assert.Equal(TimeSpan.FromMilliseconds(2500), result.Latency);
        Assert.Equal(ImageRoute.Official, result.Route);
        Assert.Equal(PriceLane.GoogleStandard, result.Lane);
        Assert.Equal(ImageSize.TwoK, result.Size);
        Assert.Equal(AspectRatio.Landscape16x9, result.AspectRatio);
        Assert.Equal("POST /v1beta/interactions", result.Endpoint);
        Assert.Empty(result.Warnings);

        // Google prices Pro images as output tokens: 1,120 × $120 per million.
        Assert.Equal(ImageRoute.Official, result.Cost.Route);
        Assert.Equal(PriceLane.GoogleStandard, result.Cost.Lane);
        Assert.Equal(ImageModel.ProImageId, result.Cost.ModelId);
        Assert.Equal(ImageSize.TwoK, result.Cost.Size);
        Assert.Equal(ImageOperation.Generate, result.Cost.Operation);
        Assert.Equal(BillingOutcome.Success, result.Cost.Outcome);
        Assert.True(result.Cost.Billable);
        Assert.Equal(0.1344m, result.Cost.EstimatedCostUsd);

        var line = Assert.Single(logger.Lines, l => l.Level == LogLevel.Information);
        Assert.Contains("gemini-3-pro-image", line.Message, StringComparison.Ordinal);
        Assert.Contains("2500 ms", line.Message, StringComparison.Ordinal);
        Assert.Contains("req-42", line.Message, StringComparison.Ordinal);
        Assert.Contains("for project banana-prod-7", line.Message, StringComparison.Ordinal);
        Assert.All(logger.Lines, l => Assert.DoesNotContain("secret banana", l.Message, StringComparison.Ordinal));
        Assert.All(logger.Lines, l => Assert.DoesNotContain(Key, l.Message, StringComparison.Ordinal));
    }

    [Fact]
    public async Task GenerateContentAnswer_GivesTheSameResultShape()
    {
        var image = Png(1024, 1024);
        using var handler = new MockHttpMessageHandler();
        handler.When(GenerateContentUrl("gemini-3-pro-image")).Respond(_ => Json(GenerateContentAnswer(image, mimeType: "image/jpeg")));

        var result = await Client(handler, OfficialTransport.GenerateContent)
            .GenerateAsync(new ImageRequest("p") { Model = ImageModel.ProImageId });

        Assert.Equal(image, result.Image.Data.ToArray());
        Assert.Equal(".jpg", result.Image.FileExtension);
        Assert.Equal("resp-gc-1", result.ResponseId);
        Assert.Equal("STOP", result.FinishReason);
        Assert.Equal("gemini-3-pro-image", result.ReturnedModel);
        Assert.Equal("POST /v1beta/models/gemini-3-pro-image:generateContent", result.Endpoint);
        Assert.Equal(ImageSize.OneK, result.Cost.Size);
        Assert.Equal(0.1344m, result.Cost.EstimatedCostUsd);
    }

    [Fact]
    public async Task FlexTier_IsPricedOnTheFlexLane_AndEditsAreRecordedAsEdits()
    {
        using var handler = new MockHttpMessageHandler();
        handler.When("*").Respond(_ => Json(InteractionAnswer(Png(8, 8), imageTokens: 0)));
        var request = new ImageRequest("p")
        {
            Model = ImageModel.ProImageId,
            InputImages = [ImageInput.FromBytes(Png(4, 4), "image/png")],
            Google = new GoogleImageOptions { ServiceTier = ServiceTier.Flex },
        };

        var result = await Client(handler).GenerateAsync(request);

        Assert.Equal(PriceLane.GoogleFlex, result.Lane);
        Assert.Equal(PriceLane.GoogleFlex, result.Cost.Lane);
        Assert.Equal(ImageOperation.Edit, result.Cost.Operation);
        Assert.Equal(0.0672m, result.Cost.UnitPriceUsd);
    }

    [Fact]
    public async Task AliasAndLegacyModels_AreWarnedAboutInTheResultAndTheLog()
    {
        using var handler = new MockHttpMessageHandler();
        var answers = new Queue<string>(["gemini-3-pro-image", ImageModel.LegacyFlashImageId]);
        handler.When("*").Respond(_ => Json(InteractionAnswer(Png(8, 8), model: answers.Dequeue())));
        var logger = new ListLogger();
        var client = new OfficialImageClient(Options(), handler.ToHttpClient(), logger);

        var alias = await client.GenerateAsync(new ImageRequest("p") { Model = "models/gemini-3-pro-image" });
        var legacy = await client.GenerateAsync(new ImageRequest("p") { Model = ImageModel.LegacyFlashImageId });

        Assert.Equal("models/gemini-3-pro-image", alias.RequestedModel);
        Assert.Equal(ImageModel.ProImageId, alias.Model.ModelId);
        Assert.True(alias.Model.IsAlias);
        Assert.Contains(alias.Warnings, w => w.Contains("alias", StringComparison.Ordinal));
        Assert.True(legacy.Model.IsLegacy);
        Assert.Contains(legacy.Warnings, w => w.Contains("legacy", StringComparison.Ordinal));
        Assert.Equal(2, logger.Lines.Count(l => l.Level == LogLevel.Warning));
    }

    [Fact]
    public async Task Grounding_AddsAWarningThatSearchIsChargedSeparately()
    {
        using var handler = new MockHttpMessageHandler();
        handler.When("*").Respond(_ => Json(InteractionAnswer(Png(8, 8))));

        var result = await Client(handler).GenerateAsync(new ImageRequest("p") { Google = new GoogleImageOptions { UseGoogleSearch = true } });

        Assert.Contains(result.Warnings, w => w.Contains("Google Search", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ReturnedModelOtherThanRequested_IsKeptAndWarnedAbout_ButPricedAsRequested()
    {
        using var handler = new MockHttpMessageHandler();
        handler.When("*").Respond(_ => Json(InteractionAnswer(Png(8, 8), model: ImageModel.FlashImageId)));

        var result = await Client(handler).GenerateAsync(new ImageRequest("p") { Model = ImageModel.ProImageId });

        Assert.Equal(ImageModel.FlashImageId, result.ReturnedModel);
        Assert.Equal(ImageModel.ProImageId, result.Cost.ModelId);
        var warning = Assert.Single(result.Warnings);
        Assert.Contains($"'{ImageModel.FlashImageId}' answered", warning, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SafetyFinish_ThrowsNoImageException_WithTextUsageAndBilling()
    {
        const string Answer = """
            { "candidates": [ { "content": { "parts": [ { "text": "I can't make that image." } ] }, "finishReason": "IMAGE_SAFETY" } ],
              "usageMetadata": { "promptTokenCount": 9, "candidatesTokenCount": 7, "totalTokenCount": 16 }, "responseId": "resp-safety" }
            """;
        using var handler = new MockHttpMessageHandler();
        handler.When("*").Respond(_ => Json(Answer));

        var error = await Assert.ThrowsAsync<NoImageException>(() =>
            Client(handler, OfficialTransport.GenerateContent).GenerateAsync(new ImageRequest("p") { Model = ImageModel.ProImageId }));

        Assert.Equal(NoImageReason.SafetyFinish, error.Reason);
        Assert.Equal("IMAGE_SAFETY", error.FinishReason);
        Assert.Equal("I can't make that image.", error.Text);
        Assert.Equal(7, error.Usage!.OutputTokens);
        Assert.Equal(200, error.StatusCode);
        Assert.NotNull(error.Cost);
        Assert.Equal(BillingOutcome.NoImage, error.Cost!.Outcome);
        Assert.Equal(error.Cost.Billable, error.Billed);
        Assert.Equal(ImageRoute.Official, error.Route);
        Assert.DoesNotContain(Key, error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task PromptBlock_ThrowsNoImageException_PromptBlocked()
    {
        const string Answer = """{ "promptFeedback": { "blockReason": "PROHIBITED_CONTENT" }, "usageMetadata": { "promptTokenCount": 9, "totalTokenCount": 9 } }""";
        using var handler = new MockHttpMessageHandler();
        handler.When("*").Respond(_ => Json(Answer));

        var error = await Assert.ThrowsAsync<NoImageException>(() => Client(handler, OfficialTransport.GenerateContent).GenerateAsync("p"));

        Assert.Equal(NoImageReason.PromptBlocked, error.Reason);
        Assert.Equal("PROHIBITED_CONTENT", error.BlockReason);
    }

    [Theory]
    [InlineData(OfficialTransport.GenerateContent)]
    [InlineData(OfficialTransport.Interactions)]
    public async Task TextOnlyAnswer_ThrowsNoImageException_NeverAnEmptySuccess(OfficialTransport transport)
    {
        var answer = transport == OfficialTransport.GenerateContent
            ? """{ "candidates": [ { "content": { "parts": [ { "text": "Which banana?" } ] }, "finishReason": "STOP" } ] }"""
            : """{ "id": "v1_text", "status": "completed", "steps": [ { "type": "model_output", "content": [ { "type": "text", "text": "Which banana?" } ] } ] }""";
        using var handler = new MockHttpMessageHandler();
        handler.When("*").Respond(_ => Json(answer));

        var error = await Assert.ThrowsAsync<NoImageException>(() => Client(handler, transport).GenerateAsync("p"));

        Assert.Equal(NoImageReason.TextOnly, error.Reason);
        Assert.Equal("Which banana?", error.Text);
    }

    [Fact]
    public async Task FailedInteraction_ThrowsNoImageException_WithItsStatus()
    {
        using var handler = new MockHttpMessageHandler();
        handler.When("*").Respond(_ => Json("""{ "id": "v1_failed", "status": "failed", "steps": [] }"""));

        var error = await Assert.ThrowsAsync<NoImageException>(() => Client(handler).GenerateAsync("p"));

        Assert.Equal(NoImageReason.OtherFinish, error.Reason);
        Assert.Equal("failed", error.FinishReason);
    }

    [Theory]
    [InlineData(HttpStatusCode.Unauthorized, "UNAUTHENTICATED", typeof(AuthenticationException))]
    [InlineData(HttpStatusCode.Forbidden, "PERMISSION_DENIED", typeof(PermissionDeniedException))]
    [InlineData(HttpStatusCode.TooManyRequests, "RESOURCE_EXHAUSTED", typeof(RateLimitException))]
    [InlineData(HttpStatusCode.BadRequest, "INVALID_ARGUMENT", typeof(InvalidRequestException))]
    [InlineData(HttpStatusCode.ServiceUnavailable, "UNAVAILABLE", typeof(ServiceUnavailableException))]
    [InlineData(HttpStatusCode.GatewayTimeout, "DEADLINE_EXCEEDED", typeof(ServiceTimeoutException))]
    public async Task ErrorStatus_IsClassified_WithAPacketAndACostRecord(HttpStatusCode status, string googleStatus, Type expected)
    {
        var body = $$"""{ "error": { "code": {{(int)status}}, "message": "nope", "status": "{{googleStatus}}" } }""";
        using var handler = new MockHttpMessageHandler();
        handler.When("*").Respond(_ => Json(body, status));
        var client = Client(handler, configure: o => o.ProjectId = "my-project");

        var error = await Assert.ThrowsAnyAsync<NanoBananaException>(() => client.GenerateAsync(new ImageRequest("p") { Model = ImageModel.ProImageId }));

        Assert.IsType(expected, error);
        Assert.Equal((int)status, error.StatusCode);
        Assert.Equal(ImageRoute.Official, error.Route);
        Assert.Equal("my-project", error.Packet.ProjectId);
        Assert.Equal("AI Studio API key", error.Packet.KeyType);
        Assert.Equal(ImageModel.ProImageId, error.Packet.RequestedModel);
        Assert.Equal("POST /v1beta/interactions", error.Packet.Endpoint);
        Assert.False(error.Cost!.Billable);
        Assert.DoesNotContain(Key, error.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(Key, error.Packet.ToJson(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ErrorBody_IsReadOnlyUpToTheCap()
    {
        var stream = new CountingStream(new byte[4 * 1024 * 1024]);
        using var handler = new MockHttpMessageHandler();
        handler.When("*").Respond(_ => new HttpResponseMessage(HttpStatusCode.InternalServerError) { Content = new StreamContent(stream) });

        await Assert.ThrowsAsync<ServiceUnavailableException>(() => Client(handler).GenerateAsync("p"));

        Assert.InRange(stream.BytesRead, 1, NanoBanana.Sdk.Http.ErrorBodyReader.MaxBytes);
    }

    [Theory]
    [InlineData("<html><body>502 Bad Gateway</body></html>")]
    [InlineData("not json at all")]
    [InlineData("""{ "candidates": [ { "content": { "parts": [ { "inlineData": { "mimeType": "image/png", "data": "%%%not base64%%%" } } ] } } ] }""")]
    public async Task NonJsonOrUndecodableSuccessBody_IsMalformedResponse(string body)
    {
        using var handler = new MockHttpMessageHandler();
        handler.When("*").Respond(_ => Json(body));

        var error = await Assert.ThrowsAsync<MalformedResponseException>(() => Client(handler, OfficialTransport.GenerateContent).GenerateAsync("p"));

        Assert.Equal(200, error.StatusCode);
        Assert.Equal(BillingOutcome.Unreadable, error.Cost!.Outcome);
        Assert.IsType<ResponseParseException>(error.InnerException);
    }

    [Theory]
    [InlineData("""{ "candidates": "not-a-list" }""")]
    [InlineData("""{ "candidates": [ { "content": { "parts": [ { "inlineData": { "mimeType": "image/png", "data": 42 } } ] } } ] }""")]
    [InlineData("""{ "candidates": [ { "content": [ 1, 2 ], "finishReason": { "x": true } } ], "usageMetadata": "many" }""")]
    [InlineData("[]")]
    [InlineData("null")]
    public async Task WronglyTypedSuccessBody_EndsInAClassifiedError_NeverACrash(string body)
    {
        using var handler = new MockHttpMessageHandler();
        handler.When("*").Respond(_ => Json(body));

        var error = await Assert.ThrowsAnyAsync<NanoBananaException>(() => Client(handler, OfficialTransport.GenerateContent).GenerateAsync("p"));

        Assert.True(error is MalformedResponseException or NoImageException, error.GetType().Name);
        Assert.Equal(200, error.StatusCode);
        Assert.Equal(error is NoImageException ? BillingOutcome.NoImage : BillingOutcome.Unreadable, error.Cost!.Outcome);
        Assert.Equal(error is NoImageException ? ErrorKind.NoImage : ErrorKind.MalformedResponse, error.Kind);
    }

    [Fact]
    public async Task DeeplyNestedJson_IsMalformedResponse()
    {
        var body = "{\"candidates\":" + new string('[', 10_000) + new string(']', 10_000) + "}";
        using var handler = new MockHttpMessageHandler();
        handler.When("*").Respond(_ => Json(body));

        await Assert.ThrowsAsync<MalformedResponseException>(() => Client(handler, OfficialTransport.GenerateContent).GenerateAsync("p"));
    }

    [Fact]
    public async Task ImageOverTheLimit_IsMalformedResponse_NamingTheLimit()
    {
        using var handler = new MockHttpMessageHandler();
        handler.When("*").Respond(_ => Json(InteractionAnswer(Png(64, 64, padding: 8192))));
        var client = Client(handler, configure: o => o.MaxImageBytes = 4096);

        var error = await Assert.ThrowsAsync<MalformedResponseException>(() => client.GenerateAsync("p"));

        Assert.Contains("maximum image size", error.NextMove, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BodyThatEndsEarly_IsAClassifiedError()
    {
        var full = InteractionAnswer(Png(64, 64, padding: 8192));
        using var handler = new MockHttpMessageHandler();
        handler.When("*").Respond(_ => Json(full[..(full.Length / 2)]));

        var error = await Assert.ThrowsAsync<MalformedResponseException>(() => Client(handler).GenerateAsync("p"));

        Assert.Equal(ErrorOwner.CapacityOrGatewayPath, error.LikelyOwner);
    }

    [Fact]
    public async Task ConnectionResetMidBody_IsACutAnswer_OwnedByThePath()
    {
        var bytes = Encoding.UTF8.GetBytes(InteractionAnswer(Png(64, 64, padding: 8192)));
        using var handler = new MockHttpMessageHandler();
        handler.When("*").Respond(_ => new HttpResponseMessage(HttpStatusCode.OK) { Content = new StreamContent(new CountingStream(bytes, failAfter: 1000)) });

        var error = await Assert.ThrowsAsync<MalformedResponseException>(() => Client(handler).GenerateAsync("p"));

        Assert.Equal(200, error.StatusCode);
        Assert.Equal(ErrorOwner.CapacityOrGatewayPath, error.LikelyOwner);
        Assert.IsType<IOException>(error.InnerException!.InnerException);
    }

    [Fact]
    public async Task ConnectionRefused_IsServiceUnavailable_WithoutStatus()
    {
        using var handler = new MockHttpMessageHandler();
        handler.When("*").Throw(new HttpRequestException(HttpRequestError.ConnectionError, "Connection refused"));

        var error = await Assert.ThrowsAsync<ServiceUnavailableException>(() => Client(handler).GenerateAsync("p"));

        Assert.Null(error.StatusCode);
        Assert.True(error.IsTransient);
    }

    [Fact]
    public async Task Timeout_ThrowsServiceTimeoutException_WithATimeoutCostRecord()
    {
        var time = new FakeTimeProvider();
        var hanging = new HangingHandler();
        var client = new OfficialImageClient(
            Options(configure: o =>
            {
                o.TimeProvider = time;
                o.Timeout = TimeSpan.FromSeconds(360);
            }),
            new HttpClient(hanging));

        var call = client.GenerateAsync(new ImageRequest("p") { Model = ImageModel.ProImageId, Size = ImageSize.FourK });
        await hanging.Arrived.Task.WaitAsync(TimeSpan.FromSeconds(10));
        time.Advance(TimeSpan.FromSeconds(359));
        Assert.False(call.IsCompleted);
        time.Advance(TimeSpan.FromSeconds(2));

        var error = await Assert.ThrowsAsync<ServiceTimeoutException>(() => call.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal(BillingOutcome.Timeout, error.Cost!.Outcome);
        Assert.Equal(ImageSize.FourK, error.Cost.Size);
        Assert.Contains("6 min", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CallerCancellation_IsOperationCanceled_NotWrapped()
    {
        var hanging = new HangingHandler();
        var client = new OfficialImageClient(Options(), new HttpClient(hanging));
        using var cts = new CancellationTokenSource();

        var call = client.GenerateAsync("p", cts.Token);
        await hanging.Arrived.Task.WaitAsync(TimeSpan.FromSeconds(10));
        await cts.CancelAsync();

        var error = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal(cts.Token, error.CancellationToken);
    }

    [Fact]
    public async Task RedirectAnswer_IsAnError_AndNotFollowed()
    {
        using var handler = new MockHttpMessageHandler();
        var captured = new Captured();
        handler.When("*").Respond(captured.Respond(() =>
        {
            var response = new HttpResponseMessage(HttpStatusCode.Found);
            response.Headers.Location = new Uri("https://evil.example.com/steal?x=1");
            return response;
        }));

        var error = await Assert.ThrowsAsync<MalformedResponseException>(() => Client(handler).GenerateAsync("p"));

        Assert.Equal(302, error.StatusCode);
        Assert.Contains("not followed", error.Message, StringComparison.Ordinal);
        Assert.Contains("https://evil.example.com", error.Message, StringComparison.Ordinal);
        Assert.Equal(1, captured.Count);
    }

    private sealed class HangingHandler : HttpMessageHandler
    {
        public TaskCompletionSource Arrived { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Arrived.TrySetResult();
            await Task.Delay(Timeout.InfiniteTimeSpan, cancellationToken);
            throw new InvalidOperationException("unreachable");
        }
    }

    /// <summary>Serves bytes, counting what was read, and optionally fails like a reset connection after a point.</summary>
    private sealed class CountingStream(byte[] bytes, int failAfter = int.MaxValue) : Stream
    {
        public long BytesRead { get; private set; }

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => BytesRead; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            if (BytesRead >= failAfter)
            {
                throw new IOException("Connection reset by peer");
            }

            var n = (int)Math.Min(Math.Min(buffer.Length, bytes.Length - BytesRead), failAfter - BytesRead);
            bytes.AsSpan((int)BytesRead, n).CopyTo(buffer);
            BytesRead += n;
            return n;
        }

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => ValueTask.FromResult(Read(buffer.Span));

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => Task.FromResult(Read(buffer.AsSpan(offset, count)));

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}

/// <summary>Collects formatted log lines.</summary>
internal sealed class ListLogger : ILogger
{
    public List<(LogLevel Level, string Message)> Lines { get; } = [];

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        lock (Lines)
        {
            Lines.Add((logLevel, formatter(state, exception)));
        }
    }
}

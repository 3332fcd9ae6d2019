using NanoBanana.Sdk.Emulator;
using NanoBanana.Sdk.Errors;
using NanoBanana.Sdk.Pricing;
using NanoBanana.Sdk.Wire;

namespace NanoBanana.Sdk.Tests.Official.EndToEnd;

/// <summary>
/// Every fault the emulator can inject, on both transports: each ends in the right exception, with the likely
/// owner, a next move, a complete reproduction packet and a cost record, never leaks the key, and is sent once.
/// </summary>
public sealed class OfficialFaultEndToEndTests : IClassFixture<OfficialEmulatorFixture>
{
    private const string Prompt = "a banana that will not arrive";

    private readonly OfficialEmulatorFixture _fixture;

    public OfficialFaultEndToEndTests(OfficialEmulatorFixture fixture)
    {
        _fixture = fixture;
        fixture.Emulator.Faults.Clear();
    }

    public static TheoryData<OfficialTransport> Transports => new() { OfficialTransport.Interactions, OfficialTransport.GenerateContent };

    [Theory]
    [MemberData(nameof(Transports))]
    public async Task Status400_IsInvalidRequest_OwnedByTheCaller(OfficialTransport transport)
    {
        var error = await FailAsync<InvalidRequestException>(transport, Fault.Status(400, message: "Invalid value at 'contents'"));

        AssertClassified(error, transport, ErrorOwner.Caller, 400, BillingOutcome.ClientError);
        Assert.Equal("INVALID_ARGUMENT", error.ServiceStatus);
        Assert.Contains("Invalid value at 'contents'", error.Message, StringComparison.Ordinal);
        Assert.False(error.IsTransient);
    }

    [Theory]
    [MemberData(nameof(Transports))]
    public async Task Status401_IsAuthentication_OwnedByCredentialSetup(OfficialTransport transport)
    {
        var error = await FailAsync<AuthenticationException>(transport, Fault.Status(401));

        AssertClassified(error, transport, ErrorOwner.CredentialSetup, 401, BillingOutcome.ClientError);
        Assert.False(error.IsTransient);
    }

    [Theory]
    [MemberData(nameof(Transports))]
    public async Task Status403_IsPermissionDenied_OwnedByProjectOrPolicy(OfficialTransport transport)
    {
        var error = await FailAsync<PermissionDeniedException>(transport, Fault.Status(403));

        AssertClassified(error, transport, ErrorOwner.ProjectOrPolicy, 403, BillingOutcome.ClientError);
    }

    [Theory]
    [MemberData(nameof(Transports))]
    public async Task Status404_IsInvalidRequest_NotFound(OfficialTransport transport)
    {
        var error = await FailAsync<InvalidRequestException>(transport, Fault.Status(404));

        AssertClassified(error, transport, ErrorOwner.Caller, 404, BillingOutcome.ClientError);
        Assert.Equal("NOT_FOUND", error.ServiceStatus);
    }

    [Theory]
    [MemberData(nameof(Transports))]
    public async Task Status429_IsRateLimit_WithRetryDelayAndViolation_AndIsNotRetried(OfficialTransport transport)
    {
        var error = await FailAsync<RateLimitException>(transport, Fault.Status(429, retryDelay: "37s"));

        AssertClassified(error, transport, ErrorOwner.QuotaAndTrafficShape, 429, BillingOutcome.RateLimited);
        Assert.Equal(TimeSpan.FromSeconds(37), error.RetryAfter);
        Assert.True(error.IsTransient);
        Assert.NotEmpty(error.QuotaViolations);
    }

    [Theory]
    [MemberData(nameof(Transports))]
    public async Task Status500_IsServiceUnavailable_Internal(OfficialTransport transport)
    {
        var error = await FailAsync<ServiceUnavailableException>(transport, Fault.Status(500));

        AssertClassified(error, transport, ErrorOwner.CapacityOrGatewayPath, 500, BillingOutcome.ServerError);
        Assert.True(error.IsTransient);
    }

    [Theory]
    [MemberData(nameof(Transports))]
    public async Task Status503_WithRetryAfter_IsServiceUnavailable_AndIsNotRetried(OfficialTransport transport)
    {
        var error = await FailAsync<ServiceUnavailableException>(transport, Fault.Status(503, retryAfter: "12"));

        AssertClassified(error, transport, ErrorOwner.CapacityOrGatewayPath, 503, BillingOutcome.ServerError);
        Assert.Equal(TimeSpan.FromSeconds(12), error.RetryAfter);
        Assert.True(error.IsTransient);
    }

    [Theory]
    [MemberData(nameof(Transports))]
    public async Task Status504_IsServiceTimeout(OfficialTransport transport)
    {
        var error = await FailAsync<ServiceTimeoutException>(transport, Fault.Status(504));

        AssertClassified(error, transport, ErrorOwner.CapacityOrGatewayPath, 504, BillingOutcome.ServerError);
        Assert.True(error.IsTransient);
    }

    [Theory]
    [MemberData(nameof(Transports))]
    public async Task ProxyHtml502_IsServiceUnavailable_KeepingTheBody(OfficialTransport transport)
    {
        var error = await FailAsync<ServiceUnavailableException>(transport, Fault.ProxyHtml());

        AssertClassified(error, transport, ErrorOwner.CapacityOrGatewayPath, 502, BillingOutcome.ServerError);
        Assert.Contains("<html", error.ResponseBody, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [MemberData(nameof(Transports))]
    public async Task Delay_LongerThanTheTimeout_IsServiceTimeout_WithoutStatus(OfficialTransport transport)
    {
        var error = await FailAsync<ServiceTimeoutException>(transport, Fault.Delay(TimeSpan.FromSeconds(30)), o => o.Timeout = TimeSpan.FromMilliseconds(400));

        AssertClassified(error, transport, ErrorOwner.CapacityOrGatewayPath, null, BillingOutcome.Timeout);
        Assert.Contains("timed out on the client", error.Message, StringComparison.Ordinal);
        Assert.Contains("may already have been generated and billed", error.Packet.BillingEvidence + error.NextMove, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Transports))]
    public async Task Delay_ShorterThanTheTimeout_StillSucceeds(OfficialTransport transport)
    {
        _fixture.Emulator.Faults.Enqueue(new FaultRule { Fault = Fault.Delay(TimeSpan.FromMilliseconds(200)) });
        using var client = _fixture.Client(transport);

        var result = await client.GenerateAsync(Request());

        Assert.True(result.Latency >= TimeSpan.FromMilliseconds(150), result.Latency.ToString());
    }

    [Theory]
    [MemberData(nameof(Transports))]
    public async Task ConnectionReset_IsOwnedByThePath_AsACutAnswerOrAsNoAnswer(OfficialTransport transport)
    {
        // The emulator flushes the headers and half the body, then resets. A TCP reset lets the client's kernel drop
        // what it received but the application has not read yet, so the client sees either a cut answer (headers
        // arrived: the call may be billed, not transient) or no answer at all (transient): both are the path's.
        var error = await FailAsync<NanoBananaException>(transport, Fault.ConnectionReset(), exactType: false);

        if (error is MalformedResponseException)
        {
            AssertClassified(error, transport, ErrorOwner.CapacityOrGatewayPath, 200, BillingOutcome.Unreadable);
            Assert.Equal(ResponseParseFailure.Truncated, Assert.IsType<ResponseParseException>(error.InnerException).Failure);
            Assert.False(error.IsTransient);
        }
        else
        {
            Assert.IsType<ServiceUnavailableException>(error);
            AssertClassified(error, transport, ErrorOwner.CapacityOrGatewayPath, null, BillingOutcome.ConnectionLost);
            Assert.IsType<HttpRequestException>(error.InnerException);
            Assert.True(error.IsTransient);
        }
    }

    [Theory]
    [MemberData(nameof(Transports))]
    public async Task TruncatedJson_IsMalformed_OwnedByThePath(OfficialTransport transport)
    {
        var error = await FailAsync<MalformedResponseException>(transport, Fault.TruncatedJson());

        AssertClassified(error, transport, ErrorOwner.CapacityOrGatewayPath, 200, BillingOutcome.Unreadable);
        Assert.Contains("cut off in transit", error.NextMove, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Transports))]
    public async Task MalformedJson_IsMalformed_OwnedByRequestAndParser(OfficialTransport transport)
    {
        var error = await FailAsync<MalformedResponseException>(transport, Fault.MalformedJson());

        AssertClassified(error, transport, ErrorOwner.RequestAndParser, 200, BillingOutcome.Unreadable);
        Assert.Contains("not valid JSON", error.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Transports))]
    public async Task TextOnly_IsNoImage_TextOnly_CarryingTheText(OfficialTransport transport)
    {
        var error = await FailAsync<NoImageException>(transport, Fault.TextOnly());

        AssertClassified(error, transport, ErrorOwner.RequestAndParser, 200, BillingOutcome.NoImage);
        Assert.Equal(NoImageReason.TextOnly, error.Reason);
        Assert.False(string.IsNullOrWhiteSpace(error.Text));
        Assert.NotNull(error.Usage);
        Assert.Equal(error.Cost!.Billable, error.Billed);
    }

    [Theory]
    [InlineData(OfficialTransport.Interactions, "IMAGE_SAFETY")]
    [InlineData(OfficialTransport.GenerateContent, "IMAGE_SAFETY")]
    [InlineData(OfficialTransport.Interactions, "PROHIBITED_CONTENT")]
    [InlineData(OfficialTransport.GenerateContent, "SAFETY")]
    public async Task SafetyFinish_IsNoImage_SafetyFinish_WithUsageAndBilling(OfficialTransport transport, string finishReason)
    {
        var error = await FailAsync<NoImageException>(transport, Fault.FinishReason(finishReason));

        AssertClassified(error, transport, ErrorOwner.RequestAndParser, 200, BillingOutcome.NoImage);
        Assert.Equal(NoImageReason.SafetyFinish, error.Reason);
        Assert.Equal(finishReason, error.FinishReason);
        Assert.NotNull(error.Usage);
        Assert.True(error.Billed, "usage reports output tokens, so Google bills the blocked answer");
        Assert.Contains("safety", error.NextMove, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Transports))]
    public async Task NoImageFinish_IsNoImage_OtherFinish(OfficialTransport transport)
    {
        var error = await FailAsync<NoImageException>(transport, Fault.FinishReason("NO_IMAGE"));

        AssertClassified(error, transport, ErrorOwner.RequestAndParser, 200, BillingOutcome.NoImage);
        Assert.Equal(NoImageReason.OtherFinish, error.Reason);
        Assert.Equal("NO_IMAGE", error.FinishReason);
    }

    [Theory]
    [MemberData(nameof(Transports))]
    public async Task PromptBlocked_IsNoImage_PromptBlocked_NotBilled(OfficialTransport transport)
    {
        var error = await FailAsync<NoImageException>(transport, Fault.PromptBlocked("PROHIBITED_CONTENT"));

        AssertClassified(error, transport, ErrorOwner.RequestAndParser, 200, BillingOutcome.NoImage);
        Assert.Equal(NoImageReason.PromptBlocked, error.Reason);
        Assert.Equal("PROHIBITED_CONTENT", error.BlockReason);
        Assert.False(error.Billed);
    }

    [Theory]
    [MemberData(nameof(Transports))]
    public async Task ReturnedModel_OtherThanRequested_SucceedsWithAWarning(OfficialTransport transport)
    {
        _fixture.Emulator.Faults.Enqueue(new FaultRule { Fault = Fault.ReturnedModel(ImageModel.FlashImageId) });
        using var client = _fixture.Client(transport);

        var result = await client.GenerateAsync(Request());

        Assert.Equal(ImageModel.FlashImageId, result.ReturnedModel);
        Assert.Equal(ImageModel.ProImageId, result.Cost.ModelId);
        Assert.Contains(result.Warnings, w => w.Contains("answered", StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Transports))]
    public async Task UnknownKey_IsAuthentication_FromTheEmulatorsKeyList(OfficialTransport transport)
    {
        const string Unknown = "AIzaSyE2E-unknown-key-0123456789abcdef";
        var error = await FailAsync<AuthenticationException>(transport, fault: null, o => o.ApiKey = Unknown, secret: Unknown);

        AssertClassified(error, transport, ErrorOwner.CredentialSetup, 400, BillingOutcome.ClientError, Unknown);
        Assert.Equal("API_KEY_INVALID", error.ErrorCode);
        Assert.NotEqual(SecretRedactor.Fingerprint(OfficialEmulatorFixture.Key), error.Packet.KeyFingerprint);
    }

    [Theory]
    [MemberData(nameof(Transports))]
    public async Task BlockedKey_IsPermissionDenied_OwnedByCredentialSetup(OfficialTransport transport)
    {
        var error = await FailAsync<PermissionDeniedException>(
            transport, fault: null, o => o.ApiKey = OfficialEmulatorFixture.BlockedKey, secret: OfficialEmulatorFixture.BlockedKey);

        AssertClassified(error, transport, ErrorOwner.CredentialSetup, 403, BillingOutcome.ClientError, OfficialEmulatorFixture.BlockedKey);
        Assert.Equal("API_KEY_SERVICE_BLOCKED", error.ErrorCode);
    }

    [Fact]
    public async Task ProjectQuota_IsRateLimit_AfterTheFirstCall_PerProjectNotPerKey()
    {
        using var interactions = _fixture.Client(OfficialTransport.Interactions, o => o.ApiKey = OfficialEmulatorFixture.QuotaKey);
        using var generateContent = _fixture.Client(OfficialTransport.GenerateContent, o => o.ApiKey = OfficialEmulatorFixture.QuotaKey);
        await interactions.GenerateAsync(new ImageRequest("first") { Model = ImageModel.FlashLiteImageId });
        var before = _fixture.Emulator.Journal.Count;

        var error = await Assert.ThrowsAsync<RateLimitException>(() =>
            generateContent.GenerateAsync(new ImageRequest("second") { Model = ImageModel.FlashLiteImageId }));

        Assert.Equal(429, error.StatusCode);
        Assert.Equal(ErrorOwner.QuotaAndTrafficShape, error.LikelyOwner);
        Assert.Equal("RESOURCE_EXHAUSTED", error.ServiceStatus);
        Assert.NotNull(error.RetryAfter);
        Assert.Contains(error.QuotaViolations, v => v.ToString()!.Contains("PerMinute", StringComparison.Ordinal));
        Assert.Equal(BillingOutcome.RateLimited, error.Cost!.Outcome);
        Assert.Equal(OfficialEmulatorFixture.Project, error.Packet.ProjectId);
        Assert.Equal(1, _fixture.Emulator.Journal.Count - before);
        Assert.DoesNotContain(OfficialEmulatorFixture.QuotaKey, error.ToString(), StringComparison.Ordinal);
    }

    private static ImageRequest Request() => new(Prompt) { Model = ImageModel.ProImageId, Size = ImageSize.TwoK, AspectRatio = AspectRatio.Landscape16x9 };

    private async Task WaitForJournalAsync(int count)
    {
        for (var i = 0; i < 100 && _fixture.Emulator.Journal.Count < count; i++)
        {
            await Task.Delay(50);
        }
    }

    private async Task<T> FailAsync<T>(
        OfficialTransport transport, Fault? fault, Action<OfficialImageClientOptions>? configure = null, string? secret = null, bool exactType = true)
        where T : NanoBananaException
    {
        if (fault is not null)
        {
            _fixture.Emulator.Faults.Enqueue(new FaultRule { Fault = fault });
        }

        using var client = _fixture.Client(transport, configure);
        var before = _fixture.Emulator.Journal.Count;

        var error = exactType
            ? await Assert.ThrowsAsync<T>(() => client.GenerateAsync(Request()))
            : await Assert.ThrowsAnyAsync<T>(() => client.GenerateAsync(Request()));

        // Nothing is retried inside the client: one failure, one request (an abandoned one is journaled when the emulator notices).
        await WaitForJournalAsync(before + 1);
        await Task.Delay(50);
        Assert.Equal(1, _fixture.Emulator.Journal.Count - before);
        Assert.Equal(0, _fixture.Emulator.Faults.PendingCount);
        var key = secret ?? OfficialEmulatorFixture.Key;
        Assert.DoesNotContain(key, error.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(key, error.Packet.ToJson(), StringComparison.Ordinal);
        return error;
    }

    private static void AssertClassified(
        NanoBananaException error, OfficialTransport transport, ErrorOwner owner, int? status, BillingOutcome outcome, string? secret = null)
    {
        Assert.Equal(ImageRoute.Official, error.Route);
        Assert.Equal(owner, error.LikelyOwner);
        Assert.Equal(status, error.StatusCode);
        Assert.False(string.IsNullOrWhiteSpace(error.NextMove));
        Assert.Contains("Next: ", error.Message, StringComparison.Ordinal);

        var packet = error.Packet;
        Assert.Equal(ImageModel.ProImageId, packet.RequestedModel);
        Assert.Equal(ImageModel.ProImageId, packet.ModelId);
        Assert.Equal(ImageRoute.Official, packet.Route);
        Assert.Equal(PriceLane.GoogleStandard, packet.Lane);
        Assert.Equal(OfficialEmulatorFixture.Project, packet.ProjectId);
        Assert.Equal("AI Studio API key", packet.KeyType);
        Assert.Equal(SecretRedactor.Fingerprint(secret ?? OfficialEmulatorFixture.Key), packet.KeyFingerprint);
        Assert.Equal("2K", packet.ImageSize);
        Assert.Equal("16:9", packet.AspectRatio);
        Assert.Equal(SecretRedactor.Sha256Hex(Prompt), packet.PromptSha256);
        Assert.Null(packet.Prompt);
        Assert.Equal(status, packet.StatusCode);
        Assert.Equal(
            transport == OfficialTransport.Interactions ? "POST /v1beta/interactions" : "POST /v1beta/models/gemini-3-pro-image:generateContent",
            packet.Endpoint);
        Assert.False(string.IsNullOrWhiteSpace(packet.BillingEvidence));
        Assert.NotEqual(default, packet.OccurredAt);

        Assert.NotNull(error.Cost);
        Assert.Equal(outcome, error.Cost!.Outcome);
        Assert.Equal(ImageSize.TwoK, error.Cost.Size);
        Assert.Equal(ImageRoute.Official, error.Cost.Route);
    }
}

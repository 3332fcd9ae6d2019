using System.Net.Sockets;
using NanoBanana.Sdk.Errors;
using NanoBanana.Sdk.Wire;
using static NanoBanana.Sdk.Tests.Errors.ErrorKit;

namespace NanoBanana.Sdk.Tests.Errors;

/// <summary>Timeouts, transport failures, image-less answers and unreadable answers.</summary>
public sealed class FailureFactoryTests
{
    [Fact]
    public void Client_timeout_is_a_transient_timeout_that_warns_about_billing()
    {
        var inner = new TaskCanceledException("The request was canceled due to the configured HttpClient.Timeout of 100 seconds elapsing.");

        var error = ErrorClassifier.FromTimeout(Context(ImageRoute.Provider), TimeSpan.FromSeconds(100), inner);

        var timeout = Assert.IsType<ServiceTimeoutException>(error);
        Assert.True(timeout.IsTransient);
        Assert.Null(timeout.StatusCode);
        Assert.Same(inner, timeout.InnerException);
        Assert.Equal(ErrorOwner.CapacityOrGatewayPath, timeout.LikelyOwner);
        Assert.Contains("after 100 s", timeout.Message, StringComparison.Ordinal);
        Assert.Contains("billed", timeout.NextMove, StringComparison.Ordinal);
        Assert.Contains("Raise the timeout", timeout.NextMove, StringComparison.Ordinal);
        Assert.StartsWith("Check the provider's status page", timeout.NextMove, StringComparison.Ordinal);
        Assert.Null(timeout.Packet.StatusCode);
        Assert.StartsWith("unknown: a timed-out image call may already", timeout.Packet.BillingEvidence, StringComparison.Ordinal);
    }

    [Fact]
    public void Connection_failure_is_transient_capacity_and_keeps_the_inner_exception()
    {
        var inner = new HttpRequestException("Connection refused (generativelanguage.googleapis.com:443)", new SocketException(111));

        var error = ErrorClassifier.FromTransportFailure(Context(), inner, statusCode: null, requestId: null);

        var unavailable = Assert.IsType<ServiceUnavailableException>(error);
        Assert.True(unavailable.IsTransient);
        Assert.Same(inner, unavailable.InnerException);
        Assert.Null(unavailable.StatusCode);
        Assert.Equal(ErrorOwner.CapacityOrGatewayPath, unavailable.LikelyOwner);
        Assert.Contains("failed before an answer arrived: Connection refused", unavailable.Message, StringComparison.Ordinal);
        Assert.Contains("Retry once within bounds", unavailable.NextMove, StringComparison.Ordinal);
    }

    [Fact]
    public void A_body_cut_mid_read_keeps_status_and_request_id_and_warns_about_billing()
    {
        var error = ErrorClassifier.FromTransportFailure(Context(), new IOException("The response ended prematurely."), statusCode: 200, requestId: "req-9");

        Assert.IsType<ServiceUnavailableException>(error);
        Assert.Equal(200, error.StatusCode);
        Assert.Equal("req-9", error.RequestId);
        Assert.Equal("req-9", error.Packet.RequestId);
        Assert.Contains("may already have been generated and billed", error.NextMove, StringComparison.Ordinal);
        Assert.Contains("HTTP 200, request id req-9", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_DNS_failure_points_at_the_base_url()
    {
        var inner = new HttpRequestException(HttpRequestError.NameResolutionError, "No such host is known. (gw.example:443)");

        var error = ErrorClassifier.FromTransportFailure(Context(ImageRoute.Provider), inner, null, null);

        Assert.Contains("base URL and DNS", error.NextMove, StringComparison.Ordinal);
    }

    [Fact]
    public void Safety_finish_is_a_billed_no_image_error_owned_by_request_and_parser()
    {
        var usage = new TokenUsage { InputTokens = 12, OutputTokens = 0, TotalTokens = 12 };
        var cost = Cost(billable: true, "provider charges a safety block once");

        var error = ErrorClassifier.NoImage(Context(ImageRoute.Provider), NoImageReason.SafetyFinish, null, "IMAGE_SAFETY", null, usage, 200, "req-7", cost);

        Assert.Equal(NoImageReason.SafetyFinish, error.Reason);
        Assert.Equal("IMAGE_SAFETY", error.FinishReason);
        Assert.Equal("IMAGE_SAFETY", error.ErrorCode);
        Assert.Same(usage, error.Usage);
        Assert.True(error.Billed);
        Assert.Same(cost, error.Cost);
        Assert.False(error.IsTransient);
        Assert.Equal(ErrorOwner.RequestAndParser, error.LikelyOwner);
        Assert.Contains("before calling it an outage", error.NextMove, StringComparison.Ordinal);
        Assert.Contains("do not retry it unchanged", error.NextMove, StringComparison.Ordinal);
        Assert.Contains("This call is billed", error.NextMove, StringComparison.Ordinal);
        Assert.Equal("billable; provider charges a safety block once; estimated 0.05 USD (Found)", error.Packet.BillingEvidence);
        Assert.Equal(200, error.Packet.StatusCode);
    }

    [Fact]
    public void Blocked_prompt_carries_the_block_reason()
    {
        var error = ErrorClassifier.NoImage(Context(), NoImageReason.PromptBlocked, null, null, "PROHIBITED_CONTENT", null, 200, null, Cost(billable: false));

        Assert.Equal("PROHIBITED_CONTENT", error.BlockReason);
        Assert.False(error.Billed);
        Assert.Contains("block reason PROHIBITED_CONTENT", error.NextMove, StringComparison.Ordinal);
        Assert.Contains("the prompt was blocked before generation (PROHIBITED_CONTENT)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Text_only_answer_keeps_the_text_and_asks_to_inspect_modalities()
    {
        var error = ErrorClassifier.NoImage(Context(), NoImageReason.TextOnly, "I can describe a banana, but here it is in words.", "STOP", null, null, 200, null, null);

        Assert.Equal("I can describe a banana, but here it is in words.", error.Text);
        Assert.False(error.Billed);
        Assert.Contains("responseModalities", error.NextMove, StringComparison.Ordinal);
        Assert.Contains("before calling it an outage", error.NextMove, StringComparison.Ordinal);
        Assert.Contains("It may still be billed", error.NextMove, StringComparison.Ordinal);
        Assert.Contains("\"I can describe a banana", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Text_only_on_a_gateway_points_at_the_dialect()
    {
        var error = ErrorClassifier.NoImage(Context(ImageRoute.Provider), NoImageReason.TextOnly, "ok", null, null, null, 200, null, null);

        Assert.Contains("provider dialect", error.NextMove, StringComparison.Ordinal);
    }

    [Fact]
    public void Other_finish_names_the_finish_reason()
    {
        var error = ErrorClassifier.NoImage(Context(), NoImageReason.OtherFinish, null, "MAX_TOKENS", null, null, 200, null, null);

        Assert.Contains("finish reason MAX_TOKENS", error.Message, StringComparison.Ordinal);
        Assert.Equal(ErrorOwner.RequestAndParser, error.LikelyOwner);
    }

    [Fact]
    public void Malformed_200_is_request_and_parser_and_keeps_the_detail()
    {
        var inner = new ResponseParseException(ResponseParseFailure.Malformed, "'<' is an invalid start of a value.");

        var error = ErrorClassifier.Malformed(Context(), 200, "req-3", "the body is not JSON ('<' at byte 0)", inner);

        Assert.Equal("the body is not JSON ('<' at byte 0)", error.Detail);
        Assert.Equal(ErrorOwner.RequestAndParser, error.LikelyOwner);
        Assert.False(error.IsTransient);
        Assert.Same(inner, error.InnerException);
        Assert.Contains("before calling it an outage", error.NextMove, StringComparison.Ordinal);
        Assert.Equal(200, error.StatusCode);
        Assert.Equal("req-3", error.RequestId);
    }

    [Fact]
    public void Truncated_body_is_owned_by_the_gateway_path()
    {
        var inner = new ResponseParseException(ResponseParseFailure.Truncated, "body ended inside a JSON string");

        var error = ErrorClassifier.Malformed(Context(ImageRoute.Provider), 200, null, "body ended inside a JSON string", inner);

        Assert.Equal(ErrorOwner.CapacityOrGatewayPath, error.LikelyOwner);
        Assert.Contains("cut off in transit", error.NextMove, StringComparison.Ordinal);
        Assert.False(error.IsTransient);
    }

    [Fact]
    public void Image_over_the_limit_points_at_the_configured_maximum()
    {
        var inner = new ResponseParseException(ResponseParseFailure.ImageTooLarge, "image exceeds 52428800 bytes");

        var error = ErrorClassifier.Malformed(Context(), 200, null, "image exceeds 52428800 bytes", inner);

        Assert.Equal(ErrorOwner.RequestAndParser, error.LikelyOwner);
        Assert.Contains("maximum image size", error.NextMove, StringComparison.Ordinal);
    }
}

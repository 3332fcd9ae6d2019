using System.Text;
using NanoBanana.Sdk.Errors;
using static NanoBanana.Sdk.Tests.Errors.ErrorKit;

namespace NanoBanana.Sdk.Tests.Errors;

/// <summary>Whatever the body holds, classification never throws and still goes by the status.</summary>
public sealed class RobustnessTests
{
    [Fact]
    public void An_HTML_502_from_a_proxy_classifies_by_status_and_keeps_the_body()
    {
        const string Html = "<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center><hr><center>nginx</center></body></html>";

        var error = Classify(502, Html, Context(ImageRoute.Provider));

        var unavailable = Assert.IsType<ServiceUnavailableException>(error);
        Assert.True(unavailable.IsTransient);
        Assert.Equal(502, unavailable.StatusCode);
        Assert.Null(unavailable.ServiceStatus);
        Assert.Null(unavailable.ServiceMessage);
        Assert.Equal(Html, unavailable.ResponseBody);
    }

    [Theory]
    [InlineData(400, typeof(InvalidRequestException))]
    [InlineData(401, typeof(AuthenticationException))]
    [InlineData(403, typeof(PermissionDeniedException))]
    [InlineData(429, typeof(RateLimitException))]
    [InlineData(503, typeof(ServiceUnavailableException))]
    public void An_empty_body_classifies_by_status(int status, Type expected)
    {
        var error = Classify(status, string.Empty);

        Assert.IsType(expected, error);
        Assert.Null(error.ResponseBody);
        Assert.Empty(error.QuotaViolations);
        Assert.Contains($"HTTP {status}, no request id", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"error":{"code":{},"details":5}}""")]
    [InlineData("""{"error":{"code":[1],"message":7,"status":false,"details":"x"}}""")]
    [InlineData("""{"error":"rate limited, slow down"}""")]
    [InlineData("""{"error":null}""")]
    [InlineData("""{"error":{"details":[5,"x",null,[],{"@type":5},{"@type":"type.googleapis.com/google.rpc.QuotaFailure","violations":"x"}]}}""")]
    [InlineData("""{"error":{"details":[{"@type":"type.googleapis.com/google.rpc.QuotaFailure","violations":[1,{"quotaId":5,"quotaDimensions":[],"quotaValue":{}}]}]}}""")]
    [InlineData("""{"error":{"details":[{"@type":"type.googleapis.com/google.rpc.RetryInfo","retryDelay":5}]}}""")]
    [InlineData("""{"error":{"details":[{"@type":"type.googleapis.com/google.rpc.RetryInfo","retryDelay":{"seconds":{},"nanos":"x"}}]}}""")]
    [InlineData("""{"error":{"details":[{"@type":"type.googleapis.com/google.rpc.ErrorInfo","reason":[],"metadata":"x"}]}}""")]
    [InlineData("""{"error":{"details":[{"@type":"type.googleapis.com/google.rpc.Help","links":[5,{"url":7}]}]}}""")]
    [InlineData("""{"error":{"message":"x","metadata":{"raw":"{not json"}}}""")]
    [InlineData("""{"error":{"message":"x","metadata":{"raw":5}}}""")]
    [InlineData("""{"error":{"code":99999999999999999999}}""")]
    [InlineData("""{"error":{"code":4""")]
    [InlineData("""[1,2,"x"]""")]
    [InlineData("[]")]
    [InlineData("null")]
    [InlineData("\"just a string\"")]
    [InlineData("{}")]
    [InlineData("{\"message\":{}}")]
    public void Wrongly_typed_or_broken_JSON_never_throws_and_classifies_by_status(string body)
    {
        var error = Classify(429, body);

        Assert.IsType<RateLimitException>(error);
        Assert.True(error.IsTransient);
        Assert.Equal(429, error.StatusCode);
        Assert.Equal(body, error.ResponseBody);
    }

    [Fact]
    public void A_string_error_is_used_as_the_message()
    {
        var error = Classify(503, """{"error":"upstream overloaded"}""");

        Assert.Equal("upstream overloaded", error.ServiceMessage);
    }

    [Fact]
    public void Nesting_past_the_depth_limit_is_ignored()
    {
        var body = new string('[', 5000) + new string(']', 5000);

        var error = Classify(500, body);

        Assert.IsType<ServiceUnavailableException>(error);
        Assert.Null(error.ServiceStatus);
    }

    [Fact]
    public void Invalid_UTF8_inside_a_JSON_string_never_throws()
    {
        var prefix = Encoding.UTF8.GetBytes("{\"error\":{\"code\":503,\"status\":\"UNAVAILABLE\",\"message\":\"bad ");
        var suffix = Encoding.UTF8.GetBytes("\"}}");
        byte[] body = [.. prefix, 0xC3, 0x28, 0xFF, .. suffix];

        var error = ClassifyBytes(503, body);

        Assert.IsType<ServiceUnavailableException>(error);
        Assert.NotNull(error.ResponseBody);
    }

    [Fact]
    public void A_huge_body_is_cut_to_about_8_KB()
    {
        var message = new string('x', 200_000);
        var body = Google(503, "UNAVAILABLE", message);

        var error = Classify(503, body);

        Assert.Equal("UNAVAILABLE", error.ServiceStatus);
        Assert.NotNull(error.ResponseBody);
        Assert.InRange(error.ResponseBody!.Length, ErrorClassifier.MaxBodyChars, ErrorClassifier.MaxBodyChars + 100);
        Assert.EndsWith($"bytes in all]", error.ResponseBody, StringComparison.Ordinal);
        Assert.Contains(Encoding.UTF8.GetByteCount(body).ToString(System.Globalization.CultureInfo.InvariantCulture), error.ResponseBody, StringComparison.Ordinal);
        Assert.True(error.Message.Length < 2_500, "the service message in Message is clipped");
    }

    [Fact]
    public void A_BOM_and_whitespace_before_the_JSON_are_accepted()
    {
        byte[] body = [0xEF, 0xBB, 0xBF, (byte)'\n', .. Encoding.UTF8.GetBytes(PerDayQuota())];

        Assert.IsType<QuotaExhaustedException>(ClassifyBytes(429, body));
    }
}

using System.Text;
using NanoBanana.Sdk.Errors;

namespace NanoBanana.Sdk.Tests.Errors;

/// <summary>The public kind on every exception, and the classifier's decision without an HTTP response.</summary>
public sealed class ErrorKindTests
{
    private const string DailyQuota = """
        { "error": { "code": 429, "status": "RESOURCE_EXHAUSTED", "message": "Quota exceeded",
          "details": [ { "@type": "type.googleapis.com/google.rpc.QuotaFailure", "violations": [ { "quotaId": "GenerateRequestsPerDayPerProjectPerModel" } ] },
                       { "@type": "type.googleapis.com/google.rpc.RetryInfo", "retryDelay": "20s" } ] } }
        """;

    private const string MinuteQuota = """
        { "error": { "code": 429, "status": "RESOURCE_EXHAUSTED", "message": "Quota exceeded",
          "details": [ { "@type": "type.googleapis.com/google.rpc.QuotaFailure", "violations": [ { "quotaId": "GenerateRequestsPerMinutePerProjectPerModel" } ] },
                       { "@type": "type.googleapis.com/google.rpc.RetryInfo", "retryDelay": "37s" } ] } }
        """;

    [Theory]
    [InlineData(400, """{"error":{"code":400,"status":"INVALID_ARGUMENT","message":"bad"}}""", ErrorKind.InvalidRequest, false)]
    [InlineData(400, """{"error":{"code":400,"status":"INVALID_ARGUMENT","message":"bad key","details":[{"@type":"type.googleapis.com/google.rpc.ErrorInfo","reason":"API_KEY_INVALID"}]}}""", ErrorKind.Authentication, false)]
    [InlineData(401, "", ErrorKind.Authentication, false)]
    [InlineData(403, """{"error":{"code":403,"status":"PERMISSION_DENIED","message":"no"}}""", ErrorKind.PermissionDenied, false)]
    [InlineData(404, """{"error":{"code":404,"status":"NOT_FOUND","message":"no model"}}""", ErrorKind.NotFound, false)]
    [InlineData(429, MinuteQuota, ErrorKind.RateLimited, true)]
    [InlineData(429, DailyQuota, ErrorKind.QuotaExhausted, false)]
    [InlineData(402, """{"error":{"message":"pay","type":"insufficient_balance","code":"insufficient_balance"}}""", ErrorKind.QuotaExhausted, false)]
    [InlineData(500, """{"error":{"code":500,"status":"INTERNAL","message":"x"}}""", ErrorKind.ServerError, true)]
    [InlineData(503, """{"error":{"code":503,"status":"UNAVAILABLE","message":"x"}}""", ErrorKind.ServiceUnavailable, true)]
    [InlineData(504, """{"error":{"code":504,"status":"DEADLINE_EXCEEDED","message":"x"}}""", ErrorKind.ServiceTimeout, true)]
    public void The_pure_decision_and_the_exception_agree_on_kind_and_transience(int status, string body, ErrorKind kind, bool transient)
    {
        var decision = ErrorClassifier.Decide(status, Encoding.UTF8.GetBytes(body));
        var error = NanoBananaErrorFactory.FromResponse(status, body);

        Assert.Equal(kind, decision.Kind);
        Assert.Equal(transient, decision.IsTransient);
        Assert.Equal(kind, error.Kind);
        Assert.Equal(transient, error.IsTransient);
        Assert.Equal(decision.Owner, error.LikelyOwner);
    }

    [Fact]
    public void An_exhausted_daily_quota_is_not_a_rate_limit_and_offers_no_retry_hint()
    {
        var error = NanoBananaErrorFactory.FromResponse(429, DailyQuota);

        var exhausted = Assert.IsType<QuotaExhaustedException>(error);
        Assert.False(error is RateLimitException);
        Assert.Null(exhausted.RetryAfter);
        Assert.Equal(TimeSpan.FromSeconds(20), ErrorClassifier.Decide(429, Encoding.UTF8.GetBytes(DailyQuota)).RetryDelay);
    }

    [Fact]
    public void Timeouts_and_transport_failures_have_their_own_kinds()
    {
        Assert.Equal(ErrorKind.ClientTimeout, NanoBananaErrorFactory.Timeout(TimeSpan.FromSeconds(5)).Kind);
        Assert.Equal(ErrorKind.ConnectionLost, NanoBananaErrorFactory.TransportFailure(new HttpRequestException("reset")).Kind);
    }
}

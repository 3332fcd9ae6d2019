using Microsoft.Extensions.Time.Testing;
using NanoBanana.Sdk.Errors;
using static NanoBanana.Sdk.Tests.Errors.ErrorKit;

namespace NanoBanana.Sdk.Tests.Errors;

public sealed class RetryAfterTests
{
    private static readonly string RateLimitBody = OpenAi("Rate limit reached", "rate_limit_error", "\"rate_limit_exceeded\"");

    [Fact]
    public void Retry_After_in_seconds_is_read()
    {
        var error = Classify(429, RateLimitBody, Context(ImageRoute.Provider), ("Retry-After", "20"));

        Assert.Equal(TimeSpan.FromSeconds(20), error.RetryAfter);
        Assert.Contains("retry after 20 s", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Retry_After_as_an_HTTP_date_is_measured_from_the_context_clock()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 23, 8, 0, 0, TimeSpan.Zero));

        var error = Classify(503, null, Context(time: time), ("Retry-After", "Mon, 23 Nov 2026 08:01:30 GMT"));

        Assert.Equal(TimeSpan.FromSeconds(90), error.RetryAfter);
        Assert.Equal(time.GetUtcNow(), error.Packet.OccurredAt);
    }

    [Fact]
    public void Retry_After_date_in_the_past_means_now()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 23, 8, 0, 0, TimeSpan.Zero));

        var error = Classify(503, null, Context(time: time), ("Retry-After", "Mon, 23 Nov 2026 07:59:00 GMT"));

        Assert.Equal(TimeSpan.Zero, error.RetryAfter);
    }

    [Fact]
    public void Retry_after_ms_takes_precedence_over_Retry_After_and_RetryInfo()
    {
        var error = Classify(429, PerMinuteRateLimit("37s"), Context(), ("Retry-After", "20"), ("retry-after-ms", "1500"));

        Assert.Equal(TimeSpan.FromMilliseconds(1500), error.RetryAfter);
    }

    [Fact]
    public void Retry_After_header_takes_precedence_over_RetryInfo()
    {
        var error = Classify(429, PerMinuteRateLimit("37s"), Context(), ("Retry-After", "5"));

        Assert.Equal(TimeSpan.FromSeconds(5), error.RetryAfter);
    }

    [Theory]
    [InlineData("37s", 37_000)]
    [InlineData("0.5s", 500)]
    [InlineData("1.5s", 1_500)]
    [InlineData("0.250s", 250)]
    [InlineData("12.000000001s", 12_000)]
    public void RetryInfo_durations_are_parsed(string delay, int expectedMilliseconds)
    {
        var error = Classify(429, PerMinuteRateLimit(delay));

        Assert.Equal(expectedMilliseconds, (int)error.RetryAfter!.Value.TotalMilliseconds);
    }

    [Fact]
    public void RetryInfo_in_object_form_is_parsed()
    {
        var body = Google(429, "RESOURCE_EXHAUSTED", "slow down",
            """{"@type":"type.googleapis.com/google.rpc.RetryInfo","retryDelay":{"seconds":"3","nanos":500000000}}""");

        Assert.Equal(TimeSpan.FromSeconds(3.5), Classify(429, body).RetryAfter);
    }

    [Theory]
    [InlineData("soon")]
    [InlineData("-5s")]
    [InlineData("s")]
    [InlineData("")]
    public void A_bad_RetryInfo_is_ignored(string delay)
    {
        var error = Classify(429, PerMinuteRateLimit(delay));

        Assert.Null(error.RetryAfter);
        Assert.IsType<RateLimitException>(error);
    }

    [Fact]
    public void Fractional_Retry_After_seconds_are_accepted()
    {
        Assert.Equal(TimeSpan.FromSeconds(1.5), Classify(429, null, Context(), ("Retry-After", "1.5")).RetryAfter);
    }

    [Fact]
    public void No_hint_means_null_and_the_next_move_says_exponential_backoff()
    {
        var error = Classify(429, Google(429, "RESOURCE_EXHAUSTED", "Resource has been exhausted (e.g. check quota)."));

        Assert.Null(error.RetryAfter);
        Assert.Contains("exponential delays", error.NextMove, StringComparison.Ordinal);
    }

    [Fact]
    public void Request_id_is_read_from_the_known_headers_in_order()
    {
        Assert.Equal("a", Classify(500, null, Context(), ("x-request-id", "a"), ("request-id", "c")).RequestId);
        Assert.Equal("b", Classify(500, null, Context(), ("x-goog-request-id", "b")).RequestId);
        Assert.Equal("c", Classify(500, null, Context(), ("request-id", "c")).RequestId);
        Assert.Null(Classify(500, null).RequestId);
    }
}
